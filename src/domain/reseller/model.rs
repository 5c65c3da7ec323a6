//! The reseller console's resources as Cloudmore sends them (camelCase JSON).
//!
//! Field sets follow the seed documents where they show a body and `docs/ASSUMPTIONS.md` where the
//! public material is silent. Every field defaults, so a response with fewer fields than we know
//! still decodes; the client reads responses through [`crate::domain::lenient`], which also takes `null`
//! for a missing field and numbers and text for each other.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// A role of an organization user or a reseller administrator (`{id, name}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Role {
    pub id: i64,
    pub name: String,
}

/// Primary contact person of an organization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationContact {
    pub name: String,
    pub job_title: String,
    pub email: String,
    pub phone_prefix: String,
    pub phone: String,
    pub cell_phone_prefix: String,
    pub cell_phone: String,
}

/// Postal address of an organization; the street line is called `address` on the wire, as in
/// the broker model of the seed documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationAddress {
    #[serde(rename = "address")]
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country_code: String,
}

/// One row of the organizations list (`OrganizationViewModel`): what a tree row needs. No
/// example of it is public, so the names research offers besides ours are read too
/// (`docs/ASSUMPTIONS.md`, issue 15.7); a row carrying both spellings of one field is refused
/// by serde as a duplicate and left out like any unreadable row.
///
/// The one type held 100,000 times: its texts are [`CompactString`]s, which keep up to 24 bytes
/// in place (a name, a customer number, a domain, a date) instead of one allocation each, and
/// the rare address is boxed: a row is 160 bytes and most of its texts need no allocation of
/// their own (a GUID id, 36 bytes, does), where six `String`s and an unboxed address made 248
/// bytes and six allocations. A warm start no longer waits for 600,000 of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationSummary {
    pub id: CompactString,
    pub name: CompactString,
    pub customer_number: CompactString,
    /// The broker model of the seeds calls it `domain`.
    #[serde(alias = "domain")]
    pub primary_domain: CompactString,
    #[serde(alias = "active")]
    pub is_active: bool,
    pub country_code: CompactString,
    /// A row shaped like the detail keeps its country here instead; see [`Self::country`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Box<OrganizationAddress>>,
    /// Not in the public docs' examples; empty when the API leaves it out (then sorting by
    /// it falls back to the name).
    pub created_date: CompactString,
}

impl OrganizationSummary {
    /// The country code, from the row itself or else from its address.
    pub fn country(&self) -> &str {
        match &self.address {
            Some(address) if self.country_code.is_empty() => &address.country_code,
            _ => &self.country_code,
        }
    }
}

/// Full organization details (`OrganizationDetailViewModel`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub customer_number: String,
    pub registration_number: String,
    pub vat: String,
    #[serde(alias = "domain")]
    pub primary_domain: String,
    pub notification_email: String,
    #[serde(alias = "active")]
    pub is_active: bool,
    pub created_date: String,
    pub contact: OrganizationContact,
    pub address: OrganizationAddress,
    /// The broker's organization custom properties (`DetailViewCustomProperty`, assumed
    /// `{propertyId, name, value}` like a service's); a value of any JSON kind, or `null`,
    /// reads as text.
    pub custom_properties: Vec<CustomPropertyValue>,
}

/// Body of organization create (POST) and update (PUT).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationInput {
    pub name: String,
    pub customer_number: String,
    pub registration_number: String,
    pub vat: String,
    pub primary_domain: String,
    pub notification_email: String,
    pub is_active: bool,
    pub contact: OrganizationContact,
    pub address: OrganizationAddress,
    /// `Organization{Create,Update}CustomProperty` (assumed `{propertyId, value}`). Values
    /// left out are kept on update; an empty list is left off the wire.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_properties: Vec<CustomPropertySet>,
}

impl From<&Organization> for OrganizationInput {
    /// The update body that keeps every field as it is, custom properties included, so a
    /// server whose PUT replaces the whole record keeps them too.
    fn from(org: &Organization) -> Self {
        OrganizationInput {
            name: org.name.clone(),
            customer_number: org.customer_number.clone(),
            registration_number: org.registration_number.clone(),
            vat: org.vat.clone(),
            primary_domain: org.primary_domain.clone(),
            notification_email: org.notification_email.clone(),
            is_active: org.is_active,
            contact: org.contact.clone(),
            address: org.address.clone(),
            custom_properties: org
                .custom_properties
                .iter()
                .filter(|p| !p.property_id.is_empty())
                .map(|p| CustomPropertySet {
                    property_id: p.property_id.clone(),
                    value: p.value.clone(),
                })
                .collect(),
        }
    }
}

/// A service category of the E-store.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceCategory {
    pub id: String,
    pub name: String,
}

/// One service an organization can add from the E-store (`EstoreViewModel`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EstoreService {
    pub id: String,
    pub name: String,
    pub vendor_name: String,
    pub category: String,
}

