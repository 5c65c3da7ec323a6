//! The organization tree as a new user meets it (issue 10): a filter typed while scrolled
//! shows its matches, `s`/`u` work from any row of an organization, a reseller without a
//! configured name, sorting with `o`/`O`, seats assigned on subscription rows, `Ctrl-O`/`Esc`
//! back from a jump, and how fresh each list is.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{ApiEvent, Resource, ResourceData};
use tenantdeck::app::App;
use tenantdeck::domain::OrganizationSummary;

/// The line of the selected row.
fn selected_line(screen: &str) -> &str {
    screen.lines().find(|l| l.contains('›')).unwrap_or("")
}

/// An app over 300 organizations, five of them "Alpine …" spread through the list.
fn many_orgs() -> App {
    let mut app = App::new(session(false));
    let id = ids(&app.take_requests())[0];
    let orgs = (0..300)
        .map(|i| OrganizationSummary {
            id: format!("o-{i}").into(),
            name: if i % 60 == 5 {
                format!("Alpine {i:03}").into()
            } else {
                format!("Org {i:03}").into()
            },
            customer_number: format!("C-{i:05}").into(),
            is_active: true,
            ..Default::default()
        })
        .collect();
    app.handle_api_event(loaded(
        id,
        Resource::Organizations,
        ResourceData::Organizations(orgs),
    ));
    app
}

#[test]
fn a_filter_typed_at_the_bottom_brings_every_match_into_view() {
    let mut app = many_orgs();
    press(&mut app, KeyCode::Char('G'));
    assert!(selected_line(&render(&app)).contains("Org 299"));
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "alpine");
    let screen = render(&app);
    assert!(screen.contains("5 of 300 organizations"), "{screen}");
    for i in [5, 65, 125, 185, 245] {
        assert!(screen.contains(&format!("Alpine {i:03}")), "{i}:\n{screen}");
    }
    assert!(
        selected_line(&screen).contains("Alpine 005"),
        "the last row is filtered out: the first match is selected\n{screen}"
    );
}

#[test]
fn a_filter_keeps_a_selection_that_still_matches() {
    let mut app = many_orgs();
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "alpine");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "jj");
    assert!(selected_line(&render(&app)).contains("Alpine 125"));
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, " 1");
    let screen = render(&app);
    assert!(screen.contains("2 of 300 organizations"), "{screen}");
    assert!(selected_line(&screen).contains("Alpine 125"), "{screen}");
}

/// Acme expanded down to its subscriptions, the first subscription selected.
fn on_acme_subscription(app: &mut App) {
    select_acme(app);
    serve(app);
    keys(app, "ll");
    serve(app);
    keys(app, "ll");
    serve(app);
    press(app, KeyCode::Char('l'));
    let screen = render(app);
    assert!(
        selected_line(&screen).contains("Business Basic"),
        "{screen}"
    );
}

