//! The journal at scale: startup (journal upkeep, resume offer, first frame) with an empty
//! journal vs a 1,000,000-line history, and opening the activity log on 100,000 entries.
//! Prints figures; `cargo bench --profile dev --bench journal_scale`.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tenantdeck::api::Mutation;
use tenantdeck::app::{App, SessionInfo};
use tenantdeck::bulk::journal::history::Cursor;
use tenantdeck::bulk::journal::{self, Entry, Outcome, Server, upkeep};
use tenantdeck::bulk::plan::BulkItem;
use tenantdeck::bulk::worker::{BulkUpdate, JournalPurpose, PAGE_ROWS};

fn server() -> Server {
    Server {
        api_url: "https://api.cloudmore.test".into(),
        account: "r-42".into(),
        provider: "cloudmore".into(),
    }
}

fn session() -> SessionInfo {
    SessionInfo {
        profile: "prod".into(),
        api_url: server().api_url,
        reseller_id: server().account,
        ..Default::default()
    }
}

/// Writes `edits` finished single edits (three lines each) the way the console journals them.
fn history(path: &Path, edits: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let at = "2026-11-23T05:00:00Z".to_string();
    for n in 0..edits {
        let run = format!("run-{n}");
        let mutation = Mutation::DeleteUser {
            org: "o-acme".into(),
            user: format!("u-{n}"),
        };
        let item = BulkItem {
            target: mutation.target(),
            before: String::new(),
            after: mutation.describe().into(),
            mutation,
            undo: None,
        };
        let lines = [
            Entry::Run {
                run: run.clone(),
                at: at.clone(),
                profile: "prod".into(),
                server: None,
                action: "delete user".into(),
                items: vec![item].into(),
            },
            Entry::Start {
                run: run.clone(),
                item: 0,
                at: at.clone(),
            },
            Entry::Finish {
                run,
                item: 0,
                at: at.clone(),
                outcome: Outcome::Ok {
                    created: None,
                    verified: false,
                },
            },
        ];
        for line in &lines {
            out.write_all(&journal::encode(line, Some(&server())).unwrap())
                .unwrap();
        }
    }
    out.flush().unwrap();
}

/// What the console does with the journal before its first frame, then that frame.
fn start(path: &Path) -> Duration {
    let began = Instant::now();
    let mut startup = upkeep::prepare(path, upkeep::ARCHIVE_AFTER).unwrap();
    let interrupted = startup.offer("prod", &server());
    let mut app = App::new(session());
    app.offer_resume(interrupted);
    app.journal_notes(startup.notes);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| tenantdeck::ui::draw(f, &app)).unwrap();
    began.elapsed()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn startup_figures() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.jsonl");
    let empty_start = median((0..9).map(|_| start(&empty)).collect());

    let big = dir.path().join("journal.jsonl");
    let edits = 1_000_000 / 3 + 1;
    history(&big, edits);
    let size = std::fs::metadata(&big).unwrap().len();
    let first = start(&big);
    let later = median((0..9).map(|_| start(&big)).collect());
    let archive = std::fs::metadata(upkeep::archive_path(&big)).unwrap().len();
    // `z` on a console whose server made none of those changes reads back through all of it.
    let elsewhere = Server {
        api_url: "http://127.0.0.1:1".into(),
        ..server()
    };
    let began = Instant::now();
    let searched = Cursor::newest(&big)
        .find(|run| run.belongs_to("prod", &elsewhere))
        .unwrap();
    let undo_miss = began.elapsed();
    assert!(searched.older.is_none());
    println!("startup to first frame (journal upkeep, resume offer, 120x40 frame):");
    println!(
        "  empty journal:                          {:8.2} ms",
        ms(empty_start)
    );
    println!(
        "  1,000,000-line history, first start:    {:8.2} ms  (one-off: {:.0} MB live file archived)",
        ms(first),
        size as f64 / 1e6
    );
    println!(
        "  1,000,000-line history, later starts:   {:8.2} ms  ({:.2}x empty; archive {:.0} MB, not read)",
        ms(later),
        ms(later) / ms(empty_start),
        archive as f64 / 1e6
    );
    println!(
        "  z with nothing of this server in it:    {:8.2} ms  (reads the whole history, off the UI thread)",
        ms(undo_miss)
    );
}

fn activity_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    history(&path, 100_000);
    let open = |path: &Path| {
        let began = Instant::now();
        let page = Cursor::newest(path).page(PAGE_ROWS).unwrap();
        let mut app = App::new(session());
        app.handle_bulk_update(BulkUpdate::Journal {
            purpose: JournalPurpose::Activity,
            runs: Ok(page),
        });
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| tenantdeck::ui::draw(f, &app)).unwrap();
        began.elapsed()
    };
    let paged = median((0..9).map(|_| open(&path)).collect());
    let whole = {
        let began = Instant::now();
        let runs = journal::read(&path).unwrap();
        let mut app = App::new(session());
        app.handle_bulk_update(BulkUpdate::Journal {
            purpose: JournalPurpose::Activity,
            runs: Ok(runs.into()),
        });
        began.elapsed()
    };
    let mut cursor = Cursor::newest(&path).page(PAGE_ROWS).unwrap().older;
    let began = Instant::now();
    let mut pages = 0;
    while let Some(next) = cursor.take()
        && pages < 20
    {
        cursor = next.page(PAGE_ROWS).unwrap().older;
        pages += 1;
    }
    let per_page = began.elapsed() / pages.max(1);
    println!("activity log with 100,000 entries:");
    println!(
        "  open (newest page of {PAGE_ROWS}, first frame): {:8.2} ms",
        ms(paged)
    );
    println!(
        "  each older page while scrolling:         {:8.2} ms",
        ms(per_page)
    );
    println!(
        "  for comparison, reading it all at once:  {:8.2} ms",
        ms(whole)
    );
}

fn main() {
    startup_figures();
    activity_figures();
}
