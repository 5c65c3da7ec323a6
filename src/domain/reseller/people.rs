//! The reseller console's people as the neutral people of [`crate::domain::people`]: an
//! organization user is a [`Member`] of its organization, a reseller administrator one of the
//! reseller, each holding the one role the reseller gives. What works on people of any
//! provider (the search over everything loaded) reads them this way; the users and
//! administrators screens keep the richer types for the fields only they show and edit.

use super::model::{Administrator, SubscriptionUser, User};
use crate::domain::hierarchy::detail_fields;
use crate::domain::people::{Member, Person};

impl User {
    /// This user as a member of `org`, the organization it was listed in. A user without a
    /// role holds none (it cannot be assigned to a subscription until it has one).
    pub fn as_member(&self, org: &str) -> Member {
        let roles = match self.role_id {
            Some(_) => vec![self.role_name.clone()],
            None => Vec::new(),
        };
        Member {
            id: self.id.clone(),
            person: person(
                &self.id,
                [&self.display_name, &self.first_name, &self.last_name],
                &self.email,
                &self.username,
            ),
            container: org.to_string(),
            roles,
            extra: detail_fields([("Phone", phone(&self.phone_prefix, &self.phone))]),
            ..Member::default()
        }
    }
}

impl Administrator {
    /// This administrator as a member of the reseller. The container is left empty: it is
    /// the one account the console signed in to, which a list of administrators never names.
    pub fn as_member(&self) -> Member {
        Member {
            id: self.id.clone(),
            person: person(
                &self.id,
                [&self.display_name, &self.first_name, &self.last_name],
                &self.email,
                &self.name,
            ),
            roles: vec![self.role_name.clone()],
            extra: detail_fields([
                ("Title", self.title.clone()),
                ("Department", self.department.clone()),
                ("Phone", phone(&self.cell_phone_prefix, &self.cell_phone)),
            ]),
            ..Member::default()
        }
    }
}

impl SubscriptionUser {
    /// The person assigned (the assignment's own fields: its external id aside).
    pub fn as_person(&self) -> Person {
        let shown = [&self.display_name, "", ""];
        person(&self.user_id, shown, &self.email, &self.username)
    }
}

/// Someone from their shown, first and last names, e-mail and username; the username is
/// their login unless it only repeats the e-mail (most Cloudmore usernames are e-mails).
fn person(id: &str, [shown, first, last]: [&str; 3], email: &str, username: &str) -> Person {
    let login = if username.eq_ignore_ascii_case(email) {
        String::new()
    } else {
        username.to_string()
    };
    Person {
        id: id.to_string(),
        name: Person::name_from(shown, first, last),
        email: email.to_string(),
        login,
    }
}

fn phone(prefix: &str, number: &str) -> String {
    format!("{} {}", prefix.trim(), number.trim())
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_is_a_member_of_its_organization_with_its_one_role() {
        let user = User {
            id: "u1".into(),
            username: "ana".into(),
            first_name: "Ana".into(),
            last_name: "Costa".into(),
            email: "ana@x.io".into(),
            phone_prefix: "+46".into(),
            phone: "70 123".into(),
            role_id: Some(3),
            role_name: "Admin".into(),
            ..User::default()
        };
        let member = user.as_member("org-7");
        assert_eq!(member.id, "u1");
        assert_eq!(member.container, "org-7");
        assert_eq!(member.person.label(), "Ana Costa");
        assert_eq!(member.person.login, "ana");
        assert_eq!(member.roles_text(), "Admin");
        assert_eq!(
            member.extra,
            detail_fields([("Phone", "+46 70 123".into())])
        );
        let roleless = User {
            role_id: None,
            role_name: "Admin".into(),
            username: "ANA@x.io".into(),
            email: "ana@x.io".into(),
            ..User::default()
        }
        .as_member("org-7");
        assert!(roleless.roles.is_empty(), "a stale role name is not a role");
        assert_eq!(
            roleless.person.login, "",
            "a username that is the e-mail adds nothing"
        );
        assert_eq!(roleless.person.label(), "ana@x.io");
    }

    #[test]
    fn an_administrator_is_a_member_of_the_reseller() {
        let admin = Administrator {
            id: "a1".into(),
            name: "bo.admin".into(),
            display_name: "Bo".into(),
            email: "bo@x.io".into(),
            role_name: "Key Account".into(),
            title: "Support lead".into(),
            ..Administrator::default()
        };
        let member = admin.as_member();
        assert_eq!(member.container, "");
        assert_eq!(member.person.label(), "Bo");
        assert_eq!(member.person.login, "bo.admin");
        assert_eq!(member.roles, ["Key Account"]);
        assert_eq!(
            member.extra[0],
            ("Title".into(), "Support lead".to_string())
        );
        assert_eq!(member.extra[2], ("Phone".into(), String::new()));
    }
}
