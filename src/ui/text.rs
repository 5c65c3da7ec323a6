//! The one door through which server strings reach the screen. A customer name is data, not a
//! terminal command: escape sequences, control characters and bidi overrides are removed, line
//! breaks become spaces, and the result is cut to a display width (never a byte index), with an
//! ellipsis when something was cut.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// C1 introducers of the 8-bit forms of CSI and of the string commands (DCS, SOS, OSC, PM, APC).
const C1_CSI: char = '\u{9b}';
const C1_STRINGS: [char; 5] = ['\u{90}', '\u{98}', '\u{9d}', '\u{9e}', '\u{9f}'];
const C1_ST: char = '\u{9c}';

/// Characters that reorder text without being visible: embeddings, overrides, isolates, marks.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Characters with no width of their own that terminals disagree about (some draw a cell,
/// some none), so a row holding one ends up shifted and overwrites the border: zero-width
/// spaces and joiners, the word joiner and invisible operators, the byte-order mark, the soft
/// hyphen, the Mongolian vowel separator, interlinear annotation marks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200d}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Text,
    /// Just after ESC.
    Escape,
    /// Inside CSI: parameters until a final byte 0x40–0x7E.
    Csi,
    /// Inside OSC/DCS/SOS/PM/APC: until BEL or ST (ESC \ or 0x9C).
    String,
    /// ESC seen inside a string: `\` ends it.
    StringEscape,
}

/// Removes everything that could steer the terminal; tabs and line breaks become spaces.
pub fn sanitize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    push_sanitized(&mut out, raw);
    out
}

/// [`sanitize`] of `raw` appended to `out`. Printable ASCII, what most names are, has nothing
/// to remove and is copied whole (the search and the filters make their keys of 100,000 names
/// with it).
pub fn push_sanitized(out: &mut String, raw: &str) {
    if raw.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        out.push_str(raw);
    } else {
        sanitize_each(raw, |_, c| out.push(c));
    }
}

/// [`sanitize`] character by character: `keep` gets each character that stays, with its
/// position among the characters of `raw` (to style some of them: the search's matches).
pub fn sanitize_each(raw: &str, mut keep: impl FnMut(usize, char)) {
    let mut state = State::Text;
    for (at, c) in raw.chars().enumerate() {
        state = match state {
            State::Text => match c {
                ESC => State::Escape,
                C1_CSI => State::Csi,
                c if C1_STRINGS.contains(&c) => State::String,
                // Line and paragraph separators break lines like a newline does.
                '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => {
                    keep(at, ' ');
                    State::Text
                }
                c if c.is_control() || is_bidi_control(c) || is_invisible(c) => State::Text,
                c => {
                    keep(at, c);
                    State::Text
                }
            },
            State::Escape => match c {
                '[' => State::Csi,
                ']' | 'P' | 'X' | '^' | '_' => State::String,
                // Intermediate bytes (ESC ( B and friends) take one more character.
                '\u{20}'..='\u{2f}' => State::Escape,
                _ => State::Text,
            },
            State::Csi => match c {
                '\u{40}'..='\u{7e}' => State::Text,
                c if c.is_control() && c != ESC => State::Csi,
                ESC => State::Escape,
                _ => State::Csi,
            },
            State::String => match c {
                BEL | C1_ST => State::Text,
                ESC => State::StringEscape,
                _ => State::String,
            },
            State::StringEscape => match c {
                '\\' => State::Text,
                ESC => State::StringEscape,
                _ => State::String,
            },
        };
    }
}

