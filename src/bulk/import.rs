//! Import of organization users from a CSV file: the header row names the fields (in any
//! order, case and separators ignored: `username`, `firstName`, `last_name`, `Display Name`,
//! `email`, `phonePrefix`, `phone`, `role`), every row is checked with the rules the user form
//! applies before anything is sent, and rows that fail are listed as left out with the reason.
//! Passwords are never read from the file: each user gets a generated one.

use crate::api::Mutation;
use crate::domain::reseller::rules::validate_user;
use crate::domain::{Role, UserInput};

use super::plan::{BulkItem, BulkPlan, InvalidItem};

/// Splits one CSV line: commas separate, double quotes enclose, `""` is a quote.
pub fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    out.push(field);
    out.into_iter().map(|f| f.trim().to_string()).collect()
}

/// A header name as a key: lowercase letters and digits only.
pub fn key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Builds the plan for creating every user of `text` in `org`; `roles` turn a role name into
/// its id. A file without a header naming `username` is an error.
pub fn users_from_csv(text: &str, org: &str, roles: &[Role]) -> Result<BulkPlan, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .map(|l| fields(l).iter().map(|f| key(f)).collect())
        .ok_or("the file is empty")?;
    if !header.iter().any(|h| h == "username") {
        return Err("the header row names no username column".into());
    }
    let mut plan = BulkPlan {
        action: "import users".into(),
        items: Vec::new(),
        invalid: Vec::new(),
    };
    for (n, line) in lines.enumerate() {
        let values = fields(line);
        let get = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|i| values.get(i).cloned())
                .unwrap_or_default()
        };
        let row = format!("row {}", n + 2);
        let username = get("username");
        let target = if username.is_empty() {
            row.clone()
        } else {
            username.clone()
        };
        let role = get("role");
        let role_id = match roles.iter().find(|r| r.name.eq_ignore_ascii_case(&role)) {
            Some(r) => Some(r.id),
            None if role.is_empty() => None,
            None => {
                plan.invalid.push(InvalidItem {
                    target,
                    reason: format!("{row}: no role named {role}"),
                });
                continue;
            }
        };
        let input = UserInput {
            username,
            first_name: get("firstname"),
            last_name: get("lastname"),
            display_name: get("displayname"),
            email: get("email"),
            phone_prefix: get("phoneprefix"),
            phone: get("phone"),
            role_id,
            password: None,
            generate_password: true,
        };
        let checked = validate_user(&input, true);
        if !checked.is_ok() {
            let reasons: Vec<String> = checked.fields.0.values().flatten().cloned().collect();
            plan.invalid.push(InvalidItem {
                target,
                reason: format!("{row}: {}", reasons.join(" ")),
            });
            continue;
        }
        plan.items.push(BulkItem {
            target,
            before: String::new(),
            after: format!(
                "created ({})",
                if role.is_empty() { "no role" } else { &role }
            ),
            mutation: Mutation::CreateUser {
                org: org.to_string(),
                input: Box::new(input),
            },
            undo: None,
        });
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_checked_like_the_form_and_bad_ones_left_out() {
        let roles = [Role {
            id: 2,
            name: "Organization User".into(),
        }];
        let text = "Username,First name,Last name,E-mail,Role\n\
                    ann@x.com,Ann,\"Berg, Jr\",ann@x.com,organization user\n\
                    not-an-email,Bo,Ek,bo@x.com,\n\
                    cy@x.com,Cy,Lo,cy@x.com,Boss\n";
        let plan = users_from_csv(text, "o", &roles).unwrap();
        assert_eq!(plan.items.len(), 1);
        let Mutation::CreateUser { input, .. } = &plan.items[0].mutation else {
            panic!("a create");
        };
        assert_eq!(input.last_name, "Berg, Jr");
        assert_eq!(input.role_id, Some(2));
        assert!(input.generate_password && input.password.is_none());
        assert_eq!(plan.invalid.len(), 2);
        assert!(
            plan.invalid[0].reason.contains("row 3"),
            "{:?}",
            plan.invalid
        );
        assert!(plan.invalid[1].reason.contains("no role named Boss"));
        assert!(users_from_csv("name\nx", "o", &roles).is_err());
    }
}
