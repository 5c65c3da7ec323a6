//! The Pulse console's hierarchy screen, seen through the real app, actor, bulk worker and
//! Pulse client against the Pulse stand-in over real HTTP, drawn on `TestBackend`: the root
//! screen, opening and closing, the filter at depth, the detail pane and the move picker.
//! Writes are in `hierarchy_writes.rs`; both use the [`Console`] set up here.

use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tenantdeck::api::{self, ActorChannels, ApiRequest, Provider};
use tenantdeck::app::{App, SessionInfo, TICK};
use tenantdeck::bulk::journal::{Journal, JournalWriter, Server};
use tenantdeck::bulk::worker::{WorkerChannels, WorkerSetup, spawn_worker};
use tenantdeck::providers::pulse::PulseClient;
use tenantdeck::sandbox::Seed;

use crate::pulse::{self, Raw};

/// The console over a stand-in (Pulse unless said otherwise), driven the way the event loop
/// drives it: reads to the actor, writes (and bulk runs) to the worker, answers applied as
/// they come. `R` is the stand-in's raw caller.
pub struct Console<R = Raw> {
    pub app: App,
    actor: ActorChannels,
    worker: WorkerChannels,
    /// A caller of the same API behind the console's back.
    pub raw: R,
    /// Held so the stand-in lives as long as the console.
    stand_in: Box<dyn Any + Send>,
    _journal: tempfile::TempDir,
}

impl Console {
    pub async fn start() -> Console {
        let mut console =
            Console::reading_pages_of(tenantdeck::providers::pulse::DEFAULT_PAGE_SIZE).await;
        console.settle().await;
        console
    }

    /// The console with its first read sent and nothing answered yet; the client reads the
    /// organizations `page_size` at a time.
    pub async fn reading_pages_of(page_size: u32) -> Console {
        let pulse = pulse::start(Seed::Demo).await;
        let mut config = tenantdeck::demo::pulse_config(&pulse.handle, Duration::from_secs(10));
        config.page_size = page_size;
        let operator = pulse.operator();
        let client = Arc::new(PulseClient::new(config).expect("client"));
        let session = SessionInfo {
            profile: "demo-pulse".into(),
            api_url: pulse.handle.base_url(),
            reseller_id: operator.username.clone(),
            username: operator.username.clone(),
            provider: "Pulse IoT Center",
            provider_key: "pulse",
            capabilities: client.capabilities(),
            ..Default::default()
        };
        let raw = Raw::login(&pulse.handle, &operator).await;
        Console::over(client, session, raw, Box::new(pulse))
    }
}

impl<R> Console<R> {
    /// The console of `session` over `client`, with its first read sent.
    pub fn over<P: Provider>(
        client: Arc<P>,
        session: SessionInfo,
        raw: R,
        stand_in: Box<dyn Any + Send>,
    ) -> Console<R> {
        let actor = api::spawn_actor_for(client.clone(), api::DEFAULT_FRESH_FOR, false);
        let journal_dir = tempfile::tempdir().expect("temp dir");
        let path = journal_dir.path().join("journal.jsonl");
        let server = Server {
            api_url: session.api_url.clone(),
            account: session.reseller_id.clone(),
            provider: session.provider_key.into(),
        };
        let worker = spawn_worker(WorkerSetup {
            provider: client,
            journal: JournalWriter::spawn(Journal::open(&path).unwrap().with_server(server)),
            profile: session.profile.clone(),
            concurrency: 2,
            actor: actor.requests.clone(),
            journal_path: path,
            read_only: false,
        });
        let mut console = Console {
            app: App::new(session),
            actor,
            worker,
            raw,
            stand_in,
            _journal: journal_dir,
        };
        console.send();
        console
    }

