//! The console is polite to the API, seen through the real app, actor and client against the
//! stand-in over real HTTP: a list that keeps failing is asked for a bounded number of times,
//! the status bar says when the API asked us to slow down, a hung request ends in plain words
//! while keys still work, and moving over users costs no request per user.
//!
//! Backoff waits are scaled down for speed: with a base of [`BASE`] instead of 500 ms, the
//! issue's "10 s" window is `10 s / 500 ms × BASE` = 200 ms.

use std::time::Duration;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tenantdeck::api::{
    ActorChannels, ApiRequest, Resource, ResourceData, RetryPolicy, spawn_actor,
};
use tenantdeck::app::{App, SessionInfo, TICK};
use tenantdeck::providers::cloudmore::{ClientConfig, CloudmoreClient};
use tenantdeck::sandbox::SandboxHandle;

use crate::support;
use crate::support::{count_requests, stand_in};

/// The backoff base of these tests (the profile's is 500 ms).
const BASE: Duration = Duration::from_millis(10);
/// The 10 s, scaled like the backoff.
const WINDOW: Duration = Duration::from_millis(200);

fn quick_retries(sandbox: &SandboxHandle) -> ClientConfig {
    let mut config = support::client_config(sandbox);
    config.retry = RetryPolicy {
        retries: 3,
        base: BASE,
    };
    config
}

/// The app with a real actor, driven the way the event loop drives it: requests are handed to
/// the actor after every event, answers applied as they come, a tick every [`TICK`].
struct Console {
    app: App,
    actor: ActorChannels,
    ticker: tokio::time::Interval,
    /// Every request the app handed to the actor.
    sent: Vec<ApiRequest>,
}

impl Console {
    fn new(sandbox: &SandboxHandle, config: ClientConfig) -> Console {
        let client = std::sync::Arc::new(CloudmoreClient::new(config).unwrap());
        let session = SessionInfo {
            profile: "test".into(),
            api_url: sandbox.base_url(),
            reseller_id: sandbox.credentials().reseller_id.clone(),
            ..Default::default()
        };
        Console {
            app: App::new(session),
            actor: spawn_actor(client, tenantdeck::api::DEFAULT_FRESH_FOR),
            ticker: {
                // As in the event loop: a late tick is not made up with a burst.
                let mut ticker = tokio::time::interval(TICK);
                ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                ticker
            },
            sent: Vec::new(),
        }
    }

    fn press(&mut self, c: char) {
        self.key(KeyCode::Char(c));
    }

    fn key(&mut self, code: KeyCode) {
        self.app
            .handle_terminal_event(Event::Key(KeyEvent::from(code)));
    }

    /// Runs the loop for `span` of real time.
    async fn run_for(&mut self, span: Duration) {
        let end = tokio::time::Instant::now() + span;
        loop {
            for request in self.app.take_requests() {
                self.sent.push(request.clone());
                self.actor.requests.send(request).unwrap();
            }
            tokio::select! {
                _ = tokio::time::sleep_until(end) => return,
                Some(event) = self.actor.events.recv() => self.app.handle_api_event(event),
                _ = self.ticker.tick() => self.app.tick(),
            }
        }
    }

    /// Runs the loop until `done` holds, or fails the test after 10 s (a loaded machine may be
    /// slow; the waits asserted on are the app's own).
    async fn run_until(&mut self, done: impl Fn(&Console) -> bool) {
        let end = tokio::time::Instant::now() + Duration::from_secs(10);
        // One pass first: what a key asked for is only sent by the loop.
        self.run_for(Duration::from_millis(20)).await;
        while !done(self) {
            assert!(
                tokio::time::Instant::now() < end,
                "timed out: {}",
                self.screen()
            );
            self.run_for(Duration::from_millis(20)).await;
        }
    }

    /// Runs the loop until nothing loads or waits for a tick.
    async fn settle(&mut self) {
        self.run_until(|c| !c.app.needs_ticks()).await;
    }

    fn screen(&self) -> String {
        render(&self.app)
    }
}

fn render(app: &App) -> String {
    let backend = ratatui::backend::TestBackend::new(120, 30);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal
        .draw(|frame| tenantdeck::ui::draw(frame, app))
        .unwrap();
    terminal.backend().to_string()
}

#[tokio::test]
async fn a_list_that_always_fails_is_not_asked_for_in_a_loop() {
    let stand = stand_in().await;
    let mut console = Console::new(&stand.handle, quick_retries(&stand.handle));
    console.settle().await;
    stand.handle.fail_next("/users", 500, 1_000_000);
    console.press('j');
    console.press('u');
    let users = || count_requests(&stand.handle, "/users");
    console.run_until(|_| users() >= 4).await;
    console.run_for(WINDOW * 2).await;
    let asked = count_requests(&stand.handle, "/users");
    assert_eq!(
        asked, 4,
        "one request and three retries, then it is left failed"
    );
    let screen = console.screen();
    assert!(screen.contains("could not load"), "{screen}");
    assert!(screen.contains("r retries"), "{screen}");

    console.press('r');
    console.run_until(|_| users() >= 8).await;
    console.run_for(WINDOW * 2).await;
    assert_eq!(
        count_requests(&stand.handle, "/users"),
        8,
        "r asks once more, retried alike"
    );
}

