//! Metal's memberships and invitations as the console's neutral people
//! (`domain::people`): a membership's user, when the read expanded it, is the person; an
//! invitation is pending in its organization and names the projects accepting also joins.

use std::iter;

use super::wire::{InvitationItem, Membership, Ref, User};
use crate::domain::dates::parse_time;
use crate::domain::hierarchy::{DetailField, detail_fields};
use crate::domain::people::{Invitation, Member, Person};

/// The fields that have a value, in order.
fn filled(fields: Vec<(&'static str, String)>) -> Vec<DetailField> {
    detail_fields(
        fields
            .into_iter()
            .filter(|(_, value)| !value.trim().is_empty()),
    )
}

/// The role words that say something (a `null` in the list reads as an empty one).
fn roles(words: &[String]) -> Vec<String> {
    words
        .iter()
        .filter(|word| !word.trim().is_empty())
        .cloned()
        .collect()
}

/// The id a reference names, unless it names none (a `null` reads as an empty stub).
fn id_of<T: super::wire::Linked>(reference: Option<&Ref<T>>) -> Option<&str> {
    reference.map(Ref::id).filter(|id| !id.is_empty())
}

/// A user, whole or (not expanded) just the id at the end of the link.
fn person(user: &Ref<User>) -> Person {
    let Ref::Object(user) = user else {
        return Person {
            id: user.id().to_string(),
            ..Person::default()
        };
    };
    Person {
        id: user.id.clone(),
        name: Person::name_from(&user.full_name, &user.first_name, &user.last_name),
        email: user.email.clone(),
        login: String::new(),
    }
}

/// What the detail pane shows of a user beyond name and e-mail.
fn user_fields(user: Option<&Ref<User>>) -> Vec<(&'static str, String)> {
    let Some(user) = user.and_then(Ref::object) else {
        return Vec::new();
    };
    vec![
        ("Short id", user.short_id.clone()),
        ("Phone", user.phone_number.clone()),
        ("Timezone", user.timezone.clone()),
        ("Two-factor", user.two_factor_auth.clone()),
        ("Last login", user.last_login_at.clone()),
        ("User link", user.href.clone()),
    ]
}

/// A membership of the node `asked` (a project's membership names its project, which wins).
pub fn member(membership: &Membership, asked: &str) -> Member {
    let mut extra = user_fields(membership.user.as_ref());
    extra.push(("Link", membership.href.clone()));
    Member {
        id: membership.id.clone(),
        person: membership.user.as_ref().map(person).unwrap_or_default(),
        container: id_of(membership.project.as_ref())
            .unwrap_or(asked)
            .to_string(),
        roles: roles(&membership.roles),
        status: String::new(),
        created: parse_time(&membership.created_at),
        updated: parse_time(&membership.updated_at),
        extra: filled(extra),
    }
}

/// A membership as an organization lists it: whole when expanded, else only its id.
pub fn member_ref(membership: &Ref<Membership>, org: &str) -> Member {
    match membership {
        Ref::Object(membership) => member(membership, org),
        Ref::Stub(href) => Member {
            id: href.id().to_string(),
            container: org.to_string(),
            ..Member::default()
        },
    }
}

/// An item of an organization's invitation list. The nonce is left out on purpose: whoever
/// holds it may accept.
pub fn invitation(item: &InvitationItem, org: &str) -> Invitation {
    match item {
        InvitationItem::Invitation(invitation) => {
            let pending_in = id_of(invitation.organization.as_ref()).unwrap_or(org);
            let projects = invitation.projects.iter().map(Ref::id);
            Invitation {
                id: invitation.id.clone(),
                invitee: invitation.invitee.clone(),
                roles: roles(&invitation.roles),
                containers: iter::once(pending_in)
                    .chain(projects)
                    .filter(|id| !id.is_empty())
                    .map(str::to_string)
                    .collect(),
                inviter: invitation
                    .invited_by
                    .as_ref()
                    .map(person)
                    .filter(|p| !p.label().is_empty()),
                created: parse_time(&invitation.created_at),
                expires: None,
                extra: filled(vec![("Link", invitation.href.clone())]),
            }
        }
        // The spec types the list's items as memberships: such an item is read as one
        // whose user is the invitee.
        InvitationItem::Membership(membership) => {
            let member = member(membership, org);
            let mut containers = vec![org.to_string()];
            if member.container != org {
                containers.push(member.container);
            }
            Invitation {
                id: member.id,
                invitee: member.person.email,
                roles: member.roles,
                containers,
                inviter: None,
                created: member.created,
                expires: None,
                extra: member.extra,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lenient;
    use serde_json::json;

    #[test]
    fn a_membership_is_a_member_of_its_project_with_the_user_s_fields() {
        let membership: Membership = lenient::from_value(json!({
            "id": "m1", "href": "/metal/v1/memberships/m1", "roles": ["admin"],
            "project": {"href": "/metal/v1/projects/p1"},
            "user": {"id": "u1", "first_name": " Ana ", "last_name": "Costa", "full_name": null,
                     "email": "ana@example.com", "timezone": "Europe/Lisbon"},
            "created_at": "2026-01-02T03:04:05Z"
        }))
        .unwrap();
        let member = member(&membership, "asked");
        assert_eq!(member.container, "p1");
        assert_eq!(member.person.name, "Ana Costa");
        assert_eq!(member.person.label(), "Ana Costa");
        assert_eq!(member.roles, ["admin"]);
        assert!(member.created.is_some() && member.updated.is_none());
        assert!(
            member
                .extra
                .contains(&("Timezone".into(), "Europe/Lisbon".into()))
        );
        assert!(!member.extra.iter().any(|(label, _)| *label == "Phone"));

        let stub: Membership =
            lenient::from_value(json!({"id": "m2", "user": {"href": "/metal/v1/users/u2"}}))
                .unwrap();
        let member = super::member(&stub, "org");
        assert_eq!(
            (member.container.as_str(), member.person.label()),
            ("org", "u2")
        );
    }

    #[test]
    fn an_invitation_is_pending_in_its_organization_and_names_its_projects() {
        let items: Vec<InvitationItem> = lenient::from_value(json!([
            {"id": "i1", "invitee": "sam@example.com", "nonce": "secret-nonce",
             "roles": ["collaborator"], "organization": {"href": "/metal/v1/organizations/o1"},
             "projects": [{"href": "/metal/v1/projects/p1"}],
             "invited_by": {"id": "u1", "full_name": "Morgan Lee"}},
            {"id": "m1", "roles": ["billing"], "project": {"href": "/metal/v1/projects/p2"},
             "user": {"id": "u2", "email": "kenji@example.com"}}
        ]))
        .unwrap();
        let first = invitation(&items[0], "asked");
        assert_eq!(first.containers, ["o1", "p1"]);
        assert_eq!(
            first.inviter.as_ref().map(Person::label),
            Some("Morgan Lee")
        );
        assert!(!format!("{first:?}").contains("secret-nonce"));
        let second = invitation(&items[1], "o1");
        assert_eq!(second.invitee, "kenji@example.com");
        assert_eq!(second.containers, ["o1", "p2"]);
        assert_eq!(second.roles, ["billing"]);
    }
}
