//! Demo customers of one reseller: organizations with contacts and addresses, their users and
//! roles, added services with property values, subscriptions (some cancelled) with their
//! history, and assignments.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::domain::dates;
use crate::domain::{
    HISTORY_CANCELLED, HISTORY_CREATED, HISTORY_QUANTITY_CHANGED, OrganizationAddress,
    OrganizationContact, OrganizationInput, UserInput,
};
use crate::sandbox::cloudmore::routes::{
    Change, NewSubscription, insert_assignment, insert_history, insert_org_service,
    insert_organization, insert_subscription, insert_user,
};

use super::SeededService;
use super::tables::{City, Tables};
use crate::sandbox::rng::Rng;

/// What every generator draws from.
pub(crate) struct World<'a> {
    pub rng: &'a mut Rng,
    pub tables: &'a Tables,
    pub services: &'a [SeededService],
    /// Day number of the seeding day.
    pub today: i64,
    /// The reseller's API account: who made the seeded subscription changes.
    pub account: &'a str,
}

/// A generated person.
pub(crate) struct Person {
    pub first: String,
    pub last: String,
}

impl Person {
    /// `first.last` folded to ASCII letters, for e-mail local parts.
    pub fn local_part(&self) -> String {
        format!("{}.{}", ascii_slug(&self.first), ascii_slug(&self.last))
    }
}

/// Lowercase ASCII letters and digits only: common Latin accents are folded ("Jānis" → "janis"),
/// anything else is dropped.
pub(crate) fn ascii_slug(text: &str) -> String {
    const FOLDS: &[(&str, &str)] = &[
        ("áàâäãåāą", "a"),
        ("æ", "ae"),
        ("çćč", "c"),
        ("éèêëēėę", "e"),
        ("ģ", "g"),
        ("íìîïī", "i"),
        ("ķ", "k"),
        ("ļł", "l"),
        ("ñńņ", "n"),
        ("óòôöõøō", "o"),
        ("śšș", "s"),
        ("ß", "ss"),
        ("ţțť", "t"),
        ("úùûüūų", "u"),
        ("ýÿ", "y"),
        ("źżž", "z"),
    ];
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some((_, folded)) = FOLDS.iter().find(|(from, _)| from.contains(c)) {
            out.push_str(folded);
        }
    }
    out
}

impl World<'_> {
    pub fn person(&mut self) -> Person {
        Person {
            first: self.rng.pick(&self.tables.people.first_names).clone(),
            last: self.rng.pick(&self.tables.people.last_names).clone(),
        }
    }

    /// A timestamp `days` ago, at a random time of day.
    pub fn days_ago(&mut self, days: i64) -> String {
        let seconds = self.rng.below(86_400) as u32;
        dates::format_timestamp(self.today - days, seconds)
    }

    /// A `lastAccessedDate` mix: recent, 30–89 days, 90+ days, or never.
    pub fn last_accessed(&mut self) -> Option<String> {
        let days = match self.rng.below(10) {
            0..=3 => self.rng.range(0, 29),
            4..=5 => self.rng.range(30, 89),
            6..=7 => self.rng.range(90, 700),
            _ => return None,
        };
        Some(self.days_ago(days))
    }
}

/// Organizations, users, services and subscriptions for `reseller`. The main reseller also gets
/// the hand-written plain names (which sort first) and the hostile names.
pub(crate) fn populate(
    conn: &Connection,
    world: &mut World,
    reseller: &str,
    count: usize,
    main: bool,
) -> rusqlite::Result<()> {
    let tables = world.tables;
    // (name, domain stem): generated names leave the legal form out of the domain.
    let mut names: Vec<(String, String)> = Vec::with_capacity(count);
    if main {
        let fixed = tables
            .companies
            .plain
            .iter()
            .chain(&tables.companies.hostile);
        names.extend(fixed.map(|name| (name.clone(), name.clone())));
    }
    let mut used: HashSet<String> = names.iter().map(|(name, _)| name.clone()).collect();
    let mut cities = Vec::with_capacity(count);
    while cities.len() < count {
        let city = world.rng.pick(&tables.cities);
        if names.len() <= cities.len() {
            let prefix = world.rng.pick(&tables.companies.prefixes);
            let core = world.rng.pick(&tables.companies.cores);
            let suffix = world.rng.pick(&city.suffixes);
            let name = format!("{prefix} {core} {suffix}");
            if !used.insert(name.clone()) {
                continue;
            }
            names.push((name, format!("{prefix}{core}")));
        }
        cities.push(city);
    }
    let mut domains = HashSet::new();
    for (index, ((name, stem), city)) in names.into_iter().zip(cities).enumerate() {
        let org_id = world.rng.guid();
        let mut slug: String = ascii_slug(&stem).chars().take(24).collect();
        if slug.is_empty() {
            slug = format!("org{index}");
        }
        let mut domain = format!("{slug}.{}", city.tld);
        if !domains.insert(domain.clone()) {
            domain = format!("{slug}{index}.{}", city.tld);
        }
        let input = organization(world, index, name, domain, city);
        let age = world.rng.range(30, 1500);
        let created = world.days_ago(age);
        insert_organization(conn, reseller, &org_id, &input, &created)?;
        let users = users(conn, world, &org_id, &input)?;
        services(conn, world, &org_id, &input, &users)?;
    }
    Ok(())
}