#[tokio::test]
async fn the_status_bar_says_when_the_api_asked_us_to_slow_down() {
    let stand = stand_in().await;
    let mut console = Console::new(&stand.handle, quick_retries(&stand.handle));
    console.settle().await;
    // The stand-in's 429 asks for one second.
    stand.handle.fail_next("/users", 429, 1);
    console.press('j');
    console.press('u');
    console
        .run_until(|c| c.screen().contains("slow down"))
        .await;
    let screen = console.screen();
    assert!(
        screen.contains("the API asked us to slow down (retrying in 1 s)"),
        "{screen}"
    );
    console.settle().await;
    let screen = console.screen();
    assert!(!screen.contains("slow down"), "{screen}");
    assert!(
        !screen.contains("could not load"),
        "read after the wait: {screen}"
    );
    let user_lists = stand.handle.request_log();
    let user_lists = user_lists.iter().filter(|l| l.ends_with("/Users"));
    assert_eq!(user_lists.count(), 2, "the throttled list, then once more");
}

#[tokio::test]
async fn a_hung_request_spins_then_ends_in_plain_words_while_keys_work() {
    let stand = stand_in().await;
    let mut config = quick_retries(&stand.handle);
    config.timeout = Duration::from_secs(1);
    let mut console = Console::new(&stand.handle, config);
    console.settle().await;
    stand.handle.faults().slow("/users", Duration::from_secs(3));
    console.press('j');
    console.press('u');
    console.run_for(Duration::from_millis(300)).await;
    assert!(console.screen().contains("loading…"));
    console.press('?');
    assert!(
        console.screen().contains("Help — j/k scroll"),
        "keys work meanwhile"
    );
    console.key(KeyCode::Esc);
    console
        .run_until(|c| c.screen().contains("could not load"))
        .await;
    let screen = console.screen();
    assert!(
        screen.contains("could not load: request timed out after 1 s"),
        "{screen}"
    );
    assert_eq!(count_requests(&stand.handle, "/users"), 1, "not repeated");
}

/// The position in the tree (by name, as the tree sorts) of the first organization with at
/// least four users and a subscription, with its number of services and subscriptions.
async fn busy_organization(sandbox: &SandboxHandle) -> (usize, String, usize, usize) {
    let client = support::client(sandbox);
    let read = |resource| {
        let client = client.clone();
        async move { client.fetch(&resource).await.unwrap() }
    };
    let ResourceData::Organizations(mut orgs) = read(Resource::Organizations).await else {
        panic!("organizations");
    };
    orgs.sort_by_key(|o| o.name.to_lowercase());
    for (index, org) in orgs.iter().enumerate() {
        let id = org.id.to_string();
        let ResourceData::Users(users) = read(Resource::Users { org: id.clone() }).await else {
            panic!("users");
        };
        let ResourceData::OrgServices(services) =
            read(Resource::OrgServices { org: id.clone() }).await
        else {
            panic!("services");
        };
        let mut subscriptions = 0;
        for service in &services {
            let resource = Resource::Subscriptions {
                org: id.clone(),
                service: service.id.clone(),
            };
            if let ResourceData::Subscriptions(list) = read(resource).await {
                subscriptions += list.len();
            }
        }
        if users.len() >= 4 && subscriptions > 0 {
            return (index, org.name.to_string(), services.len(), subscriptions);
        }
    }
    panic!("the demo data has an organization with users and subscriptions");
}

fn api_reads(sandbox: &SandboxHandle) -> usize {
    count_requests(sandbox, "GET /api/resellers")
}

fn assignment_reads(sent: &[ApiRequest]) -> usize {
    sent.iter()
        .filter(|r| {
            matches!(
                r,
                ApiRequest::Fetch {
                    resource: Resource::UserAssignments { .. },
                    ..
                }
            )
        })
        .count()
}

#[tokio::test]
async fn moving_over_users_reads_the_organizations_lists_once_not_per_user() {
    let stand = stand_in().await;
    let (index, name, services, subscriptions) = busy_organization(&stand.handle).await;
    let mut console = Console::new(&stand.handle, support::client_config(&stand.handle));
    console.settle().await;
    for _ in 0..=index {
        console.press('j');
    }
    console.settle().await;
    let before = api_reads(&stand.handle);
    console.press('u');
    console.settle().await;
    assert!(console.screen().contains(&format!("{name} › Users")));
    let opening = api_reads(&stand.handle) - before;
    println!("opening the users of {name}: {opening} requests");
    // The users and roles, then the first user's subscriptions: the services, each one's
    // subscriptions and each subscription's users.
    assert_eq!(opening, 2 + 1 + services + subscriptions);

    for _ in 0..3 {
        console.press('j');
        console.settle().await;
    }
    let moving = api_reads(&stand.handle) - before - opening;
    println!("three moves onto users not seen yet: {moving} requests");
    assert_eq!(
        assignment_reads(&console.sent),
        4,
        "each user rested on is asked for"
    );
    assert_eq!(
        api_reads(&stand.handle) - before,
        opening,
        "the next users are gathered from the lists already read"
    );

    // A held j over users not seen yet: keys 10 ms apart, then the cursor rests.
    console.sent.clear();
    for _ in 0..6 {
        console.press('j');
        console.run_for(Duration::from_millis(10)).await;
    }
    console.settle().await;
    assert_eq!(
        assignment_reads(&console.sent),
        1,
        "only the user the cursor rests on: {:?}",
        console.sent
    );
}

