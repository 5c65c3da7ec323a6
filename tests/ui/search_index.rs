//! Issue 13, the background index in the console: the organization list names what to index;
//! what the indexer read is found by the search with its organization and opens on its own
//! screen with the hit selected; the status bar and the search box say how far it is; a bulk run
//! pauses it and its end resumes it.

use std::sync::Arc;
use std::time::SystemTime;

use crate::bulk::{assignment, progress, start_assigning};
use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::indexer::{IndexOrder, IndexProgress, IndexWalk, IndexedLists, walk_of};
use tenantdeck::api::{ApiEvent, ApiRequest, Resource, ResourceData};
use tenantdeck::app::App;
use tenantdeck::app::screen::Screen;
use tenantdeck::bulk::runner::BulkEvent;
use tenantdeck::domain::User;

fn orders(requests: &[ApiRequest]) -> Vec<IndexOrder> {
    (requests.iter())
        .filter_map(|r| match r {
            ApiRequest::Index(order) => Some(order.clone()),
            _ => None,
        })
        .collect()
}

/// The walk the indexer makes of the root list the console hands it.
fn walk_in(requests: &[ApiRequest]) -> Option<IndexWalk> {
    orders(requests).into_iter().find_map(|o| match o {
        IndexOrder::Walk { root, members } => walk_of(&root, members),
        IndexOrder::Pause(_) | IndexOrder::Reread(_) => None,
    })
}

fn amelia() -> User {
    User {
        id: "u-amelia".into(),
        display_name: "Amelia Martin".into(),
        email: "amelia.martin@zeta.example".into(),
        ..Default::default()
    }
}

/// The indexer hands over `org`'s lists, the `indexed`-th of the fixture's organizations.
fn hand_over(app: &mut App, org: &str, lists: Vec<(Resource, ResourceData)>, indexed: usize) {
    let lists = IndexedLists {
        owner: Some(org.into()),
        lists: (lists.into_iter())
            .map(|(resource, data)| (resource, Arc::new(data)))
            .collect(),
        fetched: SystemTime::now(),
    };
    let progress = IndexProgress {
        indexed,
        of: organizations().len(),
        ..Default::default()
    };
    app.handle_api_event(ApiEvent::Indexed {
        lists: vec![lists],
        progress,
    });
}

/// The indexer read Zeta's users, the first of the fixture's organizations.
fn zeta_indexed(app: &mut App) {
    let users = Resource::Users {
        org: "o-zeta".into(),
    };
    hand_over(
        app,
        "o-zeta",
        vec![(users, ResourceData::Users(vec![amelia()]))],
        1,
    );
}

/// Enter on the selected hit, Zeta's users read: the screen opens on Amelia.
fn enter_lands_on_amelia(app: &mut App, why: &str) {
    press(app, KeyCode::Enter);
    serve_with(app, |resource| match resource {
        Resource::Users { org } if org == "o-zeta" => Some(ResourceData::Users(vec![amelia()])),
        other => fixture(other),
    });
    assert_eq!(selected_user(app).as_deref(), Some("u-amelia"), "{why}");
}

fn selected_user(app: &App) -> Option<String> {
    match app.top() {
        Some(Screen::Users(users)) => users.users.selected_id().map(str::to_string),
        _ => None,
    }
}

#[test]
fn the_organization_list_names_each_organizations_users_and_services_once() {
    let mut app = App::new(session(false));
    let requests = serve(&mut app);
    assert!(walk_in(&requests).is_none(), "nothing before the list");
    let walk = walk_in(&app.take_requests()).expect("the list names the walk");
    assert_eq!(walk.shared, [Resource::Administrators]);
    assert_eq!(walk.owners.len(), organizations().len());
    let zeta = &walk.owners[0];
    assert_eq!(zeta.id, "o-zeta");
    let org = "o-zeta".to_string();
    let wanted = [
        Resource::Users { org: org.clone() },
        Resource::OrgServices { org },
    ];
    assert_eq!(zeta.lists, wanted);
    assert!(walk_in(&app.take_requests()).is_none(), "told once");
}

