//! The `:` palette: a filter line over the registry's commands.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{popup, text, theme};
use crate::app::palette::Palette;

pub fn draw(frame: &mut Frame, area: Rect, palette: &Palette) {
    let matches = palette.matches();
    let height = (matches.len() as u16 + 3).min(area.height);
    let inner = popup(frame, Rect { height, ..area }, 72, height, "Run command");
    let width = inner.width as usize;
    let typed = text::fit(palette.input.value(), width.saturating_sub(3));
    let mut lines = vec![Line::from(vec![
        Span::styled(" : ", theme::key()),
        Span::raw(typed),
    ])];
    frame.set_cursor_position((
        inner.x + 3 + palette.input.visual_cursor().min(width) as u16,
        inner.y,
    ));
    for (i, command) in matches.iter().enumerate() {
        let keys = command.keys_display();
        let line = text::line(
            &[
                (&format!(" {:<14}", command.name), theme::accent()),
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
