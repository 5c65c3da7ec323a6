//! Runs registry commands. This is the only place commands execute, so the read-only gate lives
//! here once: a mutating command is refused before it can open a form or send anything.

use crate::api::{ApiRequest, Mutation};

use crate::app::commands::CommandId;
use crate::app::palette::{Chosen, Palette};
use crate::app::screen::Screen;
use crate::app::search;
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
            C::ListFilter => self.mode = Mode::Filter,
            C::FilterApply => self.mode = Mode::Browse,
            C::FilterClear => self.clear_filter(),
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
            | C::ClearMarks => self.list_command(id),
            C::JumpBack => self.jump_back(),
            C::CopyId | C::CopyRecord => self.copy(id),
            C::ListRefresh => {
                let wanted = self.top().map(|s| s.state().refresh(&self.store));
                for resource in wanted.unwrap_or_default() {
                    self.store.fetch(resource, true);
                }
            }
            C::FormNext
            | C::FormPrev
            | C::FormToggle
            | C::FormList
            | C::FormCancel
            | C::DiscardYes
            | C::DiscardNo => self.form_command(id),
            C::ChoiceUp
            | C::ChoiceDown
            | C::ChoicePageUp
            | C::ChoicePageDown
            | C::ChoicePick
            | C::ChoiceCancel => match &mut self.mode {
                Mode::Form(form) => form.choice_command(id),
                _ => self.with_top(|s, ctx| s.state_mut().command(id, ctx)),
            },
            C::FormSubmit => self.submit_form(),
            C::ConfirmAccept => self.confirm_accept(true),
            C::ConfirmYes => self.confirm_accept(false),
            C::ConfirmCancel => self.mode = Mode::Browse,
            C::ShowMessage => self.show_last_message(),
            C::RecordRaw => self.open_raw(),
            C::RawClose
            | C::RawUp
            | C::RawDown
            | C::RawPageUp
            | C::RawPageDown
            | C::RawTop
            | C::RawBottom
            | C::RawLeft
            | C::RawRight
            | C::RawSearch
            | C::RawNext
            | C::RawPrev
            | C::RawSearchRun
            | C::RawSearchClose => self.raw_command(id),
            C::ListExport => self.open_export(),
            C::ExportAccept | C::ExportCancel => self.export_command(id),
            C::ReaderClose => self.reader = None,
            C::DetailFocus | C::DetailUp | C::DetailDown | C::DetailRead | C::DetailBack => {
                self.detail_command(id)
            }
            C::ReaderUp | C::ReaderDown | C::ReaderPageUp | C::ReaderPageDown => {
                let page = self.top().map_or(1, |s| s.state().list().page());
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
            C::PaletteRun => {
                let palette = self.palette.take();
                let typed = palette.as_ref().map_or("", |p| p.input.value());
                if let Some(query) = search::overlay::typed_in_palette(typed) {
                    let query = query.to_string();
                    return self.open_search(&query);
                }
                match palette.and_then(|p| p.chosen()) {
                    Some(Chosen::Command(id)) => self.dispatch(id),
                    Some(Chosen::Profile(name)) => self.switch_profile(&name),
                    Some(Chosen::Group { id, name }) => self.show_group(&id, &name),
                    None => {}
                }
            }
            C::Search => self.open_search(""),
            C::SearchRun | C::SearchClose | C::SearchUp | C::SearchDown => self.search_command(id),
            // The commands of the screens (the root's too).
            C::OrgExpand
            | C::OrgCollapse
            | C::OpenCatalog
            | C::OpenUsers
            | C::OpenAdmins
            | C::TreeAddService
            | C::OrgSetStatus
            | C::GroupsOpen
            | C::TreeGroupAdd
            | C::TreeGroupRemove
            | C::GroupShow
            | C::GroupNew
            | C::GroupEdit
            | C::GroupDelete
            | C::OrgCreate
            | C::OrgEdit
            | C::OrgDelete
            | C::CatalogAdd
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
            | C::HierNewRoot
            | C::HierMove
            | C::HierBulkMove
            | C::PickerUp
            | C::PickerDown
            | C::PickerPageUp
            | C::PickerPageDown
            | C::PickerPick
            | C::PickerCancel
            | C::PeopleOpen
            | C::PeopleInvite
            | C::PeopleRoles
            | C::PeopleRemove
            | C::PeopleImport => self.with_top(|s, ctx| s.state_mut().command(id, ctx)),
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

    /// Clears the filter of the top screen's list (every row shows again).
    fn clear_filter(&mut self) {
        if let Some(screen) = self.screens.last_mut() {
            let state = screen.state_mut();
            state.list_mut().clear_filter(&self.store);
            state.selection_moved(&self.store);
        }
        self.mode = Mode::Browse;
    }

    /// Moving, sorting, marking and leaving in the focused list of the top screen.
    fn list_command(&mut self, id: CommandId) {
        use CommandId as C;
        let Some(screen) = self.screens.last_mut() else {
            return;
        };
        let store = &self.store;
        let state = screen.state_mut();
        let list = state.list_mut();
        let mut back = false;
        let mut refused = None;
        match id {
            C::ListUp => list.move_by(-1),
            C::ListDown => list.move_by(1),
            C::ListTop => list.move_by(isize::MIN),
            C::ListBottom => list.move_by(isize::MAX),
            C::ListPageUp => list.move_by(-list.page()),
            C::ListPageDown => list.move_by(list.page()),
            C::ListSortNext => list.cycle_sort(store),
            C::ListSortFlip => list.flip_sort(store),
            C::ListNextPane => state.next_pane(),
            C::Mark => refused = list.toggle_mark(store).err(),
            C::MarkRange => list.mark_range(store),
            C::MarkAll => list.mark_all_shown(),
            C::ClearMarks => {
                list.clear_marks();
            }
            // Esc clears the marks, then the filter; with nothing left to cancel it goes back
            // (on the root: back from a jump).
            C::ListBack => back = !list.clear_marks() && !list.clear_filter(store),
            _ => {}
        }
        if let Some(why) = refused {
            self.flash_error(why);
            return;
        }
        if back {
            self.pop_screen();
            return;
        }
        self.list_moved();
    }

    /// A click on a row (`app/mouse.rs`): the selection moves by `delta`, as the keys move it.
    pub(crate) fn move_selection(&mut self, delta: isize) {
        if let Some(screen) = self.screens.last_mut() {
            screen.state_mut().list_mut().move_by(delta);
            self.list_moved();
        }
    }

    /// What follows any change in the focused list: the screen hears of the selection.
    fn list_moved(&mut self) {
        let Some(screen) = self.screens.last_mut() else {
            return;
        };
        screen.state_mut().selection_moved(&self.store);
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
        self.palette_asks_for_groups();
    }

    fn form_command(&mut self, id: CommandId) {
        let Mode::Form(form) = &mut self.mode else {
            return;
        };
        let f = &mut form.form;
        match id {
            CommandId::FormNext => f.focus_next(),
            CommandId::FormPrev => f.focus_prev(),
            CommandId::FormToggle => form.toggle(),
            CommandId::FormList => form.list_suggestions(),
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
        let started = app.take_requests();
        app.dispatch(CommandId::OrgCreate);
        // The organization form waits for the custom-property definitions, asked for at the start.
        for request in started {
            if let crate::api::ApiRequest::Fetch { id, resource } = request
                && resource == crate::api::Resource::OrgPropertyDefinitions
            {
                let data = crate::api::ResourceData::PropertyDefinitions(Vec::new());
                app.handle_api_event(crate::api::ApiEvent::Loaded {
                    id,
                    resource,
                    data: std::sync::Arc::new(data),
                    stale: false,
                    skipped: 0,
                });
            }
        }
        assert!(matches!(app.mode, Mode::Form(_)));
    }
}
