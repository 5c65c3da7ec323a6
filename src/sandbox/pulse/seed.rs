//! Fills a new Pulse database: the operator account and, for the demo, an IoT customer
//! hierarchy (four root tenants: a grid operator, a cold-chain carrier, a smart-buildings
//! firm and a farm group, each with its own administrator), then any synthetic organizations
//! asked for, spread over the hierarchy.
//!
//! One seeded PRNG makes two new databases identical, ids included; times are relative to the
//! moment of seeding.

use rusqlite::Connection;

use super::store::{self, MAX_DEPTH, NewUser, Org};
use crate::sandbox::Seed;
use crate::sandbox::rng::Rng;

const PRNG_SEED: u64 = 0x9015_E10C_2026_0002;

/// The operator: signs in to see every tenant.
pub(crate) const OPERATOR: (&str, &str) = ("operator@pulse.example", "Pulse-Demo-1!");

/// A root tenant: its name, its administrator, and the names each level below it draws from.
struct TenantSpec {
    name: &'static str,
    admin: &'static str,
    levels: [&'static [&'static str]; 4],
}

const TENANT_PASSWORD: &str = "Tenant-Demo-1!";

const TENANTS: &[TenantSpec] = &[
    TenantSpec {
        name: "Helios Energy Networks",
        admin: "admin@helios-energy.example",
        levels: [
            &[
                "Northern Grid Region",
                "Southern Grid Region",
                "Eastern Grid Region",
                "Western Grid Region",
            ],
            &[
                "Substation Alder Creek",
                "Substation Birch Hill",
                "Substation Cedar Point",
                "Substation Dunmore",
                "Substation Elm Ridge",
                "Substation Fairhaven",
            ],
            &[
                "Feeder 11kV-A",
                "Feeder 11kV-B",
                "Feeder 11kV-C",
                "Feeder 33kV-1",
                "Transformer Bank T2",
            ],
            &[
                "Smart Meter Cluster 01",
                "Smart Meter Cluster 02",
                "Smart Meter Cluster 03",
                "Line Sensors",
                "Recloser Controllers",
            ],
        ],
    },
    TenantSpec {
        name: "Meridian Cold Chain Logistics",
        admin: "admin@meridian-coldchain.example",
        levels: [
            &[
                "Road Fleet",
                "Warehousing",
                "Ocean Containers",
                "Rail Freight",
            ],
            &[
                "Rotterdam Hub",
                "Hamburg Hub",
                "Antwerp Hub",
                "Gdansk Hub",
                "Valencia Hub",
                "Milan Hub",
            ],
            &[
                "Reefer Trucks",
                "Cold Store A",
                "Cold Store B",
                "Loading Docks",
                "Container Yard",
            ],
            &[
                "Temperature Loggers",
                "Door Sensors",
                "GPS Trackers",
                "Edge Gateways",
            ],
        ],
    },
    TenantSpec {
        name: "Aurora Smart Buildings",
        admin: "admin@aurora-buildings.example",
        levels: [
            &[
                "Amsterdam Zuidas Campus",
                "Berlin Mitte Campus",
                "Lyon Part-Dieu Campus",
                "Dublin Docklands Campus",
            ],
            &["Tower A", "Tower B", "Conference Center", "Parking Garage"],
            &[
                "Ground Floor",
                "Floor 1",
                "Floor 2",
                "Floor 3",
                "Floor 4",
                "Rooftop Plant Room",
            ],
            &[
                "HVAC Zone North",
                "HVAC Zone South",
                "Lighting Circuits",
                "Access Control",
                "Occupancy Sensors",
            ],
        ],
    },
    TenantSpec {
        name: "Northstar Agritech",
        admin: "admin@northstar-agri.example",
        levels: [
            &[
                "Iowa Operations",
                "Nebraska Operations",
                "Saskatchewan Operations",
            ],
            &[
                "Hilltop Farm",
                "Riverbend Farm",
                "Prairie View Farm",
                "Cottonwood Farm",
            ],
            &[
                "Field North 40",
                "Field South 80",
                "Grain Storage",
                "Dairy Barn",
            ],
            &[
                "Soil Moisture Probes",
                "Irrigation Pivots",
                "Weather Station",
                "Silo Level Sensors",
            ],
        ],
    },
];

/// How many children a node at each level below the root gets: (least, most).
const FANOUT: [(i64, i64); 4] = [(4, 4), (2, 3), (1, 3), (0, 2)];

const PLACES: &[&str] = &[
    "Porto", "Lisbon", "Leeds", "Utrecht", "Malmo", "Bergen", "Krakow", "Brno", "Graz", "Turin",
    "Seville", "Nantes", "Ghent", "Aarhus", "Tampere", "Cork", "Bremen", "Basel", "Lille",
    "Bilbao",
];
const KINDS: &[&str] = &[
    "Site",
    "Depot",
    "Gateway Group",
    "Sensor Array",
    "Pump Station",
    "Cold Store",
    "Field Unit",
    "Meter Bank",
    "Plant Room",
    "Yard",
];

