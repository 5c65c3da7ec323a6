//! Fills a new Metal database. The demo is a hosting company's staff: the main user (owner of
//! most of 27 team organizations and of their personal one), colleagues holding every other
//! role, more people as members without an API key, projects with their memberships, and
//! pending invitations, two of them for a user who belongs to nothing but their personal
//! organization yet. Synthetic organizations (`--orgs N`) are the main user's, one in three
//! with a project.
//!
//! One seeded PRNG makes two new databases identical, ids and tokens included; times are
//! relative to the moment of seeding.

use rusqlite::Connection;
use serde_json::json;

use super::store::{self, Invitation, Membership, Org, Project, User, now_secs};
use crate::sandbox::Seed;
use crate::sandbox::rng::Rng;

const PRNG_SEED: u64 = 0x3E7A_1E9C_2026_0004;
const DAY: i64 = 86_400;

/// People with an API key: (first name, last name, e-mail). `[0]` is the main user; the last
/// one is only invited.
const ACCOUNTS: &[(&str, &str, &str)] = &[
    ("Morgan", "Lee", "morgan.lee@brightline.example"),
    ("Priya", "Nair", "priya.nair@brightline.example"),
    ("Tomas", "Berg", "tomas.berg@brightline.example"),
    ("Ana", "Costa", "ana.costa@brightline.example"),
    ("Kenji", "Sato", "kenji.sato@brightline.example"),
    ("Sam", "Okafor", "sam.okafor@example.com"),
];
/// Index in [`ACCOUNTS`] of the colleagues and the invitee.
const PRIYA: usize = 1;
const TOMAS: usize = 2;
const ANA: usize = 3;
const KENJI: usize = 4;
const SAM: usize = 5;

/// Members without a key: first and last names combined.
const FIRST: &[&str] = &[
    "Lena", "Omar", "Sofia", "Jonas", "Mei", "Rafael", "Ingrid", "Tariq", "Elena", "Noah",
];
const LAST: &[&str] = &["Fischer", "Haddad", "Rossi", "Lindqvist", "Chen", "Alves"];

/// Team organizations: name, city, ISO country, website domain.
const TEAMS: &[(&str, &str, &str, &str)] = &[
    (
        "Brightline Hosting",
        "Amsterdam",
        "NL",
        "brightline.example",
    ),
    (
        "Aalto Render Farm",
        "Helsinki",
        "FI",
        "aalto-render.example",
    ),
    (
        "Beacon Analytics",
        "Dublin",
        "IE",
        "beacon-analytics.example",
    ),
    ("Cobalt Games", "Montreal", "CA", "cobaltgames.example"),
    (
        "Delta Logistics Cloud",
        "Rotterdam",
        "NL",
        "deltalog.example",
    ),
    (
        "Evergreen Health Data",
        "Seattle",
        "US",
        "evergreen-health.example",
    ),
    ("Fjord Media", "Oslo", "NO", "fjordmedia.example"),
    ("Granite Fintech", "London", "GB", "granite-fin.example"),
    ("Harbor CDN", "Singapore", "SG", "harborcdn.example"),
    ("Iris Genomics", "Cambridge", "GB", "irisgenomics.example"),
    ("Juniper Retail", "Chicago", "US", "juniper-retail.example"),
    (
        "Kestrel Robotics",
        "Munich",
        "DE",
        "kestrel-robotics.example",
    ),
    (
        "Lumen Streaming",
        "Los Angeles",
        "US",
        "lumen-stream.example",
    ),
    (
        "Meridian Payments",
        "Frankfurt",
        "DE",
        "meridianpay.example",
    ),
    ("Nimbus Education", "Melbourne", "AU", "nimbus-edu.example"),
    ("Orchid Biotech", "Basel", "CH", "orchidbio.example"),
    (
        "Pioneer Mobility",
        "Stockholm",
        "SE",
        "pioneer-mobility.example",
    ),
    ("Quartz Security", "Tel Aviv", "IL", "quartzsec.example"),
    ("Redwood Energy", "Denver", "US", "redwood-energy.example"),
    ("Summit Travel", "Madrid", "ES", "summit-travel.example"),
    ("Tidal Telecom", "Lisbon", "PT", "tidaltel.example"),
    ("Umbra VFX", "Wellington", "NZ", "umbravfx.example"),
    ("Vertex AI Labs", "Toronto", "CA", "vertex-ai.example"),
    ("Willow Insurance", "Paris", "FR", "willow-ins.example"),
    ("Xenon Research", "Tokyo", "JP", "xenon-research.example"),
    ("Yarrow Foods", "Copenhagen", "DK", "yarrowfoods.example"),
    (
        "Zephyr Weather",
        "Reykjavik",
        "IS",
        "zephyr-weather.example",
    ),
];
const PROJECTS: &[&str] = &[
    "Production",
    "Staging",
    "Edge Cache",
    "CI Runners",
    "Data Lake",
    "Game Servers",
    "ML Training",
    "Backups",
    "Monitoring",
    "Web Frontend",
];
const TAGS: &[&str] = &["prod", "staging", "edge", "gpu", "batch", "eu", "us"];
const STREETS: &[&str] = &[
    "Harbour Street",
    "Station Road",
    "Market Square",
    "Mill Lane",
    "Park Avenue",
];
const PLACES: &[&str] = &[
    "Porto", "Leeds", "Utrecht", "Malmo", "Bergen", "Krakow", "Brno", "Graz", "Turin", "Ghent",
];
const KINDS: &[&str] = &[
    "Labs",
    "Hosting",
    "Render Farm",
    "Edge",
    "Analytics",
    "Studios",
    "Cloud",
];
/// Project roles a member is given.
const PROJECT_ROLES: &[&str] = &["admin", "collaborator", "limited_collaborator"];

