//! The organization groups screen: the groups across the top, the organizations of the
//! selected one below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::api::Resource;
use crate::app::cloudmore::groups::{Focus, Groups};
use crate::app::{App, Mode};
use crate::ui::{fresh, table};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &Groups) {
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let filtering = matches!(app.mode, Mode::Filter);
    let on_groups = screen.focus == Focus::Groups;
    let groups = Resource::OrganizationGroups;
    table::draw(
        frame,
        top,
        table::Pane {
            table: &screen.groups,
            noun: Some("group"),
            suffix: fresh::suffix(app, String::new(), &groups),
            focused: on_groups,
            filtering: on_groups && filtering,
            placeholder: table::placeholder(&app.store, &groups),
        },
    );
    let group = screen.selected(&app.store);
    let members = group.map(|g| Resource::GroupMembers {
        group: g.id.clone(),
    });
    let suffix = group.map_or_else(String::new, |g| format!("in {}", g.name));
    table::draw(
        frame,
        bottom,
        table::Pane {
            table: &screen.members,
            noun: Some("organization"),
            suffix,
            focused: !on_groups,
            filtering: !on_groups && filtering,
            placeholder: members.and_then(|m| table::placeholder(&app.store, &m)),
        },
    );
}
