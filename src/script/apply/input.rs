//! What `apply -f FILE` reads, turned into a bulk plan.
//!
//! - **CSV** goes through the console's own importers, into the one organization `--org`
//!   names: users for a provider with organization users (Cloudmore, `bulk::import`),
//!   invitations for one with people (Metal, `bulk::import_invites`). Rows the importers'
//!   rules refuse are left out with the reason, as in the console. What the console forgives
//!   a script should not: a column no importer knows (a typo would be silently dropped) or a
//!   line that does not split into the header's fields is a usage error naming the line.
//! - **JSON** is an array of changes in the journal's own form, `{target?, before?, after?,
//!   mutation}`, or of bare mutations (`{"kind": "createUser", ...}`), read with the journal's
//!   types, so what `tenantdeck` journals can be applied again.

use std::path::Path;

use serde::Deserialize;

use crate::api::{Mutation, Provider, Resource, ResourceData};
use crate::bulk::import::{fields, key, users_from_csv};
use crate::bulk::import_invites::{Destination, invites_from_csv};
use crate::bulk::plan::{BulkItem, BulkPlan};
use crate::domain::hierarchy::{Capability, NodeKind};

use super::super::Failure;
use super::super::get::find_org;

/// The columns of `bulk::import`'s user rows, as header keys.
const USER_COLUMNS: &[&str] = &[
    "username",
    "firstname",
    "lastname",
    "displayname",
    "email",
    "phoneprefix",
    "phone",
    "role",
];

/// The columns of `bulk::import_invites`' invitation rows, as header keys.
const INVITE_COLUMNS: &[&str] = &["email", "invitee", "roles", "role", "projects", "project"];

/// Whether the file holds JSON (by its extension; anything else is CSV).
pub fn is_json(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The plan of the changes in `path`; a CSV file's go to the organization `org` names.
pub async fn plan<P: Provider>(
    provider: &P,
    path: &Path,
    org: Option<&str>,
) -> Result<BulkPlan, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let why = format!("cannot read {}: {e}", path.display());
        match e.kind() {
            std::io::ErrorKind::NotFound => Failure::NotFound(why),
            _ => Failure::Usage(why),
        }
    })?;
    let named = |why: String| Failure::Usage(format!("{}: {why}", path.display()));
    if is_json(path) {
        if org.is_some() {
            // Each change names its own organization; a silently ignored flag would mislead.
            return Err(Failure::Usage(
                "--org is for a CSV file: each change of a JSON file names its own organization"
                    .into(),
            ));
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        return from_json(&text, &format!("apply {name}")).map_err(named);
    }
    let can = |c: Capability| provider.capabilities().has(c);
    let users = can(Capability::OrganizationUsers);
    let invites = can(Capability::Invitations) && can(Capability::EditMembers);
    if !users && !invites {
        return Err(Failure::Usage(
            "this provider takes no CSV changes; give a JSON file of changes".into(),
        ));
    }
    let Some(org) = org else {
        return Err(Failure::Usage(
            "a CSV file's rows go into one organization: name it with --org ID|NAME".into(),
        ));
    };
    let known = if users { USER_COLUMNS } else { INVITE_COLUMNS };
    check_csv(&text, known).map_err(named)?;
    let target = find_org(provider, org, !can(Capability::ResellerTree)).await?;
    if users {
        let roles = Resource::OrganizationRoles {
            org: target.id.clone(),
        };
        let roles = match provider.fetch(&roles).await? {
            ResourceData::Roles(roles) => roles,
            _ => Vec::new(),
        };
        return users_from_csv(&text, &target.id, &roles).map_err(named);
    }
    invites_into(provider, &text, &target.id, &target.name)
        .await
        .map_err(|e| match e {
            Failure::Usage(why) => named(why),
            other => other,
        })
}

/// Invitations into the organization `id`, checked against who is in it or invited already
/// and its projects, as the console's import checks them.
async fn invites_into<P: Provider>(
    provider: &P,
    text: &str,
    id: &str,
    name: &str,
) -> Result<BulkPlan, Failure> {
    let projects: Vec<(String, String)> = match provider.fetch(&Resource::Hierarchy).await? {
        ResourceData::Hierarchy(nodes) => nodes
            .into_iter()
            .filter(|n| n.kind == NodeKind::Project && n.parent.as_deref() == Some(id))
            .map(|n| (n.id, n.name))
            .collect(),
        _ => Vec::new(),
    };
    let node = id.to_string();
    let kind = NodeKind::Organization;
    let members = match provider.fetch(&Resource::Members { node, kind }).await? {
        ResourceData::Members(list) => list,
        _ => Vec::new(),
    };
    let node = id.to_string();
    let pending = match provider
        .fetch(&Resource::Invitations { node, kind })
        .await?
    {
        ResourceData::Invitations(list) => list,
        _ => Vec::new(),
    };
    let into = Destination {
        organization: id,
        name,
        projects: &projects,
        members: &members,
        pending: &pending,
    };
    invites_from_csv(text, &into).map_err(Failure::Usage)
}

