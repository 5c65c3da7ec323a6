//! The console's hierarchy changes as Metal calls: an organization is made as a root
//! (`createOrganization`, with its profile), a project in its organization
//! (`createOrganizationProject`); an edit is `updateOrganization` or `updateProject`, a
//! delete `deleteOrganization` or `deleteProject`, by the change's kind. Metal has no parent
//! change and no status, so moves and statuses are refused as unsupported.
//!
//! An organization's edit reads the organization first and sends only the fields that differ
//! from it: an address the user left as it was is not sent, so the coordinates the console
//! does not show are kept (a sent address replaces the whole object). There is no version to
//! check (the spec has no ETag and no token), so the last writer wins, per field sent.
//!
//! A 422 about an address arrives under `address` ("Address zip code can't be blank"); it is
//! put under the console's key for that part (`address.postal_code`), so it lands on the
//! form's field.

use serde_json::{Map, Value};

use super::client::{MetalClient, View};
use super::wire::{Address, Organization, OrganizationInput, ProjectInput, ProjectUpdateInput};
use crate::api::{ApiError, NodeChange};
use crate::domain::FieldErrors;
use crate::domain::hierarchy::NodeKind;
use crate::domain::profile::{ADDRESS, AddressPart, BILLING_ADDRESS, NodeProfile, PostalAddress};

/// A Metal address in the console's terms.
fn postal(address: &Address) -> PostalAddress {
    PostalAddress {
        line1: address.address.clone(),
        line2: address.address2.clone(),
        city: address.city.clone(),
        state: address.state.clone(),
        postal_code: address.zip_code.clone(),
        country: address.country.clone(),
    }
}

fn wire_address(address: &PostalAddress) -> Address {
    Address {
        address: address.line1.clone(),
        address2: address.line2.clone(),
        city: address.city.clone(),
        state: address.state.clone(),
        zip_code: address.postal_code.clone(),
        country: address.country.clone(),
        coordinates: None,
    }
}

/// The organization's profile as the console holds it.
pub(super) fn profile_of(org: &Organization) -> NodeProfile {
    NodeProfile {
        description: org.description.clone(),
        website: org.website.clone(),
        twitter: org.twitter.clone(),
        address: org.address.as_ref().map(postal),
        billing_address: org.billing_address.as_ref().map(postal),
    }
}

fn some_text(text: &str) -> Option<String> {
    Some(text.to_string()).filter(|t| !t.is_empty())
}

/// `createOrganization`'s body: the name and whatever of the profile is filled in.
fn creation(name: &str, profile: Option<&NodeProfile>) -> OrganizationInput {
    let mut input = OrganizationInput::named(name);
    if let Some(profile) = profile {
        input.description = some_text(&profile.description);
        input.website = some_text(&profile.website);
        input.twitter = some_text(&profile.twitter);
        input.address = profile.address.as_ref().map(wire_address);
        input.billing_address = profile.billing_address.as_ref().map(wire_address);
    }
    input
}

/// `updateOrganization`'s body: what differs from `now`, emptied text and a removed address
/// as `null` (which clears them).
fn update_body(now: &Organization, name: &str, profile: Option<&NodeProfile>) -> Value {
    let mut body = Map::new();
    if name != now.name {
        body.insert("name".into(), Value::from(name));
    }
    let Some(profile) = profile else {
        return Value::Object(body);
    };
    let server = profile_of(now);
    let text = |t: &str| some_text(t).map_or(Value::Null, Value::from);
    for (key, mine, theirs) in [
        ("description", &profile.description, &server.description),
        ("website", &profile.website, &server.website),
        ("twitter", &profile.twitter, &server.twitter),
    ] {
        if mine != theirs {
            body.insert(key.into(), text(mine));
        }
    }
    for (key, mine, theirs) in [
        ("address", &profile.address, &server.address),
        (
            "billing_address",
            &profile.billing_address,
            &server.billing_address,
        ),
    ] {
        if mine != theirs {
            let value = mine
                .as_ref()
                .map(|a| serde_json::to_value(wire_address(a)).unwrap_or(Value::Null));
            body.insert(key.into(), value.unwrap_or(Value::Null));
        }
    }
    Value::Object(body)
}

