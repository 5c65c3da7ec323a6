//! The organization tree. Only the rows inside the visible window are turned into lines, so a
//! frame costs the same with 100 or 100,000 organizations.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::api::{Resource, ResourceData};
use crate::app::cloudmore::tree::ResellerTree;
use crate::app::org_index::OrgSort;
use crate::app::store::ListState;
use crate::app::tree::{Item, Node, Row, child_list};
use crate::app::{App, Mode};
use crate::domain::Subscription;
use crate::ui::{fresh, input, text, theme};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, root: &ResellerTree) {
    let filtering = matches!(app.mode, Mode::Filter);
    let block = Block::bordered()
        .title(title(app, root, area.width.saturating_sub(2) as usize))
        .title_style(theme::title())
        .border_style(if matches!(app.mode, Mode::Browse | Mode::Filter) {
            theme::focused_border()
        } else {
            theme::border()
        });
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if let Some(group) = root.group() {
        // A group's name is the server's text: sanitized and cut like any other.
        let said = format!("group {} · Esc clears", group.name);
        let line = Line::from(Span::styled(
            text::fit(&said, inner.width as usize),
            theme::accent(),
        ));
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        inner.y += 1;
        inner.height -= 1;
    }
    if inner.height > 0 && (filtering || !root.filter.value().is_empty()) {
        input::draw_filter(frame, Rect { height: 1, ..inner }, &root.filter, filtering);
        inner.y += 1;
        inner.height -= 1;
    }
    let width = inner.width as usize;
    let tree = &root.tree;
    tree.viewport().drawn_at(area, inner);
    let window = tree.window(inner.height as usize);
    let selected = tree.selected();
    let lines: Vec<Line> = window
        .map(|i| row_line(app, root, tree.rows()[i], width, i == selected))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// " Organizations · by customer number ▲ · loaded 2 min ago " (the sort only when it is not
/// the default, by name ascending).
fn title(app: &App, root: &ResellerTree, width: usize) -> String {
    let mut title = String::from(" Organizations");
    let (sort, descending) = root.tree.index.sort();
    if (sort, descending) != (OrgSort::Name, false) {
        let arrow = if descending { "▼" } else { "▲" };
        title.push_str(&format!(" · by {} {arrow}", sort.label()));
    }
    let fresh = fresh::note(app, &Resource::Organizations);
    if !fresh.is_empty() {
        title.push_str(&format!(" · {fresh}"));
    }
    text::fit(&format!("{title} "), width)
}

fn row_line(
    app: &App,
    root: &ResellerTree,
    row: Row,
    width: usize,
    selected: bool,
) -> Line<'static> {
    let indent = "  ".repeat(row.depth as usize);
    let marker = match root.tree.is_expanded(row, &app.store) {
        Some(true) => "▾ ",
        Some(false) => "▸ ",
        None => "  ",
    };
    // A pointer as well as the reversed bar, for terminals (and snapshots) without reverse video.
    let pointer = if selected { "›" } else { " " };
    let mut parts: Vec<(String, Style)> =
        vec![(format!("{pointer}{indent}{marker}"), theme::dim())];
    match root.tree.resolve(row, &app.store) {
        Some(Node::Reseller) => {
            parts.push((app.session.reseller_label().to_string(), theme::title()));
            parts.push(("  reseller".into(), theme::dim()));
        }
        Some(Node::Org(org)) => {
            if root.marks.is_marked(&org.id) {
                parts.push(("● ".into(), theme::accent()));
            }
            parts.push((org.name.to_string(), theme::base()));
            if !org.is_active {
                parts.push(("  inactive".into(), theme::warning()));
            }
            if !org.customer_number.is_empty() {
                parts.push((format!("  {}", org.customer_number), theme::dim()));
            }
        }
        Some(Node::Item { list, item }) => item_parts(app, list, item, &mut parts),
        Some(Node::Status { list }) => {
            let (message, style) = match app.store.list_state(list) {
                ListState::Loading => ("loading…".to_string(), theme::dim()),
                ListState::Failed => {
                    let error = app.store.error(list);
                    // Retrying a refused sign-in alone cannot help: the details say what can.
                    let next = match error {
                        Some(crate::api::ApiError::Auth(_)) => {
                            "fix the password (see Details), then r"
                        }
                        _ => "Enter retries",
                    };
                    let error = error.map(|e| e.to_string()).unwrap_or_default();
                    (format!("error: {error} ({next})"), theme::error())
                }
                ListState::Ready if matches!(list, Resource::SubscriptionUsers { .. }) => {
                    ("no users assigned".to_string(), theme::dim())
                }
                ListState::Ready => ("(none)".to_string(), theme::dim()),
            };
            parts.push((message, style));
        }
        None => {}
    }
    let mut line = text::line(&keep_the_name(&parts, width), width);
    if selected {
        let pad = width.saturating_sub(line.width());
        line.spans.push(Span::raw(" ".repeat(pad)));
        line = line.patch_style(theme::selected());
    }
    line
}

/// The parts that fit: the pointer, indent and mark, then the name (cut only when it alone is
/// too wide), then each detail after it only if it fits whole, so a narrow tree shows whole
/// names rather than the start of a name and half of its details.
fn keep_the_name(parts: &[(String, Style)], width: usize) -> Vec<(&str, Style)> {
    let name = if parts.get(1).is_some_and(|(t, _)| t == "● ") {
        2
    } else {
        1
    };
    let mut used = 0;
    let mut kept = Vec::with_capacity(parts.len());
    for (i, (part, style)) in parts.iter().enumerate() {
        let w = text::width(&text::sanitize(part));
        if i > name && used + w > width {
            continue;
        }
        used += w;
        kept.push((part.as_str(), *style));
    }
    kept
}

fn item_parts(app: &App, list: &Resource, item: Item, parts: &mut Vec<(String, Style)>) {
    match item {
        Item::Service(s) => {
            parts.push((s.name.clone(), theme::base()));
            parts.push((format!("  {} · {}", s.vendor_name, s.status), theme::dim()));
        }
        Item::Subscription(s) => {
            let cancelled = s.is_cancelled();
            parts.push((
                s.product_name.clone(),
                if cancelled {
                    theme::dim()
                } else {
                    theme::base()
                },
            ));
            parts.push((format!("  {}", seats(app, list, &item, s)), theme::dim()));
            if cancelled {
                parts.push(("  cancelled".into(), theme::error()));
            }
        }
        Item::User(u) => {
            let name = if u.display_name.is_empty() {
                &u.username
            } else {
                &u.display_name
            };
            parts.push((name.clone(), theme::base()));
            parts.push((format!("  {}", u.email), theme::dim()));
        }
    }
}

/// "assigned 3 of 13" once the subscription's users are loaded, else its quantity.
fn seats(app: &App, list: &Resource, item: &Item, s: &Subscription) -> String {
    let users = child_list(list, item).and_then(|users| app.store.data(&users).cloned());
    match users.as_deref() {
        Some(ResourceData::SubscriptionUsers(users)) => {
            format!("assigned {} of {}", users.len(), s.quantity)
        }
        _ => format!("quantity {}", s.quantity),
    }
}
