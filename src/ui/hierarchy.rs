//! The organization hierarchy screen: the indented hierarchy on the left (its table lends
//! only the rows drawn), the selected organization's record on the right with its members
//! and pending invitations below it, and the move picker over them while it is open. The
//! conflict view over a hierarchy form is in `conflict.rs`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::fields::Lines;
use super::{input, people, popup, table, text, theme};
use crate::api::Resource;
use crate::app::hierarchy::Hierarchy;
use crate::app::hierarchy::people::{self as node_people, Listed};
use crate::app::hierarchy::picker::MovePicker;
use crate::app::hierarchy::rows::status_text;
use crate::app::{App, Mode};
use crate::domain::dates::format_epoch_ms;
use crate::domain::hierarchy::OrgNode;
use crate::domain::people::{Invitation, Member};

/// People of one list drawn at most: a project of thousands would otherwise be built every
/// frame, far past the pane's height.
const PEOPLE_SHOWN: usize = 50;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &Hierarchy) {
    let [list_area, detail_area] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    let resource = Resource::Hierarchy;
    let total = screen.index().len();
    let words = if app.store.data(&resource).is_none() && app.store.is_loading(&resource) {
        // The first pages are on screen while the rest is read.
        format!("of {total} read so far…")
    } else {
        format!("of {total} shown")
    };
    let focused = screen.picker.is_none();
    table::draw(
        frame,
        list_area,
        table::Pane {
            table: &screen.table,
            noun: None,
            suffix: super::fresh::suffix(app, words, &resource),
            focused,
            filtering: focused && matches!(app.mode, Mode::Filter),
            placeholder: table::placeholder(&app.store, &resource),
        },
    );
    draw_detail(frame, detail_area, app, screen);
    if let Some(picker) = &screen.picker {
        draw_picker(frame, area, screen, picker);
    }
}

/// Longer labels than the people panes' ("Update version", "Last updated by").
const LABEL_WIDTH: usize = 17;

/// The record, and below it in a box of their own the node's people when its provider has
/// them: the record gets what it needs up to three fifths of the height, so the people are
/// in view however long the record is. `f` picks across both boxes, in the order of
/// [`fill`].
fn draw_detail(frame: &mut Frame, area: Rect, app: &App, screen: &Hierarchy) {
    let with_people = screen
        .selected()
        .filter(|node| !node_people::resources(node, &screen.capabilities).is_empty());
    let Some(node) = with_people else {
        people::detail_box(frame, area, "Organization", app.detail_cursor, |out| {
            out.label_width = LABEL_WIDTH;
            fill(out, app, screen)
        });
        return;
    };
    let mut record = Lines::new(area.width.saturating_sub(2) as usize);
    record.label_width = LABEL_WIDTH;
    fill_record(&mut record, app, screen);
    let needed = u16::try_from(record.lines.len() + 2).unwrap_or(u16::MAX);
    let [top, bottom] = Layout::vertical([
        Constraint::Length(needed.min(area.height * 3 / 5)),
        Constraint::Min(0),
    ])
    .areas(area);
    let cursor = app.detail_cursor;
    let fields = people::detail_box(frame, top, "Organization", cursor, |out| {
        out.label_width = LABEL_WIDTH;
        fill_record(out, app, screen)
    });
    let below = cursor.and_then(|at| at.checked_sub(fields));
    people::detail_box(frame, bottom, "People", below, |out| {
        out.label_width = LABEL_WIDTH;
        fill_people(out, app, screen, node)
    });
}

/// The selected node's fields and people (also what `f` picks values from).
pub(super) fn fill(out: &mut Lines, app: &App, screen: &Hierarchy) {
    fill_record(out, app, screen);
    if let Some(node) = screen.selected() {
        fill_people(out, app, screen, node);
    }
}

/// The selected organization's fields: the list row at once, every field of the record read
/// by id once it arrives.
fn fill_record(out: &mut Lines, app: &App, screen: &Hierarchy) {
    let Some(row) = screen.selected() else {
        out.note("No organization selected.", theme::dim());
        return;
    };
    let record = screen.record(&app.store);
    let node = record.unwrap_or(row);
    let date = |ms: Option<i64>| ms.map_or_else(|| "—".to_string(), format_epoch_ms);
    out.field("Name", &node.name);
    out.field("Id", &node.id);
    let parent = match &node.parent {
        Some(id) => screen.name_of(id),
        None => "— (a root)".into(),
    };
    out.field("Parent", &parent);
    let style = if node.active {
        theme::ok()
    } else {
        theme::dim()
    };
    out.styled("Status", status_text(node), style);
    out.field("Created", &date(node.created));
    out.field("Updated", &date(node.updated));
    out.field("Update version", node.version.as_deref().unwrap_or("—"));
    for (label, value) in &node.extra {
        out.field(label, value);
    }
    let resource = Resource::Node {
        id: node.id.clone(),
    };
    if record.is_none() {
        match app.store.error(&resource) {
            Some(error) => out.note(
                &format!("could not read the record: {error}"),
                theme::error(),
            ),
            None => out.note("reading the whole record…", theme::dim()),
        }
    }
}

