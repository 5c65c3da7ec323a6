//! `get` and `export` (src/script) in-process against each stand-in, for every kind each
//! provider offers and every format: the output is read back as a script would
//! (`script_read_back.rs`) and its ids and names must be the API's, one for one and in order,
//! read over the stand-in's own HTTP API (not through the client `get` uses, so a kind read
//! from the wrong resource or mapped wrongly shows). The binary's exit codes are in
//! `tests/e2e/get_exits.rs`.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tenantdeck::api::Provider;
use tenantdeck::providers::pulse::PulseClient;
use tenantdeck::sandbox::Seed;
use tenantdeck::script::get::{GetRequest, Kind, get};
use tenantdeck::script::output::Format;
use tenantdeck::script::records::{Record, cell};
use tenantdeck::ui::text::sanitize;

use crate::http::Api;
use crate::metal_support::{self as metal, MAIN};
use crate::pulse_support::{self as pulse};
use crate::script_read_back::{header_of, rows_of};
use crate::support;

const FORMATS: [Format; 5] = [
    Format::Table,
    Format::Json,
    Format::Jsonl,
    Format::Csv,
    Format::Yaml,
];

/// The Cloudmore organization the per-organization kinds are read for.
const AALTO: &str = "Aalto Office Supplies";
/// The Metal organization likewise (it has members, projects and invitations).
const BRIGHTLINE: &str = "Brightline Hosting";

/// One kind as the API lists it: `(id, name)` of each row, in the API's order; `name` is the
/// column of `get`'s rows compared with the name (it is among the table's columns).
struct Case {
    kind: Kind,
    org: Option<&'static str>,
    name: &'static str,
    expected: Vec<(String, String)>,
}

impl Case {
    /// The kind as `api_rows` list it, each row's name at `name_path` (`["user", "email"]`);
    /// `get`'s rows have it under the path's last key.
    fn new<'a>(
        kind: Kind,
        org: Option<&'static str>,
        api_rows: impl IntoIterator<Item = &'a Value>,
        name_path: &[&'static str],
    ) -> Case {
        Case {
            kind,
            org,
            name: name_path.last().expect("a path"),
            expected: api_pairs(api_rows, name_path),
        }
    }

    fn request(&self, format: Format) -> GetRequest {
        GetRequest {
            kind: self.kind,
            org: self.org.map(str::to_string),
            filter: None,
            format,
            columns: None,
            width: None,
            every_org: false,
        }
    }
}

/// Standard output for `get` in a test: `get` takes its writer for good, so the bytes are
/// shared.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What `get` writes for `request`, and the number of rows it says it wrote.
async fn run_get<P: Provider>(provider: &P, request: &GetRequest) -> (usize, String) {
    let out = Captured::default();
    let rows = get(provider, "stand-in", request, out.clone(), &|_, _| {})
        .await
        .unwrap_or_else(|f| panic!("get {:?}: {f}", request.kind));
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    (rows, text)
}

/// `(id, name)` of each row, as text (a JSON number or list read as a cell of CSV would be).
fn pairs(rows: &[Record], name: &str) -> Vec<(String, String)> {
    let text = |row: &Record, key: &str| row.get(key).map(cell).unwrap_or_default();
    rows.iter()
        .map(|row| (text(row, "id"), text(row, name)))
        .collect()
}

/// `(id, name)` of raw API rows, the name at the path `name` (`["user", "email"]`).
fn api_pairs<'a>(
    rows: impl IntoIterator<Item = &'a Value>,
    name: &[&str],
) -> Vec<(String, String)> {
    let at = |row: &Value| name.iter().fold(row.clone(), |v, key| v[key].clone());
    rows.into_iter()
        .map(|row| (cell(&row["id"]), cell(&at(row))))
        .collect()
}

/// The pairs as `format` shows them: a table cleans server text of what could steer the
/// terminal (`ui::text::sanitize`), and its cells are trimmed; the other formats quote it.
fn as_shown(format: Format, pairs: &[(String, String)]) -> Vec<(String, String)> {
    let shown = |text: &str| match format {
        Format::Table => sanitize(text).trim().to_string(),
        _ => text.to_string(),
    };
    pairs
        .iter()
        .map(|(id, name)| (shown(id), shown(name)))
        .collect()
}

