//! Fills a new database: the E-store catalog, the resellers with their API accounts and, for
//! [`Seed::Demo`], a realistic customer base; then any synthetic organizations asked for.
//!
//! Everything comes from one seeded PRNG, so two new databases hold the same names and ids.
//! Dates are relative to the day of seeding, so "last signed in 3 days ago" stays meaningful.

mod customers;
mod groups;
mod staff;
mod tables;

use rusqlite::{Connection, params};

use crate::domain::dates;
use crate::domain::{
    CustomPropertyDefinition, EstoreServiceDetail, OrganizationAddress, OrganizationContact,
    OrganizationInput, Product, ServiceCategory,
};
use crate::sandbox::Seed;
use crate::sandbox::cloudmore::auth::CLIENT_ID;
use crate::sandbox::cloudmore::routes::insert_organization;
use crate::sandbox::cloudmore::store::catalog;

use crate::sandbox::rng::Rng;
use tables::{Catalog, Tables};

/// The seed of the PRNG; change it and every demo id changes.
const PRNG_SEED: u64 = 0x7E4A_17DE_C0DE_2026;

/// Currency of every demo price.
const CURRENCY: &str = "EUR";

/// A reseller and its API account.
struct ResellerSpec {
    name: &'static str,
    username: &'static str,
    password: &'static str,
    client_secret: &'static str,
    /// Staff e-mail domain.
    domain: &'static str,
    organizations: usize,
    administrators: usize,
}

const DEMO_RESELLERS: &[ResellerSpec] = &[
    ResellerSpec {
        name: "Northwind Cloud Partners",
        username: "admin@northwind.example",
        password: "Demo-Passw0rd!",
        client_secret: "demo-client-secret",
        domain: "northwind.example",
        organizations: 200,
        administrators: 8,
    },
    ResellerSpec {
        name: "Contoso Cloud Brokers",
        username: "admin@contoso.example",
        password: "Demo-Passw0rd!2",
        client_secret: "demo-client-secret-2",
        domain: "contoso.example",
        organizations: 40,
        administrators: 4,
    },
];

const EMPTY_RESELLER: ResellerSpec = ResellerSpec {
    name: "Sandbox Reseller",
    username: "admin@sandbox.example",
    password: "Demo-Passw0rd!",
    client_secret: "demo-client-secret",
    domain: "sandbox.example",
    organizations: 0,
    administrators: 0,
};

/// A catalog service as the generators need it.
pub(crate) struct SeededService {
    pub id: String,
    pub user_assigned: bool,
    pub properties: Vec<CustomPropertyDefinition>,
    pub products: Vec<Product>,
}

/// Seeds an empty, migrated database in one transaction.
pub(crate) fn seed(conn: &mut Connection, kind: Seed, extra_orgs: usize) -> rusqlite::Result<()> {
    let tables = tables::load();
    let mut rng = Rng::new(PRNG_SEED);
    let today = dates::today();
    let tx = conn.transaction()?;
    let services = insert_catalog(&tx, &mut rng, &tables.catalog)?;
    let specs = match kind {
        Seed::Demo => DEMO_RESELLERS,
        Seed::Empty => std::slice::from_ref(&EMPTY_RESELLER),
    };
    let mut main_reseller = String::new();
    let mut grouped = Vec::new();
    for (position, spec) in specs.iter().enumerate() {
        let id = rng.guid();
        tx.prepare_cached(
            "INSERT INTO resellers (id, position, name, username, password, client_id,
             client_secret) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            id,
            position as i64,
            spec.name,
            spec.username,
            spec.password,
            CLIENT_ID,
            spec.client_secret
        ])?;
        let mut world = customers::World {
            rng: &mut rng,
            tables: &tables,
            services: &services,
            today,
            account: spec.username,
        };
        customers::populate(&tx, &mut world, &id, spec.organizations, position == 0)?;
        // The empty seed stays empty: no administrator at all, the API account's entry included.
        if spec.administrators > 0 {
            staff::api_account(
                &tx,
                &world,
                &id,
                spec.username,
                PRNG_SEED ^ (position as u64 + 1),
            )?;
        }
        staff::populate(&tx, &mut world, &id, spec.domain, spec.administrators)?;
        if spec.organizations > 0 {
            grouped.push(id.clone());
        }
        if position == 0 {
            main_reseller = id;
        }
    }
    insert_synthetic(&tx, &mut rng, &tables, &main_reseller, extra_orgs, today)?;
    // After the synthetic organizations, so a big seed's groups hold some of them too.
    for (position, reseller) in grouped.iter().enumerate() {
        groups::populate(&tx, reseller, PRNG_SEED ^ 0x6_0000 ^ position as u64)?;
    }
    tx.commit()
}

