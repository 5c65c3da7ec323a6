//! The `:` palette: a filter line over the registry's commands.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{input, popup, text, theme};
use crate::app::palette::Palette;

pub fn draw(frame: &mut Frame, area: Rect, palette: &Palette) {
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
    for (i, command) in matches.iter().enumerate() {
        let keys = command.keys_display();
        let line = text::line(
            &[
                (&format!(" {:<18} ", command.name), theme::accent()),
                (&format!("{keys:<10}"), theme::key()),
                (command.description, theme::base()),
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
