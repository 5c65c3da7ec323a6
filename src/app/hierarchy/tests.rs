use std::sync::Arc;

use super::*;
use crate::api::{ApiEvent, ApiRequest};
use crate::app::commands::{self, COMMANDS};
use crate::app::{App, SessionInfo};
use crate::domain::hierarchy::NESTED_ORGANIZATIONS;

const PULSE: Capabilities = Capabilities {
    has: &[
        Capability::Hierarchy,
        Capability::EditHierarchy,
        Capability::NodeStatus,
        Capability::MoveOrganizations,
    ],
    max_depth: Some(2),
    roots_stay: true,
    child_kinds: NESTED_ORGANIZATIONS,
};

fn node(id: &str, parent: Option<&str>) -> OrgNode {
    OrgNode {
        id: id.into(),
        name: id.to_uppercase(),
        parent: parent.map(str::to_string),
        status: "ACTIVE".into(),
        active: true,
        version: Some("1".into()),
        ..OrgNode::default()
    }
}

/// A Pulse-like app with t ─ a ─ b loaded (b at the deepest level allowed).
fn app() -> App {
    let nodes = vec![node("t", None), node("a", Some("t")), node("b", Some("a"))];
    app_with(PULSE, nodes)
}

/// An app of a provider with `capabilities`, with `nodes` loaded.
fn app_with(capabilities: Capabilities, nodes: Vec<OrgNode>) -> App {
    let mut app = App::new(SessionInfo {
        provider: "Pulse IoT Center",
        provider_key: "pulse",
        capabilities,
        ..SessionInfo::default()
    });
    let requests = app.take_requests();
    let id = requests
        .iter()
        .find_map(|r| match r {
            ApiRequest::Fetch { id, resource } if *resource == Resource::Hierarchy => Some(*id),
            _ => None,
        })
        .expect("the hierarchy is asked for, not the Cloudmore organizations");
    assert!(
        !requests.iter().any(|r| matches!(
            r,
            ApiRequest::Fetch {
                resource: Resource::Organizations,
                ..
            }
        )),
        "{requests:?}"
    );
    app.handle_api_event(ApiEvent::Loaded {
        id,
        resource: Resource::Hierarchy,
        data: Arc::new(ResourceData::Hierarchy(nodes)),
        stale: false,
        skipped: 0,
    });
    app
}

fn screen(app: &App) -> &Hierarchy {
    match app.top() {
        Some(crate::app::screen::Screen::Hierarchy(h)) => h,
        other => panic!("not the hierarchy: {other:?}"),
    }
}

#[test]
fn the_hierarchy_is_the_root_and_is_never_popped() {
    let mut app = app();
    assert_eq!(app.scope(), Scope::Hierarchy);
    assert_eq!(app.breadcrumb(), ["Pulse IoT Center", "Organizations"]);
    app.dispatch(CommandId::ListBack);
    app.dispatch(CommandId::ListBack);
    app.pop_screen();
    assert_eq!(screen(&app).index().len(), 3);
    // With nothing to clear, Esc is not offered: no "back" hint on the first screen.
    assert!(app.unavailable(CommandId::ListBack).is_some());
    app.dispatch(CommandId::Mark);
    assert_eq!(
        app.unavailable(CommandId::ListBack),
        None,
        "it clears the marks"
    );
}

#[test]
fn what_cannot_be_done_is_refused_before_anything_is_sent() {
    let mut app = app();
    // On the root tenant: it has children, so it is not deleted.
    assert_eq!(
        app.unavailable(CommandId::OrgDelete).as_deref(),
        Some("T has 1 organization below it: delete or move those first")
    );
    assert_eq!(
        app.unavailable(CommandId::HierMove).as_deref(),
        Some(ROOT_STAYS)
    );
    app.dispatch(CommandId::OrgExpand);
    app.dispatch(CommandId::ListDown);
    app.dispatch(CommandId::OrgExpand);
    app.dispatch(CommandId::ListDown);
    assert_eq!(screen(&app).selected().map(|n| n.id.as_str()), Some("b"));
    // b is two levels below its root, the most allowed here.
    let refused = app.unavailable(CommandId::OrgCreate).expect("refused");
    assert!(refused.contains("the deepest allowed"), "{refused}");
    assert_eq!(app.unavailable(CommandId::OrgDelete), None);
    assert!(
        app.take_requests()
            .iter()
            .all(|r| !matches!(r, ApiRequest::Mutate { .. }))
    );
}

