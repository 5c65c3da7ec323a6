//! The subscription assignment screen: the organization's users (assigned ones marked) and the
//! subscription's users side by side with their counts, and a notice with the way out when an
//! assignment was refused because the user has no role.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::app::assignment::{Assignment, Side};
use crate::ui::{table, text, theme};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &Assignment) {
    let notice = notice(screen);
    let [notice_area, panes] =
        Layout::vertical([Constraint::Length(notice.len() as u16), Constraint::Min(3)]).areas(area);
    let width = notice_area.width as usize;
    let lines: Vec<_> = notice
        .iter()
        .map(|(line, style)| text::line(&[(" ", *style), (line, *style)], width))
        .collect();
    frame.render_widget(Paragraph::new(lines), notice_area);

    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(panes);
    let (assigned, total) = screen.assigned_count();
    let (users, subscription_users) = (screen.users_list(), screen.assigned_list());
    table::draw_list(
        frame,
        left,
        app,
        (&screen.users, &users),
        format!("· {assigned} of {total} assigned"),
        screen.focus == Side::Users,
    );
    table::draw_list(
        frame,
        right,
        app,
        (&screen.assigned, &subscription_users),
        String::new(),
        screen.focus == Side::Assigned,
    );
}

/// Lines above the panes: why an assignment was refused and what to do, or that the
/// subscription is cancelled.
fn notice(screen: &Assignment) -> Vec<(String, ratatui::style::Style)> {
    let mut lines = Vec::new();
    if let Some((_, name)) = &screen.no_role {
        lines.push((
            format!("⚠ {name} has no role. A user needs a role before it can be assigned."),
            theme::warning(),
        ));
        lines.push((
            "  Press R to choose the role, then a to assign.".to_string(),
            theme::warning(),
        ));
    }
    if screen.cancelled {
        lines.push((
            "This subscription is cancelled: its users can be viewed but not changed.".into(),
            theme::dim(),
        ));
    }
    lines
}
