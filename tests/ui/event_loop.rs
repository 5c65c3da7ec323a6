//! The event loop end to end with scripted input: requests reach the actor channel, answers
//! are applied and drawn, and `q` ends the loop.

use crate::ui_support::*;
use futures_util::stream;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tenantdeck::api::{ApiRequest, Resource};
use tenantdeck::app::App;
use tenantdeck::app::event_loop::run_with;
use tenantdeck::bulk::worker::{BulkCommand, BulkUpdate, WorkerChannels};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// The event loop over `backend` with scripted input, the actor's and the worker's ends in
/// the test's hands.
pub(crate) struct Scripted<B: ratatui::backend::Backend> {
    pub requests: UnboundedReceiver<ApiRequest>,
    pub events: UnboundedSender<tenantdeck::api::ApiEvent>,
    pub keys: UnboundedSender<Event>,
    pub bulk_commands: UnboundedReceiver<BulkCommand>,
    pub bulk_updates: UnboundedSender<BulkUpdate>,
    /// Ends with the terminal when the input ends (or `q`).
    pub task: tokio::task::JoinHandle<std::io::Result<Terminal<B>>>,
}

pub(crate) fn scripted<B>(backend: B, app: App) -> Scripted<B>
where
    B: ratatui::backend::Backend + Send + 'static,
{
    let (request_tx, requests) = unbounded_channel();
    let (events, event_rx) = unbounded_channel();
    let (keys, key_rx) = unbounded_channel::<Event>();
    let (commands, bulk_commands) = unbounded_channel();
    let (bulk_updates, updates) = unbounded_channel();
    let input = Box::pin(stream::unfold(key_rx, |mut rx| async move {
        rx.recv().await.map(|event| (Ok(event), rx))
    }));
    let task = tokio::spawn(async move {
        let mut terminal = Terminal::new(backend).unwrap();
        let bulk = WorkerChannels { commands, updates };
        let looped = run_with(
            &mut terminal,
            app,
            (request_tx, event_rx),
            bulk,
            input,
            false,
        );
        looped.await.map(|_switched| terminal)
    });
    Scripted {
        requests,
        events,
        keys,
        bulk_commands,
        bulk_updates,
        task,
    }
}

#[tokio::test]
async fn loop_sends_requests_applies_answers_draws_and_quits() {
    let Scripted {
        requests: mut request_rx,
        events: event_tx,
        keys: key_tx,
        task,
        ..
    } = scripted(TestBackend::new(100, 30), App::new(session(false)));
    let Some(ApiRequest::Fetch { id, resource }) = request_rx.recv().await else {
        panic!("the first request is the organization list");
    };
    assert_eq!(resource, Resource::Organizations);
    event_tx
        .send(loaded(
            id,
            resource,
            tenantdeck::api::ResourceData::Organizations(organizations()),
        ))
        .unwrap();
    key_tx
        .send(Event::Key(KeyEvent::from(KeyCode::Char('j'))))
        .unwrap();
    let Some(ApiRequest::Fetch { resource, .. }) = next_read(&mut request_rx).await else {
        panic!("the tree asks for the organization custom-property definitions");
    };
    assert_eq!(resource, Resource::OrgPropertyDefinitions);
    let Some(ApiRequest::Fetch { resource, .. }) = next_read(&mut request_rx).await else {
        panic!("selecting an organization fetches its details");
    };
    assert_eq!(
        resource,
        Resource::Organization {
            org: "o-acme".into()
        }
    );
    key_tx
        .send(Event::Key(KeyEvent::from(KeyCode::Char('q'))))
        .unwrap();
    let terminal = task.await.unwrap().unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Acme AB"), "{screen}");
    assert!(screen.contains("4 of 4 organizations"));
}

/// The session's last change: an assignment the fixtures' server knows, so `z` previews its
/// inverse.
fn undoable() -> tenantdeck::bulk::journal::history::Page {
    use tenantdeck::bulk::journal::{ItemState, Outcome, RunRecord, Server};
    let mutation = tenantdeck::api::Mutation::AssignUser {
        org: "o-acme".into(),
        service: "s-m365".into(),
        subscription: "sub-basic".into(),
        input: tenantdeck::domain::SubscriptionUserSet {
            user_id: "u-eva".into(),
            external_user_id: String::new(),
        },
    };
    let session = session(false);
    vec![RunRecord {
        run: "r1".into(),
        at: "2026-11-23T05:00:00Z".into(),
        profile: session.profile,
        server: Some(Server {
            api_url: session.api_url,
            account: session.reseller_id,
            provider: "cloudmore".into(),
        }),
        action: "assign user".into(),
        items: vec![tenantdeck::bulk::plan::BulkItem {
            target: mutation.target(),
            before: "not assigned".into(),
            after: "assigned".into(),
            mutation,
            undo: None,
        }]
        .into(),
        states: vec![ItemState::Finished(Outcome::Ok {
            created: None,
            verified: false,
        })],
    }]
    .into()
}

/// `z`, then no key at all: the journal's answer alone must bring the undo preview on screen.
/// The answer is made to arrive together with a due tick (the loop is held off its thread past
/// a tick while the answer is queued): whichever branch `select!` then takes, the answer is
/// drawn. Repeated, because `select!` picks among ready branches at random.
#[tokio::test]
async fn a_journal_answer_is_drawn_without_another_key() {
    use tenantdeck::bulk::worker::JournalPurpose;
    for attempt in 0..20 {
        let Scripted {
            requests: mut request_rx,
            events: event_tx,
            keys: key_tx,
            bulk_commands: mut command_rx,
            bulk_updates: updates_tx,
            task,
        } = scripted(TestBackend::new(100, 30), App::new(session(false)));
        // Answer the reads until nothing is loading (so no spinner redraws the screen).
        while let Ok(Some(request)) =
            tokio::time::timeout(std::time::Duration::from_millis(80), request_rx.recv()).await
        {
            if let ApiRequest::Fetch { id, resource } = request
                && let Some(data) = fixture(&resource)
            {
                event_tx.send(loaded(id, resource, data)).unwrap();
            }
        }
        key_tx
            .send(Event::Key(KeyEvent::from(KeyCode::Char('z'))))
            .unwrap();
        let asked = command_rx.recv().await;
        assert_eq!(
            asked,
            Some(BulkCommand::ReadJournal {
                purpose: JournalPurpose::Undo
            })
        );
        // Holds this (the loop's) thread past a tick and lets the timer fire, then queues the
        // answer: both are ready when the loop runs next.
        std::thread::sleep(std::time::Duration::from_millis(120));
        tokio::task::yield_now().await;
        updates_tx
            .send(BulkUpdate::Journal {
                purpose: JournalPurpose::Undo,
                runs: Ok(undoable()),
            })
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        drop(key_tx);
        let terminal = task.await.unwrap().unwrap();
        let screen = terminal.backend().to_string();
        assert!(
            screen.contains("undo: assign user"),
            "attempt {attempt}: the preview is drawn\n{screen}"
        );
    }
}

/// The next request but the background indexer's orders (it is handed the list too; its
/// reads are its own).
async fn next_read(
    requests: &mut tokio::sync::mpsc::UnboundedReceiver<ApiRequest>,
) -> Option<ApiRequest> {
    loop {
        match requests.recv().await {
            Some(ApiRequest::Index(_)) => continue,
            other => return other,
        }
    }
}
