//! The event loop: one `select!` over terminal input, the actor's answers, the bulk worker's
//! progress, (only while something animates) a tick, and (only while a search goes on) the
//! search's next slice. Everything already queued is applied before drawing once, so a burst
//! of events costs one frame and an idle console draws nothing.
//! Reads go to the actor; writes (single edits included) to the bulk worker, which journals
//! them.

use std::io::{IsTerminal, Write};

use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{Event, EventStream, MouseEventKind};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::time::MissedTickBehavior;

use crate::api::{ApiEvent, ApiRequest};
use crate::bulk::worker::{BulkCommand, WorkerChannels};

use crate::app::{App, TICK};

/// The console over the real terminal. `input` outlives one console: a new `EventStream` per
/// profile switch would race the old one's reader thread for the next key.
pub async fn run<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    mut app: App,
    requests: UnboundedSender<ApiRequest>,
    events: UnboundedReceiver<ApiEvent>,
    bulk: WorkerChannels,
    input: &mut EventStream,
) -> std::io::Result<Option<String>> {
    let sync = std::io::stdout().is_terminal();
    // Without capture the terminal sends no mouse events; with it, the app takes them.
    app.set_mouse(crate::terminal::mouse_captured());
    run_with(terminal, app, (requests, events), bulk, input, sync).await
}

/// [`run`] with the terminal input as a parameter (tests script it). `sync` brackets frames in
/// synchronized output on stdout, which is only right when the backend writes to stdout.
/// Ends with the profile the user switched to, if that is why it ended.
pub async fn run_with<B, S>(
    terminal: &mut Terminal<B>,
    mut app: App,
    (requests, mut events): (UnboundedSender<ApiRequest>, UnboundedReceiver<ApiEvent>),
    bulk: WorkerChannels,
    mut input: S,
    sync: bool,
) -> std::io::Result<Option<String>>
where
    B: Backend,
    S: Stream<Item = std::io::Result<Event>> + Unpin,
{
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let every_minute = std::time::Duration::from_secs(60);
    let mut minute =
        tokio::time::interval_at(tokio::time::Instant::now() + every_minute, every_minute);
    minute.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut events_open = true;
    let (bulk_commands, mut bulk_updates) = (bulk.commands, bulk.updates);
    let mut bulk_open = true;
    send(&mut app, &requests, &bulk_commands);
    draw(terminal, &app, sync)?;
    loop {
        let ticking = app.needs_ticks();
        let searching = app.searching();
        let changed = tokio::select! {
            // Keys first, then answers; a search under way gets its next slice only when
            // nothing else is ready, so typing is never queued behind it.
            biased;
            maybe = input.next() => match maybe {
                Some(Ok(event)) => {
                    // A drag changes nothing on screen: no frame for each cell it crosses.
                    let drag = matches!(&event, Event::Mouse(m) if matches!(m.kind, MouseEventKind::Drag(_) | MouseEventKind::Moved));
                    app.handle_terminal_event(event);
                    !drag
                }
                Some(Err(error)) => return Err(error),
                None => return Ok(None),
            },
            maybe = events.recv(), if events_open => match maybe {
                Some(event) => {
                    app.handle_api_event(event);
                    true
                }
                None => {
                    // The actor is gone; keep the UI up so the user can still read and quit.
                    events_open = false;
                    app.flash_error("the API worker stopped; restart tenantdeck to reconnect");
                    true
                }
            },
            maybe = bulk_updates.recv(), if bulk_open => match maybe {
                Some(update) => {
                    app.handle_bulk_update(update);
                    true
                }
                None => {
                    bulk_open = false;
                    app.flash_error("the bulk worker stopped; restart tenantdeck to resume runs");
                    true
                }
            },
            // "loaded 2 min ago" moves on by the minute, with or without anything else.
            _ = minute.tick() => true,
            _ = ticker.tick(), if ticking => {
                // Redraw only when the tick shows: the spinner turned, a flash expired, or a
                // bulk run's gauge moves on (its rate changes even between answers).
                let spinning = app.is_busy() || app.bulk_running();
                let flashing = app.flash.is_some();
                let behind = app.search.behind;
                app.tick();
                spinning || flashing != app.flash.is_some() || behind != app.search.behind
            }
            _ = std::future::ready(()), if searching => app.search_step(),
        };
        // What arrived meanwhile changes the screen as much as what woke the loop: a tick that
        // drew nothing must not leave an answer drained here undrawn.
        let mut changed = changed;
        while let Ok(event) = events.try_recv() {
            app.handle_api_event(event);
            changed = true;
        }
        while let Ok(update) = bulk_updates.try_recv() {
            app.handle_bulk_update(update);
            changed = true;
        }
        // Terminal input is not drained the same way: polling crossterm's EventStream with a
        // throw-away waker (now_or_never) can leave its reader thread holding that waker, and
        // the next key would then never wake the loop.
        send(&mut app, &requests, &bulk_commands);
        if let Some(text) = app.take_clipboard().filter(|_| sync) {
            // Only a real terminal has a clipboard to reach; a failure is said, not fatal.
            if let Err(error) = crate::terminal::copy_to_clipboard(&text) {
                app.flash_error(format!("could not reach the clipboard: {error}"));
            }
        }
        if app.should_quit() {
            return Ok(app.take_switch());
        }
        if changed {
            draw(terminal, &app, sync)?;
        }
    }
}

/// Hands what the app queued to the actor and the worker. Writes go to the worker, never to
/// the actor: it journals each one before it is sent (see `bulk::worker`).
fn send(
    app: &mut App,
    requests: &UnboundedSender<ApiRequest>,
    bulk: &UnboundedSender<BulkCommand>,
) {
    for request in app.take_requests() {
        // A closed channel means the actor or worker ended; a flash already says so.
        match request {
            ApiRequest::Mutate { id, mutation } => {
                let _ = bulk.send(app.single_edit(id, *mutation));
            }
            read => {
                let _ = requests.send(read);
            }
        }
    }
    for command in app.take_bulk_commands() {
        let _ = bulk.send(command);
    }
}

/// Draws one frame, bracketed in synchronized output (when `sync`) so terminals never show
/// half a frame.
fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &App, sync: bool) -> std::io::Result<()> {
    if sync {
        ratatui::crossterm::queue!(std::io::stdout(), BeginSynchronizedUpdate)?;
    }
    let result = terminal
        .draw(|frame| crate::ui::draw(frame, app))
        .map(|_| ())
        .map_err(|e| std::io::Error::other(e.to_string()));
    if sync {
        let mut out = std::io::stdout();
        ratatui::crossterm::queue!(out, EndSynchronizedUpdate)?;
        out.flush()?;
    }
    result
}
