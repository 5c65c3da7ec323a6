//! The background index: how fast it builds against the stand-in answering every request
//! after 20 ms, and what 100,000 organizations and a 1,000,000-entry index cost in memory.
//! Prints figures only.
//!
//! 1. Build rate: the first organizations of the demo seed indexed through the actor (its
//!    users, services and their subscriptions) at the indexer's highest rate (100 a second),
//!    beside a simple reference client reading the same lists one after another with no
//!    pacing at all, in the same run; then what the default rate (4 a second) means for
//!    3,200 organizations.
//! 2. Memory: the console (`App`) with 100,000 organizations loaded, then 1,000,000 index
//!    entries handed to it as the indexer hands them over (users, a service and its
//!    subscription per organization); resident memory after each, and a keystroke of the
//!    search over all of it.
//! 3. The cache file holding that index: how long opening it takes (before a first frame),
//!    and a restart's walk over it: 100,000 organizations from the disk, nothing sent.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tenantdeck::api::disk_cache::DiskCache;
use tenantdeck::api::indexer::{IndexOrder, IndexSettings, IndexedLists};
use tenantdeck::api::{
    ActorOptions, ApiEvent, ApiRequest, DEFAULT_FRESH_FOR, Resource, ResourceData, spawn_actor_with,
};
use tenantdeck::app::{App, SessionInfo};
use tenantdeck::domain::{OrganizationService, OrganizationSummary, Subscription, User};
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::sandbox::{self, SandboxConfig};

/// Organizations indexed in the build-rate part.
const WALKED: usize = 40;
const LATENCY: Duration = Duration::from_millis(20);
const ORGS: usize = 100_000;
/// Users per organization in the memory part: with a service and a subscription, ten
/// entries per organization.
const USERS: usize = 8;
/// The E-store services the organizations have.
const SERVICES: usize = 24;

/// Bytes the allocator has handed out and not had back, in MB (what is live, whatever the
/// resident figure keeps of freed memory).
fn in_use_mb() -> f64 {
    // SAFETY: mallinfo2 only reads the allocator's counters.
    let info = unsafe { libc::mallinfo2() };
    (info.uordblks + info.hblkhd) as f64 / (1024.0 * 1024.0)
}

/// Resident memory of this process, in MB.
fn resident_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok());
    kb.map_or(0.0, |kb| kb / 1024.0)
}