struct Seeder<'a> {
    conn: &'a Connection,
    rng: Rng,
    now: i64,
    users: Vec<String>,
    /// The members without a key.
    others: Vec<String>,
}

impl Seeder<'_> {
    /// A moment between `most` and `least` days ago.
    fn ago(&mut self, least: i64, most: i64) -> i64 {
        self.now - self.rng.range(least * DAY, most * DAY)
    }

    fn user(&mut self, first: &str, last: &str, email: &str) -> rusqlite::Result<String> {
        let id = self.rng.guid();
        let created = self.ago(60, 1500);
        let user = User {
            short_id: id[..8].to_string(),
            id: id.clone(),
            email: email.into(),
            first_name: first.into(),
            last_name: last.into(),
            phone_number: self
                .rng
                .chance(60)
                .then(|| format!("+1 555 01{}", self.rng.digits(2))),
            timezone: self
                .rng
                .pick(&["Europe/Amsterdam", "America/New_York", "UTC"])
                .to_string(),
            two_factor_auth: if self.rng.chance(50) { "app" } else { "" }.into(),
            created_at: created,
            updated_at: created + (self.now - created) / 3,
            last_login_at: Some(self.ago(0, 30)),
            customdata: "{}".into(),
        };
        store::insert_user(self.conn, &user)?;
        Ok(id)
    }

    fn token(&mut self) -> String {
        format!("{:016x}{:016x}", self.rng.next_u64(), self.rng.next_u64())
    }

    fn membership(
        &mut self,
        org: &str,
        project: Option<&str>,
        user: &str,
        roles: &[&str],
    ) -> rusqlite::Result<()> {
        let created = self.ago(1, 400);
        store::insert_membership(
            self.conn,
            &Membership {
                id: self.rng.guid(),
                org_id: org.into(),
                project_id: project.map(str::to_string),
                user_id: user.into(),
                roles: roles.iter().map(|r| r.to_string()).collect(),
                created_at: created,
                updated_at: created,
            },
        )
    }

    fn org(
        &mut self,
        name: &str,
        personal: bool,
        place: Option<(&str, &str, &str)>,
    ) -> rusqlite::Result<String> {
        let id = self.rng.guid();
        let created = self.ago(30, 1200);
        let address = place.map(|(city, country, _)| {
            json!({
                "address": format!("{} {}", self.rng.range(1, 240), self.rng.pick(STREETS)),
                "city": city,
                "zip_code": self.rng.digits(5),
                "country": country,
            })
            .to_string()
        });
        let billing_address = if place.is_some() && self.rng.chance(30) {
            address.clone()
        } else {
            None
        };
        let enforce_2fa_at = (place.is_some() && self.rng.chance(25))
            .then(|| super::render::timestamp(self.ago(1, 90)));
        let customdata = if place.is_some() && self.rng.chance(40) {
            json!({ "crm_id": format!("C-{}", self.rng.digits(5)) }).to_string()
        } else {
            "{}".into()
        };
        store::insert_org(
            self.conn,
            &Org {
                id: id.clone(),
                name: name.into(),
                description: place.map(|_| format!("{name} on Metal")),
                website: place.map(|(_, _, domain)| format!("https://{domain}")),
                twitter: place
                    .filter(|_| self.rng.chance(50))
                    .map(|(_, _, domain)| format!("@{}", domain.split('.').next().unwrap_or(""))),
                logo: None,
                address,
                billing_address,
                customdata,
                enforce_2fa_at,
                credit_amount: if personal {
                    0.0
                } else {
                    self.rng.range(0, 50_000) as f64 / 100.0
                },
                terms: if personal {
                    0
                } else {
                    *self.rng.pick(&[0, 15, 30])
                },
                personal,
                created_at: created,
                updated_at: created + (self.now - created) / 4,
            },
        )?;
        Ok(id)
    }

    fn project(&mut self, org: &str, name: &str) -> rusqlite::Result<String> {
        let id = self.rng.guid();
        let created = self.ago(5, 600);
        let tags = (0..self.rng.range(0, 2))
            .map(|_| self.rng.pick(TAGS).to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        store::insert_project(
            self.conn,
            &Project {
                id: id.clone(),
                org_id: org.into(),
                name: name.into(),
                // The SDK's generated model accepts only `default` from 0.17.0 on, though the spec
                // lists `vmce` too.
                kind: "default".into(),
                tags,
                customdata: "{}".into(),
                backend_transfer_enabled: self.rng.chance(20),
                payment_method_id: None,
                created_at: created,
                updated_at: created,
            },
        )?;
        Ok(id)
    }

    fn invitation(
        &mut self,
        org: &str,
        invitee: &str,
        roles: &[&str],
        projects: Vec<String>,
        by: &str,
    ) -> rusqlite::Result<()> {
        let created = self.ago(0, 20);
        store::insert_invitation(
            self.conn,
            &Invitation {
                id: self.rng.guid(),
                org_id: org.into(),
                invitee: invitee.into(),
                nonce: self.token(),
                message: Some("Join us on Metal".into()),
                roles: roles.iter().map(|r| r.to_string()).collect(),
                project_ids: projects,
                invited_by: by.into(),
                created_at: created,
                updated_at: created,
            },
        )
    }

    /// One team organization: its owner, members in every role, projects with members, and
    /// now and then a pending invitation.
    fn team(
        &mut self,
        index: usize,
        spec: (&str, &str, &str, &str),
    ) -> rusqlite::Result<(String, Vec<String>)> {
        let (name, city, country, domain) = spec;
        let org = self.org(name, false, Some((city, country, domain)))?;
        let main = self.users[0].clone();
        // The main user owns most; in every ninth a colleague owns it and the main user holds
        // a lesser role, so both sides of the role rules are in the demo.
        let main_role = match index % 9 {
            4 => Some("collaborator"),
            7 => Some("billing"),
            8 => Some("limited_collaborator"),
            _ => None,
        };
        let priya = self.users[PRIYA].clone();
        match main_role {
            Some(role) => {
                self.membership(&org, None, &priya, &["owner"])?;
                self.membership(&org, None, &main, &[role])?;
            }
            None => {
                self.membership(&org, None, &main, &["owner"])?;
                if index.is_multiple_of(2) {
                    self.membership(&org, None, &priya, &["admin"])?;
                }
            }
        }
        let colleagues = [
            (TOMAS, "collaborator"),
            (ANA, "billing"),
            (KENJI, "limited_collaborator"),
        ];
        for (who, role) in colleagues {
            // The company's own organization has all its staff; the others most of them.
            if index == 0 || self.rng.chance(70) {
                let user = self.users[who].clone();
                self.membership(&org, None, &user, &[role])?;
            }
        }
        let mut members = Vec::new();
        for _ in 0..self.rng.range(1, 4) {
            let user = self.rng.pick(&self.others).clone();
            if !members.contains(&user) {
                let role = *self
                    .rng
                    .pick(&["admin", "collaborator", "limited_collaborator"]);
                self.membership(&org, None, &user, &[role])?;
                members.push(user);
            }
        }
        // Every fifth organization has no project (`without_projects=only` finds them).
        let count = if index % 5 == 3 {
            0
        } else {
            self.rng.range(1, 4) as usize
        };
        let start = self.rng.below(PROJECTS.len());
        let mut projects = Vec::new();
        for n in 0..count {
            let project = self.project(&org, PROJECTS[(start + n) % PROJECTS.len()])?;
            let owner = if main_role.is_some() { &priya } else { &main };
            self.membership(&org, Some(&project), &owner.clone(), &["admin"])?;
            for user in &members {
                if self.rng.chance(60) {
                    let role = *self.rng.pick(PROJECT_ROLES);
                    self.membership(&org, Some(&project), user, &[role])?;
                }
            }
            projects.push(project);
        }
        if index.is_multiple_of(3) {
            let invitee = format!("new.hire{}@{domain}", index + 1);
            let role = *self.rng.pick(&["admin", "collaborator", "billing"]);
            let by = if main_role.is_some() { priya } else { main };
            let first = projects.iter().take(1).cloned().collect();
            self.invitation(&org, &invitee, &[role], first, &by)?;
        }
        Ok((org, projects))
    }
}

