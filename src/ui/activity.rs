//! The activity view: one table of every write this console made, read from the journal.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::table;
use crate::app::App;
use crate::app::activity::Activity;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, activity: &Activity) {
    let mut note = String::from("(newest first");
    if activity.has_older() {
        note.push_str(" · older entries load as you scroll");
    }
    if activity.damaged > 0 {
        note.push_str(&format!(
            " · {} unreadable journal lines skipped",
            activity.damaged
        ));
    }
    note.push(')');
    table::draw_local(frame, area, app, &activity.table, note);
}
