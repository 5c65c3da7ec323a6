//! Equinix Metal's JSON as it comes off the wire, in the schemas of the official spec
//! (`shared/specs/equinix-metal-oas3.json`), read leniently with `domain::lenient`: `null` as
//! missing, numbers as text where text is expected, unknown fields ignored. Times stay the
//! RFC 3339 text the server sent.
//!
//! A reference to another object is an `{href}` stub unless the request's `include` expanded
//! it (and a project's `organization` is whole unless excluded): [`Ref`] holds either. The
//! write bodies (`*Input`) send only what is set, because a Metal PUT changes the fields it is
//! sent and a `null` would clear one.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::domain::lenient;

/// `Href`: a link to an object, `/metal/v1/<collection>/<id>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Href {
    pub href: String,
}

impl Href {
    /// The id at the end of the link (before any query).
    pub fn id(&self) -> &str {
        let path = self.href.split(['?', '#']).next().unwrap_or("");
        path.trim_end_matches('/').rsplit('/').next().unwrap_or("")
    }
}

/// A reference to another object: its `{href}` stub, or the object itself when the request
/// expanded it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ref<T> {
    Stub(Href),
    Object(Box<T>),
}

impl<T> Ref<T> {
    /// The object, when it was expanded.
    pub fn object(&self) -> Option<&T> {
        match self {
            Ref::Object(object) => Some(object),
            Ref::Stub(_) => None,
        }
    }
}

/// What every referenced type has: an id and its own link.
pub trait Linked {
    fn id(&self) -> &str;
}

impl<T: Linked> Ref<T> {
    /// The id, from the object or the end of the stub's link.
    pub fn id(&self) -> &str {
        match self {
            Ref::Stub(href) => href.id(),
            Ref::Object(object) => object.id(),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Ref<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        // A stub has nothing but its link; anything more is the expanded object. A bare
        // string is taken as the link itself.
        let stub = match &value {
            Value::Null => Some(String::new()),
            Value::String(href) => Some(href.clone()),
            Value::Object(map) if map.keys().all(|k| k == "href") => Some(
                map.get("href")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            ),
            _ => None,
        };
        if let Some(href) = stub {
            return Ok(Ref::Stub(Href { href }));
        }
        lenient::from_value(value)
            .map(|object| Ref::Object(Box::new(object)))
            .map_err(serde::de::Error::custom)
    }
}

/// `Coordinates` of an address: the spec types both as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Coordinates {
    pub latitude: String,
    pub longitude: String,
}

/// `Address`: `address`, `zip_code` and `country` (ISO 3166-1 alpha-2) are required on a
/// write.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    pub address: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub address2: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub city: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub state: String,
    pub zip_code: String,
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
}

/// `Organization`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Organization {
    pub id: String,
    pub href: String,
    pub name: String,
    pub description: String,
    pub website: String,
    pub twitter: String,
    pub logo: String,
    pub address: Option<Address>,
    pub billing_address: Option<Address>,
    /// Free-form JSON the customer keeps on the organization (an object, as the spec has it;
    /// anything else is kept as it came rather than losing the organization).
    pub customdata: Value,
    /// When two-factor authentication became (or becomes) required; `None`: not enforced.
    pub enforce_2fa_at: Option<String>,
    pub credit_amount: Option<f64>,
    pub terms: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub projects: Vec<Ref<Project>>,
    /// The organization memberships (those without a project).
    pub memberships: Vec<Ref<Membership>>,
    pub members: Vec<Ref<User>>,
}

/// `Project`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Project {
    pub id: String,
    pub href: String,
    pub name: String,
    /// `default` or `vmce`.
    #[serde(rename = "type")]
    pub kind: String,
    pub tags: Vec<String>,
    pub customdata: Value,
    pub backend_transfer_enabled: bool,
    pub created_at: String,
    pub updated_at: String,
    /// Whole by default (the spec types it as an `Organization`), a stub when excluded.
    pub organization: Option<Ref<Organization>>,
    pub payment_method: Option<Href>,
    pub memberships: Vec<Ref<Membership>>,
    pub members: Vec<Ref<User>>,
    pub invitations: Vec<Ref<Invitation>>,
}

/// `Membership`: with a `project`, that project's; without, the organization's.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Membership {
    pub id: String,
    pub href: String,
    pub roles: Vec<String>,
    pub user: Option<Ref<User>>,
    pub project: Option<Ref<Project>>,
    pub created_at: String,
    pub updated_at: String,
}

/// `Invitation`: someone (by e-mail) asked to join an organization and some of its projects.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Invitation {
    pub id: String,
    pub href: String,
    pub invitee: String,
    pub nonce: String,
    pub roles: Vec<String>,
    pub organization: Option<Ref<Organization>>,
    pub invited_by: Option<Ref<User>>,
    pub projects: Vec<Ref<Project>>,
    pub created_at: String,
    pub updated_at: String,
}

/// An item of an invitation list. The spec's `InvitationList` types its items as
/// `Membership`, while servers send invitations: an item with an `invitee` or a `nonce` is an
/// invitation, anything else is read as the spec says.
#[derive(Debug, Clone, PartialEq)]
pub enum InvitationItem {
    Invitation(Invitation),
    Membership(Membership),
}

impl InvitationItem {
    pub fn id(&self) -> &str {
        match self {
            InvitationItem::Invitation(i) => &i.id,
            InvitationItem::Membership(m) => &m.id,
        }
    }

    pub fn roles(&self) -> &[String] {
        match self {
            InvitationItem::Invitation(i) => &i.roles,
            InvitationItem::Membership(m) => &m.roles,
        }
    }

