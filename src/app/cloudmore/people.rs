//! What the organization-users and reseller-administrators screens share: the last-access and
//! activity columns (inactive after the profile's `inactive_after_days`, never-seen counts as
//! inactive, sorting puts inactive first), the role picker of their forms (a choice among the
//! roles the API lists, never a typed number), a form asked for before those roles arrived,
//! and the generate-password / password pair.

use crate::domain::Role;
use crate::domain::dates::days_ago;
use crate::secret::Secret;

use crate::api::Resource;

use crate::app::form::{Field, Form};
use crate::app::screen::Ctx;
use crate::app::table::{RowTone, TableRow};

/// Field keys of the password pair (the API's property names).
pub const GENERATE: &str = "GeneratePassword";
/// Title of the activity column; its sort key is days since last access.
pub const ACTIVITY: &str = "Activity";
pub const PASSWORD: &str = "Password";

/// What was asked for before the roles it needs had loaded: it opens when they arrive instead
/// of the key being refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaited {
    /// The form, an edit or a new one.
    Form { edit: bool },
    /// The role change's preview (`R`).
    RoleChange,
    /// The CSV import's preview (Enter on its path).
    Import,
}

#[derive(Debug, Default)]
pub struct AwaitingRoles(Option<Awaited>);

impl AwaitingRoles {
    /// Remembers what was asked for and says so.
    pub fn wait(&mut self, awaited: Awaited, ctx: &mut Ctx) {
        self.0 = Some(awaited);
        let opens = match awaited {
            Awaited::Form { .. } => "the form opens",
            Awaited::RoleChange => "the role change opens",
            Awaited::Import => "the import's preview opens",
        };
        ctx.info(format!("loading the roles… {opens} when they arrive"));
    }

    /// What waited, once `loaded` is the `roles` it waited for.
    pub fn arrived(&mut self, loaded: &Resource, roles: &Resource) -> Option<Awaited> {
        if loaded == roles { self.0.take() } else { None }
    }
}

/// How long ago someone signed in, judged against the inactivity threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    /// Whole days since the last access; `None` when they never signed in.
    pub days: Option<i64>,
    pub inactive: bool,
}

impl Activity {
    pub fn of(last_accessed: Option<&str>, today: i64, inactive_after_days: u32) -> Activity {
        let days = days_ago(last_accessed, today);
        Activity {
            days,
            inactive: days.is_none_or(|d| d >= i64::from(inactive_after_days)),
        }
    }

    /// "2026-01-02 · 40 days ago", "… · today", or "never".
    pub fn last_access_text(&self, last_accessed: Option<&str>) -> String {
        let (Some(days), Some(stamp)) = (self.days, last_accessed) else {
            return "never".into();
        };
        let date = stamp.get(..10).unwrap_or(stamp);
        match days {
            0 => format!("{date} · today"),
            1 => format!("{date} · 1 day ago"),
            n => format!("{date} · {n} days ago"),
        }
    }

    pub fn mark(&self) -> &'static str {
        if self.inactive {
            "○ inactive"
        } else {
            "● active"
        }
    }

    /// Ascending order puts the longest-unseen first and those never seen before everyone.
    fn sort_key(&self) -> String {
        (-self.days.unwrap_or(i64::MAX / 4)).to_string()
    }
}

/// Appends the last-access and activity cells to `cells` and makes the row: inactive rows are
/// dimmed, and both columns sort by how long ago the access was.
pub fn access_row(
    id: &str,
    mut cells: Vec<String>,
    last_accessed: Option<&str>,
    today: i64,
    inactive_after_days: u32,
) -> TableRow {
    let activity = Activity::of(last_accessed, today, inactive_after_days);
    let last_column = cells.len();
    cells.push(activity.last_access_text(last_accessed));
    cells.push(activity.mark().into());
    let key = activity.sort_key();
    let tone = if activity.inactive {
        RowTone::Dim
    } else {
        RowTone::Normal
    };
    TableRow::new(id, cells)
        .tone(tone)
        .sort_key(last_column, key.clone())
        .sort_key(last_column + 1, key)
}

/// A role picker. `none` is the label of a first "no role" option (its id is `None`).
pub fn role_field(
    key: &str,
    label: &str,
    roles: &[Role],
    none: &str,
    current: Option<i64>,
) -> Field {
    let mut options = vec![none.to_string()];
    options.extend(roles.iter().map(|r| r.name.clone()));
    let selected = current
        .and_then(|id| roles.iter().position(|r| r.id == id))
        .map_or(0, |i| i + 1);
    Field::choice(key, label, options, selected)
}

/// The role id the picker shows (`None` for the first, "no role", option).
pub fn picked_role(form: &Form, key: &str, roles: &[Role]) -> Option<i64> {
    form.choice(key)
        .checked_sub(1)
        .and_then(|i| roles.get(i))
        .map(|r| r.id)
}

/// The generate-password toggle and the masked password field.
pub fn password_fields(generate: bool) -> [Field; 2] {
    [
        Field::toggle(GENERATE, "Generate password", generate),
        Field::secret(PASSWORD, "Password"),
    ]
}

