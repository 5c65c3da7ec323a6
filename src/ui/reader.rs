//! Draws the reader overlay: the whole text, wrapped to the box and scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{popup, text, theme};
use crate::app::reader::Reader;

pub fn draw(frame: &mut Frame, area: Rect, reader: &Reader) {
    let width = area.width.saturating_sub(8).max(20);
    // Inside the borders, with a column to spare.
    let text_width = width.saturating_sub(3) as usize;
    let lines: Vec<Line> = reader
        .text
        .split('\n')
        .flat_map(|paragraph| text::wrap(paragraph, text_width))
        .map(|line| Line::styled(line, theme::base()))
        .collect();
    // As tall as the text, up to the screen.
    let height = (lines.len() as u16 + 2).clamp(5, area.height.saturating_sub(4).max(5));
    let title = format!("{} — j/k scroll, Esc closes", text::fit(&reader.title, 60));
    let inner = popup(frame, area, width, height, &title);
    let last_top = lines.len().saturating_sub(inner.height as usize);
    let scroll = reader.scroll.min(last_top) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
