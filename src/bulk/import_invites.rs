//! Invitations from a CSV file, into one organization: the header row names the columns (any
//! order, case and separators ignored): `email` (or `invitee`), `roles` and `projects`, the
//! last two lists separated by `;` or `|`. Each row is checked as the invite form checks it —
//! an address, roles of the enum (none: the server's default), projects of this organization
//! by name or id — and so is who is a member or invited already, and an address twice in the
//! file; the rows that fail are left out with the reason. Nothing is sent from here.

use crate::api::{Mutation, PeopleChange};
use crate::domain::people::{Invitation, Member};
use crate::domain::people_rules::{INVITATION_ROLES, is_invitee};

use super::import::{fields, key};
use super::plan::{BulkItem, BulkPlan, InvalidItem};

/// The organization the rows are invited to, and what it has now.
pub struct Destination<'a> {
    pub organization: &'a str,
    pub name: &'a str,
    /// Its projects: id and name.
    pub projects: &'a [(String, String)],
    pub members: &'a [Member],
    pub pending: &'a [Invitation],
}

fn list(text: &str) -> Vec<String> {
    text.split([';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Builds the plan for inviting every row of `text`. A file without a header naming an
/// `email` (or `invitee`) column is an error.
pub fn invites_from_csv(text: &str, into: &Destination) -> Result<BulkPlan, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .map(|l| fields(l).iter().map(|f| key(f)).collect())
        .ok_or("the file is empty")?;
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let email_at =
        column(&["email", "invitee"]).ok_or("the header row names no email (or invitee) column")?;
    let (roles_at, projects_at) = (column(&["roles", "role"]), column(&["projects", "project"]));
    let mut plan = BulkPlan {
        action: format!("invite to {}", into.name),
        ..BulkPlan::default()
    };
    let mut seen: Vec<String> = Vec::new();
    for (n, line) in lines.enumerate() {
        let values = fields(line);
        let get = |at: Option<usize>| at.and_then(|i| values.get(i).cloned()).unwrap_or_default();
        let email = get(Some(email_at));
        let row = format!("row {}", n + 2);
        let target = if email.is_empty() {
            row.clone()
        } else {
            email.clone()
        };
        match check_row(&email, &get(roles_at), &get(projects_at), into, &seen) {
            Ok((roles, projects)) => {
                seen.push(email.to_lowercase());
                let after = if roles.is_empty() {
                    "invited".into()
                } else {
                    roles.join(", ")
                };
                let change = PeopleChange::Invite {
                    organization: into.organization.to_string(),
                    email,
                    roles,
                    projects,
                    place: into.name.to_string(),
                };
                plan.items.push(BulkItem {
                    target,
                    before: "not invited".into(),
                    after,
                    mutation: Mutation::People(change),
                    undo: None,
                });
            }
            Err(why) => plan.invalid.push(InvalidItem {
                target,
                reason: format!("{row}: {why}"),
            }),
        }
    }
    Ok(plan)
}

/// The roles and project ids of one row, or why it is left out.
fn check_row(
    email: &str,
    roles: &str,
    projects: &str,
    into: &Destination,
    seen: &[String],
) -> Result<(Vec<String>, Vec<String>), String> {
    if !is_invitee(email) {
        return Err(format!("{email:?} is not an e-mail address"));
    }
    let same = |other: &str| other.trim().eq_ignore_ascii_case(email);
    if seen.iter().any(|s| same(s)) {
        return Err("the same address is on an earlier row".into());
    }
    if into.members.iter().any(|m| same(&m.person.email)) {
        return Err("already a member".into());
    }
    if into.pending.iter().any(|i| same(&i.invitee)) {
        return Err("already invited".into());
    }
    let roles = list(roles);
    if let Some(bad) = roles
        .iter()
        .find(|r| !INVITATION_ROLES.contains(&r.as_str()))
    {
        return Err(format!(
            "no role {bad} (roles: {})",
            INVITATION_ROLES.join(", ")
        ));
    }
    let mut ids = Vec::new();
    for wanted in list(projects) {
        let found = into
            .projects
            .iter()
            .find(|(id, name)| *id == wanted || name.eq_ignore_ascii_case(&wanted));
        match found {
            Some((id, _)) => ids.push(id.clone()),
            None => return Err(format!("no project {wanted} in {}", into.name)),
        }
    }
    Ok((roles, ids))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::Person;

    #[test]
    fn rows_are_checked_like_the_form_and_bad_ones_left_out() {
        let projects = [("p1".to_string(), "Edge".to_string())];
        let members = [Member {
            person: Person {
                email: "ana@x.io".into(),
                ..Person::default()
            },
            ..Member::default()
        }];
        let pending = [Invitation {
            invitee: "bo@x.io".into(),
            ..Invitation::default()
        }];
        let into = Destination {
            organization: "o",
            name: "Acme",
            projects: &projects,
            members: &members,
            pending: &pending,
        };
        let text = "E-mail,Roles,Projects\n\
                    cy@x.io,admin;billing,edge\n\
                    not-an-address,,\n\
                    ANA@x.io,,\n\
                    bo@x.io,,\n\
                    dee@x.io,boss,\n\
                    eve@x.io,,Core\n\
                    Cy@x.io,,\n\
                    fay@x.io,,p1\n";
        let plan = invites_from_csv(text, &into).unwrap();
        let made: Vec<&str> = plan.items.iter().map(|i| i.target.as_str()).collect();
        assert_eq!(made, ["cy@x.io", "fay@x.io"]);
        let Mutation::People(PeopleChange::Invite {
            roles, projects, ..
        }) = &plan.items[0].mutation
        else {
            panic!("an invite");
        };
        assert_eq!(
            (roles.as_slice(), projects.as_slice()),
            (
                &["admin".to_string(), "billing".into()][..],
                &["p1".to_string()][..]
            )
        );
        let reasons: Vec<&str> = plan.invalid.iter().map(|i| i.reason.as_str()).collect();
        assert_eq!(reasons.len(), 6, "{reasons:?}");
        for (reason, needle) in reasons.iter().zip([
            "row 3: \"not-an-address\" is not",
            "row 4: already a member",
            "row 5: already invited",
            "row 6: no role boss",
            "row 7: no project Core",
            "row 8: the same address",
        ]) {
            assert!(reason.starts_with(needle), "{reason}");
        }
        assert!(invites_from_csv("name\nx", &into).is_err());
    }
}
