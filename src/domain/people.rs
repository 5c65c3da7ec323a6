//! People of an organization hierarchy, in no provider's terms: who belongs to a node (an
//! organization or a project) with the roles they hold there ([`Member`]), and who has been
//! asked to join and not answered yet ([`Invitation`]). A provider maps its wire records onto
//! these (Equinix Metal's memberships and invitations); the screens never see the wire types.
//!
//! Cloudmore's organization users and reseller administrators are people too: each is a
//! [`Member`] of its organization, or of the reseller, holding one role
//! (`domain::reseller::people`). What works on people of any provider (the search) reads them
//! as members; the reseller screens keep their richer types for what only they show.
//!
//! Text stays as the server sent it, as in [`super::hierarchy`]: ids and role words go back
//! to the server exactly, and a name is data that `ui::text` cleans where it is drawn.
//! Their serde forms are what the disk cache keeps.

use serde::{Deserialize, Serialize};

use super::hierarchy::DetailField;

/// Someone as a provider knows them, wherever they belong.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Person {
    /// The person's own id, the same in every node they belong to (Metal's user id).
    pub id: String,
    /// As the provider gives it (Metal's `full_name`, else first and last name); may be empty.
    pub name: String,
    pub email: String,
    /// The name they sign in with where it is not their e-mail (Cloudmore's username); empty
    /// when the provider signs people in by e-mail (Metal).
    pub login: String,
}

impl Person {
    /// A name from what a provider keeps: the one it shows (a display or full name), else the
    /// first and last names.
    pub fn name_from(shown: &str, first: &str, last: &str) -> String {
        if shown.trim().is_empty() {
            format!("{} {}", first.trim(), last.trim())
                .trim()
                .to_string()
        } else {
            shown.to_string()
        }
    }

    /// What to call them: the name, else the e-mail, else the id (a reference the server did
    /// not expand has nothing more).
    pub fn label(&self) -> &str {
        [&self.name, &self.email, &self.id]
            .into_iter()
            .map(|text| text.trim())
            .find(|text| !text.is_empty())
            .unwrap_or("")
    }
}

/// A person's place in one node: a Metal membership, a Cloudmore organization user or
/// reseller administrator.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Member {
    /// Of the membership itself, not of the person: what a change of roles or a removal
    /// names (Metal's membership id; Cloudmore's would be the user's id).
    pub id: String,
    pub person: Person,
    /// The id of the node it is a membership of.
    pub container: String,
    /// The provider's words for the roles held there, as sent (`owner`, `collaborator`).
    pub roles: Vec<String>,
    /// The provider's word for the member's state where it has one; empty when it has none
    /// (Metal).
    pub status: String,
    /// Epoch milliseconds.
    pub created: Option<i64>,
    pub updated: Option<i64>,
    /// Fields of the detail pane beyond the ones above, in display order.
    pub extra: Vec<DetailField>,
}

impl Member {
    /// The roles as one line: `owner, admin`, or `—` with none.
    pub fn roles_text(&self) -> String {
        roles_text(&self.roles)
    }
}

/// Someone asked, by e-mail, to join a node and not answered yet.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Invitation {
    pub id: String,
    /// The e-mail address it was sent to (the invitee is not a known person yet).
    pub invitee: String,
    /// The roles accepting gives, in the provider's words.
    pub roles: Vec<String>,
    /// The nodes accepting joins: the one it is pending in first (a Metal organization), then
    /// those below it it also names (Metal projects), as sent.
    pub containers: Vec<String>,
    /// Who sent it, when the provider says.
    pub inviter: Option<Person>,
    /// Epoch milliseconds.
    pub created: Option<i64>,
    /// When it stops being valid; `None` when the provider sets no end (Metal).
    pub expires: Option<i64>,
    /// Fields of the detail pane beyond the ones above, in display order.
    pub extra: Vec<DetailField>,
}

impl Invitation {
    /// The roles as one line: `owner, admin`, or `—` with none.
    pub fn roles_text(&self) -> String {
        roles_text(&self.roles)
    }

    /// The nodes it names besides the one it is pending in.
    pub fn also_for(&self) -> &[String] {
        self.containers.get(1..).unwrap_or(&[])
    }
}

fn roles_text(roles: &[String]) -> String {
    if roles.is_empty() {
        "—".into()
    } else {
        roles.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_called_by_name_else_e_mail_else_id() {
        let mut person = Person {
            id: "u1".into(),
            name: "  ".into(),
            email: "a@example.com".into(),
            login: String::new(),
        };
        assert_eq!(person.label(), "a@example.com");
        person.email.clear();
        assert_eq!(person.label(), "u1");
        person.name = "Ana Costa".into();
        assert_eq!(person.label(), "Ana Costa");
        assert_eq!(Person::name_from("", " Ana ", "Costa "), "Ana Costa");
        assert_eq!(Person::name_from("", " ", ""), "");
        assert_eq!(Person::name_from("Ana C.", "Ana", "Costa"), "Ana C.");
    }

    #[test]
    fn roles_read_as_one_line_and_an_invitation_names_what_it_adds() {
        let invitation = Invitation {
            roles: vec!["admin".into(), "billing".into()],
            containers: vec!["org".into(), "p1".into(), "p2".into()],
            ..Invitation::default()
        };
        assert_eq!(invitation.roles_text(), "admin, billing");
        assert_eq!(invitation.also_for(), ["p1", "p2"]);
        assert_eq!(Invitation::default().also_for(), [] as [String; 0]);
        assert_eq!(Member::default().roles_text(), "—");
    }
}
