//! Draws the reader overlay: the whole text, wrapped to the box and scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{popup, text, theme};
use crate::app::reader::Reader;

pub fn draw(frame: &mut Frame, area: Rect, reader: &Reader) {
    let width = area.width.saturating_sub(8).max(20);
    let height = area.height.saturating_sub(4).max(5);
    let title = format!("{} — j/k scroll, Esc closes", text::fit(&reader.title, 60));
    let inner = popup(frame, area, width, height, &title);
    let lines: Vec<Line> = reader
        .text
        .split('\n')
        .flat_map(|paragraph| text::wrap(paragraph, inner.width.saturating_sub(1) as usize))
        .map(|line| Line::styled(line, theme::base()))
        .collect();
    let last_top = lines.len().saturating_sub(inner.height as usize);
    let scroll = reader.scroll.min(last_top) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
