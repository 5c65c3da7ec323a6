//! Runs registry commands. This is the only place commands execute, so the read-only gate lives
//! here once: a mutating command is refused before it can open a form or send anything.

use crate::api::{ApiRequest, Mutation, Resource, ResourceData};

use crate::app::admins::Admins;
use crate::app::catalog::Catalog;
use crate::app::commands::CommandId;
use crate::app::confirm::Confirm;
use crate::app::org_form::OrgForm;
use crate::app::palette::{Chosen, Palette};
use crate::app::screen::Screen;
use crate::app::tree::Node;
use crate::app::users::Users;
use crate::app::{App, Mode};

impl App {
    pub(crate) fn dispatch(&mut self, id: CommandId) {
        if let Some(reason) = self.unavailable(id) {
            // Esc on a root screen with nothing to clear is no mistake worth a red line.
            if id != CommandId::ListBack {
                self.flash_error(reason);
            }
            return;
        }
        use CommandId as C;
        match id {
            C::Quit => self.ask_to_quit(),
            C::Help
            | C::HelpClose
            | C::HelpUp
            | C::HelpDown
            | C::HelpTop
            | C::HelpBottom
            | C::HelpPageUp
            | C::HelpPageDown
            | C::HelpSearch
            | C::HelpSearchKeep
            | C::HelpSearchClear => self.help_command(id),
            C::Activity => self.read_journal(crate::bulk::worker::JournalPurpose::Activity),
            C::Undo => self.read_journal(crate::bulk::worker::JournalPurpose::Undo),
            C::Palette => self.open_palette(""),
            C::SwitchProfile => self.open_palette("profile "),
            C::Expand => {
                self.tree.expand(&mut self.store);
                self.selection_changed();
            }
            C::Collapse => {
                self.tree.collapse(&self.store);
                self.selection_changed();
            }
            C::ListFilter => self.mode = Mode::Filter,
            C::FilterApply => self.mode = Mode::Browse,
            C::FilterClear => self.clear_filter(),
            C::OpenCatalog => self.open_catalog(),
            C::OpenUsers => self.open_users(),
            C::OpenAdmins => self.open_admins(),
            C::UserNew
            | C::UserEdit
            | C::UserDelete
            | C::UserOpen
            | C::UserInactiveFirst
            | C::UserShowInTree
            | C::AdminInactiveFirst
            | C::AdminNew
            | C::AdminEdit
            | C::AdminDelete => self.with_top(|s, ctx| s.state_mut().command(id, ctx)),
            // The tree is the root: the list commands move, mark, sort and clear it too.
            C::ListUp
            | C::ListDown
            | C::ListTop
            | C::ListBottom
            | C::ListPageUp
            | C::ListPageDown
            | C::ListSortNext
            | C::ListSortFlip
            | C::ListNextPane
            | C::ListBack
            | C::Mark
            | C::MarkRange
            | C::MarkAll
            | C::ClearMarks => {
                if self.screens.is_empty() {
                    self.tree_list_command(id)
                } else {
                    self.list_command(id)
                }
            }
            C::JumpBack => self.jump_back(),
            C::TreeAddService => self.bulk_add_service(),
            C::TreeSetActive => self.bulk_set_active(),
            C::ListRefresh if self.screens.is_empty() => self.refresh_selected(),
            C::ListRefresh => {
                let shown = self.top().map(|s| s.state().shown()).unwrap_or_default();
                for resource in shown {
                    self.store.fetch(resource, true);
                }
            }
            C::NewOrg => self.mode = Mode::Form(Box::new(OrgForm::create())),
            C::EditOrg => self.edit_selected(),
            C::DeleteOrg => self.delete_selected(),
            C::FormNext
            | C::FormPrev
            | C::FormToggle
            | C::FormCancel
            | C::DiscardYes
            | C::DiscardNo => self.form_command(id),
            C::FormSubmit => self.submit_form(),
            C::ConfirmAccept => self.confirm_accept(true),
            C::ConfirmYes => self.confirm_accept(false),
            C::ConfirmCancel => self.mode = Mode::Browse,
            C::ShowMessage => self.show_last_message(),
            C::ReaderClose => self.reader = None,
            C::DetailFocus | C::DetailUp | C::DetailDown | C::DetailRead | C::DetailBack => {
                self.detail_command(id)
            }
            C::ReaderUp | C::ReaderDown | C::ReaderPageUp | C::ReaderPageDown => {
                let page = self.tree.page();
                let delta = match id {
                    C::ReaderUp => -1,
                    C::ReaderDown => 1,
                    C::ReaderPageUp => -page,
                    _ => page,
                };
                if let Some(reader) = &mut self.reader {
                    reader.scroll_by(delta);
                }
            }
            C::PaletteClose => self.palette = None,
            C::PaletteUp | C::PaletteDown => {
                if let Some(p) = &mut self.palette {
                    p.move_by(if id == C::PaletteUp { -1 } else { 1 });
                }
            }
            C::PaletteRun => match self.palette.take().and_then(|p| p.chosen()) {
                Some(Chosen::Command(id)) => self.dispatch(id),
                Some(Chosen::Profile(name)) => self.switch_profile(&name),
                None => {}
            },
            // The commands of pushed screens.
            C::CatalogAdd
            | C::CatalogUpdate
            | C::CatalogPatch
            | C::CatalogRemove
            | C::CatalogOpen
            | C::SubNew
            | C::SubQuantity
            | C::SubCancel
            | C::SubOpen
            | C::AssignUser
            | C::UnassignUser
            | C::SetExternalId
            | C::SetRole
            | C::BulkYes
            | C::BulkTyped
            | C::BulkBack
            | C::BulkWordCancel
            | C::BulkRetry
            | C::BulkChoose
            | C::BulkShowItem
            | C::BulkProperties
            | C::UserRole
            | C::UserImport
            | C::PromptAccept
            | C::PromptCancel
            | C::AdminRole
            | C::HierExpand
            | C::HierCollapse
            | C::HierNew
            | C::HierEdit
            | C::HierMove
            | C::HierDelete
            | C::HierSetStatus
            | C::HierBulkMove
            | C::PickerUp
            | C::PickerDown
            | C::PickerPageUp
            | C::PickerPageDown
            | C::PickerPick
            | C::PickerCancel => self.with_top(|s, ctx| s.state_mut().command(id, ctx)),
            C::ConflictOverwrite | C::ConflictTheirs | C::ConflictEdit => self.resolve_conflict(id),
        }
    }