/// Seeds a new database (one transaction).
pub(crate) fn seed(conn: &mut Connection, kind: Seed, extra_orgs: usize) -> rusqlite::Result<()> {
    // The random ids spread index writes over the whole file: with the default 2 MB page
    // cache a 100,000-organization seed spends most of its time re-reading index pages.
    conn.pragma_update(None, "cache_size", -262_144)?;
    let tx = conn.transaction()?;
    let mut seeder = Seeder {
        conn: &tx,
        rng: Rng::new(PRNG_SEED),
        now: now_secs(),
        users: Vec::new(),
        others: Vec::new(),
    };
    let mut personals = Vec::new();
    let accounts = if kind == Seed::Demo {
        ACCOUNTS
    } else {
        &ACCOUNTS[..1]
    };
    for (first, last, email) in accounts {
        let id = seeder.user(first, last, email)?;
        let token = seeder.token();
        store::insert_api_key(&tx, &token, &id, "tenantdeck demo key")?;
        let personal = seeder.org(&format!("{first} {last}"), true, None)?;
        seeder.membership(&personal, None, &id, &["owner"])?;
        seeder.users.push(id);
        personals.push(personal);
    }
    let main = seeder.users[0].clone();
    if kind == Seed::Demo {
        let sandbox = seeder.project(&personals[0], "Sandbox")?;
        seeder.membership(&personals[0], Some(&sandbox), &main, &["admin"])?;
        for first in FIRST {
            let last = *seeder.rng.pick(LAST);
            let email = format!(
                "{}.{}@clients.example",
                first.to_lowercase(),
                last.to_lowercase()
            );
            let id = seeder.user(first, last, &email)?;
            seeder.others.push(id);
        }
        let mut teams = Vec::new();
        for (index, spec) in TEAMS.iter().enumerate() {
            teams.push(seeder.team(index, *spec)?);
        }
        // The invitee's two: one into projects with a project role, one for billing.
        let sam = ACCOUNTS[SAM].2;
        let (first, projects) = &teams[0];
        let two = projects.iter().take(2).cloned().collect();
        seeder.invitation(first, sam, &["collaborator"], two, &main)?;
        seeder.invitation(&teams[2].0, sam, &["billing"], Vec::new(), &main)?;
    }
    for n in 0..extra_orgs {
        let name = format!(
            "{} {} {:05}",
            seeder.rng.pick(PLACES),
            seeder.rng.pick(KINDS),
            n + 1
        );
        let org = seeder.org(&name, false, Some(("Porto", "PT", "synthetic.example")))?;
        seeder.membership(&org, None, &main, &["owner"])?;
        if n.is_multiple_of(3) {
            let project = seeder.project(&org, "Default Project")?;
            seeder.membership(&org, Some(&project), &main, &["admin"])?;
        }
    }
    tx.commit()?;
    conn.pragma_update(None, "cache_size", -2_000)
}
