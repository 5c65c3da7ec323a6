//! The event loop end to end with scripted input: requests reach the actor channel, answers
//! are applied and drawn, and `q` ends the loop.

mod ui_support;

use futures_util::stream;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tenantdeck::api::{ApiRequest, Resource};
use tenantdeck::app::App;
use tenantdeck::app::event_loop::run_with;
use tokio::sync::mpsc::unbounded_channel;
use ui_support::*;

#[tokio::test]
async fn loop_sends_requests_applies_answers_draws_and_quits() {
    let (request_tx, mut request_rx) = unbounded_channel();
    let (event_tx, event_rx) = unbounded_channel();
    let (key_tx, key_rx) = unbounded_channel::<Event>();
    let input = Box::pin(stream::unfold(key_rx, |mut rx| async move {
        rx.recv().await.map(|event| (Ok(event), rx))
    }));
    let app = App::new(session(false));
    let task = tokio::spawn(async move {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let (commands, _) = unbounded_channel();
        let (_updates_tx, updates) = unbounded_channel();
        let bulk = tenantdeck::bulk::worker::WorkerChannels { commands, updates };
        run_with(
            &mut terminal,
            app,
            (request_tx, event_rx),
            bulk,
            input,
            false,
        )
        .await
        .map(|()| terminal)
    });

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
    let Some(ApiRequest::Fetch { resource, .. }) = request_rx.recv().await else {
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
