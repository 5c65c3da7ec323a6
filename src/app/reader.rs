//! The reader: an overlay that shows one text whole, wrapped and scrollable, for anything the
//! screens had to cut (a bulk item's reason or server message with `Enter`, the last status
//! message with `!`, a detail-pane value with `f` then `Enter`). The text is kept raw; drawing
//! sanitizes it like every server string.

use super::App;
use super::commands::CommandId;

#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub title: String,
    /// Paragraphs separated by `\n`, each wrapped to the overlay's width when drawn.
    pub text: String,
    /// The first line shown.
    pub scroll: usize,
}

impl Reader {
    pub fn new(title: impl Into<String>, text: impl Into<String>) -> Reader {
        Reader {
            title: title.into(),
            text: text.into(),
            scroll: 0,
        }
    }

    /// Scrolls by `delta` lines, never above the first. The bottom is bounded when drawing
    /// (only then is the wrapped length known).
    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self.scroll.saturating_add_signed(delta);
    }
}

impl App {
    pub(crate) fn open_reader(&mut self, reader: Reader) {
        self.reader = Some(reader);
    }

    /// `f` and the keys of the detail pane: pick a value, `Enter` reads it whole. The values
    /// are listed by the same code that draws the pane (`ui::detail_values`), so what is
    /// picked is what is shown.
    pub(crate) fn detail_command(&mut self, id: CommandId) {
        let values = crate::ui::detail_values(self);
        let last = values.len().checked_sub(1);
        match (id, last) {
            (CommandId::DetailFocus, None) => self.flash_info(
                "no details here to read (the tree, users and administrators have them)",
            ),
            (CommandId::DetailFocus, Some(_)) => self.detail_cursor = Some(0),
            (CommandId::DetailBack, _) | (_, None) => self.detail_cursor = None,
            (CommandId::DetailUp, Some(_)) => {
                self.detail_cursor = self.detail_cursor.map(|at| at.saturating_sub(1));
            }
            (CommandId::DetailDown, Some(last)) => {
                self.detail_cursor = self.detail_cursor.map(|at| (at + 1).min(last));
            }
            (_, Some(last)) => {
                let at = self.detail_cursor.unwrap_or(0).min(last);
                let (label, value) = values[at].clone();
                let text = if value.is_empty() {
                    "(empty)".into()
                } else {
                    value
                };
                self.open_reader(Reader::new(label, text));
            }
        }
    }

    /// `!`: the last status message, whole.
    pub(crate) fn show_last_message(&mut self) {
        match self.last_message.clone() {
            Some(text) => self.open_reader(Reader::new("Last message", text)),
            None => self.flash_info("no message yet"),
        }
    }
}
