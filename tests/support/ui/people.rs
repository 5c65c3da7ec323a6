//! Fixtures of the users and administrators screens. Last-access dates are relative to today,
//! so "N days ago" and the activity marks do not change from day to day; [`normalize`] replaces
//! the dates themselves for snapshots.

use tenantdeck::domain::dates::{format_timestamp, today};
use tenantdeck::domain::*;

use super::HOSTILE;

/// Days before today of every last access in the fixtures.
const OFFSETS: [i64; 7] = [1, 2, 10, 40, 120, 200, 400];

fn days_back(days: i64) -> Option<String> {
    Some(format_timestamp(today() - days, 9 * 3600))
}

/// Replaces each fixture date (`2026-05-30`) by a same-width stand-in (`today-2   `).
pub fn normalize(screen: &str) -> String {
    let mut out = screen.to_string();
    for days in OFFSETS {
        let date = days_back(days).unwrap()[..10].to_string();
        out = out.replace(&date, &format!("{:<10}", format!("today-{days}")));
    }
    out
}

fn role(id: i64, name: &str) -> Role {
    Role {
        id,
        name: name.into(),
    }
}

pub fn reseller_roles() -> Vec<Role> {
    vec![
        role(24, "Global Admin"),
        role(3, "Global Billing Admin"),
        role(14, "Key Account Manager"),
        role(18, "Sales Agent"),
        role(1, "Super Admin"),
    ]
}

fn user(
    id: &str,
    display: &str,
    username: &str,
    role: Option<(i64, &str)>,
    seen: Option<i64>,
) -> User {
    let (first, last) = display.split_once(' ').unwrap_or((display, ""));
    User {
        id: id.into(),
        username: username.into(),
        first_name: first.into(),
        last_name: last.into(),
        display_name: display.into(),
        email: username.into(),
        phone_prefix: "46".into(),
        phone: "701234567".into(),
        role_id: role.map(|r| r.0),
        role_name: role.map_or(String::new(), |r| r.1.into()),
        last_accessed_date: seen.and_then(days_back),
    }
}

pub fn users() -> Vec<User> {
    vec![
        user(
            "u-lena",
            "Lena Berg",
            "lena@acme.se",
            Some((1, "Organization Admin")),
            Some(2),
        ),
        user(
            "u-olof",
            "Olof Ek",
            "olof@acme.se",
            Some((2, "Organization User")),
            Some(120),
        ),
        user("u-eva", "Eva Lind", "eva@acme.se", None, None),
        user(
            "u-nils",
            "Nils Holm",
            "nils@acme.se",
            Some((2, "Organization User")),
            Some(40),
        ),
        user(
            "u-evil",
            HOSTILE,
            "evil@acme.se",
            Some((2, "Organization User")),
            Some(10),
        ),
    ]
}

pub fn assignments(user: &str) -> Vec<UserAssignment> {
    if user != "u-lena" {
        return Vec::new();
    }
    vec![
        UserAssignment {
            service_id: "s-m365".into(),
            service_name: "Microsoft 365".into(),
            subscription_id: "sub-basic".into(),
            product_name: "Business Basic".into(),
            status: SUBSCRIPTION_ACTIVE.into(),
            external_user_id: "aad-1111".into(),
        },
        UserAssignment {
            service_id: "s-m365".into(),
            service_name: "Microsoft 365".into(),
            subscription_id: "sub-e3".into(),
            product_name: "Office 365 E3".into(),
            status: SUBSCRIPTION_CANCELLED.into(),
            external_user_id: String::new(),
        },
    ]
}

fn admin(
    id: &str,
    name: &str,
    display: &str,
    role: (i64, &str),
    seen: Option<i64>,
) -> Administrator {
    let (first, last) = display.split_once(' ').unwrap_or((display, ""));
    Administrator {
        id: id.into(),
        name: name.into(),
        first_name: first.into(),
        last_name: last.into(),
        display_name: display.into(),
        role_id: role.0,
        role_name: role.1.into(),
        title: "Support engineer".into(),
        email: name.into(),
        cell_phone_prefix: "372".into(),
        cell_phone: "53564558".into(),
        department: "Support".into(),
        office: "Tallinn".into(),
        company: "Nordic Cloud Partner".into(),
        address: AdministratorAddress {
            street: "Narva mnt 5".into(),
            postal_code: "10111".into(),
            city: "Tallinn".into(),
            country_code: "EE".into(),
        },
        mfa_option: MFA_SMS,
        last_accessed_date: seen.and_then(days_back),
        ..Default::default()
    }
}

pub fn admins() -> Vec<Administrator> {
    vec![
        admin(
            "a-kim",
            "kim@partner.test",
            "Kim Tamm",
            (1, "Super Admin"),
            Some(1),
        ),
        admin(
            "a-per",
            "per@partner.test",
            "Per Holm",
            (18, "Sales Agent"),
            Some(200),
        ),
        admin(
            "a-eve",
            "eve@partner.test",
            "Eve Kask",
            (14, "Key Account Manager"),
            None,
        ),
        admin(
            "a-liis",
            "liis@partner.test",
            "Liis Saar",
            (24, "Global Admin"),
            Some(400),
        ),
    ]
}

/// In an open "New administrator" form: fills the username, names, the role (Sales Agent, four
/// steps from "(choose)"), the title "Lead" and `email`; leaves the focus on the E-mail field.
pub fn fill_new_admin(app: &mut tenantdeck::app::App, email: &str) {
    use ratatui::crossterm::event::KeyCode;
    for value in ["new@partner.test", "New", "Admin", "New Admin"] {
        super::keys(app, value);
        super::press(app, KeyCode::Tab);
    }
    for _ in 0..4 {
        super::press(app, KeyCode::Right);
    }
    for value in ["Lead", email] {
        super::press(app, KeyCode::Tab);
        super::keys(app, value);
    }
}
