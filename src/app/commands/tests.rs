//! Tests of the parent module.
use std::collections::HashSet;

use super::*;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

#[test]
fn every_key_is_unique_per_scope() {
    for scope in Scope::ALL {
        let mut seen = HashSet::new();
        for command in in_scope(scope) {
            for key in command.keys() {
                assert!(seen.insert(*key), "{scope:?}: {key:?} bound twice");
            }
        }
    }
}

#[test]
fn names_are_unique_and_every_id_has_a_row() {
    let names: HashSet<_> = COMMANDS.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), COMMANDS.len());
    for command in COMMANDS {
        assert_eq!(get(command.id).name, command.name);
        assert!(!command.keys().is_empty());
    }
}

#[test]
fn every_id_has_exactly_its_own_row() {
    assert_eq!(CommandId::ALL.len(), COMMANDS.len());
    for (position, &id) in CommandId::ALL.iter().enumerate() {
        assert_eq!(id as usize, position);
        assert_eq!(get(id).id, id, "{id:?}");
        assert_eq!(COMMANDS.iter().filter(|c| c.id == id).count(), 1, "{id:?}");
    }
}

#[test]
fn scope_binding_shadows_global() {
    assert_eq!(
        lookup(Scope::Help, plain('q')).map(|c| c.id),
        Some(CommandId::HelpClose)
    );
    assert_eq!(
        lookup(Scope::Tree, plain('q')).map(|c| c.id),
        Some(CommandId::Quit)
    );
    assert_eq!(
        lookup(Scope::Form, ctrl('s')).map(|c| c.id),
        Some(CommandId::FormSubmit)
    );
    assert_eq!(lookup(Scope::Form, plain('q')).map(|c| c.id), None);
    assert_eq!(
        lookup(Scope::Form, ctrl('c')).map(|c| c.id),
        Some(CommandId::Quit)
    );
}

#[test]
fn screens_fall_back_to_list_then_global() {
    assert_eq!(
        lookup(Scope::Catalog, plain('j')).map(|c| c.id),
        Some(CommandId::ListDown)
    );
    assert_eq!(
        lookup(Scope::Catalog, plain('q')).map(|c| c.id),
        Some(CommandId::Quit)
    );
    let hinted: Vec<_> = hints(Scope::Catalog).map(|c| c.id).collect();
    assert!(hinted.contains(&CommandId::ListFilter));
    assert!(hinted.contains(&CommandId::Help));
}

#[test]
fn shift_is_folded_into_characters() {
    let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(Key::from_event(&event), plain('G'));
    let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(Key::from_event(&back), code(KeyCode::BackTab));
}

#[test]
fn mutating_commands_are_the_writes() {
    let mutating: HashSet<_> = COMMANDS
        .iter()
        .filter(|c| c.mutates)
        .map(|c| c.id)
        .collect();
    for id in [
        CommandId::OrgCreate,
        CommandId::OrgEdit,
        CommandId::OrgDelete,
        CommandId::OrgSetStatus,
        CommandId::UserNew,
        CommandId::UserEdit,
        CommandId::UserDelete,
        CommandId::AdminNew,
        CommandId::AdminEdit,
        CommandId::AdminDelete,
        CommandId::FormSubmit,
        CommandId::ConfirmAccept,
        CommandId::ConfirmYes,
        CommandId::CatalogAdd,
        CommandId::CatalogUpdate,
        CommandId::CatalogPatch,
        CommandId::CatalogRemove,
        CommandId::SubNew,
        CommandId::SubQuantity,
        CommandId::SubCancel,
        CommandId::AssignUser,
        CommandId::UnassignUser,
        CommandId::SetExternalId,
        CommandId::SetRole,
        CommandId::BulkYes,
        CommandId::BulkTyped,
        CommandId::BulkRetry,
        CommandId::UserRole,
        CommandId::AdminRole,
        CommandId::Undo,
        CommandId::TreeAddService,
        CommandId::HierNewRoot,
        CommandId::HierMove,
        CommandId::HierBulkMove,
        CommandId::PickerPick,
        CommandId::ConflictOverwrite,
        CommandId::PeopleInvite,
        CommandId::PeopleRoles,
        CommandId::PeopleRemove,
        CommandId::PeopleImport,
        CommandId::TreeGroupAdd,
        CommandId::TreeGroupRemove,
        CommandId::GroupNew,
        CommandId::GroupEdit,
        CommandId::GroupDelete,
    ] {
        assert!(mutating.contains(&id), "{id:?}");
    }
    assert_eq!(mutating.len(), 46);
    for command in COMMANDS
        .iter()
        .filter(|c| c.scope == Scope::Bulk && c.mutates)
    {
        assert_eq!(command.targets, Targets::Many, "{}", command.name);
    }
}

#[test]
fn the_tree_and_the_hierarchy_share_one_set_of_organization_commands() {
    // A key both root screens bind is one command of their shared scope, never a twin each.
    for tree in in_scope(Scope::Tree) {
        for hierarchy in in_scope(Scope::Hierarchy) {
            let both = tree.keys().iter().find(|k| hierarchy.keys().contains(k));
            assert!(
                both.is_none(),
                "{} and {} both take {both:?}: make them one org.* command",
                tree.name,
                hierarchy.name
            );
        }
    }
    for id in [
        CommandId::OrgExpand,
        CommandId::OrgCollapse,
        CommandId::OrgCreate,
        CommandId::OrgEdit,
        CommandId::OrgDelete,
        CommandId::OrgSetStatus,
    ] {
        let command = get(id);
        assert_eq!(command.scope, Scope::Organizations, "{}", command.name);
        let key = command.keys()[0];
        for root in [Scope::Tree, Scope::Hierarchy] {
            assert_eq!(lookup(root, key).map(|c| c.id), Some(id), "{root:?}");
        }
    }
}