fn organization(
    world: &mut World,
    index: usize,
    name: String,
    domain: String,
    city: &City,
) -> OrganizationInput {
    let contact = world.person();
    let rng = &mut *world.rng;
    OrganizationInput {
        customer_number: format!("C-{:05}", 10_001 + index),
        registration_number: rng.digits(8),
        vat: format!("{}{}", city.country_code, rng.digits(9)),
        primary_domain: domain.clone(),
        notification_email: format!("billing@{domain}"),
        is_active: rng.chance(85),
        contact: OrganizationContact {
            name: format!("{} {}", contact.first, contact.last),
            job_title: rng.pick(&world.tables.people.job_titles).clone(),
            email: format!("{}@{domain}", contact.local_part()),
            phone_prefix: city.phone_prefix.clone(),
            phone: rng.digits(7),
            cell_phone_prefix: city.phone_prefix.clone(),
            cell_phone: rng.digits(8),
        },
        address: OrganizationAddress {
            street: format!("{} {}", rng.pick(&city.streets), rng.range(1, 180)),
            postal_code: city.postal_code.clone(),
            city: city.city.clone(),
            country_code: city.country_code.clone(),
        },
        // Seeded customers have no property values, as ones made before the broker defined
        // its properties would not; a PRNG draw here would move every id after it.
        custom_properties: Vec::new(),
        name,
    }
}

/// 0–15 users; about one in seven has no role (so the assignment rule can be seen).
/// Returns `(id, has_role)` per user.
fn users(
    conn: &Connection,
    world: &mut World,
    org: &str,
    input: &OrganizationInput,
) -> rusqlite::Result<Vec<(String, bool)>> {
    let count = world.rng.range(0, 15);
    let mut usernames = HashSet::new();
    let mut users = Vec::new();
    for n in 0..count {
        let person = world.person();
        let mut username = format!("{}@{}", person.local_part(), input.primary_domain);
        if !usernames.insert(username.clone()) {
            username = format!("{}{n}@{}", person.local_part(), input.primary_domain);
            usernames.insert(username.clone());
        }
        let role_id = match world.rng.below(7) {
            0 => None,
            1 | 2 => Some(1),
            _ => Some(2),
        };
        let user = UserInput {
            email: username.clone(),
            username,
            display_name: format!("{} {}", person.first, person.last),
            first_name: person.first,
            last_name: person.last,
            phone_prefix: input.contact.phone_prefix.clone(),
            phone: world.rng.digits(8),
            role_id,
            ..Default::default()
        };
        let id = world.rng.guid();
        let last_accessed = world.last_accessed();
        insert_user(conn, org, &id, &user, last_accessed.as_deref())?;
        users.push((id, role_id.is_some()));
    }
    Ok(users)
}

/// A plausible value for a custom property nobody typed in.
fn property_value(
    world: &mut World,
    name: &str,
    default: &str,
    allowed: &[String],
    org: &OrganizationInput,
) -> String {
    if !allowed.is_empty() {
        return world.rng.pick(allowed).clone();
    }
    if !default.is_empty() {
        return default.to_string();
    }
    let lower = name.to_lowercase();
    if lower.contains("e-mail") || lower.contains("login") {
        org.contact.email.clone()
    } else if lower.contains("tenant id") || lower.contains("org id") {
        world.rng.guid()
    } else if lower.contains("address") && !lower.contains("sign-in") {
        format!("{}, {}", org.address.street, org.address.city)
    } else {
        org.primary_domain.clone()
    }
}

