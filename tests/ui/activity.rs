//! The activity view, undo and the tree's bulk actions on the fixtures: single edits are
//! journaled through the worker, `L` lists the journal newest first and filters it, `z` previews
//! the inverse of the last change (or says there is none), and the marked organizations get a
//! service (`S`) or are set inactive (`x`), each with an inverse for undo.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::Mutation;
use tenantdeck::bulk::journal::{ItemState, Outcome, RunRecord, Server};
use tenantdeck::bulk::plan::BulkItem;
use tenantdeck::bulk::worker::{BulkCommand, BulkUpdate, JournalPurpose};
use tenantdeck::domain::SubscriptionUserSet;

fn assign(user: &str) -> Mutation {
    Mutation::AssignUser {
        org: "o-acme".into(),
        service: "s-m365".into(),
        subscription: "sub-basic".into(),
        input: SubscriptionUserSet {
            user_id: user.into(),
            external_user_id: String::new(),
        },
    }
}

fn ok() -> ItemState {
    ItemState::Finished(Outcome::Ok {
        created: None,
        verified: false,
    })
}

fn record(run: &str, at: &str, mutation: Mutation, state: ItemState) -> RunRecord {
    RunRecord {
        run: run.into(),
        at: at.into(),
        profile: "prod".into(),
        server: Some(here()),
        action: mutation.describe().into(),
        items: vec![BulkItem {
            target: mutation.target(),
            before: "not assigned".into(),
            after: "assigned".into(),
            mutation,
            undo: None,
        }]
        .into(),
        states: vec![state],
    }
}

/// The server of the fixtures' session.
fn here() -> Server {
    Server {
        api_url: "https://api.cloudmore.test".into(),
        account: "r-42".into(),
        provider: "cloudmore".into(),
    }
}

fn journal() -> Vec<RunRecord> {
    vec![
        record("r1", "2026-11-23T05:00:00Z", assign("u-eva"), ok()),
        record(
            "r2",
            "2026-11-23T05:10:00Z",
            Mutation::DeleteUser {
                org: "o-acme".into(),
                user: "u-nils".into(),
            },
            ItemState::Finished(Outcome::Failed {
                message: "Not found".into(),
            }),
        ),
    ]
}

/// A single edit leaves for the worker as a one-item run (the worker journals it before and
/// after sending: tests/bulk_worker.rs and tests/one_write_path.rs), and its answer comes back
/// from the worker like the actor's.
#[test]
fn a_single_edit_is_journaled_with_its_outcome() {
    let mut app = loaded_app(false);
    let BulkCommand::Single { id, item } = app.single_edit(99, assign("u-eva")) else {
        panic!("a one-item run for the worker");
    };
    assert_eq!(id, 99);
    assert_eq!(item.mutation, assign("u-eva"));
    assert_eq!(item.target, "u-eva on sub-basic");
    app.handle_bulk_update(BulkUpdate::Single {
        id,
        mutation: Box::new(item.mutation),
        result: Ok(None),
        found_done: false,
    });
    assert!(render(&app).contains("done: assign user"));
}

#[test]
fn a_single_update_is_journaled_with_the_record_as_it_was_so_it_can_be_undone() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    let olof = users().into_iter().find(|u| u.id == "u-olof").unwrap();
    assert_eq!(olof.role_id, Some(2));
    let promote = Mutation::UpdateUser {
        org: "o-acme".into(),
        user: "u-olof".into(),
        input: Box::new(tenantdeck::domain::UserInput {
            role_id: Some(1),
            ..tenantdeck::bulk::plan::user_input(&olof)
        }),
    };
    let BulkCommand::Single { item, .. } = app.single_edit(98, promote) else {
        panic!("a one-item run for the worker");
    };
    let Some(Mutation::UpdateUser { input, .. }) = item.undo.as_deref() else {
        panic!("an undo that restores the user: {item:?}");
    };
    assert_eq!(input.role_id, Some(2), "back to Organization User");
}

#[test]
fn l_lists_the_journal_newest_first_and_filters_it() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('L'));
    assert_eq!(
        app.take_bulk_commands(),
        vec![BulkCommand::ReadJournal {
            purpose: JournalPurpose::Activity
        }]
    );
    app.handle_bulk_update(BulkUpdate::Journal {
        purpose: JournalPurpose::Activity,
        runs: Ok(journal().into()),
    });
    insta::assert_snapshot!("activity_view", render(&app));
    keys(&mut app, "/failed");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(screen.contains("Activity · 1 of 2"), "{screen}");
    assert!(!screen.contains("u-eva on sub-basic"));
}