/// Definition of a custom property: one a service asks for when it is added, or one the broker
/// defines for its organizations (`GET /settings/CustomProperties`, assumed the same shape).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomPropertyDefinition {
    pub property_id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub mandatory: bool,
    pub default_value: String,
    pub allowed_values: Vec<String>,
}

/// Details of one E-store service (`EstoreDetailViewModel`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EstoreServiceDetail {
    pub id: String,
    pub name: String,
    pub vendor_name: String,
    pub description: String,
    pub category: ServiceCategory,
    pub user_assigned: bool,
    pub allow_multiple_users: bool,
    pub custom_properties: Vec<CustomPropertyDefinition>,
}

/// A custom property value as stored on an organization service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomPropertyValue {
    pub property_id: String,
    pub name: String,
    pub value: String,
}

/// A service enabled for an organization (`OrganizationServiceViewModel`); `id` is the service id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationService {
    pub id: String,
    pub name: String,
    pub vendor_name: String,
    pub category: String,
    pub status: String,
    pub added_date: String,
    pub note: String,
    pub user_assigned: bool,
    pub custom_properties: Vec<CustomPropertyValue>,
}

/// A `{propertyId, value}` pair sent when adding a service or patching its custom data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomPropertySet {
    pub property_id: String,
    pub value: String,
}

/// Body of `POST .../services` (`OrganizationServiceAddViewModel`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationServiceAdd {
    pub service_id: String,
    pub custom_properties: Vec<CustomPropertySet>,
}

/// Body of `PUT` and `PATCH .../services/{id}` (`OrganizationServiceUpdateViewModel`, which
/// research S2 names for both). A PATCH changes property data only, so it leaves the note out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationServiceUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub custom_properties: Vec<CustomPropertySet>,
}

/// A product of an organization service that can be subscribed to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub sku: String,
    pub billing_frequency: String,
    pub price: f64,
    pub currency: String,
    pub min_quantity: i64,
    pub max_quantity: i64,
}

/// Subscription status as the API names it.
pub const SUBSCRIPTION_ACTIVE: &str = "Active";
/// Status of a subscription after DELETE (cancel): it stays in the list.
pub const SUBSCRIPTION_CANCELLED: &str = "Cancelled";

/// A subscription of an organization service (`OrganizationServiceSubscriptionViewModel`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Subscription {
    pub id: String,
    pub product_id: String,
    pub product_name: String,
    pub quantity: i64,
    pub status: String,
    pub created_date: String,
    pub cancelled_date: Option<String>,
}

impl Subscription {
    pub fn is_cancelled(&self) -> bool {
        self.status.eq_ignore_ascii_case(SUBSCRIPTION_CANCELLED)
    }
}

/// What a subscription history entry records.
pub const HISTORY_CREATED: &str = "Created";
pub const HISTORY_QUANTITY_CHANGED: &str = "QuantityChanged";
pub const HISTORY_CANCELLED: &str = "Cancelled";

/// One change of a subscription (`OrganizationSubscriptionHistoryViewModel`; only the name is
/// public, the fields are ours, `docs/ASSUMPTIONS.md`): when, who (the API account or the
/// portal user that made it), what, and the quantity before and after.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscriptionHistoryEntry {
    pub changed_date: String,
    pub changed_by: String,
    pub action: String,
    pub old_quantity: Option<i64>,
    pub new_quantity: Option<i64>,
}

/// Body of subscription create.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscriptionCreate {
    pub product_id: String,
    pub quantity: i64,
}

/// Body of subscription update (quantity change).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscriptionUpdate {
    pub quantity: i64,
}

/// A user assigned to a subscription (`OrganizationServiceSubscriptionUserViewModel`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscriptionUser {
    pub user_id: String,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub external_user_id: String,
}

/// Body of assign (POST) and of the external-user-id update (PUT on the collection).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscriptionUserSet {
    pub user_id: String,
    pub external_user_id: String,
}

/// An organization user (`UserViewModel` / `UserDetailViewModel`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct User {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub display_name: String,
    pub email: String,
    pub phone_prefix: String,
    pub phone: String,
    pub role_id: Option<i64>,
    pub role_name: String,
    pub last_accessed_date: Option<String>,
}

/// One subscription a user is assigned to, with where it lives (gathered by the client).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserAssignment {
    pub service_id: String,
    pub service_name: String,
    pub subscription_id: String,
    pub product_name: String,
    pub status: String,
    pub external_user_id: String,
}

/// Body of user create (POST) and update (PUT).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserInput {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub display_name: String,
    pub email: String,
    pub phone_prefix: String,
    pub phone: String,
    pub role_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    pub generate_password: bool,
}

/// Postal address of a reseller administrator (street is `street` here, per seed 003).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AdministratorAddress {
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country_code: String,
}

