//! `Provider::stream_pages`, the read `get` and `export` make, against each stand-in: every row
//! of a list handed over exactly once and in the order `read` answers it, and nothing kept in
//! the answer, from the providers that page (Pulse, Metal) and from Cloudmore's organizations
//! list (one answer, handed over in pages as it is decoded); and `get -o jsonl` reads through
//! it, never through a read that collects the list.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tenantdeck::api::provider::PageSink;
use tenantdeck::api::{ApiError, Mutation, Provider, Read, Resource, ResourceData};
use tenantdeck::domain::hierarchy::Capabilities;
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::providers::metal::MetalClient;
use tenantdeck::providers::pulse::PulseClient;
use tenantdeck::sandbox::{self, SandboxConfig, Seed};
use tenantdeck::script::get::{GetRequest, Kind, get};
use tenantdeck::script::output::Format;
use tenantdeck::script::records::records;

use crate::{metal_support, pulse_support};

const TIMEOUT: Duration = Duration::from_secs(30);

fn ids(data: &ResourceData) -> Vec<String> {
    records(data)
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// `resource` read whole, then streamed: the whole list's ids, the ids of each page handed
/// over, and what the streamed read answered.
async fn both_ways<P: Provider>(
    provider: &P,
    resource: Resource,
) -> (Vec<String>, Vec<Vec<String>>, Read) {
    let whole = provider.read(&resource).await.unwrap();
    let pages = Arc::new(Mutex::new(Vec::new()));
    let sink: PageSink = {
        let pages = pages.clone();
        Arc::new(move |page| pages.lock().unwrap().push(ids(&page)))
    };
    let answer = provider.stream_pages(&resource, sink).await.unwrap();
    let pages = pages.lock().unwrap().clone();
    (ids(&whole.data), pages, answer)
}

/// Every row once, in order, in more than one page, and none of them in the answer.
fn assert_streamed(name: &str, at_least: usize, read: (Vec<String>, Vec<Vec<String>>, Read)) {
    let (whole, pages, answer) = read;
    assert!(whole.len() >= at_least, "{name}: {} rows", whole.len());
    assert!(pages.len() > 1, "{name}: {} pages", pages.len());
    assert_eq!(pages.concat(), whole, "{name}: every row once, in order");
    assert!(
        records(&answer.data).is_empty(),
        "{name}: the answer kept rows"
    );
    assert_eq!(answer.skipped, 0, "{name}");
}

async fn cloudmore(extra: usize) -> (sandbox::SandboxHandle, CloudmoreClient, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new("127.0.0.1:0".parse().unwrap(), dir.path().join("c.db"));
    config.extra_orgs = extra;
    let handle = sandbox::start(config).await.unwrap();
    let client = CloudmoreClient::new(tenantdeck::demo::client_config(&handle, TIMEOUT)).unwrap();
    (handle, client, dir)
}

#[tokio::test]
async fn cloudmores_organizations_are_handed_over_in_pages_as_they_are_decoded() {
    let (handle, client, _dir) = cloudmore(2_500).await;
    let read = both_ways(&client, Resource::Organizations).await;
    assert_streamed("cloudmore", 2_500, read);
    // A list it reads in one answer and does not stream is answered whole, nothing handed over.
    let (whole, pages, answer) = both_ways(&client, Resource::ResellerRoles).await;
    assert!(pages.is_empty());
    assert_eq!(ids(&answer.data), whole);
    handle.shutdown().await;
}

#[tokio::test]
async fn pulse_and_metal_hand_over_every_page_and_keep_none() {
    let pulse = pulse_support::start_with(Seed::Demo, |c| c.extra_orgs = 1_200).await;
    let mut config = tenantdeck::demo::pulse_config(&pulse.handle, TIMEOUT);
    config.page_size = 500;
    let client = PulseClient::new(config).unwrap();
    assert_streamed(
        "pulse",
        1_200,
        both_ways(&client, Resource::Hierarchy).await,
    );

    let metal = metal_support::start_with(Seed::Demo, |c| c.extra_orgs = 300).await;
    let mut config = tenantdeck::demo::metal_config(&metal.handle, TIMEOUT);
    config.per_page = 100;
    let client = MetalClient::new(config).unwrap();
    assert_streamed("metal", 300, both_ways(&client, Resource::Hierarchy).await);
}

/// A provider that counts the reads that collect a whole list (`fetch`, `read`,
/// `read_in_pages`) and passes every call on.
struct Counted<P> {
    inner: P,
    collecting: AtomicUsize,
}

impl<P: Provider> Provider for Counted<P> {
    async fn fetch(&self, resource: &Resource) -> Result<ResourceData, ApiError> {
        self.collecting.fetch_add(1, Ordering::SeqCst);
        self.inner.fetch(resource).await
    }

    async fn read(&self, resource: &Resource) -> Result<Read, ApiError> {
        self.collecting.fetch_add(1, Ordering::SeqCst);
        self.inner.read(resource).await
    }

    async fn read_in_pages(&self, resource: &Resource, pages: PageSink) -> Result<Read, ApiError> {
        self.collecting.fetch_add(1, Ordering::SeqCst);
        self.inner.read_in_pages(resource, pages).await
    }

    async fn stream_pages(&self, resource: &Resource, pages: PageSink) -> Result<Read, ApiError> {
        self.inner.stream_pages(resource, pages).await
    }

    async fn mutate(&self, mutation: &Mutation) -> Result<Option<String>, ApiError> {
        self.inner.mutate(mutation).await
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }
}

/// Standard output for a test: what was written, shared with the test.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn get_as_json_lines_streams_every_organization_once_and_in_order() {
    let (handle, client, _dir) = cloudmore(1_500).await;
    let whole = ids(&client.fetch(&Resource::Organizations).await.unwrap());
    let provider = Counted {
        inner: client,
        collecting: AtomicUsize::new(0),
    };
    let request = GetRequest {
        kind: Kind::Organizations,
        org: None,
        filter: None,
        format: Format::Jsonl,
        columns: Some(vec!["id".into()]),
        width: None,
        every_org: false,
    };
    let out = Shared::default();
    let rows = get(&provider, "cloudmore", &request, out.clone(), &|_, _| {})
        .await
        .unwrap();
    assert_eq!(
        provider.collecting.load(Ordering::SeqCst),
        0,
        "no read collected the list"
    );
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    let written: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["id"].to_string())
        .map(|id| id.trim_matches('"').to_string())
        .collect();
    assert_eq!(rows, whole.len());
    assert_eq!(written, whole);
    handle.shutdown().await;
}
