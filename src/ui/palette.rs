//! The `:` palette: a filter line over the registry's commands, in three columns sized from
//! what they hold. Commands that cannot run now are dimmed and say why.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{input, popup, text, theme};
use crate::app::App;
use crate::app::palette::{Entry, Palette};

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
    // Each row's name, keys and description columns.
    let columns: Vec<(String, String)> = matches
        .iter()
        .map(|entry| match entry {
            Entry::Command(c) => (c.name.to_string(), c.keys_display()),
            Entry::Profile(p) => (text::sanitize(&p.entry_name()), String::new()),
            Entry::Group(g) => (text::sanitize(&g.entry_name()), String::new()),
        })
        .collect();
    let name_width = columns
        .iter()
        .map(|(n, _)| text::width(n))
        .max()
        .unwrap_or(0)
        + GAP;
    let keys_width = columns
        .iter()
        .map(|(_, k)| text::width(k))
        .max()
        .unwrap_or(0)
        + GAP;
    // Only the rows that fit are built.
    let rows = (inner.height as usize).saturating_sub(1);
    let first = palette.selected.saturating_sub(rows.saturating_sub(1));
    for (i, (entry, (name, keys))) in matches
        .iter()
        .zip(&columns)
        .enumerate()
        .skip(first)
        .take(rows)
    {
        let (description, name_style, style) = match entry {
            Entry::Command(command) => match app.unavailable(command.id) {
                Some(why) => (why, theme::dim(), theme::dim()),
                None => (
                    command.description.to_string(),
                    theme::accent(),
                    theme::base(),
                ),
            },
            Entry::Profile(profile) if profile.current => (
                format!("on it now ({})", text::sanitize(&profile.provider)),
                theme::dim(),
                theme::dim(),
            ),
            Entry::Profile(profile) => (
                format!("switch to it ({})", text::sanitize(&profile.provider)),
                theme::accent(),
                theme::base(),
            ),
            Entry::Group(group) => (
                format!(
                    "show its {} in the tree",
                    crate::ui::text::count(group.members as usize, "organization")
                ),
                theme::accent(),
                theme::base(),
            ),
        };
        let line = text::line(
            &[
                (&format!(" {name:<name_width$}"), name_style),
                (&format!("{keys:<keys_width$}"), theme::key()),
                (&description, style),
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
