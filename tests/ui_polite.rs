//! The console is polite to the API, seen through the real app, actor and client against the
//! stand-in over real HTTP: a list that keeps failing is asked for a bounded number of times.
//!
//! Backoff waits are scaled down for speed: with a base of [`BASE`] instead of 500 ms, the
//! issue's "10 s" window is `10 s / 500 ms × BASE` = 200 ms.

mod support;

use std::time::Duration;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tenantdeck::api::{ActorChannels, ClientConfig, CloudmoreClient, RetryPolicy, spawn_actor};
use tenantdeck::app::{App, SessionInfo, TICK};
use tenantdeck::sandbox::SandboxHandle;

use support::{count_requests, stand_in};

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
            ticker: tokio::time::interval(TICK),
        }
    }

    fn press(&mut self, c: char) {
        let key = KeyEvent::from(KeyCode::Char(c));
        self.app.handle_terminal_event(Event::Key(key));
    }

    /// Runs the loop for `span` of real time.
    async fn run_for(&mut self, span: Duration) {
        let end = tokio::time::Instant::now() + span;
        loop {
            for request in self.app.take_requests() {
                self.actor.requests.send(request).unwrap();
            }
            tokio::select! {
                _ = tokio::time::sleep_until(end) => return,
                Some(event) = self.actor.events.recv() => self.app.handle_api_event(event),
                _ = self.ticker.tick() => self.app.tick(),
            }
        }
    }

    fn screen(&self) -> String {
        let backend = ratatui::backend::TestBackend::new(120, 30);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|frame| tenantdeck::ui::draw(frame, &self.app))
            .unwrap();
        terminal.backend().to_string()
    }
}

#[tokio::test]
async fn a_list_that_always_fails_is_not_asked_for_in_a_loop() {
    let stand = stand_in().await;
    let mut console = Console::new(&stand.handle, quick_retries(&stand.handle));
    console.run_for(Duration::from_millis(300)).await;
    stand.handle.fail_next("/users", 500, 1_000_000);
    console.press('j');
    console.press('u');
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
    console.run_for(WINDOW * 2).await;
    assert_eq!(
        count_requests(&stand.handle, "/users"),
        8,
        "r asks once more, retried alike"
    );
}