    /// The stand-in it was made over (for its request log).
    pub fn stand_in<T: 'static>(&self) -> &T {
        self.stand_in.downcast_ref().expect("the stand-in's type")
    }

    fn send(&mut self) {
        for request in self.app.take_requests() {
            match request {
                ApiRequest::Mutate { id, mutation } => {
                    let single = self.app.single_edit(id, *mutation);
                    self.worker.commands.send(single).unwrap();
                }
                read => self.actor.requests.send(read).unwrap(),
            }
        }
        for command in self.app.take_bulk_commands() {
            self.worker.commands.send(command).unwrap();
        }
    }

    /// Runs the loop until `done` holds, or fails after 10 s with the screen.
    pub async fn run_until(&mut self, done: impl Fn(&Console<R>) -> bool) {
        let end = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            self.send();
            if done(self) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < end,
                "timed out:\n{}",
                self.screen()
            );
            tokio::select! {
                Some(event) = self.actor.events.recv() => self.app.handle_api_event(event),
                Some(update) = self.worker.updates.recv() => self.app.handle_bulk_update(update),
                _ = tokio::time::sleep(TICK) => self.app.tick(),
            }
        }
    }

    /// Runs the loop until nothing loads, saves or waits for a tick (a flash too).
    pub async fn settle(&mut self) {
        self.run_until(|c| !c.app.needs_ticks()).await;
    }

    /// Runs until the screen shows `text`.
    pub async fn until_shown(&mut self, text: &str) {
        self.run_until(|c| c.screen().contains(text)).await;
    }

    pub fn key(&mut self, code: KeyCode) {
        self.app
            .handle_terminal_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) {
        self.app.handle_terminal_event(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Moves the selection down to the row whose name is `name` (it must be shown).
    pub fn select(&mut self, name: &str) {
        self.key(KeyCode::Home);
        for _ in 0..300 {
            if selected_line(&self.screen()).contains(name) {
                return;
            }
            self.key(KeyCode::Down);
        }
        panic!("no row {name}:\n{}", self.screen());
    }

    pub fn screen(&self) -> String {
        render(&self.app)
    }

    /// A field of the detail pane, whole (`Id`, `Parent`...).
    pub fn detail(&self, label: &str) -> String {
        tenantdeck::ui::detail_values(&self.app)
            .into_iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v)
            .unwrap_or_default()
    }
}

/// The screen at 120 x 32, with the dates the stand-in made relative to today written as
/// `YYYY-MM-DD hh:mm:ss UTC` and its free port as `PORT`, so snapshots stay the same from
/// run to run.
pub fn render(app: &App) -> String {
    render_at(app, 120, 32)
}

/// As [`render`], at `width` x `height`.
pub fn render_at(app: &App, width: u16, height: u16) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal
        .draw(|frame| tenantdeck::ui::draw(frame, app))
        .unwrap();
    without_port(&without_dates(&terminal.backend().to_string()))
}

