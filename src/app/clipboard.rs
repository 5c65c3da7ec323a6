//! `y` and `Y`: the selected row's id, or its whole record as JSON, for the terminal's
//! clipboard. The app only keeps the text; the event loop hands it to the terminal
//! (`terminal::copy_to_clipboard`, OSC 52, which reaches the clipboard over SSH and tmux).

use super::App;
use super::commands::CommandId;

/// Longer texts are refused: terminals drop OSC 52 payloads past some size (xterm's default
/// is about 100 kB) without a word, and the user would paste something old.
const LONGEST: usize = 64 * 1024;

impl App {
    pub(crate) fn copy(&mut self, id: CommandId) {
        let Some(screen) = self.top() else {
            return;
        };
        let Some((row_id, record)) = screen.state().selected_record(&self.store) else {
            self.flash_error("nothing to copy here: select a row");
            return;
        };
        let (text, what) = match id {
            CommandId::CopyRecord => (
                serde_json::to_string_pretty(&record).unwrap_or_default(),
                "the record as JSON".to_string(),
            ),
            _ => (row_id.clone(), format!("the id {row_id}")),
        };
        if text.len() > LONGEST {
            self.flash_error(format!(
                "too long for the clipboard ({} kB); `tenantdeck get` prints it",
                text.len() / 1024
            ));
            return;
        }
        self.clipboard = Some(text);
        self.flash_info(format!("copied {what} to the clipboard"));
    }

    /// What `y` or `Y` copied, for the terminal (taken once).
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }
}