#[test]
fn the_slow_down_message_counts_down_and_says_when_requests_fail_meanwhile() {
    let mut app = App::new(SessionInfo::default());
    let now = std::time::Instant::now();
    let throttled = |secs| tenantdeck::api::ApiEvent::Throttled {
        until: now + Duration::from_secs(secs),
    };
    app.handle_api_event(throttled(5));
    assert!(app.needs_ticks(), "the countdown redraws");
    assert!(render(&app).contains("the API asked us to slow down (retrying in 5 s)"));
    app.handle_api_event(throttled(90));
    assert!(render(&app).contains("the API asked us to slow down (try again in 90 s)"));
    app.handle_api_event(tenantdeck::api::ApiEvent::Throttled { until: now });
    assert!(!render(&app).contains("slow down"), "passed: gone");
}

/// An organization with Dropbox and one subscription, made through the client: the
/// subscription's id and quantity.
async fn one_subscription(sandbox: &SandboxHandle) -> (String, i64) {
    use tenantdeck::api::Mutation;
    let client = support::client(sandbox);
    let org = client
        .mutate(&Mutation::CreateOrganization(Box::new(
            tenantdeck::domain::OrganizationInput {
                name: "Seats AB".into(),
                is_active: true,
                ..Default::default()
            },
        )))
        .await
        .unwrap()
        .unwrap();
    let ResourceData::Estore(estore) = client
        .fetch(&Resource::Estore { org: org.clone() })
        .await
        .unwrap()
    else {
        panic!("the E-store");
    };
    let service = estore
        .iter()
        .find(|s| s.name == "Dropbox Business Standard")
        .unwrap()
        .id
        .clone();
    let add = Mutation::AddService {
        org: org.clone(),
        input: tenantdeck::domain::OrganizationServiceAdd {
            service_id: service.clone(),
            ..Default::default()
        },
    };
    client.mutate(&add).await.unwrap();
    let products = Resource::Products {
        org: org.clone(),
        service: service.clone(),
    };
    let ResourceData::Products(products) = client.fetch(&products).await.unwrap() else {
        panic!("products");
    };
    let quantity = products[0].min_quantity;
    let input = tenantdeck::domain::SubscriptionCreate {
        product_id: products[0].id.clone(),
        quantity,
    };
    let create = Mutation::CreateSubscription {
        org,
        service,
        input,
    };
    (client.mutate(&create).await.unwrap().unwrap(), quantity)
}

/// Issue 15.10: after a quantity change the console reads that one subscription (and its
/// history, which the change outdated), never the list again; the row shows the new quantity.
#[tokio::test]
async fn a_quantity_change_reads_the_one_subscription_not_the_list() {
    let stand = support::start(tenantdeck::sandbox::Seed::Empty).await;
    let (sub, quantity) = one_subscription(&stand.handle).await;
    let mut console = Console::new(&stand.handle, support::client_config(&stand.handle));
    console.settle().await;
    console.press('j');
    console.settle().await;
    console.press('s');
    console.settle().await;
    console.key(KeyCode::Tab);
    console.settle().await;
    console.key(KeyCode::Enter);
    console.settle().await;
    assert!(console.screen().contains("History"), "{}", console.screen());
    let before = stand.handle.request_log().len();

    console.press('e');
    for _ in 0..quantity.to_string().len() {
        console.key(KeyCode::Backspace);
    }
    let changed = quantity + 1;
    for c in changed.to_string().chars() {
        console.press(c);
    }
    console.key(KeyCode::Enter);
    console
        .run_until(|c| c.screen().contains("quantity changed"))
        .await;
    console.settle().await;
    let log = stand.handle.request_log();
    let after: Vec<String> = log[before..].iter().map(|l| l.to_lowercase()).collect();
    let gets = |tail: &str| {
        after
            .iter()
            .filter(|l| l.starts_with("get ") && l.ends_with(tail))
            .count()
    };
    assert_eq!(gets(&format!("/subscriptions/{sub}")), 1, "{after:#?}");
    assert_eq!(gets("/subscriptions"), 0, "no list reload: {after:#?}");
    assert_eq!(
        gets(&format!("/subscriptions/history/{sub}")),
        1,
        "{after:#?}"
    );
    let screen = console.screen();
    let row = screen
        .lines()
        .find(|l| l.contains(" Active "))
        .unwrap_or("");
    assert!(row.contains(&format!(" {changed} ")), "{screen}");
}