/// The console's key for a message Metal filed under `key`: a part of an address by the
/// words after the address's name, anything else as it is.
fn neutral_key(key: &str, message: &str) -> String {
    let (prefix, words) = match key {
        "address" => (ADDRESS, "address "),
        "billing_address" => (BILLING_ADDRESS, "billing address "),
        _ => return key.to_string(),
    };
    let lower = message.to_lowercase();
    let rest = lower.strip_prefix(words).unwrap_or("");
    // `address2` before `address`, which it starts with.
    let part = [
        ("address2", AddressPart::Line2),
        ("address", AddressPart::Line1),
        ("city", AddressPart::City),
        ("state", AddressPart::State),
        ("zip code", AddressPart::PostalCode),
        ("country", AddressPart::Country),
    ]
    .into_iter()
    .find(|(word, _)| rest.starts_with(word));
    part.map_or_else(|| key.to_string(), |(_, part)| part.key_in(prefix))
}

fn neutral_fields(error: ApiError) -> ApiError {
    let ApiError::Fields(fields) = error else {
        return error;
    };
    let mut neutral = FieldErrors::default();
    for (key, messages) in fields.0 {
        for message in messages {
            neutral.add(&neutral_key(&key, &message), message);
        }
    }
    ApiError::Fields(neutral)
}

impl MetalClient {
    /// One hierarchy change; a create answers the new id.
    pub(super) async fn change(&self, change: &NodeChange) -> Result<Option<String>, ApiError> {
        use NodeKind::{Organization as Org, Project};
        let done = match change {
            NodeChange::Create {
                kind: Org,
                parent: None,
                name,
                profile,
                ..
            } => {
                let input = creation(name, profile.as_deref());
                self.create_organization(&input).await.map(|o| Some(o.id))
            }
            NodeChange::Create {
                kind: Project,
                parent: Some(org),
                name,
                ..
            } => {
                let input = ProjectInput {
                    name: name.clone(),
                    ..ProjectInput::default()
                };
                self.create_project(org, &input).await.map(|p| Some(p.id))
            }
            NodeChange::Update {
                kind: Org,
                id,
                name,
                profile,
                ..
            } => {
                let now = self.organization(id, &View::default()).await?;
                let body = update_body(&now, name, profile.as_deref());
                self.put_organization(id, &body).await.map(|_| None)
            }
            NodeChange::Update {
                kind: Project,
                id,
                name,
                ..
            } => {
                let change = ProjectUpdateInput {
                    name: Some(name.clone()),
                    tags: None,
                };
                self.update_project(id, &change).await.map(|_| None)
            }
            NodeChange::Delete { kind: Org, id, .. } => {
                self.delete_organization(id).await.map(|()| None)
            }
            NodeChange::Delete {
                kind: Project, id, ..
            } => self.delete_project(id).await.map(|()| None),
            NodeChange::Create { kind: Org, .. } => Err(ApiError::Unsupported(
                "an organization below another: Metal organizations have no parent".into(),
            )),
            NodeChange::Create { kind: Project, .. } => Err(ApiError::Unsupported(
                "a project outside an organization".into(),
            )),
            NodeChange::Move { .. } | NodeChange::SetActive { .. } => Err(ApiError::Unsupported(
                format!("{}: Metal has no such call", change.describe()),
            )),
        };
        done.map_err(neutral_fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_message_goes_to_its_part_and_others_keep_their_key() {
        assert_eq!(
            neutral_key("address", "Address zip code can't be blank"),
            "address.postal_code"
        );
        assert_eq!(
            neutral_key("address", "Address address2 is too long"),
            "address.line2"
        );
        assert_eq!(
            neutral_key(
                "billing_address",
                "Billing address country is not a valid ISO 3166-1 alpha-2 country code"
            ),
            "billing_address.country"
        );
        assert_eq!(neutral_key("address", "Address is odd"), "address");
        assert_eq!(neutral_key("name", "Name can't be blank"), "name");
    }

    #[test]
    fn an_edit_sends_what_differs_and_clears_what_was_emptied() {
        let now = Organization {
            name: "Acme".into(),
            description: "Old".into(),
            website: "https://acme.example".into(),
            address: Some(Address {
                address: "1 Road".into(),
                zip_code: "1".into(),
                country: "NL".into(),
                coordinates: Some(Default::default()),
                ..Address::default()
            }),
            ..Organization::default()
        };
        let mut profile = profile_of(&now);
        profile.description = String::new();
        let body = update_body(&now, "Acme", Some(&profile));
        assert_eq!(body, serde_json::json!({"description": null}));
        profile.address = None;
        let body = update_body(&now, "Acme 2", Some(&profile));
        assert_eq!(
            body,
            serde_json::json!({"name": "Acme 2", "description": null, "address": null})
        );
        assert_eq!(update_body(&now, "Acme", None), serde_json::json!({}));
    }
}