const DAY_MS: i64 = 86_400_000;

/// What is being built: the database, the numbers and the clock of the seeding.
struct Seeder<'a> {
    conn: &'a Connection,
    rng: Rng,
    now: i64,
    operator: String,
    /// Organizations that may still take children: (id, tenant, depth).
    parents: Vec<(String, String, i64)>,
}

impl Seeder<'_> {
    fn org(&mut self, name: String, parent: Option<(&str, &str, i64)>) -> rusqlite::Result<String> {
        let id = self.rng.guid();
        let created = self.now - self.rng.range(30, 900) * DAY_MS - self.rng.range(0, DAY_MS);
        let edits = self.rng.range(0, 4);
        let updated = if edits == 0 {
            created
        } else {
            created + (self.now - created) / (edits + 1)
        };
        let (parent_id, tenant, depth) = match parent {
            Some((parent, tenant, depth)) => {
                (Some(parent.to_string()), tenant.to_string(), depth + 1)
            }
            None => (None, id.clone(), 0),
        };
        let status = if self.rng.chance(8) {
            "INACTIVE"
        } else {
            "ACTIVE"
        };
        store::insert(
            self.conn,
            &Org {
                id: id.clone(),
                name,
                parent_id,
                tenant_id: tenant.clone(),
                depth,
                status: status.into(),
                created_ms: created,
                updated_ms: updated,
                update_version: edits + 1,
                created_by: self.operator.clone(),
                updated_by: self.operator.clone(),
            },
        )?;
        if depth < MAX_DEPTH {
            self.parents.push((id.clone(), tenant, depth));
        }
        Ok(id)
    }

    /// The children of `parent` (at `depth`), drawn from the tenant's names, and theirs.
    fn grow(
        &mut self,
        spec: &TenantSpec,
        parent: &str,
        tenant: &str,
        depth: i64,
    ) -> rusqlite::Result<()> {
        let Some(names) = spec.levels.get(depth as usize) else {
            return Ok(());
        };
        let (least, most) = FANOUT[depth as usize];
        let count = (self.rng.range(least, most) as usize).min(names.len());
        let start = self.rng.below(names.len());
        for n in 0..count {
            let name = names[(start + n) % names.len()].to_string();
            let child = self.org(name, Some((parent, tenant, depth)))?;
            self.grow(spec, &child, tenant, depth + 1)?;
        }
        Ok(())
    }

    fn user(
        &mut self,
        user_name: &str,
        password: &str,
        tenant: Option<&str>,
    ) -> Result<String, super::reply::PulseError> {
        let id = self.rng.guid();
        let display = user_name.split('@').next().unwrap_or(user_name);
        store::insert_user(
            self.conn,
            &NewUser {
                id: &id,
                user_name,
                password,
                email: user_name,
                display_name: display,
                status: "ACTIVE",
                roles: &["ORG_ADMIN".to_string()],
                groups: &[],
                tenant_id: tenant,
            },
        )?;
        Ok(id)
    }
}

/// Seeds a new database (one transaction).
pub(crate) fn seed(conn: &mut Connection, kind: Seed, extra_orgs: usize) -> Result<(), String> {
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    let mut seeder = Seeder {
        conn: &tx,
        rng: Rng::new(PRNG_SEED),
        now: store::now_ms(),
        operator: String::new(),
        parents: Vec::new(),
    };
    seeder.operator = seeder
        .user(OPERATOR.0, OPERATOR.1, None)
        .map_err(|e| e.message)?;
    let tenants: &[TenantSpec] = if kind == Seed::Demo { TENANTS } else { &[] };
    for spec in tenants {
        let root = seeder
            .org(spec.name.into(), None)
            .map_err(|e| e.to_string())?;
        seeder
            .user(spec.admin, TENANT_PASSWORD, Some(&root))
            .map_err(|e| e.message)?;
        seeder
            .grow(spec, &root, &root, 0)
            .map_err(|e| e.to_string())?;
    }
    if extra_orgs > 0 && seeder.parents.is_empty() {
        seeder
            .org("Synthetic Tenant".into(), None)
            .map_err(|e| e.to_string())?;
    }
    for n in 0..extra_orgs {
        let (parent, tenant, depth) =
            seeder.parents[seeder.rng.below(seeder.parents.len())].clone();
        let name = format!(
            "{} {} {:05}",
            seeder.rng.pick(PLACES),
            seeder.rng.pick(KINDS),
            n + 1
        );
        seeder
            .org(name, Some((&parent, &tenant, depth)))
            .map_err(|e| e.to_string())?;
    }
    tx.commit().map_err(|e| e.to_string())
}
