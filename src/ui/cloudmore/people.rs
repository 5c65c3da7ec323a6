//! Pieces the users and administrators screens share: the bordered detail box and the
//! last-access line with its activity mark.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Paragraph};

use crate::app::people::Activity;
use crate::ui::fields::Lines;
use crate::ui::theme;

/// Draws a bordered "Details" box filled by `fill`, cut to its height, with the field at
/// `cursor` picked; returns how many fields it holds.
pub fn detail_box(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    cursor: Option<usize>,
    fill: impl FnOnce(&mut Lines),
) -> usize {
    let block = Block::bordered()
        .title(format!(" {title} "))
        .title_style(theme::title())
        .border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut out = Lines::new(inner.width as usize);
    // Short labels: these panes share the width with a list.
    out.label_width = 14;
    out.cursor = cursor;
    fill(&mut out);
    out.fit_height(inner.height as usize);
    let count = out.values.len();
    frame.render_widget(Paragraph::new(out.lines), inner);
    count
}

/// "Last access" (date and how long ago) and the activity mark, coloured by activity.
pub fn last_access(out: &mut Lines, last: Option<&str>, today: i64, inactive_after_days: u32) {
    let activity = Activity::of(last, today, inactive_after_days);
    out.field("Last access", &activity.last_access_text(last));
    let (mark, style) = if activity.inactive {
        (
            format!("{} ({inactive_after_days}+ days)", activity.mark()),
            theme::warning(),
        )
    } else {
        (activity.mark().to_string(), theme::ok())
    };
    out.styled("Activity", &mark, style);
}