#[test]
fn z_previews_the_inverse_of_the_last_change_or_says_there_is_none() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('z'));
    assert_eq!(
        app.take_bulk_commands(),
        vec![BulkCommand::ReadJournal {
            purpose: JournalPurpose::Undo
        }]
    );
    // The delete failed, so the last change is the assignment: undo unassigns.
    app.handle_bulk_update(BulkUpdate::Journal {
        purpose: JournalPurpose::Undo,
        runs: Ok(journal().into()),
    });
    let screen = render(&app);
    assert!(screen.contains("undo: assign user"), "{screen}");
    press(&mut app, KeyCode::Char('y'));
    let commands = app.take_bulk_commands();
    let [BulkCommand::Start { plan, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert!(matches!(
        &plan.items[0].mutation,
        Mutation::UnassignUser { user, .. } if user == "u-eva"
    ));

    let mut app = loaded_app(false);
    let deleted = record(
        "r3",
        "2026-11-23T05:20:00Z",
        Mutation::DeleteUser {
            org: "o-acme".into(),
            user: "u-nils".into(),
        },
        ok(),
    );
    app.handle_bulk_update(BulkUpdate::Journal {
        purpose: JournalPurpose::Undo,
        runs: Ok(vec![deleted].into()),
    });
    assert!(render(&app).contains("cannot be undone"));
}

#[test]
fn read_only_refuses_undo() {
    let mut app = loaded_app(true);
    press(&mut app, KeyCode::Char('z'));
    assert!(app.take_bulk_commands().is_empty());
    assert!(render(&app).contains("read-only"));
}

#[test]
fn s_adds_a_service_to_the_marked_organizations_and_undo_would_remove_it() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('S'));
    serve(&mut app);
    press(&mut app, KeyCode::Char('S'));
    assert!(
        render(&app).contains("Service: none chosen"),
        "no service is chosen for the user: {}",
        render(&app)
    );
    press(&mut app, KeyCode::Char('y'));
    assert!(app.take_bulk_commands().is_empty(), "nothing runs unchosen");
    press(&mut app, KeyCode::Char('c'));
    serve(&mut app);
    let screen = render(&app);
    assert!(screen.contains("Service: "), "{screen}");
    assert!(
        screen.contains("a mandatory property has no value: p gives"),
        "a mandatory property without a default leaves every target out: {screen}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        render(&app).contains("left out: needs Backup contact (p)"),
        "Enter shows the cut reason whole: {}",
        render(&app)
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('p'));
    keys(&mut app, "ops@example.com");
    press(&mut app, KeyCode::Enter);
    assert!(
        app.take_requests()
            .iter()
            .all(|r| !matches!(r, tenantdeck::api::ApiRequest::Mutate { .. })),
        "the property form sends nothing itself"
    );
    let screen = render(&app);
    insta::assert_snapshot!("tree_add_service_preview", screen);
    press(&mut app, KeyCode::Char('y'));
    let commands = app.take_bulk_commands();
    let [BulkCommand::Start { plan, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(plan.items.len(), 2, "the two marked organizations");
    let Mutation::AddService { input, .. } = &plan.items[1].mutation else {
        panic!("an add");
    };
    let values: Vec<(&str, &str)> = input
        .custom_properties
        .iter()
        .map(|p| (p.property_id.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        values,
        vec![("p-region", "EU"), ("p-contact", "ops@example.com")],
        "the default and the typed value, for every organization"
    );
    let undo = tenantdeck::bulk::undo::inverse(&plan.items[0]);
    assert!(matches!(undo, Some(Mutation::RemoveService { .. })));
}

#[test]
fn x_previews_from_the_list_at_once_and_each_item_sets_only_the_flag() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char(' '));
    // The detail pane's record of the selected row loads as always.
    serve(&mut app);
    press(&mut app, KeyCode::Char('x'));
    let requests = app.take_requests();
    assert!(
        reads(&requests).is_empty(),
        "no record is loaded per organization: {requests:?}"
    );
    let screen = render(&app);
    assert!(
        screen.contains("set organizations inactive · 1 item · 1 left out"),
        "{screen}"
    );
    assert!(screen.contains("left out: already inactive"));
    press(&mut app, KeyCode::Char('y'));
    let commands = app.take_bulk_commands();
    let [BulkCommand::Start { plan, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    let Mutation::SetOrganizationActive { org, active, .. } = &plan.items[0].mutation else {
        panic!("a set-active write: {:?}", plan.items[0].mutation);
    };
    assert_eq!(org, "o-acme");
    assert!(!active);
    let undo = tenantdeck::bulk::undo::inverse(&plan.items[0]);
    assert!(matches!(
        undo,
        Some(Mutation::SetOrganizationActive { active: true, .. })
    ));
}

#[test]
fn x_after_a_run_waits_for_the_reloaded_list_instead_of_previewing_the_old_one() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('j'));
    // A run set Acme inactive: the list that said "active" is outdated.
    app.handle_bulk_update(BulkUpdate::Changed {
        mutations: vec![Mutation::SetOrganizationActive {
            org: "o-acme".into(),
            name: "Acme Ltd".into(),
            active: false,
        }],
    });
    press(&mut app, KeyCode::Char('x'));
    assert!(render(&app).contains("reloading the organizations"));
    assert!(
        reads(&app.take_requests()).contains(&tenantdeck::api::Resource::Organizations),
        "the list is fetched again"
    );
}

