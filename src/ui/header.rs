//! The header line: app name, profile, reseller (or the breadcrumb of pushed screens), API
//! address, how old the root list shown is ("cached 2 h ago" at a start from the disk cache),
//! and a READ-ONLY badge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::{fresh, text, theme};
use crate::api::Resource;
use crate::app::App;
use crate::app::screen::Screen;
use crate::domain::hierarchy::Capability;

const BADGE: &str = " READ-ONLY ";

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let s = &app.session;
    // On the tree: the reseller; on a pushed screen: the breadcrumb down to it.
    let on_tree = matches!(app.top(), Some(Screen::Tree(_)));
    let (where_label, reseller) = if !on_tree {
        let prefix = text::width(&format!(" tenantdeck │ profile {} │ ", s.profile));
        let room = (area.width as usize).saturating_sub(prefix + BADGE.len());
        ("", crumbs(&app.breadcrumb(), room))
    } else {
        (
            "reseller ",
            match &s.reseller_name {
                Some(name) => format!("{name} ({})", s.reseller_id),
                None => s.reseller_id.clone(),
            },
        )
    };
    // A refused sign-in is the first thing to know: nothing loads until it is fixed.
    let (who, who_style) = match &app.sign_in_refused {
        Some(_) => (format!("{} — sign-in refused", s.username), theme::error()),
        None => (s.username.clone(), theme::base()),
    };
    let sep = (" │ ", theme::dim());
    // The root list is what a start shows first: while it is the disk cache's copy from an
    // earlier run, the header says how old it is (a list loaded now says so in its title).
    let root = if s.capabilities.has(Capability::ResellerTree) {
        Resource::Organizations
    } else {
        Resource::Hierarchy
    };
    let age = match app.store.cached_at(&root) {
        Some(_) => fresh::note(app, &root),
        None => String::new(),
    };
    let age_sep = if age.is_empty() {
        ("", theme::dim())
    } else {
        sep
    };
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
            (&who, who_style),
            sep,
            (&s.api_url, theme::dim()),
            age_sep,
            (&age, theme::dim()),
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

/// The breadcrumb in at most `width` columns: leading segments give way to "…" first, so the
/// screen the user is on always shows.
fn crumbs(segments: &[String], width: usize) -> String {
    let clean: Vec<String> = segments.iter().map(|s| text::sanitize(s)).collect();
    let mut skip = 0;
    loop {
        let mut shown: Vec<&str> = clean[skip..].iter().map(String::as_str).collect();
        if skip > 0 {
            shown.insert(0, "…");
        }
        let joined = shown.join(" › ");
        if text::width(&joined) <= width || skip + 1 >= clean.len() {
            return joined;
        }
        skip += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_breadcrumbs_drop_leading_segments() {
        let path: Vec<String> = ["Northwind", "Acme Ltd", "Services", "Microsoft 365"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            crumbs(&path, 80),
            "Northwind › Acme Ltd › Services › Microsoft 365"
        );
        assert_eq!(crumbs(&path, 40), "… › Acme Ltd › Services › Microsoft 365");
        assert_eq!(
            crumbs(&path, 5),
            "… › Microsoft 365",
            "the last one always shows"
        );
    }
}