/// Refuses what the importers would pass over in silence: an unknown column, a line with an
/// open quote or with more or fewer fields than the header. Lines are counted as in the file.
fn check_csv(text: &str, known: &[&str]) -> Result<(), String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty());
    let Some((at, header)) = lines.next() else {
        return Err("the file is empty".into());
    };
    let columns = fields(header);
    if let Some(unknown) = columns.iter().find(|c| !known.contains(&key(c).as_str())) {
        return Err(format!(
            "line {}: unknown column {unknown:?} (known: {})",
            at + 1,
            known.join(", ")
        ));
    }
    for (at, line) in lines {
        if line.matches('"').count() % 2 == 1 {
            return Err(format!("line {}: a quote is not closed", at + 1));
        }
        let count = fields(line).len();
        if count != columns.len() {
            return Err(format!(
                "line {}: {count} fields, but the header has {}",
                at + 1,
                columns.len()
            ));
        }
    }
    Ok(())
}

/// One change of a JSON file: in the journal's form, or a bare mutation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    before: String,
    #[serde(default)]
    after: Option<String>,
    mutation: Mutation,
    #[serde(default)]
    undo: Option<Box<Mutation>>,
}

impl From<Change> for BulkItem {
    fn from(change: Change) -> BulkItem {
        BulkItem {
            target: change.target.unwrap_or_else(|| change.mutation.target()),
            before: change.before,
            after: change
                .after
                .unwrap_or_else(|| change.mutation.describe().to_string()),
            mutation: change.mutation,
            undo: change.undo,
        }
    }
}

/// The plan of a JSON array of changes; an entry that is neither form is refused by its
/// number (from 1), with what serde says is wrong.
fn from_json(text: &str, action: &str) -> Result<BulkPlan, String> {
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| format!("not a JSON array of changes: {e}"))?;
    let mut plan = BulkPlan {
        action: action.to_string(),
        ..BulkPlan::default()
    };
    for (n, entry) in entries.into_iter().enumerate() {
        let journal_form = entry.get("mutation").is_some();
        let item = if journal_form {
            serde_json::from_value::<Change>(entry).map(BulkItem::from)
        } else {
            serde_json::from_value::<Mutation>(entry).map(|mutation| {
                BulkItem::from(Change {
                    target: None,
                    before: String::new(),
                    after: None,
                    mutation,
                    undo: None,
                })
            })
        };
        plan.items
            .push(item.map_err(|e| format!("change {}: {e}", n + 1))?);
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_of_users_with_every_known_column_passes_and_others_name_their_line() {
        let good = "Username,First Name,last_name,Display name,E-mail,Phone prefix,Phone,Role\n\
                    \n\
                    ann@x.com,Ann,\"Berg, Jr\",Ann,ann@x.com,+46,70,\n";
        assert_eq!(check_csv(good, USER_COLUMNS), Ok(()));
        let unknown = check_csv("username,password\nann@x.com,secret\n", USER_COLUMNS);
        assert!(
            unknown
                .as_ref()
                .unwrap_err()
                .starts_with("line 1: unknown column \"password\""),
            "{unknown:?}"
        );
        let short = check_csv("username,email\n\nann@x.com\n", USER_COLUMNS);
        assert_eq!(
            short,
            Err("line 3: 1 fields, but the header has 2".to_string())
        );
        let open = check_csv("username,email\nann@x.com,\"ann@x.com\n", USER_COLUMNS);
        assert_eq!(open, Err("line 2: a quote is not closed".to_string()));
        assert!(check_csv("email,roles,projects\na@x.com,admin,\n", INVITE_COLUMNS).is_ok());
        assert!(check_csv(" \n", USER_COLUMNS).is_err());
    }

    #[test]
    fn json_takes_the_journal_form_and_bare_mutations() {
        let text = r#"[
          {"target": "Ann", "before": "x", "after": "y",
           "mutation": {"kind": "deleteUser", "org": "o", "user": "u1"}},
          {"kind": "deleteUser", "org": "o", "user": "u2"}
        ]"#;
        let plan = from_json(text, "apply changes.json").unwrap();
        assert_eq!(plan.items.len(), 2);
        assert_eq!(plan.items[0].target, "Ann");
        assert_eq!(plan.items[0].after, "y");
        assert_eq!(
            plan.items[1].mutation,
            Mutation::DeleteUser {
                org: "o".into(),
                user: "u2".into()
            }
        );
        assert_eq!(plan.items[1].target, plan.items[1].mutation.target());
        let bad = from_json(r#"[{"kind": "deleteUser"}]"#, "a").unwrap_err();
        assert!(bad.starts_with("change 1: "), "{bad}");
        let stray = r#"[{"mutation": {"kind": "deleteUser", "org": "o", "user": "u"}, "x": 1}]"#;
        assert!(
            from_json(stray, "a").is_err(),
            "an unknown field is refused"
        );
        assert!(
            from_json("{}", "a")
                .unwrap_err()
                .starts_with("not a JSON array")
        );
    }
}
