//! The `?` overlay, generated from the command registry and grouped by scope, so it can never
//! disagree with what the keys do. The screen it was opened from comes first; commands that
//! cannot run there now (read-only, or the screen's state) say why; `/` narrows it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{input, popup, text, theme};
use crate::app::App;
use crate::app::commands::{self, Command, Scope};
use crate::app::help::HelpView;
use crate::domain::hierarchy::Capabilities;

/// Columns are as wide as their widest entry plus this gap.
const GAP: usize = 2;

/// The scopes in the order help lists them: where it was opened and its parents, then the rest
/// (of those the provider has).
fn scopes(from: Scope, capabilities: &Capabilities) -> Vec<Scope> {
    let here: Vec<Scope> = from.chain().collect();
    let rest = Scope::ALL.into_iter().filter(|s| !here.contains(s));
    here.iter()
        .copied()
        .chain(rest)
        .filter(|s| s.needs().is_none_or(|need| capabilities.has(need)))
        .collect()
}

fn matches(command: &Command, needle: &str) -> bool {
    needle.is_empty()
        || [
            command.keys_display().as_str(),
            command.name,
            command.label,
            command.description,
        ]
        .iter()
        .any(|t| t.to_lowercase().contains(needle))
}

/// Every help line for this view of it, for drawing and for tests.
pub fn lines(app: &App, view: &HelpView, width: usize) -> Vec<Line<'static>> {
    let needle = view.query.value().to_lowercase();
    let here: Vec<Scope> = view.from.chain().collect();
    let capabilities = &app.session.capabilities;
    let groups: Vec<(Scope, Vec<&Command>)> = scopes(view.from, capabilities)
        .into_iter()
        .map(|s| {
            (
                s,
                commands::in_scope(s)
                    .filter(|c| c.offered(capabilities) && matches(c, &needle))
                    .collect(),
            )
        })
        .filter(|(_, found): &(Scope, Vec<&Command>)| !found.is_empty())
        .collect();
    let all = groups.iter().flat_map(|(_, found)| found.iter());
    let keys_width = all
        .clone()
        .map(|c| text::width(&c.keys_display()))
        .max()
        .unwrap_or(0)
        + GAP;
    let label_width = all.map(|c| text::width(c.label)).max().unwrap_or(0) + GAP;
    let mut lines = Vec::new();
    if groups.is_empty() {
        lines.push(Line::styled(
            format!(
                " no command matches “{}”",
                text::sanitize(view.query.value())
            ),
            theme::dim(),
        ));
    }
    for (scope, found) in groups {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        let title = if scope == view.from {
            format!(" {} (here)", scope.title())
        } else {
            format!(" {}", scope.title())
        };
        lines.push(Line::styled(title, theme::title()));
        for command in found {
            // Only where it was opened does the screen's state count; read-only counts everywhere.
            let why_not = if here.contains(&scope) {
                app.unavailable(command.id)
            } else {
                (command.mutates && app.session.read_only).then(String::new)
            };
            let widths = (keys_width, label_width, width);
            lines.push(command_line(command, widths, why_not));
        }
    }
    lines
}

