//! Render and filter cost of the organization tree at 100, 10,000 and 100,000 organizations.
//! Prints figures only (no assertions on time): per-frame render on a 120x40 `TestBackend`,
//! per-keystroke filter (keystroke handling including the row rebuild), the load itself, and
//! the `Enter` that exports the whole list (the cells are taken on the UI thread; the file is
//! written on a thread of its own, not timed).

use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tenantdeck::api::{ApiEvent, ApiRequest, Resource, ResourceData};
use tenantdeck::app::{App, SessionInfo};
use tenantdeck::domain::OrganizationSummary;

const WORDS: [&str; 16] = [
    "Nordic",
    "Cloud",
    "Acme",
    "Data",
    "Systems",
    "Logistics",
    "Health",
    "Energy",
    "Media",
    "Retail",
    "Finance",
    "Studio",
    "Labs",
    "Group",
    "Partners",
    "Works",
];

fn synthetic(n: usize) -> Vec<OrganizationSummary> {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|i| {
            let mut word = || {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                WORDS[(seed >> 60) as usize]
            };
            OrganizationSummary {
                id: format!("org-{i:06}").into(),
                name: format!("{} {} {} {i}", word(), word(), word()).into(),
                customer_number: format!("C-{i:06}").into(),
                primary_domain: format!("tenant{i}.example.com").into(),
                is_active: i % 7 != 0,
                country_code: "SE".into(),
                address: None,
                created_date: format!("2025-01-01T00:00:{:02}Z", i % 60).into(),
            }
        })
        .collect()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_terminal_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn loaded_app(n: usize) -> (App, Duration) {
    let mut app = App::new(SessionInfo {
        profile: "bench".into(),
        api_url: "http://127.0.0.1".into(),
        reseller_id: "r-1".into(),
        reseller_name: Some("Bench Reseller".into()),
        username: "bench@example.com".into(),
        read_only: false,
        ..Default::default()
    });
    let id = match app.take_requests().first() {
        Some(ApiRequest::Fetch { id, .. }) => *id,
        other => panic!("unexpected first request {other:?}"),
    };
    let data = Arc::new(ResourceData::Organizations(synthetic(n)));
    let started = Instant::now();
    app.handle_api_event(ApiEvent::Loaded {
        id,
        resource: Resource::Organizations,
        data,
        stale: false,
        skipped: 0,
    });
    (app, started.elapsed())
}

/// `E`, the path typed over the suggested one, and the time of the `Enter` that exports.
fn export_key(app: &mut App, path: &std::path::Path) -> Duration {
    key(app, KeyCode::Char('E'));
    for _ in 0..80 {
        key(app, KeyCode::Backspace);
    }
    for c in path.to_string_lossy().chars() {
        key(app, KeyCode::Char(c));
    }
    let started = Instant::now();
    key(app, KeyCode::Enter);
    started.elapsed()
}

fn per_op(total: Duration, count: u32) -> String {
    let micros = total.as_secs_f64() * 1e6 / f64::from(count);
    if micros >= 1000.0 {
        format!("{:8.2} ms", micros / 1000.0)
    } else {
        format!("{micros:8.1} µs")
    }
}

fn main() {
    println!("tree_render: TestBackend 120x40 (debug or release, as built)");
    println!(
        "{:>8}  {:>11}  {:>11}  {:>11}  {:>11}  {:>11}",
        "orgs", "load", "frame", "frame@end", "filter key", "export key"
    );
    let folder = tempfile::tempdir().expect("a folder for the exports");
    for n in [100, 10_000, 100_000] {
        let (mut app, load) = loaded_app(n);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let frames = 200;
        let started = Instant::now();
        for _ in 0..frames {
            key(&mut app, KeyCode::Char('j'));
            terminal.draw(|f| tenantdeck::ui::draw(f, &app)).unwrap();
        }
        let frame = started.elapsed();

        key(&mut app, KeyCode::End);
        let started = Instant::now();
        for _ in 0..frames {
            key(&mut app, KeyCode::Char('k'));
            terminal.draw(|f| tenantdeck::ui::draw(f, &app)).unwrap();
        }
        let frame_end = started.elapsed();
        let _ = app.take_requests();

        // Type a query one key at a time, then erase it: narrowing and widening both count.
        key(&mut app, KeyCode::Home);
        key(&mut app, KeyCode::Char('/'));
        let query = "data 12";
        let started = Instant::now();
        let mut keystrokes = 0;
        for c in query.chars() {
            key(&mut app, KeyCode::Char(c));
            keystrokes += 1;
        }
        for _ in query.chars() {
            key(&mut app, KeyCode::Backspace);
            keystrokes += 1;
        }
        let filter = started.elapsed();
        key(&mut app, KeyCode::Esc);

        let export = export_key(&mut app, &folder.path().join(format!("orgs-{n}.csv")));
        println!(
            "{n:>8}  {}  {}  {}  {}  {}",
            per_op(load, 1),
            per_op(frame, frames),
            per_op(frame_end, frames),
            per_op(filter, keystrokes),
            per_op(export, 1)
        );
    }
}
