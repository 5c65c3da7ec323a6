//! Shared fixtures for the UI tests: a small realistic reseller, a fake actor that answers the
//! app's requests from those fixtures, key helpers and a `TestBackend` renderer.

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tenantdeck::api::{ApiEvent, ApiRequest, Mutation, Resource, ResourceData};
use tenantdeck::app::{App, SessionInfo};
use tenantdeck::domain::*;

pub const HOSTILE: &str = "Evil\u{1b}[31mRed\u{1b}]0;pwned\u{7}\u{202e}Corp 株式会社";

pub fn session(read_only: bool) -> SessionInfo {
    SessionInfo {
        profile: "prod".into(),
        api_url: "https://api.cloudmore.test".into(),
        reseller_id: "r-42".into(),
        reseller_name: Some("Nordic Cloud Partner".into()),
        username: "ann@partner.test".into(),
        read_only,
        inactive_after_days: 90,
        ..Default::default()
    }
}

fn summary(
    id: &str,
    name: &str,
    customer: &str,
    domain: &str,
    active: bool,
    country: &str,
    created: &str,
) -> OrganizationSummary {
    OrganizationSummary {
        id: id.into(),
        name: name.into(),
        customer_number: customer.into(),
        primary_domain: domain.into(),
        is_active: active,
        country_code: country.into(),
        address: None,
        created_date: created.into(),
    }
}

pub fn organizations() -> Vec<OrganizationSummary> {
    vec![
        summary(
            "o-zeta",
            "Zeta Systems Oy",
            "C-1004",
            "zeta.fi",
            true,
            "FI",
            "2024-01-10T09:00:00Z",
        ),
        summary(
            "o-acme",
            "Acme AB",
            "C-1001",
            "acme.se",
            true,
            "SE",
            "2025-02-11T08:30:00Z",
        ),
        summary(
            "o-evil",
            HOSTILE,
            "C-666",
            "evil.example",
            true,
            "US",
            "2025-06-01T12:00:00Z",
        ),
        summary(
            "o-bjork",
            "björk & Co",
            "C-1002",
            "bjork.no",
            false,
            "NO",
            "2023-05-05T07:00:00Z",
        ),
    ]
}

pub fn acme() -> Organization {
    Organization {
        id: "o-acme".into(),
        name: "Acme AB".into(),
        customer_number: "C-1001".into(),
        registration_number: "556000-1234".into(),
        vat: "SE556000123401".into(),
        primary_domain: "acme.se".into(),
        notification_email: "it@acme.se".into(),
        is_active: true,
        created_date: "2025-02-11T08:30:00Z".into(),
        contact: OrganizationContact {
            name: "Lena Berg".into(),
            job_title: "IT manager".into(),
            email: "lena@acme.se".into(),
            phone_prefix: "46".into(),
            phone: "812345678".into(),
            cell_phone_prefix: "46".into(),
            cell_phone: "701234567".into(),
        },
        address: OrganizationAddress {
            street: "Storgatan 1".into(),
            postal_code: "111 22".into(),
            city: "Stockholm".into(),
            country_code: "SE".into(),
        },
        custom_properties: vec![
            property(PROP_TIER, "", "Premium"),
            property(PROP_MANAGER, "Account manager", "Jonas Ek"),
            // A definition removed since: shown by its own name.
            property("p-legacy", "Legacy code", "X1"),
        ],
    }
}

pub const PROP_TIER: &str = "p-tier";
pub const PROP_MANAGER: &str = "p-manager";
pub const PROP_SEATS: &str = "p-seats";

fn property(id: &str, name: &str, value: &str) -> CustomPropertyValue {
    CustomPropertyValue {
        property_id: id.into(),
        name: name.into(),
        value: value.into(),
    }
}

/// The broker's organization custom-property definitions.
pub fn property_definitions() -> Vec<CustomPropertyDefinition> {
    let def = |id: &str, name: &str, kind: &str| CustomPropertyDefinition {
        property_id: id.into(),
        name: name.into(),
        kind: kind.into(),
        ..Default::default()
    };
    vec![
        CustomPropertyDefinition {
            mandatory: true,
            default_value: "Standard".into(),
            allowed_values: vec!["Standard".into(), "Premium".into(), "Enterprise".into()],
            ..def(PROP_TIER, "Support tier", "DropDown")
        },
        def(PROP_MANAGER, "Account manager", "TextBox"),
        def(PROP_SEATS, "Contracted seats", "Number"),
    ]
}