    /// The invitation, when the item is one.
    pub fn invitation(&self) -> Option<&Invitation> {
        match self {
            InvitationItem::Invitation(i) => Some(i),
            InvitationItem::Membership(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for InvitationItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let is_invitation = ["invitee", "nonce", "invited_by"]
            .iter()
            .any(|key| value.get(key).is_some_and(|v| !v.is_null()));
        let item = if is_invitation {
            lenient::from_value(value).map(InvitationItem::Invitation)
        } else {
            lenient::from_value(value).map(InvitationItem::Membership)
        };
        item.map_err(serde::de::Error::custom)
    }
}

/// `User`; `GET /user` adds the defaults and limits of the account.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct User {
    pub id: String,
    pub href: String,
    pub short_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub full_name: String,
    pub avatar_url: String,
    pub avatar_thumb_url: String,
    pub phone_number: String,
    pub timezone: String,
    /// `""` or `app`.
    pub two_factor_auth: String,
    pub customdata: Value,
    pub default_organization_id: String,
    pub default_project_id: String,
    pub max_organizations: Option<i64>,
    pub max_projects: Option<i64>,
    pub last_login_at: String,
    pub created_at: String,
    pub updated_at: String,
}

macro_rules! linked {
    ($($kind:ty),*) => {
        $(impl Linked for $kind {
            fn id(&self) -> &str {
                &self.id
            }
        })*
    };
}
linked!(Organization, Project, Membership, Invitation, User);

/// `Meta`: where a list page sits; `next` is left out on the last page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Meta {
    pub first: Option<Href>,
    pub previous: Option<Href>,
    #[serde(rename = "self")]
    pub this: Option<Href>,
    pub next: Option<Href>,
    pub last: Option<Href>,
    pub total: i64,
    pub current_page: i64,
    pub last_page: i64,
}

/// `OrganizationInput`, for a create (`name` required) or an update (only what is set is
/// sent, and changed).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OrganizationInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub twitter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customdata: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enforce_2fa_at: Option<String>,
}

impl OrganizationInput {
    /// An organization with just a name.
    pub fn named(name: &str) -> OrganizationInput {
        OrganizationInput {
            name: Some(name.to_string()),
            ..OrganizationInput::default()
        }
    }
}

/// `ProjectCreateInput`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProjectInput {
    pub name: String,
    /// `default` (when `None`) or `vmce`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customdata: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method_id: Option<String>,
}

/// `ProjectUpdateInput`: only what is set is sent, and changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProjectUpdateInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// `UserUpdateInput`, without its `password` (the console never handles one): only what is set
/// is sent, and changed; `phone_number: Some("")` clears it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UserUpdateInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customdata: Option<Value>,
}

/// `InvitationInput`; no roles sends none, and the server picks its default.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct InvitationInput {
    pub invitee: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub projects_ids: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_are_stubs_or_objects_and_nulls_and_unknown_fields_are_fine() {
        let org: Organization = lenient::from_value(json!({
            "id": "o1", "name": null, "credit_amount": "12.5", "terms": 3, "future": [1],
            "address": {"address": "1 Main St", "zip_code": 12345, "country": "NL",
                        "coordinates": {"latitude": 52.1, "longitude": null}},
            "billing_address": null, "enforce_2fa_at": null, "customdata": null,
            "projects": [{"href": "/metal/v1/projects/p1"},
                         {"id": "p2", "name": "Two", "organization": {"href": "/metal/v1/organizations/o1"}}],
            "members": [null]
        }))
        .unwrap();
        assert_eq!(org.name, "");
        assert_eq!(org.credit_amount, Some(12.5));
        let address = org.address.unwrap();
        assert_eq!(address.zip_code, "12345");
        assert_eq!(address.coordinates.unwrap().latitude, "52.1");
        assert!(org.billing_address.is_none() && org.enforce_2fa_at.is_none());
        assert_eq!(org.projects[0].id(), "p1");
        assert!(org.projects[0].object().is_none());
        let two = org.projects[1].object().unwrap();
        assert_eq!((two.id.as_str(), two.name.as_str()), ("p2", "Two"));
        assert_eq!(two.organization.as_ref().unwrap().id(), "o1");
        assert_eq!(org.members[0].id(), "", "a null reference is an empty stub");
    }

    #[test]
    fn an_invitation_list_item_is_an_invitation_or_the_spec_s_membership() {
        let items: Vec<InvitationItem> = lenient::from_value(json!([
            {"id": "i1", "invitee": "a@example.com", "roles": ["admin"],
             "organization": {"href": "/metal/v1/organizations/o1"}},
            {"id": "m1", "roles": ["collaborator"], "user": {"href": "/metal/v1/users/u1"}}
        ]))
        .unwrap();
        let invitation = items[0].invitation().unwrap();
        assert_eq!(invitation.invitee, "a@example.com");
        assert_eq!(invitation.organization.as_ref().unwrap().id(), "o1");
        let InvitationItem::Membership(membership) = &items[1] else {
            panic!("{items:?}");
        };
        assert_eq!(membership.user.as_ref().unwrap().id(), "u1");
        assert_eq!(items[1].roles(), ["collaborator"]);
    }

    #[test]
    fn inputs_send_only_what_is_set() {
        let input = OrganizationInput {
            description: Some("d".into()),
            ..OrganizationInput::named("N")
        };
        assert_eq!(
            serde_json::to_value(&input).unwrap(),
            json!({"name": "N", "description": "d"})
        );
        let project = ProjectInput {
            name: "P".into(),
            ..ProjectInput::default()
        };
        assert_eq!(
            serde_json::to_value(&project).unwrap(),
            json!({"name": "P"})
        );
    }
}