/// Every case in every format: the rows `get` wrote are the API's.
async fn check_every_format<P: Provider>(provider: &P, cases: &[Case]) {
    for case in cases {
        assert!(
            !case.expected.is_empty(),
            "{:?}: the demo has rows to compare",
            case.kind
        );
        for format in FORMATS {
            let (count, text) = run_get(provider, &case.request(format)).await;
            let rows = rows_of(format, &text);
            let what = format!("{:?} {:?} in {format:?}", case.kind, case.org);
            assert_eq!(count, case.expected.len(), "{what}: rows counted");
            assert_eq!(
                pairs(&rows, case.name),
                as_shown(format, &case.expected),
                "{what}"
            );
        }
    }
}

/// `--columns` (given out of the kind's order) and `--filter` on one case.
async fn check_columns_and_filter<P: Provider>(provider: &P, case: &Case) {
    let chosen = vec![case.name.to_string(), "id".to_string()];
    for format in [Format::Csv, Format::Table, Format::Jsonl] {
        let request = GetRequest {
            columns: Some(chosen.clone()),
            ..case.request(format)
        };
        let (_, text) = run_get(provider, &request).await;
        let rows = rows_of(format, &text);
        if format != Format::Jsonl {
            assert_eq!(header_of(format, &text), chosen, "{format:?}: {text}");
        }
        assert!(
            rows.iter().all(|r| r.len() == 2),
            "{format:?}: only the chosen columns\n{text}"
        );
        assert_eq!(
            pairs(&rows, case.name),
            as_shown(format, &case.expected),
            "{format:?}"
        );
    }

    // A word of the second row's name, any case: the rows that say it in their names are all
    // kept, and every row kept says it somewhere.
    let needle = case.expected[1].1.split_whitespace().next().unwrap();
    let request = GetRequest {
        filter: Some(needle.to_uppercase()),
        ..case.request(Format::Jsonl)
    };
    let (_, text) = run_get(provider, &request).await;
    let rows = rows_of(Format::Jsonl, &text);
    let needle = needle.to_lowercase();
    assert!(
        rows.iter()
            .all(|r| r.values().any(|v| cell(v).to_lowercase().contains(&needle))),
        "{text}"
    );
    let kept = pairs(&rows, case.name);
    let named: Vec<_> = case
        .expected
        .iter()
        .filter(|(_, name)| name.to_lowercase().contains(&needle))
        .collect();
    assert!(
        !named.is_empty() && kept.len() < case.expected.len(),
        "{text}"
    );
    assert!(named.iter().all(|pair| kept.contains(pair)), "{text}");
}

