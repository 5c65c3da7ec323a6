//! The `?` overlay, generated from the command registry and grouped by scope, so it can never
//! disagree with what the keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{popup, theme};
use crate::app::commands::{self, Scope};

const KEYS_WIDTH: usize = 16;

/// Every help line, for drawing and for tests.
pub fn lines() -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for scope in Scope::ALL {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(format!(" {}", scope.title()), theme::title()));
        for command in commands::in_scope(scope) {
            let mut spans = vec![
                Span::styled(
                    format!("   {:<KEYS_WIDTH$}", command.keys_display()),
                    theme::key(),
                ),
                Span::raw(format!("{:<13}", command.label)),
                Span::styled(command.description, theme::dim()),
            ];
            if command.mutates {
                spans.push(Span::styled("  (writes)", theme::warning()));
            }
            lines.push(Line::from(spans));
        }
    }
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, scroll: u16) {
    let inner = popup(
        frame,
        area,
        area.width,
        area.height,
        "Help — j/k scroll, Esc closes",
    );
    let all = lines();
    let max = all.len().saturating_sub(inner.height as usize) as u16;
    frame.render_widget(Paragraph::new(all).scroll((scroll.min(max), 0)), inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::commands::COMMANDS;

    #[test]
    fn help_lists_every_command_and_scope() {
        let text: Vec<String> = lines().iter().map(|l| l.to_string()).collect();
        let all = text.join("\n");
        for command in COMMANDS {
            assert!(all.contains(command.description), "{}", command.name);
        }
        for scope in Scope::ALL {
            assert!(all.contains(scope.title()));
        }
    }
}