fn without_port(screen: &str) -> String {
    const HOST: &str = "127.0.0.1:";
    let mut out = String::with_capacity(screen.len());
    let mut rest = screen;
    while let Some(at) = rest.find(HOST) {
        let after = &rest[at + HOST.len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        out.push_str(&rest[..at + HOST.len()]);
        out.push_str("PORT");
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

fn without_dates(screen: &str) -> String {
    const SHAPE: &str = "dddd-dd-dd dd:dd:dd UTC";
    let chars: Vec<char> = screen.chars().collect();
    let mut out = String::with_capacity(screen.len());
    let mut i = 0;
    while i < chars.len() {
        let fits = chars.len() - i >= SHAPE.len()
            && SHAPE.chars().zip(&chars[i..]).all(|(s, &c)| match s {
                'd' => c.is_ascii_digit(),
                s => s == c,
            });
        if fits {
            out.push_str("YYYY-MM-DD hh:mm:ss UTC");
            i += SHAPE.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The line with the selection pointer in the hierarchy pane.
pub fn selected_line(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with("\"│›") || l.starts_with("│›"))
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_pulse_console_opens_on_its_hierarchy_with_details_of_the_selection() {
    let mut console = Console::start().await;
    let screen = console.screen();
    assert!(
        screen.contains("Pulse IoT Center › Organizations"),
        "{screen}"
    );
    assert!(screen.contains("profile demo-pulse"), "{screen}");
    // Open the first tenant and its first campus; the campus's record is read by id.
    console.key(KeyCode::Char('l'));
    console.key(KeyCode::Down);
    console.key(KeyCode::Right);
    console.key(KeyCode::Down);
    console.until_shown("Last updated by").await;
    insta::assert_snapshot!("hierarchy_opened", console.screen());
    // h on a child goes to its parent, then closes it; Esc never leaves the screen.
    console.key(KeyCode::Char('h'));
    assert!(selected_line(&console.screen()).contains("▾ Amsterdam Zuidas Campus"));
    console.key(KeyCode::Left);
    assert!(selected_line(&console.screen()).contains("▸ Amsterdam Zuidas Campus"));
    console.key(KeyCode::Esc);
    console.key(KeyCode::Esc);
    assert!(
        console
            .screen()
            .contains("Pulse IoT Center › Organizations")
    );
}

#[tokio::test]
async fn the_first_page_is_on_screen_before_the_rest_and_the_selection_stays() {
    let mut console = Console::reading_pages_of(50).await;
    let mut pages = 0;
    let mut picked = String::new();
    loop {
        let event = console
            .actor
            .events
            .recv()
            .await
            .expect("the actor answers");
        let page = matches!(event, tenantdeck::api::ApiEvent::Page { .. });
        let whole = matches!(event, tenantdeck::api::ApiEvent::Loaded { .. });
        console.app.handle_api_event(event);
        if page {
            pages += 1;
            let screen = console.screen();
            assert!(screen.contains("read so far…"), "{screen}");
            assert!(screen.contains("▸ "), "rows from the first page:\n{screen}");
            if pages == 1 {
                // Moving before the rest arrives: the selection is kept as pages come.
                console.key(KeyCode::Down);
                picked = console.detail("Id");
            }
        }
        if whole {
            break;
        }
    }
    assert!(pages >= 4, "208 organizations in pages of 50: {pages}");
    let screen = console.screen();
    assert!(screen.contains("of 208 shown"), "{screen}");
    assert!(!picked.is_empty());
    assert_eq!(console.detail("Id"), picked, "{screen}");
}

#[tokio::test]
async fn the_filter_finds_organizations_at_depth_with_their_ancestors() {
    let mut console = Console::start().await;
    // Everything is closed; the match sits four levels below its tenant.
    console.keys("/hvac zone north");
    console.key(KeyCode::Enter);
    let screen = console.screen();
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("HVAC Zone North"))
        .collect();
    assert!(!rows.is_empty(), "{screen}");
    assert!(screen.contains("▾ Aurora Smart Buildings"), "{screen}");
    assert!(
        !screen.contains("Helios Energy Networks"),
        "tenants without a match are left out:\n{screen}"
    );
    // The match is selected, and Esc clears the filter keeping it selected, its way open.
    console.select("HVAC Zone North");
    console.key(KeyCode::Esc);
    let screen = console.screen();
    assert!(
        selected_line(&screen).contains("HVAC Zone North"),
        "{screen}"
    );
    assert!(screen.contains("Helios Energy Networks"), "{screen}");
    // Marks work on the hierarchy's rows.
    console.key(KeyCode::Char(' '));
    console.ctrl('a');
    assert!(console.app.marked_count() > 10);
    console.key(KeyCode::Esc);
    assert_eq!(console.app.marked_count(), 0);
}

#[tokio::test]
async fn the_move_picker_greys_out_what_the_rules_refuse_and_says_why() {
    let mut console = Console::start().await;
    console.keys("l");
    console.key(KeyCode::Down);
    console.key(KeyCode::Char('l'));
    console.select("Tower A");
    console.until_shown("Last updated by").await;
    console.settle().await;
    console.key(KeyCode::Char('m'));
    console.keys("campus");
    console
        .run_until(|c| c.screen().contains("Move Tower A to…"))
        .await;
    insta::assert_snapshot!("hierarchy_move_picker", console.screen());
    // Enter on a refused target sends nothing and says why.
    console.key(KeyCode::Enter);
    let screen = console.screen();
    assert!(screen.contains("cannot move there: "), "{screen}");
    assert!(
        console
            .app
            .take_requests()
            .iter()
            .all(|r| !matches!(r, ApiRequest::Mutate { .. }))
    );
    console.key(KeyCode::Esc);
    assert!(!console.screen().contains("Move Tower A to…"));
}
