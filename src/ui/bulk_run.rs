//! The bulk run screen: a summary box (what the run does and how many items; in the preview
//! the way to confirm, with the word field for large deletes; while running and after, a gauge
//! with done, failed and remaining and the rate), then every item in a table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph};

use super::{input, table, text, theme};
use crate::app::App;
use crate::app::bulk_run::{BulkRun, Phase};
use crate::app::choice_picker::ChoicePicker;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, run: &BulkRun) {
    let [summary, items] =
        Layout::vertical([Constraint::Length(6), Constraint::Min(3)]).areas(area);
    let block = Block::bordered()
        .title(" Bulk run ")
        .title_style(theme::title())
        .border_style(theme::focused_border());
    let inner = block.inner(summary);
    frame.render_widget(block, summary);
    let width = inner.width as usize;
    let counts = run.counts();
    let choice = match (&run.choice, run.phase) {
        (Some(c), Phase::Preview) => match c.chosen.and_then(|i| Some((i, c.options.get(i)?))) {
            Some((i, (name, _))) if c.options.len() > 1 => format!(
                " · {}: {name} ({} of {}, c {})",
                c.label,
                i + 1,
                c.options.len(),
                if ChoicePicker::wanted(c.options.len()) {
                    "picks another"
                } else {
                    "for the next"
                }
            ),
            Some(_) => String::new(),
            None => format!(
                " · {}: none chosen ({} to pick from with c)",
                c.label,
                c.options.len()
            ),
        },
        _ => String::new(),
    };
    let mut lines = vec![text::line(
        &[
            (" ", theme::base()),
            (&run.action, theme::title()),
            (
                &format!(
                    " · {} · {} left out",
                    text::count(run.items.len(), "item"),
                    run.invalid.len()
                ),
                theme::dim(),
            ),
            (&choice, theme::accent()),
        ],
        width,
    )];
    let [_, gauge_area, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let mut cursor = None;
    match (run.phase, &run.interrupted, &run.word) {
        (Phase::Preview, Some(_), _) => {
            let counts_line = format!(
                " Interrupted run: {} done · {} failed · {} unknown · {} pending",
                counts.ok, counts.failed, counts.unknown, counts.pending
            );
            lines.push(text::line(&[(&counts_line, theme::warning())], width));
            lines.push(Line::styled(
                " y resumes it (unknown items are checked before being sent) · Esc leaves it",
                theme::base(),
            ));
        }
        (Phase::Preview, None, Some(word)) => {
            let typed = input::view(&run.input, 24, false);
            let prompt = run.word_prompt();
            cursor =
                Some(prompt.chars().count() + word.chars().count() + 13 + typed.cursor as usize);
            lines.push(Line::from(vec![
                Span::styled(prompt, theme::warning()),
                Span::styled(word.clone(), theme::title()),
                Span::styled(" to confirm: ", theme::warning()),
                Span::styled(typed.text, theme::accent()),
            ]));
        }
        (Phase::Preview, None, None) => lines.push(Line::styled(
            " Nothing is sent yet. y runs these changes · Esc cancels (the default)",
            theme::base(),
        )),
        (Phase::Running | Phase::Done, _, _) => lines.push(Line::default()),
    }
    if run.phase != Phase::Preview {
        let total = counts.total().max(1);
        let answered = counts.ok + counts.failed;
        let rate = run.rate().map_or("–".to_string(), |r| format!("{r:.1}/s"));
        let label = format!(
            "{answered}/{} · done {} · failed {} · remaining {} · rate {rate}",
            counts.total(),
            counts.ok,
            counts.failed,
            counts.remaining()
        );
        let style = if counts.failed > 0 {
            theme::error()
        } else {
            theme::ok()
        };
        frame.render_widget(
            Gauge::default()
                .gauge_style(style)
                .ratio(answered as f64 / total as f64)
                .label(label),
            gauge_area,
        );
    }
    if let Some(message) = &run.message {
        lines.push(text::line(
            &[(" ", theme::base()), (message, theme::accent())],
            width,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(x) = cursor {
        frame.set_cursor_position((inner.x + x as u16, inner.y + 1));
    }
    table::draw_local(frame, items, app, &run.table, String::new());
    if let Some(picker) = &run.picker {
        super::choice_picker::draw(frame, area, picker);
    }
}
