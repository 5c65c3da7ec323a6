//! The two bottom lines: a spinner and the flash message (else how far the search's index is)
//! with the organization count, then the key hints of the current scope, read from the command
//! registry (only the commands that can run now, and always the way to help).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{text, theme};
use crate::app::commands::{self, Command, CommandId};
use crate::app::{App, Mode};

pub fn draw(frame: &mut Frame, status: Rect, hints: Rect, app: &App) {
    let summary = app.top().map(|s| s.state().list().summary());
    let count = match summary {
        Some(summary) if !summary.is_empty() => format!("{summary} "),
        _ => String::new(),
    };
    let marked = app.marked_count();
    let count = if marked > 0 {
        format!("{marked} marked · {count}")
    } else {
        count
    };
    let left_width = (status.width as usize).saturating_sub(text::width(&count) + 1);
    let spinner = if app.is_busy() {
        theme::spinner(app.spinner)
    } else {
        " "
    };
    let throttle = app.throttle_text();
    let waiting = app.waiting_text();
    // With nothing else to say: how far the search's background index is.
    let indexing = app.index_note();
    let (message, style) = match (&app.flash, &throttle) {
        (_, Some(throttle)) => (throttle.as_str(), theme::error()),
        (flash, None) => match flash {
            Some(flash) if flash.error => (flash.text.as_str(), theme::error()),
            Some(flash) => (flash.text.as_str(), theme::ok()),
            None => match &waiting {
                Some(waiting) => (waiting.as_str(), theme::dim()),
                None if app.is_busy() => ("loading…", theme::dim()),
                None => match &indexing {
                    Some(note) => (note.as_str(), theme::dim()),
                    None => ("", theme::base()),
                },
            },
        },
    };
    let mut line = text::line(
        &[
            (" ", theme::base()),
            (spinner, theme::accent()),
            (" ", theme::base()),
            (message, style),
        ],
        left_width,
    );
    let pad = left_width.saturating_sub(line.width()) + 1;
    line.spans.push(Span::raw(" ".repeat(pad)));
    line.spans.push(Span::styled(count, theme::dim()));
    frame.render_widget(Paragraph::new(line), status);

    frame.render_widget(Paragraph::new(hint_line(app, hints.width as usize)), hints);
}

/// The hints of the current scope that can run now, as many as fit, nearest scope first;
/// `? help` always closes the line where `?` opens help.
fn hint_line(app: &App, width: usize) -> Line<'static> {
    // The accept key a confirmation does not use stays out (Enter after typing a name, y
    // otherwise); everything else that cannot run now says so through `App::unavailable`.
    let typed_word = matches!(&app.mode, Mode::Confirm(c) if c.word.is_some());
    let mut help = None;
    let mut shown = Vec::new();
    for command in commands::hints(app.scope()) {
        match command.id {
            CommandId::Help => help = Some(command),
            CommandId::ConfirmAccept if !typed_word => {}
            CommandId::ConfirmYes if typed_word => {}
            id if app.unavailable(id).is_none() => shown.push(command),
            _ => {}
        }
    }
    let hint = |c: &Command| (c.keys()[0].display(), format!(" {}  ", c.label));
    let size = |(key, label): &(String, String)| text::width(key) + text::width(label);
    let reserved = help.map_or(0, |h| size(&hint(h)));
    let mut room = width.saturating_sub(1 + reserved);
    let mut spans = vec![Span::raw(" ")];
    let fitting = shown.into_iter().map(hint).filter(|h| {
        let fits = size(h) <= room;
        if fits {
            room -= size(h);
        }
        fits
    });
    for (key, label) in fitting.chain(help.map(hint)) {
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::styled(label, theme::dim()));
    }
    Line::from(spans)
}
