//! The subscriptions screen: the list (cancelled ones dimmed, status "cancelled") and the
//! selected subscription's detail with its product.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Paragraph};

use super::tree_detail as detail;
use crate::api::ResourceData;
use crate::app::App;
use crate::app::subscriptions::Subscriptions;
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
