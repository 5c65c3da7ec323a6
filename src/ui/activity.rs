//! The activity view: one table of every write this console made, read from the journal.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::table;
use crate::app::App;
use crate::app::activity::Activity;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, activity: &Activity) {
    table::draw_local(frame, area, app, &activity.table, "(newest first)".into());
}
