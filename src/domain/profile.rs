//! What describes an organization beyond its name, in no provider's terms: a description,
//! links and postal addresses ([`NodeProfile`]), made and edited with the organization where
//! the provider keeps them ([`super::hierarchy::Capability::OrganizationProfile`]: Metal's
//! `OrganizationInput`).
//!
//! Why named fields and not an ordered list of a provider's own field names and values: the
//! console validates an address before it is sent (the parts every address needs, a country
//! that is an ISO 3166 code), labels the form and fills it again on an edit; with provider
//! keys each of those would need the provider's knowledge in the neutral screens, or a field
//! description language to carry it. These fields are what organizations have in each API
//! the console speaks (Cloudmore's and Metal's have an address with a country code, a
//! website, a description); a provider that keeps fewer leaves the rest empty, and one that
//! keeps more adds a field here, in neutral words. Which of them a kind carries is the
//! provider's to declare, never decided from its name.
//!
//! The keys ([`DESCRIPTION`], [`AddressPart::key`] under [`ADDRESS`]...) are the console's:
//! forms use them as field keys, and a provider puts its server's field errors under them.

use serde::{Deserialize, Serialize};

use super::countries::is_country_code;
// The reseller rules' words for a country that is no ISO code, so the forms say it the one
// way they know (with the completion it would take).
use super::reseller::rules::INVALID_COUNTRY_MESSAGE;
use super::validation::FieldErrors;

pub const DESCRIPTION: &str = "description";
pub const WEBSITE: &str = "website";
pub const TWITTER: &str = "twitter";
/// The prefix of the postal address's keys (`address.postal_code`).
pub const ADDRESS: &str = "address";
/// The prefix of the billing address's keys.
pub const BILLING_ADDRESS: &str = "billing_address";

/// A postal address; an address that is there has a first line, a postal code and a country
/// (what Metal requires, and what a letter needs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostalAddress {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
}

/// The parts of a [`PostalAddress`], in the order a form lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPart {
    Line1,
    Line2,
    City,
    State,
    PostalCode,
    Country,
}

impl AddressPart {
    pub const ALL: [AddressPart; 6] = [
        AddressPart::Line1,
        AddressPart::Line2,
        AddressPart::City,
        AddressPart::State,
        AddressPart::PostalCode,
        AddressPart::Country,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AddressPart::Line1 => "line1",
            AddressPart::Line2 => "line2",
            AddressPart::City => "city",
            AddressPart::State => "state",
            AddressPart::PostalCode => "postal_code",
            AddressPart::Country => "country",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AddressPart::Line1 => "Street",
            AddressPart::Line2 => "Street (2)",
            AddressPart::City => "City",
            AddressPart::State => "State",
            AddressPart::PostalCode => "Postal code",
            AddressPart::Country => "Country",
        }
    }

    /// Every address that is there has it.
    pub fn required(self) -> bool {
        matches!(
            self,
            AddressPart::Line1 | AddressPart::PostalCode | AddressPart::Country
        )
    }

    /// The key of this part of the address under `prefix` ([`ADDRESS`]): `address.city`.
    pub fn key_in(self, prefix: &str) -> String {
        format!("{prefix}.{}", self.key())
    }
}

impl PostalAddress {
    pub fn part(&self, part: AddressPart) -> &str {
        match part {
            AddressPart::Line1 => &self.line1,
            AddressPart::Line2 => &self.line2,
            AddressPart::City => &self.city,
            AddressPart::State => &self.state,
            AddressPart::PostalCode => &self.postal_code,
            AddressPart::Country => &self.country,
        }
    }

    pub fn part_mut(&mut self, part: AddressPart) -> &mut String {
        match part {
            AddressPart::Line1 => &mut self.line1,
            AddressPart::Line2 => &mut self.line2,
            AddressPart::City => &mut self.city,
            AddressPart::State => &mut self.state,
            AddressPart::PostalCode => &mut self.postal_code,
            AddressPart::Country => &mut self.country,
        }
    }

    /// The address from its parts, `None` when every part is blank (no address).
    pub fn from_parts(part: impl Fn(AddressPart) -> String) -> Option<PostalAddress> {
        let mut address = PostalAddress::default();
        for p in AddressPart::ALL {
            *address.part_mut(p) = part(p).trim().to_string();
        }
        address.country.make_ascii_uppercase();
        let blank = AddressPart::ALL.iter().all(|p| address.part(*p).is_empty());
        (!blank).then_some(address)
    }

    /// What a server refuses in this address, under `prefix`'s keys: a part every address
    /// needs left blank, or a country that is no ISO 3166 code.
    pub fn check(&self, prefix: &str, errors: &mut FieldErrors) {
        for part in AddressPart::ALL {
            if part.required() && self.part(part).is_empty() {
                errors.add(&part.key_in(prefix), ADDRESS_PART_NEEDED);
            }
        }
        if !self.country.is_empty() && !is_country_code(&self.country) {
            errors.add(
                &AddressPart::Country.key_in(prefix),
                INVALID_COUNTRY_MESSAGE,
            );
        }
    }
}

/// Why a part of a half-filled address is needed, saying how else to fix it.
pub const ADDRESS_PART_NEEDED: &str =
    "an address needs it: fill it in, or clear every field of this address";

/// An organization's description, links and addresses. Text left empty is "none".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeProfile {
    pub description: String,
    pub website: String,
    pub twitter: String,
    pub address: Option<PostalAddress>,
    pub billing_address: Option<PostalAddress>,
}

impl NodeProfile {
    /// What a server would refuse in it, by the console's keys.
    pub fn check(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        for (prefix, address) in [
            (ADDRESS, &self.address),
            (BILLING_ADDRESS, &self.billing_address),
        ] {
            if let Some(address) = address {
                address.check(prefix, &mut errors);
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_there_when_any_part_is_and_then_needs_its_required_parts() {
        assert_eq!(PostalAddress::from_parts(|_| "  ".into()), None);
        let half = PostalAddress::from_parts(|p| match p {
            AddressPart::City => "Lund".into(),
            AddressPart::Country => " se ".into(),
            _ => String::new(),
        })
        .expect("an address");
        assert_eq!(half.country, "SE", "trimmed and upper-cased");
        let profile = NodeProfile {
            address: Some(half),
            billing_address: Some(PostalAddress {
                line1: "1 Road".into(),
                postal_code: "1".into(),
                country: "XX".into(),
                ..PostalAddress::default()
            }),
            ..NodeProfile::default()
        };
        let errors = profile.check();
        let keys: Vec<&str> = errors.0.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "address.line1",
                "address.postal_code",
                "billing_address.country"
            ]
        );
        assert_eq!(
            errors.first("billing_address.country"),
            Some(INVALID_COUNTRY_MESSAGE)
        );
    }
}