/// 0–4 services per organization, each with 1–2 subscriptions (about one in six cancelled) and,
/// for user-assigned services, some of the organization's users with a role assigned.
fn services(
    conn: &Connection,
    world: &mut World,
    org: &str,
    input: &OrganizationInput,
    users: &[(String, bool)],
) -> rusqlite::Result<()> {
    let services = world.services;
    let count = world.rng.range(0, 4) as usize;
    let mut chosen: Vec<&SeededService> = Vec::new();
    while chosen.len() < count {
        let service = world.rng.pick(services);
        if !chosen.iter().any(|s| s.id == service.id) {
            chosen.push(service);
        }
    }
    for service in chosen {
        let added_days = world.rng.range(1, 700);
        let mut values: Vec<(String, String)> = Vec::new();
        for p in &service.properties {
            if p.mandatory || world.rng.chance(50) {
                let value =
                    property_value(world, &p.name, &p.default_value, &p.allowed_values, input);
                values.push((p.property_id.clone(), value));
            }
        }
        let added = world.days_ago(added_days);
        insert_org_service(conn, org, &service.id, &added, &values)?;
        for _ in 0..world.rng.range(1, 2) {
            let product = world.rng.pick(&service.products);
            let quantity = world.rng.range(
                product.min_quantity,
                product.max_quantity.min(product.min_quantity + 24),
            );
            let created_days = world.rng.range(0, added_days);
            let created = world.days_ago(created_days);
            let cancelled = if world.rng.chance(16) {
                let cancelled_days = world.rng.range(0, created_days);
                Some((world.days_ago(cancelled_days), cancelled_days))
            } else {
                None
            };
            let sub_id = world.rng.guid();
            insert_subscription(
                conn,
                &NewSubscription {
                    id: &sub_id,
                    org,
                    service: &service.id,
                    product: &product.id,
                    quantity,
                    created_date: &created,
                    cancelled_date: cancelled.as_ref().map(|(date, _)| date.as_str()),
                },
            )?;
            let seeded = SeededSubscription {
                id: &sub_id,
                quantity,
                first: product.min_quantity,
                created: (&created, created_days),
                cancelled: cancelled
                    .as_ref()
                    .map(|(date, days)| (date.as_str(), *days)),
            };
            seeded_history(conn, world, &seeded)?;
            if !service.user_assigned || cancelled.is_some() {
                continue;
            }
            let mut seats = quantity.min(5);
            for (user, has_role) in users {
                if seats == 0 {
                    break;
                }
                if *has_role && world.rng.chance(60) {
                    let external = format!("ext-{}", &world.rng.guid()[..8]);
                    insert_assignment(conn, &sub_id, user, &external)?;
                    seats -= 1;
                }
            }
        }
    }
    Ok(())
}

/// A seeded subscription as its history tells it.
struct SeededSubscription<'a> {
    id: &'a str,
    quantity: i64,
    /// The quantity it was created with (its product's least).
    first: i64,
    /// When it was created and cancelled, and how many days ago that was.
    created: (&'a str, i64),
    cancelled: Option<(&'a str, i64)>,
}

/// Its history: created with its product's least quantity, changed to the one it has halfway
/// to its cancel (or today), then cancelled if it is. Drawn from nothing random, so every seeded id stays
/// what it was before histories were seeded.
fn seeded_history(
    conn: &Connection,
    world: &World,
    s: &SeededSubscription,
) -> rusqlite::Result<()> {
    let change = |action, old, new| Change {
        subscription: s.id,
        by: world.account,
        action,
        old,
        new,
    };
    let (created, days) = s.created;
    insert_history(conn, &change(HISTORY_CREATED, None, Some(s.first)), created)?;
    if s.quantity != s.first {
        let end_days = s.cancelled.map_or(0, |(_, days)| days);
        let noon = dates::format_timestamp(world.today - (days + end_days) / 2, 12 * 3600);
        // On the day it was created or cancelled, noon may be outside the two: kept between.
        let mut halfway = noon.as_str().max(created);
        if let Some((cancelled, _)) = s.cancelled {
            halfway = halfway.min(cancelled);
        }
        let changed = change(HISTORY_QUANTITY_CHANGED, Some(s.first), Some(s.quantity));
        insert_history(conn, &changed, halfway)?;
    }
    if let Some((cancelled, _)) = s.cancelled {
        let quantity = Some(s.quantity);
        insert_history(
            conn,
            &change(HISTORY_CANCELLED, quantity, quantity),
            cancelled,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ascii_slug;

    #[test]
    fn slugs_fold_accents() {
        assert_eq!(ascii_slug("Jānis"), "janis");
        assert_eq!(ascii_slug("O'Brien"), "obrien");
        assert_eq!(ascii_slug("Fernández Müller"), "fernandezmuller");
        assert_eq!(ascii_slug("東京"), "");
    }
}
