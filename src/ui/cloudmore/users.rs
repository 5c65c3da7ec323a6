//! The organization users screen: the users list across the top, the selected user's details
//! and the subscriptions they are assigned to below it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::users::{Pane, Users};
use crate::app::{App, Mode};
use crate::domain::User;
use crate::ui::fields::{Lines, phone};
use crate::ui::{input, people, table, theme};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &Users) {
    let [list_area, bottom] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let [detail_area, subs_area] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(bottom);
    let filtering = matches!(app.mode, Mode::Filter);
    let users_focused = screen.focus == Pane::Users;
    table::draw(
        frame,
        list_area,
        table::Pane {
            table: &screen.users,
            noun: Some("user"),
            suffix: crate::ui::fresh::suffix(app, String::new(), &screen.users_list()),
            focused: users_focused,
            filtering: users_focused && filtering,
            placeholder: table::placeholder(&app.store, &screen.users_list()),
        },
    );
    people::detail_box(frame, detail_area, "User", app.detail_cursor, |out| {
        fill(out, app, screen)
    });
    let placeholder = match screen.assignments_list() {
        Some(list) => table::placeholder(&app.store, &list),
        None => Some(("no user selected".into(), theme::dim())),
    };
    table::draw(
        frame,
        subs_area,
        table::Pane {
            table: &screen.assignments,
            noun: None,
            suffix: "assigned · Enter: users · t: in tree".into(),
            focused: !users_focused,
            filtering: !users_focused && filtering,
            placeholder,
        },
    );
    if let Some(path) = screen.import_path.input() {
        let hint = " Path (header row: username, firstName, lastName, email, role…):";
        input::path_prompt(frame, area, path, " Import users from a CSV file ", hint);
    }
}

/// The selected user's details (also what `v` picks values from).
pub(in crate::ui) fn fill(out: &mut Lines, app: &App, screen: &Users) {
    match screen.selected_user(&app.store) {
        Some(user) => details(out, screen, user),
        None => out.note("No user selected.", theme::dim()),
    }
}

fn details(out: &mut Lines, screen: &Users, u: &User) {
    out.field("Display name", &u.display_name);
    out.field("Name", &format!("{} {}", u.first_name, u.last_name));
    out.field("Username", &u.username);
    out.field("E-mail", &u.email);
    out.field("Phone", &phone(&u.phone_prefix, &u.phone));
    match u.role_id {
        Some(_) => out.field("Role", &u.role_name),
        None => out.styled("Role", "(none: cannot be assigned)", theme::warning()),
    }
    people::last_access(
        out,
        u.last_accessed_date.as_deref(),
        screen.today,
        screen.inactive_after_days,
    );
    out.field("Id", &u.id);
}
