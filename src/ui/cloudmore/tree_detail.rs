//! The detail pane: every field of the selected node. An organization shows its summary at once
//! and its full record (contact, address, custom properties) when that arrives.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use crate::api::{Resource, ResourceData};
use crate::app::App;
use crate::app::cloudmore::tree::ResellerTree;
use crate::app::store::ListState;
use crate::app::tree::{Item, Node};
use crate::domain::{
    CustomPropertyValue, Organization, OrganizationService, OrganizationSummary, Subscription,
    SubscriptionUser,
};
use crate::ui::fields::{LABEL_WIDTH, Lines, country, phone, yes_no};
use crate::ui::{text, theme};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, root: &ResellerTree) {
    let block = Block::bordered()
        .title(" Details ")
        .title_style(theme::title())
        .border_style(theme::border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut out = Lines::new(inner.width as usize);
    out.cursor = app.detail_cursor;
    fill(&mut out, app, root);
    out.fit_height(inner.height as usize);
    frame.render_widget(Paragraph::new(out.lines), inner);
}

/// Every field of the selected node (also what `f` picks values from).
pub(in crate::ui) fn fill(out: &mut Lines, app: &App, root: &ResellerTree) {
    match root.tree.selected_node(&app.store) {
        Some(Node::Reseller) => reseller(out, app, root),
        Some(Node::Org(org)) => organization(out, app, org),
        Some(Node::Item { item, .. }) => match item {
            Item::Service(s) => service(out, s),
            Item::Subscription(s) => subscription(out, s),
            Item::User(u) => user(out, u),
        },
        Some(Node::Status { list }) => match app.store.list_state(list) {
            ListState::Failed => {
                let error = app
                    .store
                    .error(list)
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                out.note("Could not load this list:", theme::error());
                out.note(&error, theme::error());
                // Retrying a refused sign-in as is cannot help; say what can.
                match app.sign_in_refused {
                    Some(_) => out.note(&app.sign_in_advice(), theme::base()),
                    None => out.note("Press Enter to retry.", theme::dim()),
                }
            }
            ListState::Loading => out.note("Loading…", theme::dim()),
            ListState::Ready => out.note("Nothing here.", theme::dim()),
        },
        None => {}
    }
    if let Some(resource) = shown_from(app, root) {
        let fresh = crate::ui::fresh::note(app, &resource);
        if !fresh.is_empty() {
            out.lines.push(Line::default());
            out.styled("Freshness", &fresh, theme::dim());
        }
    }
}

/// The resource the selected node's details were read from.
fn shown_from(app: &App, root: &ResellerTree) -> Option<Resource> {
    Some(match root.tree.selected_node(&app.store)? {
        Node::Reseller => Resource::Organizations,
        Node::Org(org) => {
            let full = Resource::Organization {
                org: org.id.to_string(),
            };
            match app.store.data(&full) {
                Some(_) => full,
                None => Resource::Organizations,
            }
        }
        Node::Item { list, .. } | Node::Status { list } => list.clone(),
    })
}

fn reseller(out: &mut Lines, app: &App, root: &ResellerTree) {
    let s = &app.session;
    let index = &root.tree.index;
    out.section("Reseller");
    out.field("Id", &s.reseller_id);
    match &s.reseller_name {
        Some(name) => out.field("Name", name),
        None => out.styled("Name", "(set reseller_name)", theme::dim()),
    }
    out.field("Organizations", &index.total().to_string());
    out.field("Active", &index.active().to_string());
    out.field("Inactive", &(index.total() - index.active()).to_string());
    out.field("Shown", &index.filtered().len().to_string());
    out.section("Session");
    out.field("Profile", &s.profile);
    match &app.sign_in_refused {
        Some(why) => {
            out.styled(
                "Sign-in",
                &format!("refused for {}", s.username),
                theme::error(),
            );
            out.field("Password from", &s.password_source);
            out.lines.push(Line::default());
            out.note(why, theme::error());
            out.note(&app.sign_in_advice(), theme::base());
            out.lines.push(Line::default());
        }
        None => out.field("Signed in as", &s.username),
    }
    out.field("API", &s.api_url);
    out.field("Read-only", yes_no(s.read_only));
}

fn organization(out: &mut Lines, app: &App, summary: &OrganizationSummary) {
    let resource = Resource::Organization {
        org: summary.id.to_string(),
    };
    if let Some(ResourceData::Organization(full)) = app.store.data(&resource).map(|d| d.as_ref()) {
        full_organization(out, full);
        return custom_properties(out, app, &full.custom_properties);
    }
    out.section("Organization");
    out.field("Id", &summary.id);
    out.field("Name", &summary.name);
    out.field("Customer number", &summary.customer_number);
    out.field("Primary domain", &summary.primary_domain);
    active(out, summary.is_active);
    out.field("Country", &country(summary.country()));
    out.lines.push(Line::default());
    match app.store.error(&resource) {
        Some(error) => out.note(&format!("details unavailable: {error}"), theme::error()),
        None => out.note("loading details…", theme::dim()),
    }
}

fn active(out: &mut Lines, is_active: bool) {
    if is_active {
        out.styled("Active", "yes", theme::ok());
    } else {
        out.styled("Active", "no (inactive)", theme::warning());
    }
}

fn full_organization(out: &mut Lines, org: &Organization) {
    out.section("Organization");
    out.field("Id", &org.id);
    out.field("Name", &org.name);
    out.field("Customer number", &org.customer_number);
    out.field("Registration number", &org.registration_number);
    out.field("VAT", &org.vat);
    out.field("Primary domain", &org.primary_domain);
    out.field("Notification e-mail", &org.notification_email);
    active(out, org.is_active);
    out.field("Created", &org.created_date);
    let c = &org.contact;
    out.section("Contact");
    out.field("Name", &c.name);
    out.field("Job title", &c.job_title);
    out.field("E-mail", &c.email);
    out.field("Phone", &phone(&c.phone_prefix, &c.phone));
    out.field("Cell phone", &phone(&c.cell_phone_prefix, &c.cell_phone));
    let a = &org.address;
    out.section("Address");
    out.field("Street", &a.street);
    out.field("Postal code", &a.postal_code);
    out.field("City", &a.city);
    out.field("Country", &country(&a.country_code));
}

/// The organization's custom properties: each definition with its value, then values no
/// definition has (named by their own name, or else their id), so none is hidden.
fn custom_properties(out: &mut Lines, app: &App, values: &[CustomPropertyValue]) {
    let defs = match app
        .store
        .data(&Resource::OrgPropertyDefinitions)
        .map(|d| d.as_ref())
    {
        Some(ResourceData::PropertyDefinitions(defs)) => defs.as_slice(),
        _ => &[],
    };
    if values.is_empty() && defs.is_empty() {
        return;
    }
    out.section("Custom properties");
    for def in defs {
        match values.iter().find(|p| p.property_id == def.property_id) {
            Some(p) if !p.value.is_empty() => property(out, &def.name, &p.value),
            _ => out.styled(
                &text::fit(&def.name, LABEL_WIDTH - 2),
                "(not set)",
                theme::dim(),
            ),
        }
    }
    let undefined = values
        .iter()
        .filter(|p| !defs.iter().any(|d| d.property_id == p.property_id));
    for p in undefined {
        let label = if p.name.is_empty() {
            &p.property_id
        } else {
            &p.name
        };
        property(out, label, &p.value);
    }
}

/// One custom property; its label cut to leave the value its column.
fn property(out: &mut Lines, label: &str, value: &str) {
    out.field(&text::fit(label, LABEL_WIDTH - 2), value);
}

pub(super) fn service(out: &mut Lines, s: &OrganizationService) {
    out.section("Service");
    out.field("Id", &s.id);
    out.field("Name", &s.name);
    out.field("Vendor", &s.vendor_name);
    out.field("Category", &s.category);
    out.field("Status", &s.status);
    out.field("Added", &s.added_date);
    out.field("Note", &s.note);
    out.field("User assigned", yes_no(s.user_assigned));
    out.section("Custom properties");
    if s.custom_properties.is_empty() {
        out.note("(none)", theme::dim());
    }
    for p in &s.custom_properties {
        let label = if p.name.is_empty() {
            &p.property_id
        } else {
            &p.name
        };
        property(out, label, &p.value);
    }
}

pub(super) fn subscription(out: &mut Lines, s: &Subscription) {
    out.section("Subscription");
    out.field("Id", &s.id);
    out.field("Product", &s.product_name);
    out.field("Product id", &s.product_id);
    out.field("Quantity", &s.quantity.to_string());
    if s.is_cancelled() {
        out.styled(
            "Status",
            // The status may already say so ("Cancelled"): no doubled word.
            &if s.status.to_lowercase().contains("cancel") {
                s.status.clone()
            } else {
                format!("{} (cancelled)", s.status)
            },
            theme::error(),
        );
    } else {
        out.field("Status", &s.status);
    }
    out.field("Created", &s.created_date);
    out.field("Cancelled", s.cancelled_date.as_deref().unwrap_or("—"));
}

pub(super) fn user(out: &mut Lines, u: &SubscriptionUser) {
    out.section("Assigned user");
    out.field("User id", &u.user_id);
    out.field("Username", &u.username);
    out.field("Display name", &u.display_name);
    out.field("E-mail", &u.email);
    out.field("External user id", &u.external_user_id);
}
