//! Demo reseller administrators: varied roles, MFA settings and last sign-ins, and the
//! reseller's API account, which is an administrator too (research: the API user is an
//! administrator account with REST access, Global Admin recommended).

use rusqlite::Connection;

use crate::domain::{AdministratorAddress, AdministratorInput, MFA_EMAIL, MFA_SMS};
use crate::sandbox::cloudmore::routes::insert_administrator;
use crate::sandbox::cloudmore::store::RESELLER_ROLES;

use super::customers::World;
use crate::sandbox::rng::Rng;

/// The API account as an administrator of its reseller: `ResellerAdministrators` lists it like
/// the portal does. Its id comes from its own PRNG (`seed`), so adding it moves no other demo id.
pub(crate) fn api_account(
    conn: &Connection,
    world: &World,
    reseller: &str,
    username: &str,
    seed: u64,
) -> rusqlite::Result<()> {
    let input = AdministratorInput {
        name: username.to_string(),
        email: username.to_string(),
        first_name: "API".into(),
        last_name: "Integration".into(),
        display_name: "API Integration".into(),
        role_id: RESELLER_ROLES[0].0,
        title: "Integration account".into(),
        address: AdministratorAddress {
            country_code: "SE".into(),
            ..Default::default()
        },
        mfa_option: MFA_EMAIL,
        generate_password: true,
        ..Default::default()
    };
    let id = Rng::new(seed).guid();
    // It signs in whenever the console does: seen today.
    let seen = crate::domain::dates::format_timestamp(world.today, 8 * 3600);
    insert_administrator(conn, reseller, &id, &input, Some(&seen))
}

/// `count` administrators with `@domain` logins; the first is always a Global Admin.
pub(crate) fn populate(
    conn: &Connection,
    world: &mut World,
    reseller: &str,
    domain: &str,
    count: usize,
) -> rusqlite::Result<()> {
    let tables = world.tables;
    for n in 0..count {
        let person = world.person();
        let city = world.rng.pick(&tables.cities);
        let role_id = if n == 0 {
            RESELLER_ROLES[0].0
        } else {
            world.rng.pick(RESELLER_ROLES).0
        };
        let sms = world.rng.chance(30);
        let login = format!("{}@{domain}", person.local_part());
        let input = AdministratorInput {
            name: login.clone(),
            email: login,
            display_name: format!("{} {}", person.first, person.last),
            first_name: person.first,
            last_name: person.last,
            role_id,
            title: tables.people.job_titles[n % tables.people.job_titles.len()].clone(),
            home_phone_prefix: city.phone_prefix.clone(),
            home_phone: world.rng.digits(7),
            cell_phone_prefix: if sms {
                city.phone_prefix.clone()
            } else {
                String::new()
            },
            cell_phone: if sms {
                world.rng.digits(8)
            } else {
                String::new()
            },
            department: world.rng.pick(&tables.people.departments).clone(),
            office: world.rng.pick(&tables.people.offices).clone(),
            company: String::new(),
            azure_ad_id: String::new(),
            address: AdministratorAddress {
                street: format!(
                    "{} {}",
                    world.rng.pick(&city.streets),
                    world.rng.range(1, 90)
                ),
                postal_code: city.postal_code.clone(),
                city: city.city.clone(),
                country_code: city.country_code.clone(),
            },
            mfa_option: if sms { MFA_SMS } else { MFA_EMAIL },
            password: None,
            generate_password: true,
        };
        let id = world.rng.guid();
        let last_accessed = world.last_accessed();
        insert_administrator(conn, reseller, &id, &input, last_accessed.as_deref())?;
    }
    Ok(())
}
