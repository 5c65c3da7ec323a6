//! Draws the raw view (`v`): the record's JSON lines on screen (and only those), cut to the
//! box after the sideways scroll, with the search's matches highlighted and its input line
//! at the bottom while it is typed. The lines were escaped when the view opened
//! (`text::escape`), so they hold nothing the terminal could obey.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{input, popup, text, theme};
use crate::app::raw_view::RawView;

pub fn draw(frame: &mut Frame, area: Rect, view: &RawView) {
    let width = area.width.saturating_sub(4).max(20);
    // As tall as the JSON (and the search line), up to the screen.
    let wanted = view.lines.len() + 2 + usize::from(view.input.is_some());
    let height =
        (wanted.min(u16::MAX.into()) as u16).clamp(5, area.height.saturating_sub(2).max(5));
    let title = title(view);
    let mut inner = popup(
        frame,
        area,
        width,
        height,
        &text::fit(&title, width as usize - 4),
    );
    if let Some(typed) = &view.input {
        inner.height = inner.height.saturating_sub(1);
        let line = Rect {
            y: inner.y + inner.height,
            height: 1,
            ..inner
        };
        input::draw_filter(frame, line, typed, true);
    }
    let top = view.top(inner.height as usize);
    let current = view.current.map(|at| view.matches[at]);
    let room = inner.width as usize;
    let lines: Vec<Line> = (top..view.lines.len())
        .take(inner.height as usize)
        .map(|at| {
            let shown: String = view.lines[at].chars().skip(view.sideways).collect();
            let base = if Some(at) == current {
                theme::selected()
            } else {
                theme::base()
            };
            highlighted(&text::truncate(&shown, room), &view.query, base)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "Raw JSON · 42 · 340 lines · 3 matches · as sent · / search, n next, Esc closes".
fn title(view: &RawView) -> String {
    let mut title = format!("{} · {} lines", view.title, view.lines.len());
    if !view.query.is_empty() {
        let found = text::count(view.matches.len(), "match");
        match view.current {
            Some(at) => title.push_str(&format!(" · match {} of {found}", at + 1)),
            None => title.push_str(&format!(" · {found}")),
        }
    }
    title.push_str(&format!(
        " · {} · / search, n next, Esc closes",
        view.source.words()
    ));
    title
}

/// `line` with every case-insensitive occurrence of `query` (already lower case) marked.
fn highlighted(line: &str, query: &str, base: Style) -> Line<'static> {
    let lower = line.to_lowercase();
    // Lower-casing can change a character's length; then byte positions do not carry over
    // and the line is marked whole instead.
    if query.is_empty() || !lower.contains(query) {
        return Line::styled(line.to_string(), base);
    }
    let whole = || Line::styled(line.to_string(), theme::accent());
    if lower.len() != line.len() {
        return whole();
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for (start, found) in lower.match_indices(query) {
        let end = start + found.len();
        let (Some(before), Some(hit)) = (line.get(at..start), line.get(start..end)) else {
            return whole();
        };
        spans.push(Span::styled(before.to_string(), base));
        spans.push(Span::styled(hit.to_string(), theme::badge()));
        at = end;
    }
    spans.push(Span::styled(line.get(at..).unwrap_or("").to_string(), base));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    #[test]
    fn a_ten_thousand_line_record_draws_the_window_it_is_scrolled_to() {
        let items: Vec<String> = (0..10_000).map(|i| format!("item {i}")).collect();
        let mut view = RawView::new("big", &serde_json::json!({ "items": items }));
        view.scroll = usize::MAX;
        let mut terminal = Terminal::new(TestBackend::new(60, 20)).unwrap();
        terminal
            .draw(|frame| draw(frame, frame.area(), &view))
            .unwrap();
        let screen = terminal.backend().to_string();
        assert!(screen.contains("\"item 9999\""), "{screen}");
        assert!(screen.contains("10004 lines"), "{screen}");
        assert!(!screen.contains("\"item 0\""), "{screen}");
    }
}
