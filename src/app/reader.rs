//! The reader: an overlay that shows one text whole, wrapped and scrollable, for anything the
//! screens had to cut (a bulk item's reason or server message with `Enter`, the last status
//! message with `!`). The text is kept raw; drawing sanitizes it like every server string.

use super::App;

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

    /// `!`: the last status message, whole.
    pub(crate) fn show_last_message(&mut self) {
        match self.last_message.clone() {
            Some(text) => self.open_reader(Reader::new("Last message", text)),
            None => self.flash_info("no message yet"),
        }
    }
}