async fn build_rate(cache: &std::path::Path) {
    let folder = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(
        "127.0.0.1:0".parse().unwrap(),
        folder.path().join("stand-in.sqlite"),
    );
    config.pace.latency = LATENCY;
    let stand_in = sandbox::start(config).await.unwrap();
    let client_config = tenantdeck::demo::client_config(&stand_in, Duration::from_secs(30));
    let client = Arc::new(CloudmoreClient::new(client_config.clone()).unwrap());
    let walked = match client.fetch(&Resource::Organizations).await.unwrap() {
        ResourceData::Organizations(orgs) => orgs.into_iter().take(WALKED).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    let orgs: Vec<String> = walked.iter().map(|o| o.id.to_string()).collect();

    // The reference: every list, one after another, as fast as the server answers.
    let reference = Arc::new(CloudmoreClient::new(client_config).unwrap());
    let started = Instant::now();
    reference.fetch(&Resource::Administrators).await.unwrap();
    let mut reference_lists = 1;
    for org in &orgs {
        let mut queue = vec![
            Resource::Users { org: org.clone() },
            Resource::OrgServices { org: org.clone() },
        ];
        while let Some(resource) = queue.pop() {
            let data = reference.fetch(&resource).await.unwrap();
            queue.extend(tenantdeck::api::indexer::follow(&resource, &data));
            reference_lists += 1;
        }
    }
    let reference_took = started.elapsed();

    let fresh = folder.path().join("cache.sqlite3");
    let walk = index_walk(client, &fresh, false, walked).await;
    let (lists, took) = (walk.lists, walk.took);
    let per_org = lists as f64 / orgs.len() as f64;
    println!(
        "index_build: {} organizations ({lists} lists, {per_org:.1} a organization), the stand-in answering after {} ms",
        orgs.len(),
        LATENCY.as_millis()
    );
    let line = |who: &str, lists: usize, took: Duration| {
        let secs = took.as_secs_f64();
        println!(
            "  {who:<34} {secs:6.2} s  {:6.1} lists/s  {:6.1} organizations/s",
            lists as f64 / secs,
            orgs.len() as f64 / secs
        );
    };
    line("indexer at 100 requests/s", lists, took);
    line(
        "reference client, no pacing",
        reference_lists,
        reference_took,
    );
    println!(
        "  indexer / reference time:          {:.2}",
        took.as_secs_f64() / reference_took.as_secs_f64()
    );
    let default_hours = 3200.0 * per_org / f64::from(IndexSettings::default().rate) / 3600.0;
    println!(
        "  at the default 4 requests/s, 3,200 organizations take {default_hours:.1} h; a restart resumes from the disk"
    );
    // Offline, the client is never asked; it only has to exist.
    let client = tenantdeck::demo::client_config(&stand_in, Duration::from_secs(30));
    resume(Arc::new(CloudmoreClient::new(client).unwrap()), cache).await;
}

fn organizations() -> Vec<OrganizationSummary> {
    (0..ORGS)
        .map(|i| OrganizationSummary {
            id: org_id(i).into(),
            name: format!("Organization {i} Oy").into(),
            customer_number: format!("C-{i:06}").into(),
            primary_domain: format!("tenant{i}.example.com").into(),
            is_active: true,
            country_code: "SE".into(),
            ..Default::default()
        })
        .collect()
}

/// The `n`th id of a kind (0 organizations, 1 services, 2 subscriptions, 3 and on users),
/// written as the APIs write ids: a GUID.
fn guid(kind: usize, n: usize) -> String {
    format!("{n:08x}-{kind:04x}-4000-8000-{:012x}", n * 31 + kind)
}

fn org_id(i: usize) -> String {
    guid(0, i)
}

/// One organization's lists as the indexer reads them: users, a service, its subscription.
fn lists_of(i: usize) -> IndexedLists {
    let org = org_id(i);
    let users = (0..USERS)
        .map(|u| User {
            id: guid(3 + u, i),
            display_name: format!("User {u} of {i}"),
            email: format!("user{u}.of{i}@tenant{i}.example.com"),
            username: format!("user{u}.of{i}@tenant{i}.example.com"),
            ..Default::default()
        })
        .collect();
    let service = OrganizationService {
        // An organization's service is one of the E-store's (a few dozen), by its id there.
        id: guid(1, i % SERVICES),
        name: "Microsoft 365".into(),
        vendor_name: "Microsoft".into(),
        ..Default::default()
    };
    let subscription = Subscription {
        id: guid(2, i),
        product_name: "Microsoft 365 E3".into(),
        status: "Active".into(),
        ..Default::default()
    };
    let subscriptions = Resource::Subscriptions {
        org: org.clone(),
        service: service.id.clone(),
    };
    IndexedLists {
        owner: Some(org.clone()),
        lists: vec![
            (
                Resource::Users { org: org.clone() },
                Arc::new(ResourceData::Users(users)),
            ),
            (
                Resource::OrgServices { org },
                Arc::new(ResourceData::OrgServices(vec![service])),
            ),
            (
                subscriptions,
                Arc::new(ResourceData::Subscriptions(vec![subscription])),
            ),
        ],
        fetched: SystemTime::now(),
    }
}

fn key(app: &mut App, event: KeyEvent) {
    app.handle_terminal_event(Event::Key(event));
}

fn memory() {
    let at_start = resident_mb();
    let mut app = App::new(SessionInfo {
        profile: "bench".into(),
        api_url: "http://127.0.0.1".into(),
        reseller_id: "r-1".into(),
        ..Default::default()
    });
    let id = match app.take_requests().first() {
        Some(ApiRequest::Fetch { id, .. }) => *id,
        other => panic!("unexpected first request {other:?}"),
    };
    app.handle_api_event(ApiEvent::Loaded {
        id,
        resource: Resource::Organizations,
        data: Arc::new(ResourceData::Organizations(organizations())),
        stale: false,
        skipped: 0,
    });
    app.take_requests();
    let with_orgs = (resident_mb(), in_use_mb());
    let started = Instant::now();
    for batch in (0..ORGS).collect::<Vec<_>>().chunks(1000) {
        let lists = batch.iter().map(|&i| lists_of(i)).collect();
        let progress = tenantdeck::api::indexer::IndexProgress {
            indexed: batch[batch.len() - 1] + 1,
            of: ORGS,
            ..Default::default()
        };
        app.handle_api_event(ApiEvent::Indexed { lists, progress });
    }
    let handed = started.elapsed();
    let with_index = (resident_mb(), in_use_mb());
    key(
        &mut app,
        KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL),
    );
    // Each key as the console takes it: its first slice, then the frame drawn (120x40), then
    // slice after slice until the search is through.
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut typed = |app: &mut App, c: char| {
        let started = Instant::now();
        key(app, KeyEvent::from(KeyCode::Char(c)));
        terminal
            .draw(|frame| tenantdeck::ui::draw(frame, app))
            .unwrap();
        let frame = started.elapsed();
        while app.searching() {
            app.search_step();
        }
        (frame, started.elapsed())
    };
    let (first_frame, first_through) = typed(&mut app, 'u');
    // The box open over everything, its first search through: what the console holds while
    // a support person searches.
    let searching = (resident_mb(), in_use_mb());
    let next: Vec<(Duration, Duration)> =
        "ser5.of4242".chars().map(|c| typed(&mut app, c)).collect();
    let mean = |times: &mut dyn Iterator<Item = Duration>| times.sum::<Duration>() / 11;
    let next_frame = mean(&mut next.iter().map(|t| t.0));
    let next_through = mean(&mut next.iter().map(|t| t.1));
    let slowest_frame = next.iter().map(|t| t.0).max().unwrap_or_default();
    println!(
        "index memory: {ORGS} organizations, {} index entries (users, a service, a subscription each)",
        ORGS * (USERS + 2)
    );
    println!("  resident at start:               {at_start:7.1} MB");
    let (rss, live) = with_orgs;
    println!("  with the organizations loaded:   {rss:7.1} MB resident, {live:7.1} MB in use");
    let (rss, live) = with_index;
    println!("  with the index too:              {rss:7.1} MB resident, {live:7.1} MB in use");
    let (rss, live) = searching;
    println!("  with the search box open too:    {rss:7.1} MB resident, {live:7.1} MB in use");
    println!(
        "  handing the index over took {:.2} s in all (1,000 organizations an event)",
        handed.as_secs_f64()
    );
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  search over it all: first letter {:.1} ms to its frame (drawn), {:.1} ms through; each next letter {:.1} ms to its frame (the slowest {:.1} ms), {:.1} ms through",
        ms(first_frame),
        ms(first_through),
        ms(next_frame),
        ms(slowest_frame),
        ms(next_through)
    );
}

