//! The subscriptions screen: the list (cancelled ones dimmed, status "cancelled") and the
//! selected subscription's detail with its history (newest first) and its product.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Paragraph};

use super::tree_detail as detail;
use crate::api::ResourceData;
use crate::app::App;
use crate::app::subscriptions::Subscriptions;
use crate::domain::{
    HISTORY_CANCELLED, HISTORY_CREATED, HISTORY_QUANTITY_CHANGED, SubscriptionHistoryEntry,
};
use crate::ui::fields::Lines;
use crate::ui::{table, theme};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, subs: &Subscriptions) {
    let [list, detail_area] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    let cancelled = match app.store.data(&subs.list()).map(|d| d.as_ref()) {
        Some(ResourceData::Subscriptions(all)) => all.iter().filter(|s| s.is_cancelled()).count(),
        _ => 0,
    };
    table::draw_list(
        frame,
        list,
        app,
        (&subs.table, &subs.list()),
        format!("({cancelled} cancelled)"),
        true,
    );
    let block = Block::bordered()
        .title(" Details ")
        .title_style(theme::title())
        .border_style(theme::border());
    let inner = block.inner(detail_area);
    frame.render_widget(block, detail_area);
    let mut out = Lines::new(inner.width as usize);
    match subs.selected(&app.store) {
        Some(subscription) => {
            detail::subscription(&mut out, subscription);
            history(&mut out, app, subs);
            let product = match app.store.data(&subs.products()).map(|d| d.as_ref()) {
                Some(ResourceData::Products(list)) => {
                    list.iter().find(|p| p.id == subscription.product_id)
                }
                _ => None,
            };
            if let Some(p) = product {
                out.section("Product");
                out.field("SKU", &p.sku);
                out.field("Billing", &p.billing_frequency);
                out.field("Price", &format!("{:.2} {}", p.price, p.currency));
                out.field(
                    "Quantity range",
                    &format!("{}–{}", p.min_quantity, p.max_quantity),
                );
            }
        }
        None => out.note(
            "No subscription selected. Press n to create one.",
            theme::dim(),
        ),
    }
    out.lines.truncate(inner.height as usize);
    frame.render_widget(Paragraph::new(out.lines), inner);
}

/// Who changed the selected subscription and when, newest first.
fn history(out: &mut Lines, app: &App, subs: &Subscriptions) {
    let Some(resource) = subs.history() else {
        return;
    };
    out.section("History");
    match app.store.data(&resource).map(|d| d.as_ref()) {
        Some(ResourceData::SubscriptionHistory(entries)) if entries.is_empty() => {
            out.note("no changes recorded", theme::dim())
        }
        Some(ResourceData::SubscriptionHistory(entries)) => {
            for entry in entries.iter().rev() {
                change(out, entry);
            }
        }
        _ => match app.store.error(&resource) {
            Some(error) => out.note(&format!("history unavailable: {error}"), theme::error()),
            None => out.note("loading the history…", theme::dim()),
        },
    }
}

/// One entry: when and what on one line, who on the next.
fn change(out: &mut Lines, entry: &SubscriptionHistoryEntry) {
    // "2025-06-01T12:00:00Z" → "2025-06-01 12:00".
    let when: String = entry.changed_date.chars().take(16).collect();
    let when = when.replacen('T', " ", 1);
    let quantity = |q: Option<i64>| q.map_or_else(|| "?".to_string(), |q| q.to_string());
    let (old, new) = (quantity(entry.old_quantity), quantity(entry.new_quantity));
    let what = match entry.action.as_str() {
        HISTORY_CREATED => format!("created with {new}"),
        HISTORY_QUANTITY_CHANGED => format!("{old} → {new}"),
        HISTORY_CANCELLED => format!("cancelled at {old}"),
        other if old == new => format!("{other} ({new})"),
        other => format!("{other}: {old} → {new}"),
    };
    out.field(&when, &what);
    let who = if entry.changed_by.is_empty() {
        "(not recorded)"
    } else {
        &entry.changed_by
    };
    out.styled("  by", who, theme::dim());
}