#[test]
fn s_and_u_on_a_subscription_row_open_its_organizations_screens() {
    let mut app = loaded_app(false);
    on_acme_subscription(&mut app);
    press(&mut app, KeyCode::Char('s'));
    serve(&mut app);
    let screen = render(&app);
    assert!(screen.contains("Acme AB › Services"), "{screen}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('k'));
    assert!(selected_line(&render(&app)).contains("Microsoft 365"));
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    let screen = render(&app);
    assert!(screen.contains("Acme AB › Users"), "{screen}");
    assert!(!screen.contains("select an organization"), "{screen}");
}

#[test]
fn without_a_reseller_name_the_root_says_reseller_and_the_detail_shows_the_id() {
    let mut app = App::new(tenantdeck::app::SessionInfo {
        reseller_name: None,
        ..session(false)
    });
    serve(&mut app);
    let screen = render(&app);
    let root = selected_line(&screen);
    assert!(root.contains("Reseller  reseller"), "{screen}");
    assert!(!root.contains("r-42"), "no raw id on the root row: {root}");
    assert!(screen.contains("Id                   r-42"), "{screen}");
    assert!(
        screen.contains("Name                 (set reseller_name)"),
        "{screen}"
    );
}

/// The organization rows in the order shown.
fn order(app: &App) -> Vec<&'static str> {
    let screen = render(app);
    let names = ["Zeta Systems Oy", "Acme AB", "EvilRedCorp", "björk & Co"];
    let mut found: Vec<(usize, &'static str)> = names
        .iter()
        .filter_map(|n| screen.find(n).map(|at| (at, *n)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}

#[test]
fn o_sorts_the_tree_by_customer_number_then_created_and_capital_o_reverses() {
    let mut app = loaded_app(false);
    assert_eq!(
        order(&app),
        ["Acme AB", "björk & Co", "EvilRedCorp", "Zeta Systems Oy"]
    );
    press(&mut app, KeyCode::Char('o'));
    assert!(render(&app).contains("Organizations · by customer number ▲"));
    assert_eq!(
        order(&app),
        ["Acme AB", "björk & Co", "Zeta Systems Oy", "EvilRedCorp"]
    );
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(
        order(&app),
        ["björk & Co", "Zeta Systems Oy", "Acme AB", "EvilRedCorp"],
        "oldest first"
    );
    press(&mut app, KeyCode::Char('O'));
    assert!(render(&app).contains("Organizations · by created ▼"));
    assert_eq!(
        order(&app),
        ["EvilRedCorp", "Acme AB", "Zeta Systems Oy", "björk & Co"]
    );
    press(&mut app, KeyCode::Char('o'));
    assert!(
        render(&app).contains("┌ Organizations ·"),
        "back to by name"
    );
    assert_eq!(
        order(&app),
        ["Acme AB", "björk & Co", "EvilRedCorp", "Zeta Systems Oy"]
    );
}

#[test]
fn subscription_rows_show_seats_assigned_of_the_quantity() {
    let mut app = loaded_app(false);
    on_acme_subscription(&mut app);
    assert!(
        selected_line(&render(&app)).contains("Business Basic  quantity 10"),
        "users not loaded yet: the quantity"
    );
    press(&mut app, KeyCode::Char('l'));
    serve(&mut app);
    let screen = render(&app);
    assert!(
        screen.contains("Business Basic  assigned 2 of 10"),
        "{screen}"
    );
    assert!(!screen.contains('×'), "{screen}");
}

#[test]
fn an_empty_subscription_says_no_users_assigned() {
    let mut app = loaded_app(false);
    on_acme_subscription(&mut app);
    press(&mut app, KeyCode::Char('l'));
    let requests = app.take_requests();
    for (id, resource) in requests.iter().filter_map(|r| match r {
        tenantdeck::api::ApiRequest::Fetch { id, resource } => Some((*id, resource.clone())),
        _ => None,
    }) {
        let data = match resource {
            Resource::SubscriptionUsers { .. } => ResourceData::SubscriptionUsers(vec![]),
            _ => continue,
        };
        app.handle_api_event(loaded(id, resource, data));
    }
    let screen = render(&app);
    assert!(
        screen.contains("Business Basic  assigned 0 of 10"),
        "{screen}"
    );
    assert!(screen.contains("no users assigned"), "{screen}");
}

/// Whether a line shows a spinner glyph.
fn spins(line: &str) -> bool {
    (0..10).any(|tick| line.contains(tenantdeck::ui::theme::spinner(tick)))
}

#[test]
fn lists_and_details_say_when_they_were_loaded_and_spin_while_revalidating() {
    let mut app = App::new(session(false));
    let id = ids(&app.take_requests())[0];
    app.handle_api_event(ApiEvent::Loaded {
        id,
        resource: Resource::Organizations,
        data: std::sync::Arc::new(ResourceData::Organizations(organizations())),
        stale: true,
        skipped: 0,
    });
    let screen = render(&app);
    let title = screen.lines().nth(1).unwrap_or("");
    assert!(
        !title.contains("loaded"),
        "a stale copy's age is unknown: {title}"
    );
    assert!(spins(title), "a spinner while it revalidates: {title}");
    app.handle_api_event(loaded(
        id,
        Resource::Organizations,
        ResourceData::Organizations(organizations()),
    ));
    let screen = render(&app);
    let title = screen.lines().nth(1).unwrap_or("");
    assert!(
        title.contains("Organizations · loaded just now "),
        "{title}"
    );
    assert!(!spins(title), "{title}");
    assert!(
        screen.contains("Freshness            loaded just now"),
        "{screen}"
    );
    select_acme(&mut app);
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    let screen = render(&app);
    assert!(screen.contains("users · loaded just now"), "{screen}");
}