fn insert_catalog(
    conn: &Connection,
    rng: &mut Rng,
    catalog_table: &Catalog,
) -> rusqlite::Result<Vec<SeededService>> {
    let categories: Vec<ServiceCategory> = catalog_table
        .categories
        .iter()
        .map(|name| ServiceCategory {
            id: rng.guid(),
            name: name.clone(),
        })
        .collect();
    for category in &categories {
        catalog::insert_category(conn, category)?;
    }
    let mut seeded = Vec::new();
    for (position, spec) in catalog_table.services.iter().enumerate() {
        let category = categories
            .iter()
            .find(|c| c.name == spec.category)
            .cloned()
            .unwrap_or_else(|| categories[0].clone());
        let detail = EstoreServiceDetail {
            id: rng.guid(),
            name: spec.name.clone(),
            vendor_name: spec.vendor.clone(),
            description: spec.description.clone(),
            category,
            user_assigned: spec.user_assigned,
            allow_multiple_users: spec.user_assigned,
            custom_properties: spec
                .properties
                .iter()
                .map(|p| CustomPropertyDefinition {
                    property_id: rng.guid(),
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    mandatory: p.mandatory,
                    default_value: p.default_value.clone(),
                    allowed_values: p.allowed_values.clone(),
                })
                .collect(),
        };
        catalog::insert_service(conn, position, &detail)?;
        let sku_stem: String = spec
            .vendor
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(4)
            .collect::<String>()
            .to_uppercase();
        let mut products = Vec::new();
        for (index, (name, frequency, price, min, max)) in spec.products.iter().enumerate() {
            let product = Product {
                id: rng.guid(),
                name: name.clone(),
                sku: format!("{sku_stem}-{:03}-{}", position + 1, index + 1),
                billing_frequency: frequency.clone(),
                price: *price,
                currency: CURRENCY.into(),
                min_quantity: *min,
                max_quantity: *max,
            };
            catalog::insert_product(conn, &detail.id, index, &product)?;
            products.push(product);
        }
        seeded.push(SeededService {
            id: detail.id,
            user_assigned: detail.user_assigned,
            properties: detail.custom_properties,
            products,
        });
    }
    Ok(seeded)
}

/// `count` plain organizations ("Synthetic Org 000123") for scale tests, through the same
/// cached insert statement as the API, inside the seeding transaction.
fn insert_synthetic(
    conn: &Connection,
    rng: &mut Rng,
    tables: &Tables,
    reseller: &str,
    count: usize,
    today: i64,
) -> rusqlite::Result<()> {
    let created = dates::format_timestamp(today - 1, 8 * 3600);
    let mut input = OrganizationInput::default();
    for n in 0..count {
        let city = &tables.cities[n % tables.cities.len()];
        input.name = format!("Synthetic Org {n:06}");
        input.customer_number = format!("S-{n:06}");
        input.primary_domain = format!("synthetic{n:06}.example");
        input.notification_email = format!("billing@synthetic{n:06}.example");
        input.is_active = n % 10 < 7;
        input.contact = OrganizationContact {
            name: format!("Contact {n:06}"),
            email: format!("contact@synthetic{n:06}.example"),
            phone_prefix: city.phone_prefix.clone(),
            phone: rng.digits(7),
            ..Default::default()
        };
        input.address = OrganizationAddress {
            street: format!("{} {}", city.streets[0], 1 + n % 200),
            postal_code: city.postal_code.clone(),
            city: city.city.clone(),
            country_code: city.country_code.clone(),
        };
        insert_organization(conn, reseller, &rng.guid(), &input, &created)?;
    }
    Ok(())
}