#[test]
fn an_indexed_user_of_an_organization_never_opened_is_found_and_opens_on_them() {
    let mut app = loaded_app(false);
    let of = organizations().len();
    zeta_indexed(&mut app);
    let screen = render(&app);
    assert!(
        screen.contains(&format!("search index: 1 of {of} organizations read")),
        "the status bar says how far the index is: {screen}"
    );
    ctrl(&mut app, 'k');
    keys(&mut app, "amelia.mar");
    let screen = render(&app);
    assert!(screen.contains("Amelia Martin"), "{screen}");
    assert!(screen.contains("· Zeta Systems Oy"), "{screen}");
    let more = format!("not searched yet: {} of {of} organizations", of - 1);
    assert!(screen.contains(&more), "{screen}");

    press(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(screen.contains("Zeta Systems Oy › Users"), "{screen}");
    serve_with(&mut app, |resource| match resource {
        Resource::Users { org } if org == "o-zeta" => Some(ResourceData::Users(vec![amelia()])),
        other => fixture(other),
    });
    assert_eq!(
        selected_user(&app).as_deref(),
        Some("u-amelia"),
        "landed on them"
    );
    press(&mut app, KeyCode::Esc);
    let screen = render(&app);
    assert!(screen.contains("reseller Nordic Cloud Partner"), "{screen}");
}

#[test]
fn a_bulk_run_pauses_the_indexer_and_its_end_resumes_it() {
    let mut app = assignment();
    app.take_requests();
    let (run, _) = start_assigning(&mut app);
    assert_eq!(orders(&app.take_requests()), [IndexOrder::Pause(true)]);
    assert!(orders(&app.take_requests()).is_empty(), "said once");
    let ended = BulkEvent::Ended {
        stopped: false,
        gave_up: None,
    };
    progress(&mut app, &run, ended);
    assert_eq!(orders(&app.take_requests()), [IndexOrder::Pause(false)]);
}

#[test]
fn the_status_bar_says_when_the_index_waits_for_a_bulk_run_and_when_it_is_done() {
    let mut app = loaded_app(false);
    let progress = |paused, finished| IndexProgress {
        indexed: 1200,
        of: 3200,
        paused,
        finished,
        ..Default::default()
    };
    let event = |progress| ApiEvent::Indexed {
        lists: vec![],
        progress,
    };
    app.handle_api_event(event(progress(true, false)));
    let screen = render_at(&app, 200, 30);
    assert!(
        screen.contains(
            "search index paused while the bulk run goes (1,200 of 3,200 organizations read)"
        ),
        "{screen}"
    );
    app.handle_api_event(event(progress(false, true)));
    assert!(render_at(&app, 200, 30).contains("search index: 1,200 of 3,200 organizations read"));
}

#[test]
fn a_write_to_an_indexed_organization_drops_what_it_outdated_and_asks_for_it_again() {
    use tenantdeck::api::Mutation;
    use tenantdeck::bulk::worker::BulkUpdate;
    let mut app = loaded_app(false);
    zeta_indexed(&mut app);
    app.take_requests();
    let renamed = Mutation::UpdateUser {
        org: "o-zeta".into(),
        user: "u-amelia".into(),
        input: Box::default(),
    };
    app.handle_bulk_update(BulkUpdate::Changed {
        mutations: vec![renamed],
    });
    let again = IndexOrder::Reread("o-zeta".into());
    assert_eq!(orders(&app.take_requests()), [again]);
    ctrl(&mut app, 'k');
    keys(&mut app, "amelia.mar");
    assert!(
        !render(&app).contains("Amelia Martin"),
        "no stale entry shown"
    );
}

#[test]
fn what_the_indexer_reads_while_the_box_is_open_is_searched_at_most_once_a_second() {
    let mut app = loaded_app(false);
    ctrl(&mut app, 'k');
    keys(&mut app, "amelia.mar");
    assert!(!render(&app).contains("Amelia Martin"));
    // Arriving right after the keystroke's search: searched by the next tick a second on.
    zeta_indexed(&mut app);
    assert!(
        !render(&app).contains("Amelia Martin"),
        "not searched at once"
    );
    assert!(app.needs_ticks(), "the tick is to catch up");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    app.tick();
    assert!(render(&app).contains("Amelia Martin"), "caught up");
    assert!(!app.needs_ticks(), "and then rests");
}

#[test]
fn the_selection_stays_on_its_hit_while_the_index_adds_better_ones() {
    let mut app = loaded_app(false);
    zeta_indexed(&mut app);
    ctrl(&mut app, 'k');
    keys(&mut app, "martin");
    let screen = render(&app);
    let chosen = screen.lines().find(|l| l.contains("Amelia Martin"));
    assert!(chosen.is_some(), "{screen}");
    // Acme's users arrive a second later, one of them named just "Martin": a better hit.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let martin = User {
        id: "u-martin".into(),
        display_name: "Martin".into(),
        email: "martin@acme.example".into(),
        ..Default::default()
    };
    let users = Resource::Users {
        org: "o-acme".into(),
    };
    hand_over(
        &mut app,
        "o-acme",
        vec![(users, ResourceData::Users(vec![martin]))],
        2,
    );
    let screen = render(&app);
    assert!(
        screen.contains("Martin  · Acme AB"),
        "the new hit is shown: {screen}"
    );
    enter_lands_on_amelia(
        &mut app,
        "Enter opens the hit that was chosen, not what took its row",
    );
}

