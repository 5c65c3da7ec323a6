//! The confirmation dialog: what happens, what goes with it (loaded when the dialog opened),
//! the field for the word to type when one is asked for, and the keys (Cancel first: it is
//! the default).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{input, popup, text, theme};
use crate::app::confirm::Confirm;

/// At most this many dependent items are listed; the rest are counted.
const MAX_ITEMS: usize = 8;
const WIDTH: u16 = 70;

pub fn draw(frame: &mut Frame, area: Rect, confirm: &Confirm) {
    let width = (WIDTH.min(area.width) as usize).saturating_sub(2);
    let mut lines: Vec<Line> = Vec::new();
    for line in &confirm.lines {
        for part in text::wrap(line, width.saturating_sub(1)) {
            lines.push(text::line(
                &[(" ", theme::base()), (&part, theme::base())],
                width,
            ));
        }
    }
    if let Some(listing) = &confirm.listing {
        lines.push(Line::default());
        lines.push(text::line(
            &[(" ", theme::base()), (&listing.heading, theme::title())],
            width,
        ));
        match (&listing.items, &listing.error) {
            (_, Some(error)) => lines.push(text::line(
                &[
                    (" could not load: ", theme::error()),
                    (error, theme::error()),
                ],
                width,
            )),
            (None, None) => lines.push(Line::styled("   loading…", theme::dim())),
            (Some(items), None) if items.is_empty() => {
                lines.push(Line::styled("   (nothing)", theme::dim()))
            }
            (Some(items), None) => {
                for item in items.iter().take(MAX_ITEMS) {
                    lines.push(text::line(
                        &[("   • ", theme::dim()), (item, theme::base())],
                        width,
                    ));
                }
                if items.len() > MAX_ITEMS {
                    let more = format!("   … and {} more", items.len() - MAX_ITEMS);
                    lines.push(Line::styled(more, theme::dim()));
                }
            }
        }
    }
    let mut cursor_line: Option<(usize, u16)> = None;
    if let Some(word) = &confirm.word {
        lines.push(Line::default());
        lines.push(text::line(
            &[
                (" Type ", theme::base()),
                (word, theme::title()),
                (" to confirm:", theme::base()),
            ],
            width,
        ));
        let typed = input::view(&confirm.input, width.saturating_sub(4), false);
        cursor_line = Some((lines.len(), typed.cursor));
        lines.push(Line::from(vec![
            Span::styled(" > ", theme::key()),
            Span::styled(typed.text, theme::accent()),
        ]));
    }
    match (&confirm.message, confirm.pending) {
        (_, Some(_)) => lines.push(Line::styled(format!(" {}…", confirm.verb), theme::accent())),
        (Some(message), None) => {
            for part in text::wrap(message, width.saturating_sub(1)) {
                lines.push(text::line(
                    &[(" ", theme::base()), (&part, theme::error())],
                    width,
                ));
            }
        }
        (None, None) => lines.push(Line::default()),
    }
    lines.push(Line::default());
    let accept = if confirm.word.is_some() { "Enter" } else { "y" };
    lines.push(Line::from(vec![
        Span::styled(" Esc", theme::key()),
        // Not "cancel": the action itself may be a cancellation ("y cancel the subscription").
        Span::raw(" keep it (default)   "),
        Span::styled(accept, theme::key()),
        Span::raw(format!(" {}", confirm.verb)),
    ]));
    let height = lines.len() as u16 + 2;
    let inner = popup(frame, area, WIDTH, height, &text::sanitize(&confirm.title));
    if let Some((y, x)) = cursor_line {
        frame.set_cursor_position((inner.x + 3 + x, inner.y + y as u16));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