/// Shows what [`sanitize`] would remove instead of removing it: every control character,
/// bidi control and invisible character becomes its `\uXXXX` escape (as JSON writes them), so
/// a record read raw shows that a name holds an escape sequence without the terminal obeying it.
pub fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_control()
            || is_bidi_control(c)
            || is_invisible(c)
            || matches!(c, '\u{2028}' | '\u{2029}')
        {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Cuts clean text to `width` columns, ending in `…` when something was cut. Wide characters
/// count two; one that would straddle the edge is left out rather than split.
pub fn truncate(clean: &str, width: usize) -> String {
    if clean.width() <= width {
        return clean.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let budget = width - 1;
    let mut used = 0;
    let mut out = String::new();
    for c in clean.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Sanitizes and fits a server string to `width` columns.
pub fn fit(raw: &str, width: usize) -> String {
    truncate(&sanitize(raw), width)
}

/// A span of server text, sanitized and fitted.
pub fn span(raw: &str, width: usize, style: Style) -> Span<'static> {
    Span::styled(fit(raw, width), style)
}

/// A line of parts (server text or not, all sanitized alike) cut to `width` columns in total:
/// earlier parts win, later ones are shortened or dropped.
pub fn line(parts: &[(&str, Style)], width: usize) -> Line<'static> {
    let mut left = width;
    let mut spans = Vec::with_capacity(parts.len());
    for (raw, style) in parts {
        if left == 0 {
            break;
        }
        let text = fit(raw, left);
        left -= text.width();
        spans.push(Span::styled(text, *style));
    }
    Line::from(spans)
}

/// Sanitizes and wraps a server string into lines of at most `width` columns, breaking at
/// spaces where it can and inside a word where it must.
pub fn wrap(raw: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    for word in sanitize(raw).split(' ') {
        let word_width = word.width();
        if used > 0 && used + 1 + word_width > width {
            lines.push(std::mem::take(&mut current));
            used = 0;
        }
        if used > 0 {
            current.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                lines.push(std::mem::take(&mut current));
                used = 0;
            }
            current.push(c);
            used += w;
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// A number with its thousands grouped, as counts of rows and organizations read best at
/// scale: `3,200`, `100,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A count with its noun, singular or plural as the count asks: `1 user`, `2 users`,
/// `3 entries`. Every count the console shows in words goes through here.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    let consonant_y = noun
        .strip_suffix('y')
        .is_some_and(|stem| stem.chars().last().is_some_and(|c| !"aeiou".contains(c)));
    let plural = if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "ch", "sh"].iter().any(|end| noun.ends_with(end)) {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    };
    format!("{n} {plural}")
}

/// Display width of already-clean text.
pub fn width(clean: &str) -> usize {
    clean.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_one_thing_or_many_things() {
        assert_eq!(count(1, "user"), "1 user");
        assert_eq!(count(0, "user"), "0 users");
        assert_eq!(count(2, "item"), "2 items");
        assert_eq!(count(3, "entry"), "3 entries");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(5, "match"), "5 matches");
        assert_eq!(count(1, "organization"), "1 organization");
    }

    #[test]
    fn escape_shows_what_sanitize_removes() {
        let raw = "Acme \u{1b}]52;c;ZQ==\u{7} \u{202e}evil\u{9b}";
        let shown = escape(raw);
        assert_eq!(shown, "Acme \\u001b]52;c;ZQ==\\u0007 \\u202eevil\\u009b");
        assert_eq!(
            sanitize(&shown),
            shown,
            "nothing left for the terminal to obey"
        );
    }

    #[test]
    fn strips_csi_osc_and_other_escapes() {
        assert_eq!(sanitize("\u{1b}[31mred\u{1b}[0m"), "red");
        assert_eq!(sanitize("a\u{1b}]0;pwned\u{7}b"), "ab");
        assert_eq!(
            sanitize("a\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\b"),
            "alinkb"
        );
        assert_eq!(sanitize("\u{1b}P1$r\u{1b}\\x"), "x");
        assert_eq!(sanitize("\u{1b}(Bx\u{1b}7y\u{1b}c"), "xy");
        assert_eq!(sanitize("\u{9b}2Jclear"), "clear");
        assert_eq!(sanitize("\u{9d}0;title\u{9c}ok"), "ok");
        assert_eq!(sanitize("unterminated \u{1b}]0;forever"), "unterminated ");
        assert_eq!(sanitize("\u{1b}[?1049h\u{1b}[2Jx"), "x");
        assert_eq!(
            sanitize("a\u{200b}b\u{200d}c\u{feff}d\u{2060}e\u{ad}f"),
            "abcdef",
            "zero-width characters are dropped"
        );
        assert_eq!(
            sanitize("line\u{2028}next\u{2029}para"),
            "line next para",
            "separators break like newlines"
        );
    }

    #[test]
    fn strips_controls_and_bidi_and_flattens_whitespace() {
        assert_eq!(sanitize("a\u{0}b\u{7}c\u{8}d\u{7f}e\u{85}f"), "abcdef");
        assert_eq!(sanitize("line1\nline2\r\tx"), "line1 line2  x");
        assert_eq!(
            sanitize("evil\u{202e}txt.exe\u{2066}\u{2069}\u{200e}\u{200f}"),
            "eviltxt.exe"
        );
        assert_eq!(sanitize("Åsa Öberg 株式会社"), "Åsa Öberg 株式会社");
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("hello", 5), "hello");
        assert_eq!(truncate("hello!", 5), "hell…");
        assert_eq!(truncate("株式会社テスト", 6), "株式…");
        assert_eq!(
            width(&truncate("株式会社テスト", 6)),
            5,
            "a wide char never straddles the edge"
        );
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), "…");
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
    }

    #[test]
    fn wraps_at_spaces_and_splits_long_words() {
        assert_eq!(
            wrap("cannot reach the server", 10),
            ["cannot", "reach the", "server"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("株式会社", 3), ["株", "式", "会", "社"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("\u{1b}[31mred\u{1b}[0m alert", 20), ["red alert"]);
    }

    #[test]
    fn fit_never_exceeds_the_width_even_for_hostile_input() {
        let hostile = "\u{1b}[31m株\u{1b}]0;x\u{7}式\u{202e}会\n社\u{9b}31mテスト".repeat(20);
        for w in 0..40 {
            assert!(width(&fit(&hostile, w)) <= w);
            assert!(!fit(&hostile, w).contains('\u{1b}'));
        }
    }
}
