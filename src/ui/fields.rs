//! Label/value lines for detail panes (the tree's detail, the catalog's service detail, ...):
//! every value passes through the sanitizer and is cut to the pane width; free text wraps.

use ratatui::style::Style;
use ratatui::text::Line;

use super::{text, theme};
use crate::domain::countries::country_name;

pub const LABEL_WIDTH: usize = 22;

/// Collects label/value lines fitted to the pane width.
pub struct Lines {
    pub width: usize,
    pub lines: Vec<Line<'static>>,
    /// Columns given to labels (narrow panes use less than [`LABEL_WIDTH`]).
    pub label_width: usize,
}

impl Lines {
    pub fn new(width: usize) -> Lines {
        Lines {
            width,
            lines: Vec::new(),
            label_width: LABEL_WIDTH,
        }
    }

    pub fn field(&mut self, label: &str, value: &str) {
        self.styled(label, value, theme::base());
    }

    pub fn styled(&mut self, label: &str, value: &str, style: Style) {
        let label = format!(" {label:<w$}", w = self.label_width - 1);
        self.lines.push(text::line(
            &[(&label, theme::dim()), (value, style)],
            self.width,
        ));
    }

    pub fn section(&mut self, title: &str) {
        self.lines.push(Line::default());
        self.lines.push(text::line(
            &[(" ", theme::base()), (title, theme::title())],
            self.width,
        ));
    }

    /// A free-text message, wrapped rather than cut (errors must be readable in full).
    pub fn note(&mut self, message: &str, style: Style) {
        for part in text::wrap(message, self.width.saturating_sub(1)) {
            self.lines.push(text::line(
                &[(" ", theme::base()), (&part, style)],
                self.width,
            ));
        }
    }
}

pub fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

pub fn phone(prefix: &str, number: &str) -> String {
    match (prefix.is_empty(), number.is_empty()) {
        (_, true) => String::new(),
        (true, false) => number.to_string(),
        (false, false) => format!("+{prefix} {number}"),
    }
}

pub fn country(code: &str) -> String {
    match country_name(code) {
        Some(name) => format!("{code} ({name})"),
        None => code.to_string(),
    }
}
