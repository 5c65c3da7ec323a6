//! Label/value lines for detail panes (the tree's detail, the catalog's service detail, ...):
//! every value passes through the sanitizer and is cut to the pane width; free text wraps.

use ratatui::style::Style;
use ratatui::text::Line;

use super::{text, theme};
use crate::domain::countries::country_name;

pub const LABEL_WIDTH: usize = 22;

/// Collects label/value lines fitted to the pane width, and every label/value pair whole (what
/// `f` then `Enter` reads, however much the pane cut).
pub struct Lines {
    pub width: usize,
    pub lines: Vec<Line<'static>>,
    /// Columns given to labels (narrow panes use less than [`LABEL_WIDTH`]).
    pub label_width: usize,
    /// Every field as given, uncut, in order.
    pub values: Vec<(String, String)>,
    /// The field picked in the pane (an index into `values`): drawn highlighted.
    pub cursor: Option<usize>,
    /// The line the picked field is on.
    cursor_line: Option<usize>,
}

impl Lines {
    pub fn new(width: usize) -> Lines {
        Lines {
            width,
            lines: Vec::new(),
            label_width: LABEL_WIDTH,
            values: Vec::new(),
            cursor: None,
            cursor_line: None,
        }
    }

    /// Keeps what fits in `height` lines, scrolled so the picked field stays in view.
    pub fn fit_height(&mut self, height: usize) {
        if let Some(line) = self.cursor_line
            && line >= height
        {
            self.lines.drain(..=line - height);
        }
        self.lines.truncate(height);
    }

    pub fn field(&mut self, label: &str, value: &str) {
        self.styled(label, value, theme::base());
    }

    pub fn styled(&mut self, label: &str, value: &str, style: Style) {
        let picked = self.cursor == Some(self.values.len());
        self.values.push((label.to_string(), value.to_string()));
        let shown = format!(" {label:<w$}", w = self.label_width - 1);
        let mut line = text::line(&[(&shown, theme::dim()), (value, style)], self.width);
        if picked {
            self.cursor_line = Some(self.lines.len());
            line = line.patch_style(theme::selected());
        }
        self.lines.push(line);
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