/// `export` of `case` into `file` (its format from the extension) has the API's rows.
async fn check_export<P: Provider>(provider: &P, case: &Case, file: &str) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(file);
    let format = tenantdeck::script::export::format_of(&path);
    let request = GetRequest {
        every_org: true,
        ..case.request(format)
    };
    let rows = tenantdeck::script::export::export(provider, "stand-in", &request, &path)
        .await
        .unwrap_or_else(|f| panic!("export {file}: {f}"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(rows, case.expected.len(), "{file}");
    assert_eq!(pairs(&rows_of(format, &text), case.name), case.expected);
}

/// The path of most rows' name.
const NAME: &[&str] = &["name"];

#[tokio::test(flavor = "multi_thread")]
async fn every_cloudmore_kind_in_every_format_is_what_the_api_lists() {
    let stand_in = support::stand_in().await;
    let api = Api::login(&stand_in.handle, stand_in.handle.credentials()).await;
    let list = |path: String| {
        let api = &api;
        async move {
            let body = api.get_json(&path).await;
            body.as_array().expect("a list").clone()
        }
    };
    let orgs = list("/Organizations".into()).await;
    let org = orgs.iter().find(|o| o["name"] == AALTO).expect("Aalto");
    let at = |rest: &str| format!("/organizations/{}/{rest}", org["id"].as_str().unwrap());
    let services = list(at("services")).await;
    let mut subscriptions = Vec::new();
    for service in &services {
        let path = at(&format!("services/{}/subscriptions", cell(&service["id"])));
        subscriptions.extend(list(path).await);
    }
    let aalto = Some(AALTO);
    let cases = [
        Case::new(Kind::Organizations, None, &orgs, NAME),
        Case::new(Kind::Services, aalto, &services, NAME),
        Case::new(Kind::Estore, aalto, &list(at("Estore")).await, NAME),
        Case::new(Kind::Subscriptions, aalto, &subscriptions, &["productName"]),
        Case::new(Kind::Users, aalto, &list(at("Users")).await, &["username"]),
        Case::new(
            Kind::Administrators,
            None,
            &list("/ResellerAdministrators".into()).await,
            NAME,
        ),
        Case::new(
            Kind::Roles,
            None,
            &list("/ResellerRoles".into()).await,
            NAME,
        ),
        Case::new(
            Kind::Roles,
            aalto,
            &list(at("OrganizationRoles")).await,
            NAME,
        ),
        Case::new(
            Kind::Groups,
            None,
            &list("/OrganizationGroups".into()).await,
            NAME,
        ),
    ];
    let client = support::client(&stand_in.handle);
    check_every_format(&*client, &cases).await;
    check_columns_and_filter(&*client, &cases[0]).await;
    check_export(&*client, &cases[4], "users.csv").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pulse_organizations_in_every_format_are_what_the_api_lists() {
    let stand_in = pulse::start(Seed::Demo).await;
    let raw = pulse::Raw::login(&stand_in.handle, &stand_in.operator()).await;
    let orgs = raw.all_orgs().await;
    let cases = [Case::new(Kind::Organizations, None, &orgs, NAME)];
    let config = tenantdeck::demo::pulse_config(&stand_in.handle, Duration::from_secs(10));
    let client = PulseClient::new(config).unwrap();
    check_every_format(&client, &cases).await;
    check_columns_and_filter(&client, &cases[0]).await;
    check_export(&client, &cases[0], "organizations.yaml").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_metal_kind_in_every_format_is_what_the_api_lists() {
    let stand_in = metal::start(Seed::Demo).await;
    let raw = stand_in.as_user(MAIN);
    let orgs = raw.organizations_with_projects().await;
    // The hierarchy lists each organization's projects after it, organization by organization.
    let projects: Vec<&Value> = orgs
        .iter()
        .flat_map(|o| o["projects"].as_array().into_iter().flatten())
        .collect();
    let org = orgs
        .iter()
        .find(|o| o["name"] == BRIGHTLINE)
        .expect("Brightline");
    let org_path = format!("/organizations/{}", cell(&org["id"]));
    let members = raw
        .ok(&format!("{org_path}?include=memberships.user"))
        .await;
    let members = members["memberships"].as_array().expect("memberships");
    let invitations = raw
        .all(
            &format!("{org_path}/invitations?per_page=1000"),
            "invitations",
        )
        .await;
    let brightline = Some(BRIGHTLINE);
    let cases = [
        Case::new(Kind::Organizations, None, &orgs, NAME),
        Case::new(Kind::Projects, None, projects, NAME),
        Case::new(Kind::Members, brightline, members, &["user", "email"]),
        Case::new(Kind::Invitations, brightline, &invitations, &["invitee"]),
    ];
    let client = crate::client_metal::client_as(&stand_in, MAIN);
    check_every_format(&client, &cases).await;
    check_columns_and_filter(&client, &cases[1]).await;
    check_export(&client, &cases[1], "projects.json").await;

    // Every organization's members, exported: organization by organization in the API's
    // order, whichever answer comes first.
    let mut every = Vec::new();
    for org in &orgs {
        let path = format!(
            "/organizations/{}?include=memberships.user",
            cell(&org["id"])
        );
        let body = raw.ok(&path).await;
        every.extend(body["memberships"].as_array().expect("memberships").clone());
    }
    let members = Case::new(Kind::Members, None, &every, &["user", "email"]);
    check_export(&client, &members, "members.csv").await;
}
