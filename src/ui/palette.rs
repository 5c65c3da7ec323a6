//! The `:` palette: a filter line over the registry's commands, in three columns sized from
//! what they hold. Commands that cannot run now are dimmed and say why.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{input, popup, text, theme};
use crate::app::App;
use crate::app::palette::Palette;

/// Space between the columns.
const GAP: usize = 2;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, palette: &Palette) {
    let matches = palette.matches();
    let height = (matches.len() as u16 + 3).min(area.height);
    let inner = popup(frame, Rect { height, ..area }, 72, height, "Run command");
    let width = inner.width as usize;
    let typed = input::view(&palette.input, width.saturating_sub(3), false);
    let mut lines = vec![Line::from(vec![
        Span::styled(" : ", theme::key()),
        Span::raw(typed.text),
    ])];
    frame.set_cursor_position((inner.x + 3 + typed.cursor, inner.y));
    let name_width = matches
        .iter()
        .map(|c| text::width(c.name))
        .max()
        .unwrap_or(0)
        + GAP;
    let keys_width = matches
        .iter()
        .map(|c| text::width(&c.keys_display()))
        .max()
        .unwrap_or(0)
        + GAP;
    // Only the rows that fit are built.
    let rows = (inner.height as usize).saturating_sub(1);
    let first = palette.selected.saturating_sub(rows.saturating_sub(1));
    for (i, command) in matches.iter().enumerate().skip(first).take(rows) {
        let keys = command.keys_display();
        let why_not = app.unavailable(command.id);
        let (description, name_style, style) = match &why_not {
            Some(why) => (why.as_str(), theme::dim(), theme::dim()),
            None => (command.description, theme::accent(), theme::base()),
        };
        let line = text::line(
            &[
                (&format!(" {:<name_width$}", command.name), name_style),
                (&format!("{keys:<keys_width$}"), theme::key()),
                (description, style),
            ],
            width,
        );
        lines.push(if i == palette.selected {
            line.patch_style(theme::selected())
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
