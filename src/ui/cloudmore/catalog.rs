//! The service catalog screen: the E-store list and the organization's added services side by
//! side on the left (E-store above, added below), the selected service's detail on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Paragraph};

use super::tree_detail as detail;
use crate::app::App;
use crate::app::catalog::{Catalog, Pane, estore_detail};
use crate::domain::EstoreServiceDetail;
use crate::ui::fields::{LABEL_WIDTH, Lines, yes_no};
use crate::ui::{table, text, theme};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, catalog: &Catalog) {
    let [lists, detail_area] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(lists);
    let focused = |pane| catalog.focus == pane;
    let (estore, added) = (catalog.estore_list(), catalog.added_list());
    table::draw_list(
        frame,
        top,
        app,
        (&catalog.estore, &estore),
        "available".into(),
        focused(Pane::Estore),
    );
    table::draw_list(
        frame,
        bottom,
        app,
        (&catalog.added, &added),
        "added".into(),
        focused(Pane::Added),
    );
    draw_detail(frame, detail_area, app, catalog);
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App, catalog: &Catalog) {
    let block = Block::bordered()
        .title(" Details ")
        .title_style(theme::title())
        .border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut out = Lines::new(inner.width as usize);
    match catalog.focus {
        Pane::Added => match catalog.selected_added(&app.store) {
            Some(service) => detail::service(&mut out, service),
            None => out.note("No service selected.", theme::dim()),
        },
        Pane::Estore => match catalog.detail() {
            None => out.note("No service selected.", theme::dim()),
            Some(resource) => match estore_detail(&app.store, &resource) {
                Some(d) => draw_estore_detail(&mut out, d),
                None => match app.store.error(&resource) {
                    Some(error) => {
                        out.note(&format!("details unavailable: {error}"), theme::error())
                    }
                    None => out.note("loading details…", theme::dim()),
                },
            },
        },
    }
    out.lines.truncate(inner.height as usize);
    frame.render_widget(Paragraph::new(out.lines), inner);
}

fn draw_estore_detail(out: &mut Lines, d: &EstoreServiceDetail) {
    out.section("E-store service");
    out.field("Id", &d.id);
    out.field("Name", &d.name);
    out.field("Vendor", &d.vendor_name);
    out.field("Category", &d.category.name);
    out.field("User assigned", yes_no(d.user_assigned));
    out.field("Multiple users", yes_no(d.allow_multiple_users));
    out.section("Description");
    out.note(&d.description, theme::base());
    out.section("Custom properties");
    if d.custom_properties.is_empty() {
        out.note("(none)", theme::dim());
    }
    for p in &d.custom_properties {
        let required = if p.mandatory { "mandatory" } else { "optional" };
        let label = text::fit(&p.name, LABEL_WIDTH - 2);
        out.field(&label, &format!("{} · {required}", p.kind));
        if !p.default_value.is_empty() {
            out.field("", &format!("default {}", p.default_value));
        }
        if !p.allowed_values.is_empty() {
            out.field("", &format!("one of {}", p.allowed_values.join(", ")));
        }
    }
}