fn command_line(
    command: &Command,
    (keys_width, label_width, width): (usize, usize, usize),
    why_not: Option<String>,
) -> Line<'static> {
    let dim_if = |style: Style| {
        if why_not.is_some() {
            theme::dim()
        } else {
            style
        }
    };
    let tag = match &why_not {
        Some(why) if why.is_empty() || why.starts_with("read-only") => "  (off: read-only)".into(),
        Some(why) => format!("  (not now: {why})"),
        None if command.mutates => "  (writes)".into(),
        None => String::new(),
    };
    // The description is cut (with …) so the tag after it stays in view.
    let room = width.saturating_sub(3 + keys_width + label_width + text::width(&tag));
    let mut spans = vec![
        Span::styled(
            format!("   {:<keys_width$}", command.keys_display()),
            dim_if(theme::key()),
        ),
        Span::styled(
            format!("{:<label_width$}", command.label),
            dim_if(theme::base()),
        ),
        Span::styled(text::fit(command.description, room), theme::dim()),
    ];
    if !tag.is_empty() {
        spans.push(Span::styled(tag, theme::warning()));
    }
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &HelpView) {
    let inner = popup(
        frame,
        area,
        area.width,
        area.height,
        "Help — j/k scroll · g/G ends · PgUp/PgDn pages · / search · Esc closes",
    );
    let body = input::filter_above(frame, inner, &view.query, view.searching);
    let all = lines(app, view, body.width as usize);
    view.drawn.set((all.len(), body.height as usize));
    let max = all.len().saturating_sub(body.height as usize);
    let scroll = view.scroll.min(max) as u16;
    frame.render_widget(Paragraph::new(all).scroll((scroll, 0)), body);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::SessionInfo;
    use crate::app::commands::COMMANDS;

    fn text_of(app: &App, view: &HelpView) -> String {
        let text: Vec<String> = lines(app, view, 1000)
            .iter()
            .map(|l| l.to_string())
            .collect();
        text.join("\n")
    }

    #[test]
    fn help_lists_every_command_and_scope() {
        let app = App::new(SessionInfo::default());
        let all = text_of(&app, &HelpView::new(Scope::Tree));
        let has = &app.session.capabilities;
        for command in COMMANDS {
            let offered = command.offered(has);
            assert_eq!(
                all.contains(command.description),
                offered,
                "{}",
                command.name
            );
        }
        for scope in Scope::ALL {
            if scope.needs().is_none_or(|need| has.has(need)) && scope != Scope::Hierarchy {
                assert!(all.contains(scope.title()), "{scope:?}");
            }
        }
    }

    #[test]
    fn help_on_another_provider_lists_only_what_it_has() {
        let app = App::new(SessionInfo {
            provider: "Pulse IoT Center",
            capabilities: crate::domain::hierarchy::Capabilities {
                has: &[crate::domain::hierarchy::Capability::Hierarchy],
                max_depth: Some(4),
                roots_stay: true,
                child_kinds: crate::domain::hierarchy::NESTED_ORGANIZATIONS,
            },
            ..SessionInfo::default()
        });
        let all = text_of(&app, &HelpView::new(Scope::Hierarchy));
        assert!(all.contains(commands::get(crate::app::commands::CommandId::Activity).description));
        for missing in [Scope::Tree, Scope::Catalog, Scope::Users, Scope::Admins] {
            assert!(!all.contains(missing.title()), "{missing:?}");
        }
    }

    #[test]
    fn help_columns_leave_two_spaces_after_the_longest_keys_and_label() {
        let app = App::new(SessionInfo::default());
        for line in lines(&app, &HelpView::new(Scope::Tree), 1000) {
            if line.spans.len() < 3 {
                continue;
            }
            for span in &line.spans[..2] {
                assert!(span.content.ends_with("  "), "{:?}", line.to_string());
            }
        }
    }

    #[test]
    fn help_starts_with_the_screen_it_was_opened_from() {
        let app = App::new(SessionInfo::default());
        let all = text_of(&app, &HelpView::new(Scope::Catalog));
        assert!(all.starts_with(" Service catalog (here)"), "{all}");
        let list = all.find(Scope::List.title()).unwrap();
        let tree = all.find(Scope::Tree.title()).unwrap();
        assert!(
            list < tree,
            "the catalog's parents come before other screens"
        );
    }

    #[test]
    fn help_search_keeps_only_matching_commands() {
        let app = App::new(SessionInfo::default());
        let mut view = HelpView::new(Scope::Tree);
        view.query = "delete the selected org".to_string().into();
        let all = text_of(&app, &view);
        assert!(all.contains("Delete the selected organization"));
        assert!(!all.contains("Leave tenantdeck"), "{all}");
        view.query = "zzzz".to_string().into();
        assert!(text_of(&app, &view).contains("no command matches"));
    }
}
