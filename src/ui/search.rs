//! The search box (`Ctrl-K`): the query, what was searched and what was not, then the hits
//! group by group with their organization and the matched characters underlined. Only the
//! lines that fit are built; every label and secondary text passes through `text`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{input, popup, text, theme};
use crate::app::App;
use crate::app::search::{Gap, Hit, SearchBox, SearchSource};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, open: &SearchBox) {
    let source = &app.search.source;
    // As tall as what it holds (a title per group, a line per hit), at most the screen.
    let results = &open.results;
    let held = results.groups.len() + results.hits().count();
    let height = (held + 5).max(8).min(area.height as usize) as u16;
    let inner = popup(frame, Rect { height, ..area }, 96, height, "Find");
    let width = inner.width as usize;
    let typed = input::view(&open.input, width.saturating_sub(3), false);
    frame.set_cursor_position((inner.x + 3 + typed.cursor, inner.y));
    let mut head = vec![
        Line::from(vec![
            Span::styled(" ⌕ ", theme::key()),
            Span::raw(typed.text),
        ]),
        text::line(&[(&summary(open), theme::dim())], width),
    ];
    // While the indexer runs, what is not searched is what it has not reached yet.
    let missing = match source.not_yet_indexed() {
        Some((0, _)) => None,
        Some((n, of)) => {
            let noun = app.index_owners_noun();
            let (n, of) = (text::thousands(n), text::thousands(of));
            Some(format!(
                " not searched yet: {n} of {of} {noun} (the index has not read them)"
            ))
        }
        None => gaps_text(source.gaps()),
    };
    if let Some(missing) = missing {
        head.push(text::line(&[(&missing, theme::warning())], width));
    }
    // The hits' lines, and which of them is the selected hit.
    let rows = (inner.height as usize).saturating_sub(head.len());
    let mut lines: Vec<(Option<usize>, &str, &Hit)> = Vec::new();
    let mut hit_no = 0;
    for group in &open.results.groups {
        lines.push((None, group.kind.plural(), &group.hits[0]));
        for hit in &group.hits {
            lines.push((Some(hit_no), "", hit));
            hit_no += 1;
        }
    }
    let at = lines.iter().position(|l| l.0 == Some(open.selected));
    let first = at.map_or(0, |at| (at + 1).saturating_sub(rows));
    let totals = open
        .results
        .groups
        .iter()
        .map(|g| (g.kind.plural(), g.total, g.hits.len()));
    let totals: Vec<_> = totals.collect();
    for (no, title, hit) in lines.into_iter().skip(first).take(rows) {
        let line = match no {
            None => {
                let (_, total, shown) = totals
                    .iter()
                    .find(|t| t.0 == title)
                    .copied()
                    .unwrap_or_default();
                let count = if total > shown {
                    format!("  best {shown} of {total}")
                } else {
                    format!("  {total}")
                };
                text::line(
                    &[
                        (&format!(" {title}"), theme::title()),
                        (&count, theme::dim()),
                    ],
                    width,
                )
            }
            Some(no) => {
                let line = hit_line(source, hit, width);
                if no == open.selected {
                    line.patch_style(theme::selected())
                } else {
                    line
                }
            }
        };
        head.push(line);
    }
    frame.render_widget(Paragraph::new(head), inner);
}

fn summary(open: &SearchBox) -> String {
    let searched = text::count(open.results.searched, "entry");
    if open.input.value().trim().is_empty() {
        return format!(" type part of a name, e-mail, customer number or id · {searched}");
    }
    let matched = text::count(open.results.matched(), "match");
    if let Some((done, of)) = open.results.pending {
        let percent = done * 100 / of.max(1);
        return format!(" searching… {percent}% · {matched} so far in {searched}");
    }
    format!(" {matched} in {searched} · Enter opens, Ctrl-O comes back")
}

/// "not searched: users of 3 organizations, …" (None when everything was).
fn gaps_text(gaps: &[Gap]) -> Option<String> {
    let parts: Vec<String> = gaps
        .iter()
        .map(|g| match g.of {
            1 => format!("the {}", g.what),
            n => format!("{} of {n} {}", g.what, g.of_what),
        })
        .collect();
    (!parts.is_empty()).then(|| format!(" not searched (never opened): {}", parts.join(", ")))
}

/// One hit: its label, its organization, then its secondary text, matched characters marked.
fn hit_line(source: &dyn SearchSource, hit: &Hit, width: usize) -> Line<'static> {
    let Some(entry) = source.entry(hit.id) else {
        return Line::default();
    };
    let marked = theme::key().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut parts: Vec<(String, Style)> = vec![("   ".into(), theme::base())];
    marked_runs(
        entry.label(),
        0,
        &hit.indices,
        theme::base(),
        marked,
        &mut parts,
    );
    let org = source
        .organization(hit.id)
        .filter(|o| o.as_ref() != entry.label());
    if let Some(org) = org {
        parts.push((format!("  · {org}"), theme::accent()));
    }
    parts.push(("   ".into(), theme::dim()));
    let start = entry.secondary_start();
    let mut whole = String::new();
    marked_runs(
        entry.secondary(entry.whole(&mut whole)),
        start,
        &hit.indices,
        theme::dim(),
        marked,
        &mut parts,
    );
    let borrowed: Vec<(&str, Style)> = parts.iter().map(|(t, s)| (t.as_str(), *s)).collect();
    text::line(&borrowed, width)
}

/// `raw`, sanitized, cut into runs of marked and unmarked characters (`indices` count
/// characters of the entry's text, `offset` where `raw` starts in it). Sanitizing first keeps
/// an escape sequence whole however the matches fall in it.
fn marked_runs(
    raw: &str,
    offset: usize,
    indices: &[u32],
    plain: Style,
    marked: Style,
    out: &mut Vec<(String, Style)>,
) {
    let mut run = String::new();
    let mut run_marked = false;
    text::sanitize_each(raw, |i, c| {
        let is_marked = indices.binary_search(&((offset + i) as u32)).is_ok();
        if is_marked != run_marked && !run.is_empty() {
            let style = if run_marked { marked } else { plain };
            out.push((std::mem::take(&mut run), style));
        }
        run_marked = is_marked;
        run.push(c);
    });
    if !run.is_empty() {
        out.push((run, if run_marked { marked } else { plain }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_follow_the_marked_characters() {
        let mut out = Vec::new();
        let (plain, marked) = (
            Style::default(),
            Style::default().add_modifier(Modifier::BOLD),
        );
        marked_runs("olof@acme", 2, &[2, 3, 8], plain, marked, &mut out);
        let runs: Vec<(&str, bool)> = out
            .iter()
            .map(|(t, s)| (t.as_str(), *s == marked))
            .collect();
        assert_eq!(
            runs,
            [("ol", true), ("of@a", false), ("c", true), ("me", false)]
        );
    }

    #[test]
    fn gaps_say_what_was_not_searched() {
        let gaps = [
            Gap {
                what: "users",
                of: 3,
                of_what: "organizations",
            },
            Gap {
                what: "administrators",
                of: 1,
                of_what: "reseller",
            },
        ];
        assert_eq!(
            gaps_text(&gaps).unwrap(),
            " not searched (never opened): users of 3 organizations, the administrators"
        );
        assert_eq!(gaps_text(&[]), None);
    }
}
