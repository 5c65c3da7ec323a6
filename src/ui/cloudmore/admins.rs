//! The reseller administrators screen: the list across the top and every field of the selected
//! administrator below it, in two columns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::api::Resource;
use crate::app::admins::Admins;
use crate::app::{App, Mode};
use crate::domain::{Administrator, MFA_SMS};
use crate::ui::fields::{Lines, country, phone};
use crate::ui::{people, table, theme};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &Admins) {
    let [list_area, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
    table::draw(
        frame,
        list_area,
        table::Pane {
            table: &screen.list,
            noun: Some("administrator"),
            suffix: crate::ui::fresh::suffix(app, String::new(), &Resource::Administrators),
            focused: true,
            filtering: matches!(app.mode, Mode::Filter),
            placeholder: table::placeholder(&app.store, &Resource::Administrators),
        },
    );
    let admin = screen.selected(&app.store);
    let cursor = app.detail_cursor;
    let left_count = people::detail_box(frame, left, "Administrator", cursor, |out| match admin {
        Some(a) => person(out, a),
        None => out.note("No administrator selected.", theme::dim()),
    });
    // The right box goes on counting where the left one stopped.
    let right_cursor = cursor.and_then(|c| c.checked_sub(left_count));
    people::detail_box(frame, right, "Work, address, access", right_cursor, |out| {
        if let Some(a) = admin {
            work(out, screen, a);
        }
    });
}

/// Both boxes' fields in order (what `f` picks values from).
pub(in crate::ui) fn fill(out: &mut Lines, app: &App, screen: &Admins) {
    if let Some(a) = screen.selected(&app.store) {
        person(out, a);
        work(out, screen, a);
    }
}

fn person(out: &mut Lines, a: &Administrator) {
    out.field("Username", &a.name);
    out.field("Name", &format!("{} {}", a.first_name, a.last_name));
    out.field("Display name", &a.display_name);
    out.field("Title", &a.title);
    out.field("Role", &format!("{} (id {})", a.role_name, a.role_id));
    out.field("E-mail", &a.email);
    out.field("Home phone", &phone(&a.home_phone_prefix, &a.home_phone));
    out.field("Cell phone", &phone(&a.cell_phone_prefix, &a.cell_phone));
    out.field(
        "MFA",
        if a.mfa_option == MFA_SMS {
            "SMS"
        } else {
            "Email"
        },
    );
}

fn work(out: &mut Lines, screen: &Admins, a: &Administrator) {
    out.field("Department", &a.department);
    out.field("Office", &a.office);
    out.field("Company", &a.company);
    let place = format!("{} {}", a.address.postal_code, a.address.city);
    let address = [a.address.street.as_str(), place.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    out.field("Address", &address);
    out.field("Country", &country(&a.address.country_code));
    people::last_access(
        out,
        a.last_accessed_date.as_deref(),
        screen.today,
        screen.inactive_after_days,
    );
    out.field("Azure AD id", &a.azure_ad_id);
    out.field("Id", &a.id);
}
