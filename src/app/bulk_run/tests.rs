//! Tests of the parent module: what one answer of the worker costs (one row, not all of them)
//! and that the running counts agree with the states.

use super::*;
use crate::app::table::{RowTone, TableRow};
use crate::bulk::plan::BulkItem;

fn item(n: usize) -> BulkItem {
    BulkItem {
        target: format!("user{n}"),
        before: "assigned".into(),
        after: "not assigned".into(),
        mutation: Mutation::UnassignUser {
            org: "o".into(),
            service: "s".into(),
            subscription: "x".into(),
            user: format!("u{n}"),
        },
        undo: None,
    }
}

fn plan(n: usize, action: &str) -> BulkPlan {
    BulkPlan {
        action: action.into(),
        items: (0..n).map(item).collect(),
        invalid: vec![InvalidItem {
            target: "left".into(),
            reason: "already".into(),
        }],
    }
}

fn running(n: usize) -> BulkRun {
    let mut run = BulkRun::preview("r".into(), plan(n, "unassign"));
    run.begin();
    run
}

fn ok() -> Outcome {
    Outcome::Ok {
        created: None,
        verified: false,
    }
}

/// Row `i` as the table lends it (items first, in order).
fn row(run: &BulkRun, i: usize) -> TableRow {
    run.table.shown(i).unwrap().into_owned()
}

fn status(run: &BulkRun, item: usize) -> String {
    row(run, item).cells[rows::STATUS].clone()
}

#[test]
fn an_answer_updates_its_row_and_the_counts_without_rebuilding_the_table() {
    let mut run = running(1000);
    let built = run.table.times_replaced();
    assert_eq!(
        built, 2,
        "the preview and the start build every row once each"
    );
    for item in 0..1000 {
        run.apply(&BulkEvent::Started { item });
        let outcome = match item % 10 {
            0 => Outcome::Failed {
                message: "no".into(),
            },
            _ => ok(),
        };
        run.apply(&BulkEvent::Finished { item, outcome });
    }
    run.apply(&BulkEvent::Started { item: 5 });
    run.apply(&BulkEvent::NeedsAttention {
        item: 7,
        reason: "look".into(),
    });
    assert_eq!(
        run.table.times_replaced(),
        built,
        "2,000 answers rebuilt no row but their own"
    );
    assert_eq!(status(&run, 0), "failed: no");
    assert_eq!(status(&run, 1), "OK");
    assert_eq!(status(&run, 5), "sending…");
    assert_eq!(status(&run, 7), "check by hand: look");
    assert_eq!(row(&run, 1).tone, RowTone::Marked);
    let counts = run.counts();
    assert_eq!(counts, Counts::of(run.states()), "kept counts = counted");
    assert_eq!((counts.ok, counts.failed, counts.unknown), (899, 100, 1));

    run.apply(&BulkEvent::Ended {
        stopped: false,
        gave_up: None,
    });
    assert_eq!(
        run.table.times_replaced(),
        built + 1,
        "the end rebuilds once"
    );
    assert_eq!(status(&run, 5), "unknown (checked on resume)");
    assert_eq!(run.table.len(), 1001, "the item left out is listed too");
}

#[test]
fn the_filter_finds_a_status_changed_by_an_answer() {
    let mut run = running(50);
    run.apply(&BulkEvent::Finished {
        item: 42,
        outcome: Outcome::Failed {
            message: "Quota exceeded".into(),
        },
    });
    for c in "quota".chars() {
        let key =
            ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char(c));
        run.table.edit_filter(&Event::Key(key));
    }
    assert_eq!(run.table.counts(), (1, 51));
    assert_eq!(
        run.table.shown(0).map(|r| r.id.clone()),
        Some("42".to_string())
    );
}

#[test]
fn retrying_the_failed_counts_them_as_pending_again() {
    let mut run = running(4);
    let failed = Outcome::Failed {
        message: "no".into(),
    };
    for item in 0..4 {
        let outcome = if item < 2 { failed.clone() } else { ok() };
        run.apply(&BulkEvent::Finished { item, outcome });
    }
    run.apply(&BulkEvent::Ended {
        stopped: false,
        gave_up: None,
    });
    let mut store = Store::default();
    let mut ctx = Ctx::new(&mut store);
    run.retry_failed(&mut ctx);
    let counts = run.counts();
    assert_eq!((counts.pending, counts.ok, counts.failed), (2, 2, 0));
    assert_eq!(counts, Counts::of(run.states()));
}

#[test]
fn choosing_another_option_swaps_the_plans_and_back() {
    let options = vec![
        ("a".to_string(), plan(3, "first")),
        ("b".to_string(), plan(5, "second")),
    ];
    let mut run = BulkRun::choose_first("r".into(), "Pick", options);
    assert_eq!((run.action.as_str(), run.items.len()), ("first", 3));
    run.next_option();
    assert_eq!((run.action.as_str(), run.items.len()), ("second", 5));
    assert_eq!(run.counts().pending, 5);
    assert_eq!(run.table.len(), 6);
    run.next_option();
    assert_eq!((run.action.as_str(), run.items.len()), ("first", 3));
    assert_eq!(
        run.items,
        plan(3, "first").items.into(),
        "the first plan came back whole"
    );
    let choice = run.choice.as_ref().unwrap();
    assert_eq!(
        choice.options[1].1.items.len(),
        5,
        "the second waits in its option"
    );
}

