//! The rules a people write must keep, shared by the console's forms and the stand-in that
//! refuses them: the role words (Equinix Metal's enum, the one provider with people writes so
//! far), which of them manage an organization, that an organization keeps one who does, and
//! what an invitee's address must look like.

use super::hierarchy::NodeKind;
use super::people::Member;

/// The roles an invitation gives and a project membership holds (the spec's
/// `InvitationInput.roles` enum).
pub const INVITATION_ROLES: &[&str] = &["admin", "billing", "collaborator", "limited_collaborator"];

/// An organization membership may also be `owner` (whoever made the organization).
pub const ORGANIZATION_ROLES: &[&str] = &[
    "owner",
    "admin",
    "billing",
    "collaborator",
    "limited_collaborator",
];

/// The roles that manage an organization (change and remove members, invite).
pub const MANAGING_ROLES: &[&str] = &["owner", "admin"];

/// What an invitation without roles gives.
pub const DEFAULT_INVITATION_ROLE: &str = "collaborator";

/// The roles a member of a node of `kind` may hold.
pub fn roles_for(kind: NodeKind) -> &'static [&'static str] {
    match kind {
        NodeKind::Organization => ORGANIZATION_ROLES,
        NodeKind::Project => INVITATION_ROLES,
    }
}

pub fn manages(roles: &[String]) -> bool {
    roles.iter().any(|r| MANAGING_ROLES.contains(&r.as_str()))
}

/// Why a change of an organization's members would leave it with no owner or admin: `member`
/// is the last one who manages it and would no longer (`roles` `None`: removed). Project
/// memberships are not counted.
pub fn leaves_no_manager(
    kind: NodeKind,
    members: &[Member],
    member: &str,
    roles: Option<&[String]>,
) -> Option<String> {
    if kind != NodeKind::Organization || roles.is_some_and(manages) {
        return None;
    }
    let managers: Vec<&Member> = members.iter().filter(|m| manages(&m.roles)).collect();
    matches!(managers.as_slice(), [only] if only.id == member).then(|| {
        "an organization must keep at least one owner or admin, and this is the last one".into()
    })
}

/// Whether `text` is shaped like an e-mail address: one `@`, something before it, a dotted
/// domain after it, no spaces (what the Metal stand-in takes as an invitee).
pub fn is_invitee(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, roles: &[&str]) -> Member {
        Member {
            id: id.into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            ..Member::default()
        }
    }

    #[test]
    fn the_last_owner_or_admin_is_kept_and_others_go() {
        let org = NodeKind::Organization;
        let one = [member("a", &["owner"]), member("b", &["billing"])];
        assert!(leaves_no_manager(org, &one, "a", None).is_some());
        let billing = ["billing".to_string()];
        assert!(leaves_no_manager(org, &one, "a", Some(&billing)).is_some());
        let admin = ["admin".to_string()];
        assert!(leaves_no_manager(org, &one, "a", Some(&admin)).is_none());
        assert!(leaves_no_manager(org, &one, "b", None).is_none());
        let two = [member("a", &["owner"]), member("c", &["admin", "billing"])];
        assert!(leaves_no_manager(org, &two, "a", None).is_none());
        assert!(leaves_no_manager(NodeKind::Project, &one, "a", None).is_none());
    }

    #[test]
    fn an_invitee_is_an_address() {
        assert!(is_invitee("sam@example.com") && is_invitee("a.b+c@mail.example.org"));
        for bad in [
            "",
            "sam",
            "sam@",
            "@x.io",
            "sam@x",
            "a@b@c.io",
            "sam @x.io",
            "s@x..io",
        ] {
            assert!(!is_invitee(bad), "{bad}");
        }
        assert_eq!(roles_for(NodeKind::Project), INVITATION_ROLES);
    }
}