pub fn services() -> Vec<OrganizationService> {
    vec![OrganizationService {
        id: "s-m365".into(),
        name: "Microsoft 365".into(),
        vendor_name: "Microsoft".into(),
        category: "Productivity".into(),
        status: "Active".into(),
        added_date: "2025-03-01T10:00:00Z".into(),
        note: "CSP direct".into(),
        user_assigned: true,
        custom_properties: vec![CustomPropertyValue {
            property_id: "p-tenant".into(),
            name: "Tenant domain".into(),
            value: "acme.onmicrosoft.com".into(),
        }],
    }]
}

pub fn subscriptions() -> Vec<Subscription> {
    vec![
        Subscription {
            id: "sub-basic".into(),
            product_id: "prod-basic".into(),
            product_name: "Business Basic".into(),
            quantity: 10,
            status: SUBSCRIPTION_ACTIVE.into(),
            created_date: "2025-03-01T10:05:00Z".into(),
            cancelled_date: None,
        },
        Subscription {
            id: "sub-e3".into(),
            product_id: "prod-e3".into(),
            product_name: "Office 365 E3".into(),
            quantity: 2,
            status: SUBSCRIPTION_CANCELLED.into(),
            created_date: "2025-03-01T10:06:00Z".into(),
            cancelled_date: Some("2025-09-30T00:00:00Z".into()),
        },
    ]
}

/// Who changed a subscription: the API account, then a portal user with a hostile name.
pub fn history() -> Vec<SubscriptionHistoryEntry> {
    let entry =
        |date: &str, by: &str, action: &str, old: Option<i64>, new: i64| SubscriptionHistoryEntry {
            changed_date: date.into(),
            changed_by: by.into(),
            action: action.into(),
            old_quantity: old,
            new_quantity: Some(new),
        };
    vec![
        entry(
            "2025-03-02T09:15:00Z",
            "api@partner.test",
            HISTORY_CREATED,
            None,
            10,
        ),
        entry(
            "2025-05-20T14:02:11Z",
            "lena@acme.se",
            HISTORY_QUANTITY_CHANGED,
            Some(10),
            25,
        ),
        entry(
            "2025-06-01T08:30:00Z",
            HOSTILE,
            HISTORY_QUANTITY_CHANGED,
            Some(25),
            20,
        ),
    ]
}

pub fn subscription_users() -> Vec<SubscriptionUser> {
    vec![
        SubscriptionUser {
            user_id: "u-lena".into(),
            username: "lena@acme.se".into(),
            display_name: "Lena Berg".into(),
            email: "lena@acme.se".into(),
            external_user_id: "aad-1111".into(),
        },
        SubscriptionUser {
            user_id: "u-olof".into(),
            username: "olof@acme.se".into(),
            display_name: "Olof Ek".into(),
            email: "olof@acme.se".into(),
            external_user_id: "aad-2222".into(),
        },
    ]
}

pub fn estore() -> Vec<EstoreService> {
    let service = |id: &str, name: &str, vendor: &str, category: &str| EstoreService {
        id: id.into(),
        name: name.into(),
        vendor_name: vendor.into(),
        category: category.into(),
    };
    vec![
        service("s-backup", "Cloud Backup", "Acronis", "Security"),
        service("s-dropbox", "Dropbox Business", "Dropbox", "Storage"),
        service("s-zoom", "Zoom Meetings", "Zoom", "Communication"),
        service("s-evil", HOSTILE, "Evil\u{1b}[2J Inc", "Security"),
    ]
}