#[test]
fn a_single_option_stays_shown() {
    let mut run = BulkRun::choose_first("r".into(), "Pick", vec![("a".into(), plan(3, "only"))]);
    run.next_option();
    assert_eq!((run.action.as_str(), run.items.len()), ("only", 3));
}

#[test]
fn options_planned_on_demand_keep_only_the_shown_plan() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let built = Arc::new(AtomicUsize::new(0));
    let counter = built.clone();
    let planner = move |option: usize| {
        counter.fetch_add(1, Ordering::SeqCst);
        plan(3 + option, ["first", "second"][option])
    };
    let names = vec!["a".to_string(), "b".to_string()];
    let mut run = BulkRun::choose_first_on_demand("r".into(), "Pick", names, planner);
    assert_eq!((run.action.as_str(), run.items.len()), ("first", 3));
    assert_eq!(
        built.load(Ordering::SeqCst),
        1,
        "only the shown option is built"
    );
    let waiting = &run.choice.as_ref().unwrap().options;
    assert!(
        waiting.iter().all(|(_, p)| p.items.is_empty()),
        "no plan waits in an option"
    );
    run.next_option();
    assert_eq!((run.action.as_str(), run.items.len()), ("second", 4));
    assert_eq!(run.counts().pending, 4);
    run.next_option();
    assert_eq!((run.action.as_str(), run.items.len()), ("first", 3));
    assert_eq!(
        built.load(Ordering::SeqCst),
        3,
        "each showing builds its plan again"
    );
}

#[test]
fn the_end_of_a_run_lets_go_of_what_its_options_were_planned_from() {
    use std::sync::Arc;
    let planned_from = Arc::new(());
    let held = planned_from.clone();
    let planner = move |option: usize| {
        let _ = &held;
        plan(3 + option, "set")
    };
    let mut run =
        BulkRun::choose_first_on_demand("r".into(), "Pick", vec!["a".into(), "b".into()], planner);
    run.begin();
    assert_eq!(
        Arc::strong_count(&planned_from),
        2,
        "held while the run goes"
    );
    run.apply(&BulkEvent::Ended {
        stopped: false,
        gave_up: None,
    });
    assert_eq!(Arc::strong_count(&planned_from), 1, "let go at its end");
}

#[test]
fn a_run_that_gave_up_says_why_and_offers_to_send_the_rest() {
    let mut run = running(30);
    for item in 0..5 {
        run.apply(&BulkEvent::Started { item });
        run.apply(&BulkEvent::Finished {
            item,
            outcome: ok(),
        });
    }
    run.apply(&BulkEvent::Ended {
        stopped: true,
        gave_up: Some(
            "the server stopped answering (20 items in a row, the last: timed out)".into(),
        ),
    });
    let message = run.message.clone().unwrap_or_default();
    assert!(
        message.starts_with("the server stopped answering"),
        "{message}"
    );
    assert!(message.contains("25 not sent"), "{message}");
    assert!(
        run.can_retry(),
        "nothing failed, but 25 are left: R sends them"
    );
    let mut done = running(2);
    for item in 0..2 {
        done.apply(&BulkEvent::Finished {
            item,
            outcome: ok(),
        });
    }
    done.apply(&BulkEvent::Ended {
        stopped: false,
        gave_up: None,
    });
    assert!(!done.can_retry(), "all done: nothing to send");
}

#[test]
fn a_long_choice_is_picked_from_a_list_typed_in_and_a_short_one_cycles() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent};
    let names = crate::app::choice_picker::SERVICES
        .into_iter()
        .chain(["Keeper Security"]);
    let options = names
        .enumerate()
        .map(|(i, n)| (n.to_string(), plan(i + 1, n)))
        .collect();
    let mut run = BulkRun::choose("r".into(), "Service", options);
    run.choose_option();
    assert_eq!(
        run.scope(),
        Scope::Choice,
        "the list opens over the preview"
    );
    assert!(
        ScreenState::typing(&run) && run.takes('k'),
        "letters are typed"
    );
    for c in "acrnis".chars() {
        run.edit(&Event::Key(KeyEvent::from(KeyCode::Char(c))));
    }
    assert_eq!(run.picker.as_ref().unwrap().counts(), (1, 8));
    assert!(run.pick(CommandId::ChoicePick), "the plan shown changed");
    assert!(run.picker.is_none());
    assert_eq!(
        (run.action.as_str(), run.items.len()),
        ("Acronis Cyber Protect", 3)
    );
    assert_eq!(run.scope(), Scope::Bulk);
    // Esc closes the list and keeps what was chosen.
    run.choose_option();
    run.pick(CommandId::ChoiceDown);
    assert!(!run.pick(CommandId::ChoiceCancel));
    assert_eq!(run.action, "Acronis Cyber Protect");

    let short = vec![
        ("a".to_string(), plan(1, "a")),
        ("b".to_string(), plan(2, "b")),
    ];
    let mut run = BulkRun::choose("r".into(), "Role", short);
    run.choose_option();
    assert!(run.picker.is_none(), "two options cycle");
    assert_eq!(run.action, "a");
}