    /// A choice in the conflict view over the form (see `hierarchy::conflict`).
    fn resolve_conflict(&mut self, id: CommandId) {
        use crate::app::hierarchy::conflict::{Resolution, Resolved};
        let Mode::Form(form) = &mut self.mode else {
            return;
        };
        let choice = match id {
            CommandId::ConflictOverwrite => Resolution::Overwrite,
            CommandId::ConflictTheirs => Resolution::TakeTheirs,
            _ => Resolution::KeepEditing,
        };
        match form.purpose.resolve(choice, &mut form.form) {
            Resolved::Submit => self.submit_form(),
            Resolved::Keep => form.revalidate(),
            Resolved::Close => {
                self.mode = Mode::Browse;
                self.flash_info("kept the server's version; nothing was sent");
            }
        }
    }

    /// The list commands on the organization tree, the root screen.
    fn tree_list_command(&mut self, id: CommandId) {
        use CommandId as C;
        match id {
            C::ListUp => self.move_selection(-1),
            C::ListDown => self.move_selection(1),
            C::ListPageUp => self.move_selection(-self.tree.page()),
            C::ListPageDown => self.move_selection(self.tree.page()),
            C::ListTop => self.move_selection(isize::MIN),
            C::ListBottom => self.move_selection(isize::MAX),
            C::Mark => {
                if self.org_marks.toggle(&mut self.tree, &self.store) {
                    self.selection_changed();
                } else {
                    self.flash_error("only organizations can be marked");
                }
            }
            C::MarkRange => self.org_marks.range(&self.tree, &self.store),
            C::MarkAll => self.org_marks.all(&self.tree.index),
            C::ClearMarks => {
                self.org_marks.clear();
            }
            C::ListSortNext | C::ListSortFlip => {
                let (sort, descending) = self.tree.index.sort();
                let (sort, descending) = match id {
                    C::ListSortNext => (sort.next(), false),
                    _ => (sort, !descending),
                };
                self.tree.set_sort(sort, descending, &self.store);
            }
            // Esc clears the marks first, then the filter, then goes back from a jump.
            C::ListBack if self.org_marks.clear() => {}
            C::ListBack if self.filter.value().is_empty() && !self.jumps.is_empty() => {
                self.jump_back()
            }
            C::ListBack => self.clear_filter(),
            _ => {}
        }
    }

    /// Clears the filter of the top screen (the tree's: every organization shows again).
    fn clear_filter(&mut self) {
        if !self.screens.is_empty() {
            self.with_top(|s, _| {
                s.state_mut().table_mut().clear_filter();
            });
            self.mode = Mode::Browse;
            return;
        }
        self.filter.reset();
        self.tree.set_filter("", &self.store);
        self.mode = Mode::Browse;
        self.selection_changed();
    }

