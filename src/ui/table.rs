//! Draws a [`TableList`]: a bordered pane titled with its count, the filter line while there
//! is one, a header row with the sort arrow, and only the rows inside the visible window.
//! Cells are server text and go through the sanitizer; a cut cell ends in `…`.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{input, text, theme};
use crate::api::Resource;
use crate::app::store::{ListState, Store};
use crate::app::table::{RowTone, TableList, TableRow};
use crate::app::{App, Mode};

/// Pointer and mark columns before the first cell.
const GUTTER: usize = 2;

/// What a table shows instead of rows while its data is not there, read from the store.
pub(super) fn placeholder(store: &Store, resource: &Resource) -> Option<(String, Style)> {
    match store.list_state(resource) {
        ListState::Ready => None,
        ListState::Loading => Some(("loading…".into(), theme::dim())),
        ListState::Failed => Some((
            format!(
                "could not load: {} (r retries)",
                store
                    .error(resource)
                    .map(|e| e.to_string())
                    .unwrap_or_default()
            ),
            theme::error(),
        )),
    }
}

/// How a pane is drawn besides its rows.
pub(super) struct Pane<'a> {
    pub table: &'a TableList,
    /// What the rows are, counted in the title ("1 user", "3 users"); `None` counts bare.
    pub noun: Option<&'static str>,
    /// Words after the count in the title, e.g. "available" or "(1 cancelled)".
    pub suffix: String,
    pub focused: bool,
    /// True while the user types into this table's filter.
    pub filtering: bool,
    pub placeholder: Option<(String, Style)>,
}

/// Draws the list `table` of a screen, loaded from `resource`: its loading/error state from the
/// store, and the filter line being typed into when it has the focus.
pub fn draw_list(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    (table, resource): (&TableList, &Resource),
    suffix: String,
    focused: bool,
) {
    let pane = Pane {
        table,
        noun: None,
        suffix: super::fresh::suffix(app, suffix, resource),
        focused,
        filtering: focused && matches!(app.mode, Mode::Filter),
        placeholder: placeholder(&app.store, resource),
    };
    draw(frame, area, pane);
}

/// Draws a table built from data already at hand (no loading state), e.g. a bulk run's items.
pub fn draw_local(frame: &mut Frame, area: Rect, app: &App, table: &TableList, suffix: String) {
    let pane = Pane {
        table,
        noun: None,
        suffix,
        focused: true,
        filtering: matches!(app.mode, Mode::Filter),
        placeholder: None,
    };
    draw(frame, area, pane);
}