#[test]
fn moves_are_offered_only_to_providers_that_can_move() {
    let move_command = commands::get(CommandId::HierMove);
    assert_eq!(move_command.needs(), Some(Capability::MoveOrganizations));
    assert!(move_command.offered(&PULSE));
    let no_moves = Capabilities {
        has: &[Capability::Hierarchy, Capability::EditHierarchy],
        max_depth: None,
        roots_stay: true,
        child_kinds: NESTED_ORGANIZATIONS,
    };
    assert!(!move_command.offered(&no_moves));
    assert!(commands::get(CommandId::OrgEdit).offered(&no_moves));
    // A hierarchy to browse only: none of its writes.
    let browse_only = Capabilities {
        has: &[Capability::Hierarchy],
        max_depth: None,
        roots_stay: false,
        child_kinds: NESTED_ORGANIZATIONS,
    };
    for id in [
        CommandId::OrgCreate,
        CommandId::OrgEdit,
        CommandId::OrgDelete,
        CommandId::OrgSetStatus,
    ] {
        assert!(!commands::get(id).offered(&browse_only), "{id:?}");
    }
    assert!(commands::get(CommandId::OrgExpand).offered(&browse_only));
    // Cloudmore sees none of the hierarchy's commands.
    let cloudmore = crate::domain::hierarchy::RESELLER_CONSOLE;
    for command in COMMANDS.iter().filter(|c| {
        matches!(
            c.scope,
            Scope::Hierarchy | Scope::MovePicker | Scope::Conflict
        )
    }) {
        assert!(!command.offered(&cloudmore), "{}", command.name);
    }
}

#[test]
fn what_can_be_made_below_a_node_follows_its_kind_as_the_provider_declares_it() {
    use crate::domain::hierarchy::NodeKind;
    // Organizations hold projects; nothing is made in a project (Metal's shape).
    let projects = Capabilities {
        has: &[Capability::Hierarchy, Capability::EditHierarchy],
        max_depth: Some(1),
        roots_stay: false,
        child_kinds: &[(NodeKind::Organization, NodeKind::Project)],
    };
    let project = OrgNode {
        kind: NodeKind::Project,
        ..node("p", Some("o"))
    };
    let mut app = app_with(projects, vec![node("o", None), project]);
    assert_eq!(app.unavailable(CommandId::OrgCreate), None);
    app.dispatch(CommandId::OrgExpand);
    app.dispatch(CommandId::ListDown);
    assert_eq!(screen(&app).selected().map(|n| n.id.as_str()), Some("p"));
    assert_eq!(
        app.unavailable(CommandId::OrgCreate).as_deref(),
        Some("nothing can be made in a project")
    );
    // Pulse's organizations hold organizations.
    assert_eq!(
        PULSE.child_kind(NodeKind::Organization),
        Some(NodeKind::Organization)
    );
    assert_eq!(PULSE.child_kind(NodeKind::Project), None);
}

#[test]
fn a_provider_that_makes_roots_offers_a_new_organization_from_anywhere() {
    use crate::app::Mode;
    use crate::domain::hierarchy::NodeKind;
    let title = |app: &App| match &app.mode {
        Mode::Form(dialog) => dialog.form.title.clone(),
        _ => String::new(),
    };
    let metal = Capabilities {
        has: &[
            Capability::Hierarchy,
            Capability::EditHierarchy,
            Capability::CreateRoots,
        ],
        max_depth: Some(1),
        roots_stay: false,
        child_kinds: &[(NodeKind::Organization, NodeKind::Project)],
    };
    // Nothing to select: `n` makes an organization.
    let mut empty = app_with(metal, Vec::new());
    assert_eq!(empty.unavailable(CommandId::OrgCreate), None);
    empty.dispatch(CommandId::OrgCreate);
    assert_eq!(title(&empty), "New organization");
    // On an organization, `n` makes a project in it and `N` an organization.
    let mut app = app_with(metal, vec![node("o", None)]);
    app.dispatch(CommandId::OrgCreate);
    assert_eq!(title(&app), "New project in O");
    let mut app = app_with(metal, vec![node("o", None)]);
    app.dispatch(CommandId::HierNewRoot);
    assert_eq!(title(&app), "New organization");
    // Pulse makes no roots: neither is offered without a selection.
    let pulse = app_with(PULSE, Vec::new());
    assert!(pulse.unavailable(CommandId::OrgCreate).is_some());
    assert!(!commands::get(CommandId::HierNewRoot).offered(&PULSE));
}