    /// Moving, sorting and leaving in the focused table of the top screen.
    fn list_command(&mut self, id: CommandId) {
        use CommandId as C;
        let Some(screen) = self.screens.last_mut() else {
            return;
        };
        let state = screen.state_mut();
        let table = state.table_mut();
        let mut back = false;
        match id {
            C::ListUp => table.move_by(-1),
            C::ListDown => table.move_by(1),
            C::ListTop => table.move_by(isize::MIN),
            C::ListBottom => table.move_by(isize::MAX),
            C::ListPageUp => table.move_by(-table.page()),
            C::ListPageDown => table.move_by(table.page()),
            C::ListSortNext => table.cycle_sort(),
            C::ListSortFlip => table.flip_sort(),
            C::ListNextPane => state.next_pane(),
            C::Mark => table.toggle_mark(),
            C::MarkRange => table.mark_range(),
            C::MarkAll => table.mark_all_shown(),
            C::ClearMarks => {
                table.clear_marks();
            }
            // Esc clears the marks, then the filter; with nothing left to cancel it goes back.
            C::ListBack => back = !table.clear_marks() && !table.clear_filter(),
            _ => {}
        }
        if back {
            self.pop_screen();
            return;
        }
        state.selection_moved(&self.store);
        // The activity view reads older pages of the journal as the selection nears its end.
        if let Some(Screen::Activity(activity)) = self.screens.last_mut()
            && let Some(cursor) = activity.wants_older()
        {
            self.bulk_out
                .push(crate::bulk::worker::BulkCommand::ReadOlder { cursor });
        }
    }

    /// The palette over this scope's commands and the profiles, with `typed` already typed.
    fn open_palette(&mut self, typed: &str) {
        let mut profiles = self.profiles.clone();
        for profile in &mut profiles {
            profile.current = profile.name == self.session.profile;
        }
        let palette = Palette::new(self.scope(), self.session.capabilities)
            .with_profiles(profiles)
            .typed(typed);
        self.palette = Some(palette);
    }

    fn push_screen(&mut self, screen: Screen) {
        self.screens.push(screen);
        self.mode = Mode::Browse;
    }

    fn open_admins(&mut self) {
        let today = crate::domain::dates::today();
        let mut admins = Admins::new(today, self.session.inactive_after_days, &self.store);
        admins.me = self.session.username.clone();
        self.push_screen(Screen::Admins(Box::new(admins)));
    }

    fn open_users(&mut self) {
        let Some((org, name)) = self.row_org() else {
            self.flash_error("select an organization to see its users");
            return;
        };
        let today = crate::domain::dates::today();
        let users = Users::new(
            &org,
            &name,
            today,
            self.session.inactive_after_days,
            &self.store,
        );
        self.push_screen(Screen::Users(Box::new(users)));
    }

    fn open_catalog(&mut self) {
        let Some((org, name)) = self.row_org() else {
            self.flash_error("select an organization to see its services");
            return;
        };
        let catalog = Catalog::new(&org, &name, &self.store);
        self.screens.push(Screen::Catalog(Box::new(catalog)));
        self.mode = Mode::Browse;
    }

    fn move_selection(&mut self, delta: isize) {
        self.tree.move_by(delta);
        self.selection_changed();
    }

    fn selected_org(&self) -> Option<(String, String)> {
        match self.tree.selected_node(&self.store) {
            Some(Node::Org(org)) => Some((org.id.clone(), org.name.clone())),
            _ => None,
        }
    }

    /// The organization the selected row belongs to: itself, or the one whose service,
    /// subscription or user it is.
    fn row_org(&self) -> Option<(String, String)> {
        let id = match self.tree.selected_node(&self.store)? {
            Node::Org(org) => return Some((org.id.clone(), org.name.clone())),
            Node::Item { list, .. } | Node::Status { list } => list.organization()?,
            Node::Reseller => return None,
        };
        let org = self.tree.index.get(self.tree.index.position_of(id)?)?;
        Some((org.id.clone(), org.name.clone()))
    }

    fn refresh_selected(&mut self) {
        let mut targets = Vec::new();
        match self.tree.selected_node(&self.store) {
            Some(Node::Reseller) | None => targets.push(Resource::Organizations),
            Some(Node::Org(org)) => targets.push(Resource::Organization {
                org: org.id.clone(),
            }),
            Some(Node::Item { list, .. } | Node::Status { list }) => targets.push(list.clone()),
        }
        targets.extend(self.tree.open_list_of_selected(&self.store));
        for resource in targets {
            self.store.fetch(resource, true);
        }
    }

