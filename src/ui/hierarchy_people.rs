//! The people screen of a node of the hierarchy: its members above, its organization's
//! pending invitations below (when the provider has them); `Tab` moves the focus between them.
//! While a CSV file's path is typed (`I`), its prompt is over them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::{fresh, input, table, text};
use crate::api::Resource;
use crate::app::hierarchy::people_screen::{Pane, People};
use crate::app::table::TableList;
use crate::app::{App, Mode};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &People) {
    let members = screen.members_list();
    match screen.invitations_list() {
        None => pane(frame, area, app, &screen.members, &members, "member", true),
        Some(invitations) => {
            let [top, bottom] =
                Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)])
                    .areas(area);
            let on_members = screen.focus == Pane::Members;
            let list = &screen.members;
            pane(frame, top, app, list, &members, "member", on_members);
            let list = &screen.invitations;
            pane(
                frame,
                bottom,
                app,
                list,
                &invitations,
                "invitation",
                !on_members,
            );
        }
    }
    if let Some(path) = screen.import_path.input() {
        let title = format!(" Invite to {} from a CSV file ", screen.organization.1);
        let hint = " Path (header row: email, roles, projects; lists split by ;):";
        input::path_prompt(frame, area, path, &text::sanitize(&title), hint);
    }
}

fn pane(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    list: &TableList,
    resource: &Resource,
    noun: &'static str,
    focused: bool,
) {
    table::draw(
        frame,
        area,
        table::Pane {
            table: list,
            noun: Some(noun),
            suffix: fresh::suffix(app, String::new(), resource),
            focused,
            filtering: focused && matches!(app.mode, Mode::Filter),
            placeholder: table::placeholder(&app.store, resource),
        },
    );
}