/// Field key of the e-mail address in both people forms (where a generated password goes).
const EMAIL: &str = "Email";

/// Keeps the password field disabled (and empty) while a password is to be generated, and says
/// beside the toggle where that password goes.
pub fn sync_password(form: &mut Form) {
    let generate = form.is_on(GENERATE);
    form.set_disabled(PASSWORD, generate);
    let note = generate.then(|| generated_password_note(form.text(EMAIL)));
    if let Some(field) = form.field_mut(GENERATE) {
        field.note = note;
    }
}

/// Where a generated password goes: the server e-mails it (research S5 for users; assumed
/// alike for administrators) and the console never sees it, so it cannot show it.
fn password_mailbox(email: &str) -> &str {
    match email.trim() {
        "" => "the E-mail address",
        email => email,
    }
}

/// Beside the "Generate password" toggle (short, to show whole).
pub fn generated_password_note(email: &str) -> String {
    format!(
        "e-mailed by Cloudmore to {}; never shown here",
        password_mailbox(email)
    )
}

/// After saving with a generated password: "…; Cloudmore e-mails the generated password to …".
pub fn generated_password_sent(saved: &str, email: &str) -> String {
    format!(
        "{saved}; Cloudmore e-mails the generated password to {}",
        password_mailbox(email)
    )
}

/// The password to send: none while one is generated or when nothing was typed.
pub fn typed_password(form: &Form) -> Option<Secret> {
    let typed = form.text(PASSWORD);
    (!form.is_on(GENERATE) && !typed.is_empty()).then(|| Secret::from(typed))
}

/// Whether a business error message is about the role (unknown role id).
pub fn is_about_role(message: &str) -> bool {
    message.to_lowercase().contains("role")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::parse_day;

    fn today() -> i64 {
        parse_day("2026-06-01").unwrap()
    }

    #[test]
    fn activity_uses_the_threshold_and_never_counts_as_inactive() {
        let recent = Activity::of(Some("2026-05-30T08:00:00Z"), today(), 90);
        assert_eq!(recent.days, Some(2));
        assert!(!recent.inactive);
        assert_eq!(
            recent.last_access_text(Some("2026-05-30T08:00:00Z")),
            "2026-05-30 · 2 days ago"
        );
        let old = Activity::of(Some("2026-03-03T08:00:00Z"), today(), 90);
        assert_eq!(old.days, Some(90));
        assert!(old.inactive, "exactly the threshold is inactive");
        assert!(!Activity::of(Some("2026-03-03T08:00:00Z"), today(), 91).inactive);
        let never = Activity::of(None, today(), 90);
        assert!(never.inactive);
        assert_eq!(never.last_access_text(None), "never");
    }

    #[test]
    fn access_rows_sort_inactive_first() {
        let mut table = crate::app::table::TableList::new(
            "t",
            vec![
                crate::app::table::Column::text("Name", 0),
                crate::app::table::Column::plain("Last access", 20),
                crate::app::table::Column::plain(ACTIVITY, 10),
            ],
        );
        table.set_rows(vec![
            access_row(
                "a",
                vec!["A".into()],
                Some("2026-05-31T00:00:00Z"),
                today(),
                90,
            ),
            access_row("b", vec!["B".into()], None, today(), 90),
            access_row(
                "c",
                vec!["C".into()],
                Some("2025-01-01T00:00:00Z"),
                today(),
                90,
            ),
        ]);
        assert_eq!(table.shown(0).unwrap().tone, RowTone::Normal);
        assert_eq!(table.shown(2).unwrap().tone, RowTone::Dim);
        table.cycle_sort();
        table.cycle_sort();
        table.cycle_sort();
        let order: Vec<_> = (0..3).map(|i| table.shown(i).unwrap().id.clone()).collect();
        assert_eq!(
            order,
            ["b", "c", "a"],
            "sorting by activity: inactive first"
        );
    }

    #[test]
    fn the_role_picker_maps_names_back_to_ids() {
        let roles = vec![
            Role {
                id: 24,
                name: "Global Admin".into(),
            },
            Role {
                id: 18,
                name: "Sales Agent".into(),
            },
        ];
        let field = role_field("RoleId", "Role", &roles, "(choose)", Some(18));
        assert_eq!(field.choice, 2);
        let mut form = Form::new("t", vec![field]);
        assert_eq!(picked_role(&form, "RoleId", &roles), Some(18));
        form.cycle(1);
        assert_eq!(picked_role(&form, "RoleId", &roles), None);
        form.cycle(1);
        assert_eq!(picked_role(&form, "RoleId", &roles), Some(24));
    }

    #[test]
    fn generating_disables_the_password() {
        let mut form = Form::new("t", password_fields(true).to_vec());
        sync_password(&mut form);
        assert!(form.fields[1].disabled);
        assert_eq!(typed_password(&form), None);
        form.focus = 0;
        form.cycle(1);
        sync_password(&mut form);
        form.fields[1].input = "Secr3t!pw".to_string().into();
        assert_eq!(typed_password(&form), Some(Secret::from("Secr3t!pw")));
        assert!(!form.fields[1].disabled);
    }
}
