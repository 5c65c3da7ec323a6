//! The demo data tables in `assets/demo/` (names, cities, companies, the E-store catalog),
//! compiled into the binary.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct People {
    pub first_names: Vec<String>,
    pub last_names: Vec<String>,
    pub job_titles: Vec<String>,
    pub departments: Vec<String>,
    pub offices: Vec<String>,
}

#[derive(Deserialize)]
pub(crate) struct Companies {
    pub prefixes: Vec<String>,
    pub cores: Vec<String>,
    /// Hand-written names that sort first, so the top of the list is always plain text.
    pub plain: Vec<String>,
    /// Names with terminal escapes, bidi overrides and wide characters, for escaping tests.
    pub hostile: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct City {
    pub city: String,
    pub country_code: String,
    pub phone_prefix: String,
    pub postal_code: String,
    pub streets: Vec<String>,
    /// Legal-form suffixes used in that country ("OÜ", "GmbH").
    pub suffixes: Vec<String>,
    pub tld: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CatalogProperty {
    pub name: String,
    #[serde(rename = "type", default = "text_box")]
    pub kind: String,
    pub mandatory: bool,
    #[serde(default)]
    pub default_value: String,
    #[serde(default)]
    pub allowed_values: Vec<String>,
}

fn text_box() -> String {
    "TextBox".into()
}

/// `(name, billingFrequency, price, minQuantity, maxQuantity)`.
pub(crate) type CatalogProduct = (String, String, f64, i64, i64);

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CatalogService {
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub user_assigned: bool,
    pub description: String,
    pub properties: Vec<CatalogProperty>,
    pub products: Vec<CatalogProduct>,
}

#[derive(Deserialize)]
pub(crate) struct Catalog {
    pub categories: Vec<String>,
    pub services: Vec<CatalogService>,
}

pub(crate) struct Tables {
    pub people: People,
    pub companies: Companies,
    pub cities: Vec<City>,
    pub catalog: Catalog,
}

/// Parses the embedded tables. They are part of the source tree and checked by a unit test,
/// so a parse failure is a build mistake, not a runtime condition.
pub(crate) fn load() -> Tables {
    fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("assets/demo/{name}: {e}"))
    }
    Tables {
        people: parse(
            "people.json",
            include_str!("../../../../assets/demo/people.json"),
        ),
        companies: parse(
            "companies.json",
            include_str!("../../../../assets/demo/companies.json"),
        ),
        cities: parse(
            "cities.json",
            include_str!("../../../../assets/demo/cities.json"),
        ),
        catalog: parse(
            "catalog.json",
            include_str!("../../../../assets/demo/catalog.json"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::countries::is_country_code;

    #[test]
    fn tables_parse_and_are_consistent() {
        let t = load();
        assert!(t.catalog.services.len() >= 30);
        for service in &t.catalog.services {
            assert!(
                t.catalog.categories.contains(&service.category),
                "{}",
                service.name
            );
            assert!(
                (1..=4).contains(&service.products.len()),
                "{}",
                service.name
            );
            for (name, _, _, min, max) in &service.products {
                assert!(*min >= 1 && min <= max, "{name}");
            }
        }
        for city in &t.cities {
            assert!(is_country_code(&city.country_code), "{}", city.city);
            assert!(city.phone_prefix.bytes().all(|b| b.is_ascii_digit()));
        }
        assert!(t.companies.plain.len() >= 20);
    }
}
