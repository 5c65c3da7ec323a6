//! How a tui-input field shows in a fixed width: the horizontally scrolled, sanitized slice
//! and the cursor column (shared by the filters, forms, confirmations and the palette).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;
use unicode_width::UnicodeWidthChar;

use super::{text, theme};

pub struct View {
    pub text: String,
    /// Cursor column relative to the start of the field.
    pub cursor: u16,
}

/// The field's text as it fits in `width` columns: sanitized like every server string (a value
/// prefilled from the server may hold escape sequences; what is left of one never shows as
/// text), scrolled so the cursor is always inside, with `…` on each side that is cut.
pub fn view(input: &Input, width: usize, masked: bool) -> View {
    let raw = input.value();
    let cursor_byte = raw
        .char_indices()
        .nth(input.cursor())
        .map_or(raw.len(), |(i, _)| i);
    let shown = |part: &str| {
        let clean = text::sanitize(part);
        if masked {
            clean.chars().map(|_| '•').collect()
        } else {
            clean
        }
    };
    // The sanitizer reads left to right, so the clean text before the cursor is a prefix of
    // the clean whole.
    let cursor_col = text::width(&shown(&raw[..cursor_byte]));
    let clean = shown(raw);
    let width = width.max(1);
    // Columns cut on the left: enough to keep the cursor's column in the field, plus one for
    // the `…` that says so.
    let mut cut = (cursor_col + 1).saturating_sub(width);
    if cut > 0 {
        cut += 1;
    }
    let mut skipped = 0;
    let rest: String = clean
        .chars()
        .skip_while(|c| {
            let skip = skipped < cut;
            if skip {
                skipped += c.width().unwrap_or(0);
            }
            skip
        })
        .collect();
    let lead = if cut > 0 { "…" } else { "" };
    let lead_width = text::width(lead);
    View {
        text: format!(
            "{lead}{}",
            text::truncate(&rest, width.saturating_sub(lead_width))
        ),
        cursor: (lead_width + cursor_col.saturating_sub(skipped)).min(width) as u16,
    }
}

/// The filter line on the first line of `area` while it is typed into or holds text; returns
/// the rest of `area`.
pub fn filter_above(frame: &mut Frame, area: Rect, input: &Input, active: bool) -> Rect {
    if !active && input.value().is_empty() {
        return area;
    }
    draw_filter(frame, Rect { height: 1, ..area }, input, active);
    Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    }
}

/// The `/ text` filter line of a list; the cursor shows while it is being typed into.
pub fn draw_filter(frame: &mut Frame, area: Rect, input: &Input, active: bool) {
    let prompt = "/ ";
    let width = (area.width as usize).saturating_sub(prompt.len() + 1);
    let typed = view(input, width, false);
    let line = Line::from(vec![
        Span::styled(prompt, theme::key()),
        Span::styled(
            typed.text,
            if active {
                theme::base()
            } else {
                theme::accent()
            },
        ),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if active {
        frame.set_cursor_position((area.x + prompt.len() as u16 + typed.cursor, area.y));
    }
}

/// The first line of a picker's box: ` search ` and what is typed, with the cursor in it.
pub(super) fn search_line(frame: &mut Frame, inner: Rect, query: &Input) -> Line<'static> {
    let width = inner.width as usize;
    let typed = view(query, width.saturating_sub(10), false);
    frame.set_cursor_position((inner.x + 8 + typed.cursor, inner.y));
    text::line(
        &[(" search ", theme::dim()), (&typed.text, theme::accent())],
        width,
    )
}

/// A file's path typed in a one-line box with its cursor, below `hint` (what the file is to
/// hold): the CSV import of users and of invitations.
pub(super) fn path_prompt(frame: &mut Frame, area: Rect, path: &Input, title: &str, hint: &str) {
    let inner = super::popup(frame, area, 70, 4, title);
    let width = inner.width.saturating_sub(3) as usize;
    let typed = view(path, width, false);
    let lines = vec![
        Line::styled(hint.to_string(), theme::dim()),
        Line::from(vec![
            Span::styled(" > ", theme::key()),
            Span::styled(typed.text, theme::accent()),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
    frame.set_cursor_position((inner.x + 3 + typed.cursor, inner.y + 1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_shows_where_it_is_cut_and_keeps_the_cursor_inside() {
        let mut input = Input::new("nova.tester@northwind.example".into());
        let end = view(&input, 12, false);
        assert!(end.text.starts_with('…'), "{}", end.text);
        assert!(end.text.ends_with("example"), "{}", end.text);
        assert_eq!(end.cursor, 11);
        input = input.with_cursor(0);
        let start = view(&input, 12, false);
        assert_eq!(start.text, "nova.tester…");
        assert_eq!(start.cursor, 0);
    }

    #[test]
    fn a_prefilled_escape_sequence_never_shows_as_text() {
        let raw = "Acme \u{1b}]52;c;ZWNobyBwd25lZA==\u{7} tail";
        let input = Input::new(raw.into());
        for width in 4..30 {
            let v = view(&input, width, false);
            assert!(
                !v.text.contains("52;c") && !v.text.contains("ZWNo"),
                "{}",
                v.text
            );
            assert!(text::width(&v.text) <= width, "{width}: {}", v.text);
            assert!(v.cursor as usize <= width);
        }
        assert_eq!(view(&input, 30, false).text, "Acme  tail");
    }

    #[test]
    fn scrolls_to_keep_the_cursor_visible_and_masks_secrets() {
        let input = Input::new("abcdefghij".into());
        let v = view(&input, 5, false);
        assert!(v.text.ends_with('j') || v.text.ends_with('…'), "{}", v.text);
        assert!(v.cursor <= 5);
        let secret = view(&Input::new("pw".into()), 10, true);
        assert_eq!((secret.text.as_str(), secret.cursor), ("••", 2));
    }
}
