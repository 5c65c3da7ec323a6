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

pub fn view(input: &Input, width: usize, masked: bool) -> View {
    let scroll = input.visual_scroll(width);
    let mut skipped = 0;
    let visible: String = input
        .value()
        .chars()
        .skip_while(|c| {
            let skip = skipped < scroll;
            skipped += c.width().unwrap_or(0);
            skip
        })
        .map(|c| if masked { '•' } else { c })
        .collect();
    View {
        text: text::fit(&visible, width),
        cursor: input.visual_cursor().saturating_sub(scroll).min(width) as u16,
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

#[cfg(test)]
mod tests {
    use super::*;

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