    fn edit_selected(&mut self) {
        let Some((org, _)) = self.selected_org() else {
            self.flash_error("select an organization to edit");
            return;
        };
        let resource = Resource::Organization { org: org.clone() };
        if let Some(ResourceData::Organization(full)) =
            self.store.data(&resource).map(|d| d.as_ref())
        {
            self.mode = Mode::Form(Box::new(OrgForm::edit(full)));
            return;
        }
        self.store.ensure(&resource);
        self.pending_edit = Some(org);
        self.flash_info("loading the organization…");
    }

    /// The full record arrived for a pending edit: open the form now.
    pub(crate) fn open_pending_edit(&mut self, org: &str) {
        let browsing_tree = matches!(self.mode, Mode::Browse) && self.screens.is_empty();
        if self.pending_edit.as_deref() != Some(org) || !browsing_tree {
            return;
        }
        self.pending_edit = None;
        let resource = Resource::Organization { org: org.into() };
        if let Some(ResourceData::Organization(full)) =
            self.store.data(&resource).map(|d| d.as_ref())
        {
            self.mode = Mode::Form(Box::new(OrgForm::edit(full)));
            self.flash = None;
        }
    }

    pub(crate) fn cancel_pending_edit(&mut self, org: &str) {
        if self.pending_edit.as_deref() == Some(org) {
            self.pending_edit = None;
        }
    }

    fn delete_selected(&mut self) {
        let Some((id, name)) = self.selected_org() else {
            self.flash_error("select an organization to delete");
            return;
        };
        let confirm = Confirm::new(
            "Delete organization",
            "delete",
            Mutation::DeleteOrganization { org: id },
        )
        .line(format!(
            "This deletes {name} and everything that goes with it: its services, their \
             subscriptions and the users assigned to them. It cannot be undone."
        ))
        .typing("the organization's name", name);
        self.mode = Mode::Confirm(Box::new(confirm));
    }

    fn form_command(&mut self, id: CommandId) {
        let Mode::Form(form) = &mut self.mode else {
            return;
        };
        let f = &mut form.form;
        match id {
            CommandId::FormNext => f.focus_next(),
            CommandId::FormPrev => f.focus_prev(),
            CommandId::FormToggle if f.cycle(1) => form.revalidate(),
            CommandId::FormCancel if f.is_dirty() => f.confirm_discard = true,
            CommandId::FormCancel | CommandId::DiscardYes => self.mode = Mode::Browse,
            CommandId::DiscardNo => f.confirm_discard = false,
            _ => {}
        }
    }

    fn send(&mut self, id: u64, mutation: Mutation) {
        self.store.push(ApiRequest::Mutate {
            id,
            mutation: Box::new(mutation),
        });
    }

    fn submit_form(&mut self) {
        let id = self.store.next_id();
        let Mode::Form(form) = &mut self.mode else {
            return;
        };
        let Some(mutation) = form.submit(id) else {
            return;
        };
        if form.purpose.fills_a_preview() {
            self.mode = Mode::Browse;
            self.with_top(|s, ctx| s.state_mut().form_values(&mutation, ctx));
            return;
        }
        self.send(id, mutation);
    }

    fn confirm_accept(&mut self, by_enter: bool) {
        let id = self.store.next_id();
        let Mode::Confirm(confirm) = &mut self.mode else {
            return;
        };
        if let Some(mutation) = confirm.accept(id, by_enter) {
            self.send(id, mutation);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::SessionInfo;
    use crate::app::commands::COMMANDS;

    #[test]
    fn read_only_gate_refuses_every_mutating_command_in_the_table() {
        let mut app = App::new(SessionInfo {
            read_only: true,
            ..Default::default()
        });
        app.take_requests();
        for command in COMMANDS.iter().filter(|c| c.mutates) {
            app.dispatch(command.id);
            assert!(matches!(app.mode, Mode::Browse), "{}", command.name);
            assert!(app.take_requests().is_empty(), "{}", command.name);
            let flash = app.flash.take().expect("a refusal is explained");
            assert!(flash.error);
            assert_eq!(
                flash.text,
                format!("read-only: {} is disabled", command.label)
            );
        }
    }

    #[test]
    fn writable_session_opens_the_form() {
        let mut app = App::new(SessionInfo::default());
        app.dispatch(CommandId::NewOrg);
        assert!(matches!(app.mode, Mode::Form(_)));
    }
}
