//! The conflict view over a form whose save the server refused as stale: each field's value
//! on the server next to the user's, and the three ways on (see `app::hierarchy::conflict`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{popup, text, theme};
use crate::app::App;
use crate::app::hierarchy::conflict::Conflict;
use crate::app::hierarchy::form::{NAME_LABEL, PARENT_LABEL, STATUS_LABEL};
use crate::app::hierarchy::rows::status_text;
use crate::app::screen::Screen;
use crate::domain::hierarchy::OrgNode;

const LABEL: usize = 10;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, conflict: &Conflict) {
    let height = conflict.mine.len() as u16 + 9;
    let inner = popup(frame, area, 76, height, "Changed on the server meanwhile");
    let width = inner.width as usize;
    let column = width.saturating_sub(LABEL + 2) / 2;
    let name_of = |id: &str| match app.screens.first() {
        Some(Screen::Hierarchy(h)) => h.name_of(id),
        _ => id.to_string(),
    };
    let theirs_of = |node: &OrgNode, label: &str| match label {
        NAME_LABEL => node.name.clone(),
        STATUS_LABEL => status_text(node).to_string(),
        PARENT_LABEL => node
            .parent
            .as_deref()
            .map_or_else(|| "— (a root)".into(), name_of),
        _ => String::new(),
    };
    let cell = |s: &str| format!("{:<column$}", text::fit(s, column.saturating_sub(1)));
    let mut lines = vec![
        text::line(
            &[
                (" Someone changed it after you opened it. ", theme::base()),
                ("Nothing of yours is lost.", theme::ok()),
            ],
            width,
        ),
        Line::default(),
        text::line(
            &[
                (&format!(" {:<w$}", "", w = LABEL), theme::dim()),
                (&cell("On the server"), theme::title()),
                (&cell("Yours"), theme::title()),
            ],
            width,
        ),
    ];
    let reading = conflict.theirs.is_none();
    for (label, theirs, mine) in conflict.rows(theirs_of) {
        let theirs = match (&conflict.error, reading) {
            (Some(_), _) => "(could not be read)".to_string(),
            (None, true) => "reading…".to_string(),
            (None, false) => theirs,
        };
        let differs = !reading && theirs != mine;
        let style = if differs {
            theme::accent()
        } else {
            theme::base()
        };
        lines.push(text::line(
            &[
                (&format!(" {label:<w$}", w = LABEL), theme::dim()),
                (&cell(&theirs), style),
                (&cell(mine), style),
            ],
            width,
        ));
    }
    if let Some(version) = conflict.theirs.as_ref().and_then(|t| t.version.as_deref()) {
        lines.push(text::line(
            &[(
                &format!(" The server is at update version {version}."),
                theme::dim(),
            )],
            width,
        ));
    }
    if let Some(error) = &conflict.error {
        lines.push(text::line(&[(&format!(" {error}"), theme::error())], width));
    }
    lines.push(Line::default());
    lines.push(text::line(
        &[
            (" o", theme::key()),
            (" overwrite with mine   ", theme::dim()),
            ("t", theme::key()),
            (" take theirs   ", theme::dim()),
            ("Esc", theme::key()),
            (" keep editing", theme::dim()),
        ],
        width,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
