//! The header line: app name, profile, reseller (or the breadcrumb of pushed screens), API
//! address, and a READ-ONLY badge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::{text, theme};
use crate::app::App;

const BADGE: &str = " READ-ONLY ";

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let s = &app.session;
    // On the tree: the reseller; on a pushed screen: the breadcrumb down to it.
    let (where_label, reseller) = if app.top().is_some() {
        ("", app.breadcrumb().join(" › "))
    } else {
        (
            "reseller ",
            match &s.reseller_name {
                Some(name) => format!("{name} ({})", s.reseller_id),
                None => s.reseller_id.clone(),
            },
        )
    };
    let sep = (" │ ", theme::dim());
    let badge_width = if s.read_only { BADGE.len() as u16 } else { 0 };
    let width = area.width.saturating_sub(badge_width) as usize;
    let line = text::line(
        &[
            (" tenantdeck", theme::title()),
            sep,
            ("profile ", theme::dim()),
            (&s.profile, theme::accent()),
            sep,
            (where_label, theme::dim()),
            (&reseller, theme::base()),
            sep,
            (&s.username, theme::base()),
            sep,
            (&s.api_url, theme::dim()),
        ],
        width,
    );
    frame.render_widget(Paragraph::new(line), area);
    if s.read_only && area.width > badge_width {
        let badge = Rect {
            x: area.right() - badge_width,
            width: badge_width,
            ..area
        };
        frame.render_widget(Paragraph::new(BADGE).style(theme::badge()), badge);
    }
}
