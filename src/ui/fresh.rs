//! How fresh what is shown is: "loaded 2 min ago" in list titles and the detail pane ("cached
//! 2 h ago" for the disk cache's copy from an earlier run), and a small spinner while a newer
//! copy is on its way (a reload or a background revalidation).
//! Minutes are the finest step, so the text only changes when the event loop's minute redraw
//! shows it.

use std::time::Duration;

use super::theme;
use crate::api::Resource;
use crate::app::App;

/// "loaded 3 min ago ⠙", "loaded just now", "cached 2 h ago ⠙", or just the spinner while a
/// stale copy is shown.
pub(super) fn note(app: &App, resource: &Resource) -> String {
    let store = &app.store;
    let age = match store.cached_at(resource) {
        // A clock set back since reads as "just now" rather than failing.
        Some(at) => Some(format!("cached {}", ago(at.elapsed().unwrap_or_default()))),
        None => (store.loaded_at(resource)).map(|at| format!("loaded {}", ago(at.elapsed()))),
    };
    let spin = store
        .is_revalidating(resource)
        .then(|| theme::spinner(app.spinner));
    match (age, spin) {
        (Some(age), Some(spin)) => format!("{age} {spin}"),
        (Some(age), None) => age,
        (None, Some(spin)) => spin.to_string(),
        (None, None) => String::new(),
    }
}

/// `words` then the freshness of `resource`, joined by a dot when both are there.
pub(super) fn suffix(app: &App, words: String, resource: &Resource) -> String {
    let note = note(app, resource);
    match (words.is_empty(), note.is_empty()) {
        (_, true) => words,
        (true, false) => format!("· {note}"),
        (false, false) => format!("{words} · {note}"),
    }
}

/// An age in the coarse words a list title needs.
pub fn ago(age: Duration) -> String {
    let minutes = age.as_secs() / 60;
    match minutes {
        0 => "just now".into(),
        1..=59 => format!("{minutes} min ago"),
        _ => format!("{} h ago", minutes / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_in_minutes_then_hours() {
        let secs = Duration::from_secs;
        assert_eq!(ago(secs(0)), "just now");
        assert_eq!(ago(secs(59)), "just now");
        assert_eq!(ago(secs(120)), "2 min ago");
        assert_eq!(ago(secs(59 * 60 + 59)), "59 min ago");
        assert_eq!(ago(secs(3 * 3600 + 100)), "3 h ago");
    }
}