#[test]
fn s_leaves_out_an_organization_known_to_have_the_service_already() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char(' '));
    // Acme's services, as loaded: Cloud Backup is there already.
    let has_backup = tenantdeck::domain::OrganizationService {
        id: "s-backup".into(),
        name: "Cloud Backup".into(),
        ..Default::default()
    };
    app.handle_api_event(loaded(
        u64::MAX,
        tenantdeck::api::Resource::OrgServices {
            org: "o-acme".into(),
        },
        tenantdeck::api::ResourceData::OrgServices(vec![has_backup]),
    ));
    press(&mut app, KeyCode::Char('S'));
    serve(&mut app);
    press(&mut app, KeyCode::Char('S'));
    press(&mut app, KeyCode::Char('c'));
    serve(&mut app);
    let screen = render(&app);
    let acme = screen.lines().find(|l| l.contains("Acme AB")).unwrap();
    assert!(acme.contains("left out: has Cloud Backup"), "{screen}");
    assert!(
        screen.contains("2 left out"),
        "Acme, and björk for its property: {screen}"
    );
}

/// A long history opens on its newest page; moving to the end of it asks the worker for the
/// next older page, which is added below.
#[test]
fn the_activity_log_loads_older_pages_as_the_selection_nears_the_end() {
    use tenantdeck::bulk::journal::{self, Entry, history::Cursor};
    use tenantdeck::bulk::worker::PAGE_ROWS;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut lines = Vec::new();
    let edits = PAGE_ROWS + 120;
    for n in 0..edits {
        let run = record(
            &format!("r{n}"),
            "2026-11-23T05:00:00Z",
            assign("u-eva"),
            ok(),
        );
        let header = Entry::Run {
            run: run.run.clone(),
            at: run.at,
            profile: run.profile,
            server: run.server,
            action: run.action,
            items: run.items,
        };
        lines.extend(journal::encode(&header, None).unwrap());
        let finish = Entry::Finish {
            run: run.run,
            item: 0,
            at: "2026-11-23T05:00:01Z".into(),
            outcome: Outcome::Ok {
                created: None,
                verified: false,
            },
        };
        lines.extend(journal::encode(&finish, None).unwrap());
    }
    std::fs::write(&path, lines).unwrap();

    let mut app = loaded_app(false);
    let page = Cursor::newest(&path).page(PAGE_ROWS).unwrap();
    assert_eq!(page.runs.len(), PAGE_ROWS);
    app.handle_bulk_update(BulkUpdate::Journal {
        purpose: JournalPurpose::Activity,
        runs: Ok(page),
    });
    assert!(render(&app).contains("older entries load as you scroll"));
    press(&mut app, KeyCode::Char('j'));
    assert!(app.take_bulk_commands().is_empty(), "far from the end");
    press(&mut app, KeyCode::Char('G'));
    let commands = app.take_bulk_commands();
    let [BulkCommand::ReadOlder { cursor }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    press(&mut app, KeyCode::Char('k'));
    assert!(app.take_bulk_commands().is_empty(), "one page at a time");
    let older = cursor.clone().page(PAGE_ROWS).unwrap();
    app.handle_bulk_update(BulkUpdate::Older { page: Ok(older) });
    let screen = render(&app);
    assert!(screen.contains(&format!("{edits}")), "{screen}");
    assert!(
        !screen.contains("older entries load"),
        "the whole history is in"
    );
}