#[test]
fn a_subscription_opened_from_the_index_is_titled_with_its_service_once_it_is_read() {
    use tenantdeck::domain::{OrganizationService, Subscription};
    let mut app = loaded_app(false);
    let org = "o-zeta".to_string();
    let service = OrganizationService {
        id: "s-365".into(),
        name: "Microsoft 365 Business".into(),
        ..Default::default()
    };
    let subscription = Subscription {
        id: "sub-e3".into(),
        product_name: "E3 Enterprise".into(),
        ..Default::default()
    };
    let services = ResourceData::OrgServices(vec![service.clone()]);
    let subscriptions = Resource::Subscriptions {
        org: org.clone(),
        service: "s-365".into(),
    };
    let lists = vec![
        (Resource::OrgServices { org: org.clone() }, services.clone()),
        (
            subscriptions.clone(),
            ResourceData::Subscriptions(vec![subscription.clone()]),
        ),
    ];
    hand_over(&mut app, &org, lists, 1);
    ctrl(&mut app, 'k');
    keys(&mut app, "e3 enterprise");
    press(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        serve_with(&mut app, |resource| match resource {
            Resource::OrgServices { org } if org == "o-zeta" => Some(services.clone()),
            r if *r == subscriptions => {
                Some(ResourceData::Subscriptions(vec![subscription.clone()]))
            }
            other => fixture(other),
        });
    }
    let screen = render_at(&app, 160, 30);
    let header = screen.lines().next().unwrap_or_default();
    assert!(
        header.contains("Zeta Systems Oy › Services › Microsoft 365 Business"),
        "named, not its id: {header}"
    );
}

/// Amelia found by "martin" in the open box; then a screen reads Acme's users, `user` among
/// them: one loaded list more, before the index's lists (every indexed hit's place in the
/// source moves when it is searched).
fn found_amelia_then_acme_loads(user: User) -> App {
    let mut app = loaded_app(false);
    zeta_indexed(&mut app);
    ctrl(&mut app, 'k');
    keys(&mut app, "martin");
    let screen = render(&app);
    assert!(screen.contains("Amelia Martin"), "{screen}");
    let users = Resource::Users {
        org: "o-acme".into(),
    };
    app.handle_api_event(loaded(10_000, users, ResourceData::Users(vec![user])));
    app
}

#[test]
fn what_loads_within_a_second_of_a_search_does_not_move_the_hits_shown() {
    let mut app = found_amelia_then_acme_loads(User {
        id: "u-eva-holm".into(),
        display_name: "Eva Holm".into(),
        email: "eva.holm@acme.example".into(),
        ..Default::default()
    });
    let screen = render(&app);
    assert!(screen.contains("Amelia Martin"), "still shown: {screen}");
    enter_lands_on_amelia(
        &mut app,
        "Enter opens the hit shown, not what its place in the source became",
    );
}

#[test]
fn a_list_loaded_while_the_box_is_open_is_searched_a_second_later_the_selection_on_its_hit() {
    // One of Acme's users is just "Martin": a better hit, above the one selected.
    let mut app = found_amelia_then_acme_loads(User {
        id: "u-martin".into(),
        display_name: "Martin".into(),
        email: "martin@acme.example".into(),
        ..Default::default()
    });
    std::thread::sleep(std::time::Duration::from_millis(1100));
    app.tick();
    let screen = render(&app);
    assert!(
        screen.contains("Martin  · Acme AB"),
        "searched again: {screen}"
    );
    enter_lands_on_amelia(&mut app, "the selection followed its hit down");
}