/// The node's members and pending invitations, one line each: the roles, then who.
fn fill_people(out: &mut Lines, app: &App, screen: &Hierarchy, node: &OrgNode) {
    let (store, capabilities) = (&app.store, &screen.capabilities);
    if let Some(members) = node_people::members(store, capabilities, node) {
        section(out, "Members", members, |m: &Member| {
            (m.roles_text(), member_text(m))
        });
    }
    if let Some(invitations) = node_people::invitations(store, capabilities, node) {
        section(out, "Pending invitations", invitations, |i: &Invitation| {
            (i.roles_text(), invitation_text(i, screen))
        });
    }
}

/// One list of people under its title with its count, or why it is not there yet.
fn section<T>(
    out: &mut Lines,
    title: &str,
    listed: Listed<T>,
    line: impl Fn(&T) -> (String, String),
) {
    let rows = match listed {
        Listed::Ready(rows) => rows,
        Listed::Reading => {
            heading(out, title);
            return out.note("reading…", theme::dim());
        }
        Listed::Failed(error) => {
            heading(out, title);
            return out.note(&format!("could not read them: {error}"), theme::error());
        }
    };
    heading(out, &format!("{title} ({})", rows.len()));
    if rows.is_empty() {
        out.note("none", theme::dim());
    }
    let label_width = out.label_width.saturating_sub(2);
    for row in rows.iter().take(PEOPLE_SHOWN) {
        let (label, value) = line(row);
        out.field(&text::fit(&label, label_width), &value);
    }
    if rows.len() > PEOPLE_SHOWN {
        let more = rows.len() - PEOPLE_SHOWN;
        out.note(&format!("… and {more} more"), theme::dim());
    }
}

/// A section's title, with no blank line above it at the top of a box.
fn heading(out: &mut Lines, title: &str) {
    let first = out.lines.is_empty();
    out.section(title);
    if first {
        out.lines.remove(0);
    }
}

/// `Name <e-mail>`, or what there is of it.
fn member_text(member: &Member) -> String {
    let person = &member.person;
    match (
        person.name.trim().is_empty(),
        person.email.trim().is_empty(),
    ) {
        (false, false) => format!("{} <{}>", person.name, person.email),
        _ => person.label().to_string(),
    }
}

/// The invitee, the projects it also gives (by name) and who sent it.
fn invitation_text(invitation: &Invitation, screen: &Hierarchy) -> String {
    let mut text = invitation.invitee.clone();
    let also: Vec<String> = invitation
        .also_for()
        .iter()
        .map(|id| screen.name_of(id))
        .collect();
    if !also.is_empty() {
        text.push_str(&format!(" · also {}", also.join(", ")));
    }
    if let Some(inviter) = &invitation.inviter {
        text.push_str(&format!(" · by {}", inviter.label()));
    }
    text
}

/// The picker: a search line, then the organizations in tree order; a refused target is
/// dimmed with its reason, and the selected one's reason is repeated at the bottom.
fn draw_picker(frame: &mut Frame, area: Rect, screen: &Hierarchy, picker: &MovePicker) {
    let title = format!(
        "Move {} to… · {}",
        text::sanitize(&picker.what),
        picker.count_text()
    );
    // Wide: the reasons beside the names are worth reading whole.
    let width = area.width.saturating_sub(4).min(110);
    let inner = popup(frame, area, width, area.height.saturating_sub(2), &title);
    if inner.height < 4 {
        return;
    }
    let width = inner.width as usize;
    let mut lines = vec![input::search_line(frame, inner, &picker.search)];
    let body = (inner.height as usize).saturating_sub(3);
    let rows = picker.rows(body, screen.index());
    if rows.is_empty() {
        lines.push(Line::styled("  (no organization matches)", theme::dim()));
    }
    for row in &rows {
        let pointer = if row.selected { "›" } else { " " };
        let indent = "  ".repeat(row.depth as usize);
        let (style, why) = match &row.refused {
            Some(why) => (theme::dim(), format!("  — {why}")),
            None => (theme::base(), String::new()),
        };
        let within = row
            .within
            .as_ref()
            .map(|p| format!(" (in {p})"))
            .unwrap_or_default();
        let mut line = text::line(
            &[
                (pointer, theme::accent()),
                (" ", theme::base()),
                (&indent, theme::base()),
                (&row.name, style),
                (&within, theme::dim()),
                (&why, theme::dim()),
            ],
            width,
        );
        if row.selected {
            line = line.patch_style(theme::selected());
        }
        lines.push(line);
    }
    lines.resize(body + 1, Line::default());
    let footer = match picker.refusal() {
        Some(why) => text::line(
            &[
                (" cannot move there: ", theme::error()),
                (&why, theme::error()),
            ],
            width,
        ),
        None => text::line(
            &[(" Enter moves it here · Esc cancels", theme::dim())],
            width,
        ),
    };
    lines.push(Line::default());
    lines.push(footer);
    frame.render_widget(Paragraph::new(lines), inner);
}
