//! The delete-organization dialog: what goes with it, and a field for the exact name.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{input, popup, text, theme};
use crate::app::confirm::DeleteConfirm;

pub fn draw(frame: &mut Frame, area: Rect, confirm: &DeleteConfirm) {
    let inner = popup(frame, area, 70, 12, "Delete organization");
    let width = inner.width as usize;
    let name = text::sanitize(&confirm.org_name);
    let mut lines = vec![
        text::line(
            &[(" This deletes ", theme::base()), (&name, theme::title())],
            width,
        ),
        Line::raw(" and everything that goes with it: its services, their"),
        Line::raw(" subscriptions and the users assigned to them. It cannot be undone."),
        Line::default(),
        Line::raw(" Type the organization's name to confirm:"),
    ];
    let field_width = width.saturating_sub(4);
    let typed = input::view(&confirm.input, field_width, false);
    lines.push(Line::from(vec![
        Span::styled(" > ", theme::key()),
        Span::styled(typed.text, theme::accent()),
    ]));
    frame.set_cursor_position((inner.x + 3 + typed.cursor, inner.y + 5));
    match (&confirm.message, confirm.pending) {
        (_, Some(_)) => lines.push(Line::styled(" deleting…", theme::accent())),
        (Some(message), None) => lines.push(text::line(
            &[(" ", theme::base()), (message, theme::error())],
            width,
        )),
        (None, None) => lines.push(Line::default()),
    }
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(" Esc", theme::key()),
        Span::raw(" cancel (default)   "),
        Span::styled("Enter", theme::key()),
        Span::raw(" delete"),
    ]));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
