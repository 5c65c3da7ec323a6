//! A long choice's list over the form or preview it belongs to: the search line, the options
//! that match (the one chosen before marked), and what `Enter` and `Esc` do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{input, popup, text, theme};
use crate::app::choice_picker::ChoicePicker;

pub fn draw(frame: &mut Frame, area: Rect, picker: &ChoicePicker) {
    let (shown, all) = picker.counts();
    let title = format!("{} · {shown} of {all}", text::sanitize(&picker.title));
    let width = area.width.saturating_sub(8).min(72);
    let height = area.height.saturating_sub(2).min(all as u16 + 4);
    let inner = popup(frame, area, width, height.max(6), &title);
    if inner.height < 3 {
        return;
    }
    let width = inner.width as usize;
    let mut lines = vec![input::search_line(frame, inner, &picker.query)];
    let body = (inner.height as usize).saturating_sub(2);
    if shown == 0 {
        lines.push(Line::styled("  (nothing matches)", theme::dim()));
    }
    for (option, label, selected) in picker.window(body) {
        let pointer = if selected { "›" } else { " " };
        let was = if picker.current == Some(option) {
            "  (chosen)"
        } else {
            ""
        };
        let mut line = text::line(
            &[
                (pointer, theme::accent()),
                (" ", theme::base()),
                (label, theme::base()),
                (was, theme::dim()),
            ],
            width,
        );
        if selected {
            line = line.patch_style(theme::selected());
        }
        lines.push(line);
    }
    lines.resize(body + 1, Line::default());
    lines.push(text::line(
        &[(
            " Enter takes it · Esc keeps the choice as it was",
            theme::dim(),
        )],
        width,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