pub(super) fn draw(frame: &mut Frame, area: Rect, pane: Pane) {
    let table = pane.table;
    let count = match pane.noun {
        Some(noun) => {
            let (shown, total) = table.counts();
            let counted = text::count(total, noun);
            if shown == total {
                counted
            } else {
                format!("{shown} of {counted}")
            }
        }
        None => table.count_text(),
    };
    let title = format!(" {} · {count} {}", table.title, pane.suffix);
    let title = format!("{} ", title.trim_end());
    let block = Block::bordered()
        .title(text::fit(&title, area.width.saturating_sub(2) as usize))
        .title_style(theme::title())
        .border_style(if pane.focused {
            theme::focused_border()
        } else {
            theme::border()
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 || inner.width == 0 {
        return;
    }
    let inner = input::filter_above(frame, inner, &table.filter, pane.filtering);
    let width = inner.width as usize;
    let body = (inner.height as usize).saturating_sub(1);
    let rows_area = Rect {
        y: inner.y + 1,
        height: body as u16,
        ..inner
    };
    table.viewport().drawn_at(area, rows_area);
    // Each visible row once: a lent row is built for it (a bulk run's), so not once per use.
    let visible: Vec<(usize, Cow<'_, TableRow>)> = table
        .window(body)
        .filter_map(|pos| Some((pos, table.shown(pos)?)))
        .collect();
    let widths = column_widths(table, &visible, width.saturating_sub(GUTTER));
    let mut lines = vec![header(table, &widths)];
    match &pane.placeholder {
        Some((message, style)) if table.is_empty() => {
            for part in text::wrap(message, width.saturating_sub(GUTTER)) {
                lines.push(text::line(&[("  ", theme::base()), (&part, *style)], width));
            }
        }
        _ if table.counts().0 == 0 && table.loaded => {
            lines.push(Line::styled("  (none)", theme::dim()));
        }
        _ => {
            for (pos, row) in &visible {
                let selected = *pos == table.selected() && pane.focused;
                let tone = if table.is_marked(&row.id) {
                    Tone::Picked
                } else {
                    Tone::Row(row.tone)
                };
                lines.push(row_line(&row.cells, tone, &widths, width, selected));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The first column is the main one (the name): it keeps the most width. While its visible
/// cells fit, widths are as asked (fixed ones as given, the rest shared by the `0` columns).
/// When they would be cut, the other columns give way, the rightmost first: what they do not
/// use, then width down to a floor (their title, or [`FLOOR`]); then whole columns drop (width
/// 0) until the main column has [`MAIN_KEEP`], no column is below its floor and the columns
/// fit (the same happens when fixed columns alone are too wide). What the main
/// column then has beyond its need goes back, evenly, to columns still cut; a column whose cut
/// cells would read alike takes the width of the columns after it. Only the visible
/// rows are measured, so the cost follows the window, not the list.
fn column_widths(
    table: &TableList,
    visible: &[(usize, Cow<'_, TableRow>)],
    width: usize,
) -> Vec<usize> {
    let gaps = table.columns.len().saturating_sub(1);
    let fixed: usize = table.columns.iter().map(|c| c.width as usize).sum();
    let flexible = table.columns.iter().filter(|c| c.width == 0).count().max(1);
    let share = width.saturating_sub(fixed + gaps) / flexible;
    let mut w: Vec<usize> = table
        .columns
        .iter()
        .map(|c| match c.width {
            0 => share.max(4),
            w => w as usize,
        })
        .collect();
    // The title has room for the sort arrow.
    let title = |i: usize| text::width(table.columns[i].title) + 2;
    let needs: Vec<usize> = (0..w.len())
        .map(|i| {
            let cells = visible
                .iter()
                .filter_map(|(_, row)| row.cells.get(i))
                .map(|cell| text::width(&text::sanitize(cell)));
            cells.chain([title(i)]).max().unwrap_or(0)
        })
        .collect();
    let Some(last) = w.len().checked_sub(1) else {
        return w;
    };
    if w[0] < needs[0] || shown_width(&w) > width {
        make_room_for_the_main(&mut w, &needs, &title, width);
    }
    // Cells that a cut would make look the same ("Key Account…" for two roles) get the width
    // of the columns after theirs, the rightmost first, until they differ.
    for i in 0..=last {
        let cells: Vec<String> = visible
            .iter()
            .filter_map(|(_, row)| Some(text::sanitize(row.cells.get(i)?)))
            .collect();
        while w[i] > 0 && w[i] < needs[i] && look_alike(&cells, w[i]) {
            let Some(drop) = (i + 1..=last).rev().find(|&j| w[j] > 0) else {
                break;
            };
            w[i] += std::mem::take(&mut w[drop]) + 1;
        }
    }
    w
}

/// The main column is cut or the columns do not fit: the others give way (see
/// [`column_widths`]).
fn make_room_for_the_main(
    w: &mut [usize],
    needs: &[usize],
    title: &dyn Fn(usize) -> usize,
    width: usize,
) {
    let total = shown_width;
    let floor: Vec<usize> = (0..w.len())
        .map(|i| needs[i].min(title(i).max(FLOOR)))
        .collect();
    let last = w.len() - 1;
    for step_floor in [needs, floor.as_slice()] {
        for i in (1..=last).rev() {
            let give = w[i]
                .saturating_sub(step_floor[i])
                .min(needs[0].saturating_sub(w[0]));
            w[i] -= give;
            w[0] += give;
        }
    }
    let keep = needs[0].min(MAIN_KEEP);
    let starved = |w: &[usize]| (1..w.len()).any(|i| w[i] > 0 && w[i] < floor[i]);
    let mut pool = 0;
    for drop in (1..=last).rev() {
        // The pool is width given up already: it no longer counts against the pane.
        if w[0] + pool >= keep && !starved(w) && total(w) <= width {
            break;
        }
        pool += std::mem::take(&mut w[drop]) + 1;
        let to_main = keep.saturating_sub(w[0]).min(pool);
        w[0] += to_main;
        pool -= to_main;
        for i in 1..drop {
            let to = floor[i].saturating_sub(w[i]).min(pool);
            w[i] += to;
            pool -= to;
        }
    }
    w[0] += pool;
    // Widths asked beyond the pane (fixed columns wider than it) are not there to give.
    w[0] -= total(w).saturating_sub(width).min(w[0].saturating_sub(1));
    let mut spare = w[0].saturating_sub(needs[0]);
    w[0] -= spare;
    while spare > 0 {
        let cut: Vec<usize> = (1..=last)
            .filter(|&i| w[i] > 0 && w[i] < needs[i])
            .collect();
        if cut.is_empty() {
            break;
        }
        for i in cut.into_iter().take(spare) {
            w[i] += 1;
            spare -= 1;
        }
    }
    w[0] += spare;
}

/// The width of the columns shown and the gaps between them.
fn shown_width(w: &[usize]) -> usize {
    let shown = w.iter().filter(|&&x| x > 0);
    shown.clone().sum::<usize>() + shown.count().saturating_sub(1)
}

/// Whether two different cells read the same once cut to `width`.
fn look_alike(cells: &[String], width: usize) -> bool {
    let mut seen = std::collections::HashMap::new();
    cells.iter().any(|cell| {
        seen.insert(text::fit(cell, width), cell)
            .is_some_and(|before| before != cell)
    })
}

/// Columns drop until the main column has this much (or all it needs).
const MAIN_KEEP: usize = 20;
/// A column narrower than this (or than its title) drops rather than show a stub.
const FLOOR: usize = 12;

fn header(table: &TableList, widths: &[usize]) -> Line<'static> {
    let mut spans = vec![Span::raw(" ".repeat(GUTTER))];
    for (i, (column, &w)) in table.columns.iter().zip(widths).enumerate() {
        if w == 0 {
            continue;
        }
        let arrow = match table.sort {
            Some(s) if s.column == i && s.ascending => " ▲",
            Some(s) if s.column == i => " ▼",
            _ => "",
        };
        let title = text::fit(&format!("{}{arrow}", column.title), w);
        spans.push(Span::styled(
            format!("{title:<w$} "),
            theme::title().patch(theme::dim()),
        ));
    }
    Line::from(spans)
}

/// A row's look: its own tone, or marked by the user for a bulk action (which wins).
#[derive(Clone, Copy)]
pub(super) enum Tone {
    Row(RowTone),
    Picked,
}

pub(super) fn row_line(
    cells: &[String],
    tone: Tone,
    widths: &[usize],
    width: usize,
    selected: bool,
) -> Line<'static> {
    let pointer = if selected { "›" } else { " " };
    let (mark, style) = match tone {
        Tone::Picked => ("●", theme::accent()),
        Tone::Row(RowTone::Marked) => ("✓", theme::base()),
        Tone::Row(RowTone::Dim) => (" ", theme::dim()),
        Tone::Row(RowTone::Normal) => (" ", theme::base()),
    };
    let mut spans = vec![
        Span::styled(pointer.to_string(), theme::accent()),
        Span::styled(
            mark.to_string(),
            if matches!(tone, Tone::Picked) {
                theme::accent()
            } else {
                theme::ok()
            },
        ),
    ];
    for (cell, &w) in cells.iter().zip(widths).filter(|(_, w)| **w > 0) {
        let shown = text::fit(cell, w);
        let pad = w.saturating_sub(text::width(&shown));
        spans.push(Span::styled(format!("{shown}{} ", " ".repeat(pad)), style));
    }
    let mut line = Line::from(spans);
    if selected {
        let pad = width.saturating_sub(line.width());
        line.spans.push(Span::raw(" ".repeat(pad)));
        line = line.patch_style(theme::selected());
    }
    line
}
