//! Issue 13, the search over a big index through the real event loop: a keystroke is answered
//! by a frame while the search is still going ("searching… N%"), the loop gives it slice after
//! slice with no other input until it is through, and what the indexer reads meanwhile waits
//! for it, then is searched too. Every frame the loop draws is kept (`Recording`).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::event_loop::{Scripted, scripted};
use crate::ui_support::*;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Size};
use tenantdeck::api::indexer::{IndexProgress, IndexedLists};
use tenantdeck::api::{ApiEvent, ApiRequest, Resource, ResourceData};
use tenantdeck::app::App;
use tenantdeck::domain::User;

/// A `TestBackend` that keeps a copy of every frame flushed to it.
struct Recording {
    inner: TestBackend,
    frames: Arc<Mutex<Vec<String>>>,
}

impl Backend for Recording {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.frames.lock().unwrap().push(self.inner.to_string());
        self.inner.flush()
    }
}

/// `count` users of Zeta, as the indexer hands them over.
fn zeta_users(count: usize, name: impl Fn(usize) -> String) -> ApiEvent {
    let users = (0..count)
        .map(|i| User {
            id: format!("u-{i}"),
            display_name: name(i),
            email: format!("person{i}@zeta.example"),
            ..Default::default()
        })
        .collect();
    let lists = IndexedLists {
        owner: Some("o-zeta".into()),
        lists: vec![(
            Resource::Users {
                org: "o-zeta".into(),
            },
            Arc::new(ResourceData::Users(users)),
        )],
        fetched: SystemTime::now(),
    };
    let progress = IndexProgress {
        indexed: 1,
        of: organizations().len(),
        ..Default::default()
    };
    ApiEvent::Indexed {
        lists: vec![lists],
        progress,
    }
}

/// "12345 matches in 150004 entries" of a search that is through.
fn summary(frame: &str) -> Option<(usize, usize)> {
    let line = frame.lines().find(|l| l.contains(" matches in "))?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "matches")?;
    let number = |w: &str| w.replace(',', "").parse().ok();
    Some((number(words.get(at - 1)?)?, number(words.get(at + 2)?)?))
}

/// Waits (a minute at most: a slow machine is not a failure) for a frame that `wanted`; returns
/// the frames drawn until then.
async fn until_drawn(frames: &Mutex<Vec<String>>, wanted: impl Fn(&str) -> bool) -> Vec<String> {
    let started = Instant::now();
    loop {
        {
            let frames = frames.lock().unwrap();
            if frames.iter().any(|f| wanted(f)) {
                return frames.clone();
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never drawn; the last frame:\n{}",
            frames.lock().unwrap().last().cloned().unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_keystroke_over_a_big_index_is_drawn_before_the_search_is_through() {
    const USERS: usize = 150_000;
    let frames = Arc::new(Mutex::new(Vec::new()));
    let backend = Recording {
        inner: TestBackend::new(110, 30),
        frames: frames.clone(),
    };
    let Scripted {
        requests: mut request_rx,
        events: event_tx,
        keys: key_tx,
        task,
        ..
    } = scripted(backend, App::new(session(false)));
    // Answer the reads until nothing is loading (the status bar then has room for the index).
    while let Ok(Some(request)) =
        tokio::time::timeout(Duration::from_millis(80), request_rx.recv()).await
    {
        if let ApiRequest::Fetch { id, resource } = request
            && let Some(data) = fixture(&resource)
        {
            event_tx.send(loaded(id, resource, data)).unwrap();
        }
    }
    event_tx
        .send(zeta_users(USERS, |i| format!("Person {i}")))
        .unwrap();
    until_drawn(&frames, |f| f.contains("search index")).await;
    let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
    key_tx
        .send(key(KeyCode::Char('k'), KeyModifiers::CONTROL))
        .unwrap();
    key_tx
        .send(key(KeyCode::Char('e'), KeyModifiers::NONE))
        .unwrap();
    let searching = |f: &str| f.contains("searching…");
    until_drawn(&frames, searching).await;
    // More of the index arrives while the search goes on: it waits for the search.
    event_tx
        .send(zeta_users(USERS + 1, |i| match i {
            USERS => "Zed Newcomer".into(),
            i => format!("Person {i}"),
        }))
        .unwrap();
    let through = |f: &str| summary(f).is_some() && !f.contains("searching…");
    let frames_through = until_drawn(&frames, through).await;
    let first = frames_through.iter().position(|f| searching(f)).unwrap();
    let done = frames_through.iter().position(|f| through(f)).unwrap();
    assert!(
        done > first,
        "slices drawn with no key pressed after the first"
    );
    let shown = &frames_through[done];
    let (matched, entries) = summary(shown).unwrap();
    assert!(matched >= USERS, "every user has an e:\n{shown}");
    // Then what waited is searched too (at most a second later: the tick catches up).
    let more = |f: &str| through(f) && summary(f) == Some((matched + 1, entries + 1));
    until_drawn(&frames, more).await;
    drop(key_tx);
    task.await.unwrap().unwrap();
}