pub fn estore_detail(service: &str) -> Option<EstoreServiceDetail> {
    if service == "s-m365" {
        return Some(EstoreServiceDetail {
            id: service.into(),
            name: "Microsoft 365".into(),
            vendor_name: "Microsoft".into(),
            user_assigned: true,
            custom_properties: vec![CustomPropertyDefinition {
                property_id: "p-tenant".into(),
                name: "Tenant domain".into(),
                kind: "TextBox".into(),
                mandatory: true,
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    let summary = estore().into_iter().find(|s| s.id == service)?;
    Some(EstoreServiceDetail {
        id: summary.id,
        name: summary.name,
        vendor_name: summary.vendor_name,
        description: "Backs up mailboxes, OneDrive and SharePoint to a European data centre."
            .into(),
        category: ServiceCategory {
            id: "c-sec".into(),
            name: summary.category,
        },
        user_assigned: true,
        allow_multiple_users: false,
        custom_properties: vec![
            CustomPropertyDefinition {
                property_id: "p-region".into(),
                name: "Region".into(),
                kind: "DropDown".into(),
                mandatory: true,
                default_value: "EU".into(),
                allowed_values: vec!["EU".into(), "US".into()],
            },
            CustomPropertyDefinition {
                property_id: "p-contact".into(),
                name: "Backup contact".into(),
                kind: "TextBox".into(),
                mandatory: true,
                default_value: String::new(),
                allowed_values: vec![],
            },
        ],
    })
}

pub fn products() -> Vec<Product> {
    let product = |id: &str, name: &str, price: f64, min: i64, max: i64| Product {
        id: id.into(),
        name: name.into(),
        sku: format!("SKU-{id}"),
        billing_frequency: "Monthly".into(),
        price,
        currency: "EUR".into(),
        min_quantity: min,
        max_quantity: max,
    };
    vec![
        product("prod-basic", "Business Basic", 6.0, 1, 300),
        product("prod-e3", "Office 365 E3", 23.0, 5, 50),
    ]
}

pub fn roles() -> Vec<Role> {
    vec![
        Role {
            id: 1,
            name: "Organization Admin".into(),
        },
        Role {
            id: 2,
            name: "Organization User".into(),
        },
    ]
}

/// One set of organization users serves every screen's tests (see `people.rs`).
pub fn users() -> Vec<User> {
    people::users()
}

/// What the fixtures hold for a resource (None: the fake actor leaves the request unanswered).
pub fn fixture(resource: &Resource) -> Option<ResourceData> {
    Some(match resource {
        Resource::Organizations => ResourceData::Organizations(organizations()),
        Resource::Organization { org } if org == "o-acme" => ResourceData::Organization(acme()),
        Resource::Organization { org } => {
            let s = organizations().into_iter().find(|o| o.id == *org)?;
            ResourceData::Organization(Organization {
                id: s.id.into(),
                name: s.name.into(),
                customer_number: s.customer_number.into(),
                primary_domain: s.primary_domain.into(),
                is_active: s.is_active,
                ..Default::default()
            })
        }
        Resource::OrgServices { org } if org == "o-acme" => ResourceData::OrgServices(services()),
        Resource::OrgServices { .. } => ResourceData::OrgServices(vec![]),
        Resource::Subscriptions { .. } => ResourceData::Subscriptions(subscriptions()),
        Resource::Subscription { subscription, .. } => ResourceData::Subscription(
            subscriptions()
                .into_iter()
                .find(|s| &s.id == subscription)?,
        ),
        Resource::SubscriptionHistory { subscription, .. } if subscription == "sub-basic" => {
            ResourceData::SubscriptionHistory(history())
        }
        Resource::SubscriptionHistory { .. } => ResourceData::SubscriptionHistory(vec![]),
        Resource::SubscriptionUsers { .. } => ResourceData::SubscriptionUsers(subscription_users()),
        Resource::Estore { .. } => ResourceData::Estore(estore()),
        Resource::Products { .. } => ResourceData::Products(products()),
        Resource::Users { .. } => ResourceData::Users(users()),
        Resource::User { user, .. } => {
            ResourceData::User(users().into_iter().find(|u| &u.id == user)?)
        }
        Resource::OrganizationRoles { .. } => ResourceData::Roles(roles()),
        Resource::EstoreDetail { service, .. } => {
            ResourceData::EstoreDetail(estore_detail(service)?)
        }
        Resource::UserAssignments { user, .. } => {
            ResourceData::UserAssignments(people::assignments(user))
        }
        Resource::Administrators => ResourceData::Administrators(people::admins()),
        Resource::ResellerRoles => ResourceData::Roles(people::reseller_roles()),
        Resource::OrgPropertyDefinitions => {
            ResourceData::PropertyDefinitions(property_definitions())
        }
        Resource::OrganizationGroups => ResourceData::Groups(groups::groups()),
        Resource::GroupMembers { group } => {
            ResourceData::GroupMembers(groups::group_members(group))
        }
        _ => return None,
    })
}

pub mod groups;
pub mod people;

pub fn loaded(id: u64, resource: Resource, data: ResourceData) -> ApiEvent {
    ApiEvent::Loaded {
        id,
        resource,
        data: Arc::new(data),
        stale: false,
        skipped: 0,
    }
}

/// Answers every queued read from the fixtures; returns the requests it saw.
pub fn serve(app: &mut App) -> Vec<ApiRequest> {
    serve_with(app, fixture)
}

/// Answers every queued read with what `answer` holds for it (None: left unanswered).
pub fn serve_with(
    app: &mut App,
    answer: impl Fn(&Resource) -> Option<ResourceData>,
) -> Vec<ApiRequest> {
    let requests = app.take_requests();
    for request in &requests {
        if let ApiRequest::Fetch { id, resource } | ApiRequest::Refresh { id, resource } = request
            && let Some(data) = answer(resource)
        {
            app.handle_api_event(loaded(*id, resource.clone(), data));
        }
    }
    requests
}

/// An app with the organization list loaded and nothing else pending.
pub fn loaded_app(read_only: bool) -> App {
    let mut app = App::new(session(read_only));
    serve(&mut app);
    app
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_terminal_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_terminal_event(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

pub fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Answers the writes among `requests` with `result` (`Ok(None)` for success).
pub fn answer(
    app: &mut App,
    requests: &[ApiRequest],
    result: Result<Option<String>, tenantdeck::api::ApiError>,
) -> Vec<Mutation> {
    let sent = mutations(requests);
    for (id, mutation) in &sent {
        app.handle_api_event(ApiEvent::Mutated {
            id: *id,
            mutation: Box::new(mutation.clone()),
            result: result.clone(),
        });
    }
    sent.into_iter().map(|(_, m)| m).collect()
}

pub fn render(app: &App) -> String {
    render_at(app, 100, 30)
}

/// The screen drawn at `width` x `height`.
pub fn render_at(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| tenantdeck::ui::draw(frame, app))
        .unwrap();
    terminal.backend().to_string()
}

/// Presses Tab `times` times.
pub fn tab(app: &mut App, times: usize) {
    for _ in 0..times {
        press(app, KeyCode::Tab);
    }
}

/// Reads only (fetch/refresh) of the given requests, as resources.
pub fn reads(requests: &[ApiRequest]) -> Vec<Resource> {
    requests
        .iter()
        .filter_map(|r| match r {
            ApiRequest::Fetch { resource, .. } | ApiRequest::Refresh { resource, .. } => {
                Some(resource.clone())
            }
            // Not a read of the console's data: a record's body for the raw view.
            ApiRequest::FetchRaw { .. } => None,
            ApiRequest::Mutate { .. } | ApiRequest::Forget { .. } | ApiRequest::Index(_) => None,
        })
        .collect()
}

/// Selects the row of Acme AB (first organization by name).
pub fn select_acme(app: &mut App) {
    press(app, KeyCode::Char('j'));
}

/// The writes among the requests, with their ids.
pub fn mutations(requests: &[ApiRequest]) -> Vec<(u64, Mutation)> {
    requests
        .iter()
        .filter_map(|r| match r {
            ApiRequest::Mutate { id, mutation } => Some((*id, (**mutation).clone())),
            _ => None,
        })
        .collect()
}

/// The requests but the background indexer's orders (which the indexer paces itself).
pub fn sent(requests: Vec<ApiRequest>) -> Vec<ApiRequest> {
    (requests.into_iter())
        .filter(|r| !matches!(r, ApiRequest::Index(_)))
        .collect()
}

/// The ids of the requests, in order.
pub fn ids(requests: &[ApiRequest]) -> Vec<u64> {
    requests
        .iter()
        .map(|r| match r {
            ApiRequest::Fetch { id, .. }
            | ApiRequest::Refresh { id, .. }
            | ApiRequest::Mutate { id, .. }
            | ApiRequest::FetchRaw { id, .. } => *id,
            ApiRequest::Forget { .. } | ApiRequest::Index(_) => 0,
        })
        .collect()
}

/// The catalog of Acme AB, loaded, the first E-store service's detail included.
pub fn catalog_screen(read_only: bool) -> App {
    let mut app = loaded_app(read_only);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('s'));
    serve(&mut app);
    serve(&mut app);
    app
}

/// Acme's users screen, its users and the first one's subscriptions loaded.
pub fn users_screen() -> App {
    users_screen_as(false)
}

/// [`users_screen`] of a read-only profile when `read_only`.
pub fn users_screen_as(read_only: bool) -> App {
    let mut app = loaded_app(read_only);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    serve(&mut app);
    app
}

/// The subscriptions of Acme's Microsoft 365 (one active, one cancelled).
pub fn subscriptions_screen() -> App {
    let mut app = catalog_screen(false);
    press(&mut app, KeyCode::Tab);
    serve(&mut app);
    press(&mut app, KeyCode::Enter);
    serve(&mut app);
    app
}