/// A profile's cache file holding the index of 100,000 organizations (three lists each): how
/// long opening it takes, before the first frame can be drawn from it.
fn cache_open() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("cache.sqlite3");
    let mut cache = DiskCache::open(&path).unwrap();
    let started = Instant::now();
    for i in 0..ORGS {
        for (resource, data) in lists_of(i).lists {
            cache.put(&resource, data);
        }
    }
    cache.flush();
    let written = started.elapsed();
    drop(cache);
    let started = Instant::now();
    let cache = DiskCache::open(&path).unwrap();
    let opened = started.elapsed();
    let users = Resource::Users { org: org_id(4242) };
    assert!(cache.contains(&users));
    println!(
        "cache file with the index of {ORGS} organizations ({} lists): written in {:.1} s (writer thread), opened in {:.0} ms",
        ORGS * 3,
        written.as_secs_f64(),
        opened.as_secs_f64() * 1000.0
    );
    folder
}

/// A restart over that file: the walk of 100,000 organizations answered from the disk alone
/// (offline, so nothing could be sent), as a console started again goes past what it read.
async fn resume(client: Arc<CloudmoreClient>, cache: &std::path::Path) {
    let walk = index_walk(client, cache, true, organizations()).await;
    let (progress, lists, events) = (walk.progress, walk.lists, walk.events);
    let took = walk.took.as_secs_f64();
    println!(
        "resume from the disk: {} of {ORGS} organizations ({lists} lists) walked in {took:.1} s with nothing sent ({:.0} organizations/s, {events} events)",
        progress.indexed,
        progress.indexed as f64 / took
    );
}

/// What a walk of the indexer delivered, and how long it took to say it was over.
struct Walked {
    lists: usize,
    events: usize,
    progress: tenantdeck::api::indexer::IndexProgress,
    took: Duration,
}

/// An actor over the cache file at `cache` (`offline`: nothing may be sent) indexing at 100
/// requests a second walks `root` to its end.
async fn index_walk(
    client: Arc<CloudmoreClient>,
    cache: &std::path::Path,
    offline: bool,
    root: Vec<OrganizationSummary>,
) -> Walked {
    let options = ActorOptions {
        disk: Some(DiskCache::open(cache).unwrap()),
        offline,
        index: IndexSettings {
            rate: 100,
            ..IndexSettings::default()
        },
        ..ActorOptions::new(DEFAULT_FRESH_FOR)
    };
    let mut actor = spawn_actor_with(client, options);
    let started = Instant::now();
    let order = IndexOrder::Walk {
        root: Arc::new(ResourceData::Organizations(root)),
        members: false,
    };
    actor.requests.send(ApiRequest::Index(order)).unwrap();
    let (mut lists, mut events) = (0, 0);
    loop {
        if let Some(ApiEvent::Indexed {
            lists: got,
            progress,
        }) = actor.events.recv().await
        {
            lists += got.iter().map(|l| l.lists.len()).sum::<usize>();
            events += 1;
            if progress.finished {
                let took = started.elapsed();
                return Walked {
                    lists,
                    events,
                    progress,
                    took,
                };
            }
        }
    }
}

#[tokio::main]
async fn main() {
    tenantdeck::allocator::tune();
    memory();
    let cache = cache_open();
    build_rate(&cache.path().join("cache.sqlite3")).await;
}