/// Multi-factor option of an administrator: Email = 0 (default), SMS = 1.
pub const MFA_EMAIL: i64 = 0;
/// SMS makes the cell phone prefix and number mandatory.
pub const MFA_SMS: i64 = 1;

/// A reseller administrator (`AdministratorViewModel` / `AdministratorDetailViewModel`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Administrator {
    pub id: String,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub display_name: String,
    pub role_id: i64,
    pub role_name: String,
    pub title: String,
    pub email: String,
    pub home_phone_prefix: String,
    pub home_phone: String,
    pub cell_phone_prefix: String,
    pub cell_phone: String,
    pub department: String,
    pub office: String,
    pub company: String,
    pub azure_ad_id: String,
    pub address: AdministratorAddress,
    pub mfa_option: i64,
    pub last_accessed_date: Option<String>,
}

/// Body of administrator create (POST) and update (PUT): every field of seed 003.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AdministratorInput {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    pub first_name: String,
    pub last_name: String,
    pub display_name: String,
    /// Sent as a number; the API also accepts a numeric string (seed 003 sends `"1"` for mfaOption).
    #[serde(deserialize_with = "lenient_i64")]
    pub role_id: i64,
    pub title: String,
    pub email: String,
    pub home_phone_prefix: String,
    pub home_phone: String,
    pub cell_phone_prefix: String,
    pub cell_phone: String,
    pub department: String,
    pub office: String,
    pub company: String,
    pub azure_ad_id: String,
    pub address: AdministratorAddress,
    #[serde(deserialize_with = "lenient_i64")]
    pub mfa_option: i64,
    pub generate_password: bool,
}

impl From<&Administrator> for AdministratorInput {
    /// The update body that keeps every field as it is (no password: it is never read back).
    fn from(admin: &Administrator) -> Self {
        AdministratorInput {
            name: admin.name.clone(),
            first_name: admin.first_name.clone(),
            last_name: admin.last_name.clone(),
            display_name: admin.display_name.clone(),
            role_id: admin.role_id,
            title: admin.title.clone(),
            email: admin.email.clone(),
            home_phone_prefix: admin.home_phone_prefix.clone(),
            home_phone: admin.home_phone.clone(),
            cell_phone_prefix: admin.cell_phone_prefix.clone(),
            cell_phone: admin.cell_phone.clone(),
            department: admin.department.clone(),
            office: admin.office.clone(),
            company: admin.company.clone(),
            azure_ad_id: admin.azure_ad_id.clone(),
            address: admin.address.clone(),
            mfa_option: admin.mfa_option,
            password: None,
            generate_password: false,
        }
    }
}

/// Accepts a JSON number or a string holding one (ASP.NET model binding does the same); `null`
/// and a blank string read as 0.
fn lenient_i64<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    crate::domain::lenient::from_value::<Option<i64>>(value)
        .map(Option::unwrap_or_default)
        .map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_003_administrator_body_decodes() {
        let body = r#"{ "name": "johndoe@testddd.com", "firstName": "John", "lastName": "Doe",
            "displayName": "John Doe", "roleId": 24, "title": "Mr", "homePhone": "5678912",
            "homePhonePrefix": "372", "email": "saadick.dhansay12@cloudmore.com",
            "address": { "countryCode": "EE" }, "mfaOption": "1", "generatePassword": true,
            "cellPhone": "53564558", "cellPhonePrefix": "372" }"#;
        let admin: AdministratorInput = serde_json::from_str(body).unwrap();
        assert_eq!(admin.role_id, 24);
        assert_eq!(admin.mfa_option, MFA_SMS);
        assert_eq!(admin.address.country_code, "EE");
        assert!(admin.generate_password);
        assert_eq!(admin.password, None);
    }

    #[test]
    fn organization_address_street_is_called_address_on_the_wire() {
        let address = OrganizationAddress {
            street: "Main St 1".into(),
            ..Default::default()
        };
        let json = serde_json::to_value(&address).unwrap();
        assert_eq!(json["address"], "Main St 1");
    }
    #[test]
    fn an_organization_row_stays_small_and_reads_the_same_json() {
        // 100,000 of them are held: a field that grows the row shows here first.
        assert!(std::mem::size_of::<OrganizationSummary>() <= 160);
        let long = "A customer number longer than twenty-four bytes";
        let body = serde_json::json!({
            "id": 24, "name": null, "domain": "acme.se", "active": "true", "unknown": [1],
            "customerNumber": long,
            "address": { "countryCode": "EE" }
        });
        let row: OrganizationSummary = crate::domain::lenient::from_value(body).unwrap();
        assert_eq!((row.id.as_str(), row.name.as_str()), ("24", ""));
        assert_eq!(row.primary_domain, "acme.se");
        assert!(row.is_active);
        assert_eq!(row.customer_number, long);
        assert_eq!(row.country(), "EE");
        let again: OrganizationSummary =
            serde_json::from_str(&serde_json::to_string(&row).unwrap()).unwrap();
        assert_eq!(again, row);
    }
}
