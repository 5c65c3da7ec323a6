//! The two bottom lines: a spinner and the flash message with the organization count, then the
//! key hints of the current scope, read from the command registry.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{text, theme};
use crate::app::bulk_run::Phase;
use crate::app::commands::{self, CommandId};
use crate::app::screen::Screen;
use crate::app::{App, Mode};

pub fn draw(frame: &mut Frame, status: Rect, hints: Rect, app: &App) {
    let index = &app.tree.index;
    let count = if let Some(screen) = app.top() {
        let table = screen.state().table();
        format!("{} · {} ", table.title, table.count_text())
    } else if index.is_loaded() {
        format!(
            "{} of {} organizations ",
            index.filtered().len(),
            index.total()
        )
    } else {
        String::new()
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
    let (message, style) = match (&app.flash, &throttle) {
        (_, Some(throttle)) => (throttle.as_str(), theme::error()),
        (flash, None) => match flash {
            Some(flash) if flash.error => (flash.text.as_str(), theme::error()),
            Some(flash) => (flash.text.as_str(), theme::ok()),
            None => match &waiting {
                Some(waiting) => (waiting.as_str(), theme::dim()),
                None if app.is_busy() => ("loading…", theme::dim()),
                None => ("", theme::base()),
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

    let mut spans = vec![Span::raw(" ")];
    // Keys that mean nothing here stay out: Tab on a screen with one list, and the accept
    // key a confirmation does not use (Enter after typing a name, y otherwise).
    let one_pane = app.top().is_some_and(|s| s.state().panes() < 2);
    let typed_word = matches!(&app.mode, Mode::Confirm(c) if c.word.is_some());
    let bulk = match app.top() {
        Some(Screen::Bulk(run)) => Some(run.as_ref()),
        _ => None,
    };
    let shown = commands::hints(app.scope()).filter(|c| match c.id {
        CommandId::ListNextPane => !one_pane,
        // A bulk run's keys only while they do something.
        CommandId::BulkYes => bulk.is_some_and(|r| r.phase == Phase::Preview),
        CommandId::BulkChoose => bulk.is_some_and(|r| {
            r.phase == Phase::Preview && r.choice.as_ref().is_some_and(|c| c.options.len() > 1)
        }),
        CommandId::BulkProperties => {
            bulk.is_some_and(|r| r.phase == Phase::Preview && r.service_step.is_some())
        }
        CommandId::BulkRetry => {
            bulk.is_some_and(|r| r.phase == Phase::Done && r.counts().failed > 0)
        }
        CommandId::ConfirmAccept => typed_word,
        CommandId::ConfirmYes => !typed_word,
        _ => true,
    });
    for command in shown {
        let key = command
            .keys
            .first()
            .map(|k| k.display())
            .unwrap_or_default();
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::styled(format!(" {}  ", command.label), theme::dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), hints);
}
