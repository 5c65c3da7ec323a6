//! The reseller tree as the root screen: the app's one set of list commands reaches it, it is
//! never popped, and what it keeps loaded is only the selected organization's record.

use std::sync::Arc;

use super::*;
use crate::api::{ApiEvent, ApiRequest};
use crate::app::commands::CommandId;
use crate::app::{App, Mode, SessionInfo};
use crate::domain::{Organization, OrganizationSummary};

fn org(id: &str) -> OrganizationSummary {
    OrganizationSummary {
        id: id.into(),
        name: format!("Org {id}").into(),
        is_active: true,
        ..OrganizationSummary::default()
    }
}

/// Answers the newest read of `resource` that the app asked for among `requests`.
fn answer(app: &mut App, requests: &[ApiRequest], resource: Resource, data: ResourceData) {
    let id = requests
        .iter()
        .rev()
        .find_map(|r| match r {
            ApiRequest::Fetch { id, resource: r } if *r == resource => Some(*id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{resource:?} was not asked for: {requests:?}"));
    app.handle_api_event(ApiEvent::Loaded {
        id,
        resource,
        data: Arc::new(data),
        stale: false,
        skipped: 0,
    });
}

/// A Cloudmore app with organizations a, b and c loaded, the reseller's row selected, and
/// what it asked for at the start (the custom-property definitions are left unanswered).
fn started() -> (App, Vec<ApiRequest>) {
    let mut app = App::new(SessionInfo::default());
    let requests = app.take_requests();
    let orgs = ResourceData::Organizations(vec![org("a"), org("b"), org("c")]);
    answer(&mut app, &requests, Resource::Organizations, orgs);
    (app, requests)
}

fn app() -> App {
    started().0
}

fn fetched_records(requests: &[ApiRequest]) -> Vec<String> {
    requests
        .iter()
        .filter_map(|r| match r {
            ApiRequest::Fetch {
                resource: Resource::Organization { org },
                ..
            } => Some(org.clone()),
            _ => None,
        })
        .collect()
}

fn tree(app: &App) -> &ResellerTree {
    match app.screens.first() {
        Some(Screen::Tree(tree)) => tree,
        other => panic!("the root is not the reseller tree: {other:?}"),
    }
}

#[test]
fn the_tree_is_the_root_screen_and_the_list_commands_reach_it() {
    let mut app = app();
    assert_eq!(app.screens.len(), 1);
    assert_eq!(app.scope(), Scope::Tree);
    assert_eq!(app.breadcrumb(), ["Reseller"]);
    assert_eq!(tree(&app).list().summary(), "3 of 3 organizations");

    app.dispatch(CommandId::Mark);
    let flash = app.flash.take().expect("the reseller's row takes no mark");
    assert_eq!(flash.text, "only organizations can be marked");
    assert!(flash.error);

    app.dispatch(CommandId::ListDown);
    app.dispatch(CommandId::Mark);
    app.dispatch(CommandId::Mark);
    assert_eq!(app.marked_count(), 2, "a and b, the cursor moving on");
    assert_eq!(
        app.unavailable(CommandId::ListBack),
        None,
        "Esc clears them"
    );
    app.dispatch(CommandId::ListBack);
    assert_eq!(app.marked_count(), 0);
    assert_eq!(
        app.unavailable(CommandId::ListBack).as_deref(),
        Some("nothing to clear: this is the first screen")
    );
    assert_eq!(
        app.unavailable(CommandId::ListNextPane).as_deref(),
        Some("the tree is one list")
    );
    app.pop_screen();
    assert_eq!(app.screens.len(), 1, "the root is never popped");

    app.dispatch(CommandId::ListSortFlip);
    app.dispatch(CommandId::ListTop);
    app.dispatch(CommandId::ListDown);
    let selected = tree(&app).selected_org(&app.store).map(|(id, _)| id);
    assert_eq!(selected.as_deref(), Some("c"), "sorted by name, descending");
}

#[test]
fn the_selected_organizations_record_is_asked_for_once_per_frame_not_per_row() {
    let mut app = app();
    app.take_requests();
    for _ in 0..3 {
        app.dispatch(CommandId::ListDown);
    }
    assert_eq!(fetched_records(&app.take_requests()), ["c"]);
    assert!(
        fetched_records(&app.take_requests()).is_empty(),
        "asked for once while it loads"
    );
    app.dispatch(CommandId::ListTop);
    assert!(
        fetched_records(&app.take_requests()).is_empty(),
        "the reseller's row has no record"
    );
}

#[test]
fn an_edit_waits_for_the_record_and_the_definitions_and_gives_up_when_unreadable() {
    let (mut app, started) = started();
    app.take_requests();
    app.dispatch(CommandId::ListDown);
    app.dispatch(CommandId::OrgEdit);
    assert_eq!(
        app.flash.as_ref().map(|f| f.text.as_str()),
        Some("loading the organization…")
    );
    let requests = app.take_requests();
    let full = Organization {
        id: "a".into(),
        name: "Org a".into(),
        ..Organization::default()
    };
    let record = Resource::Organization { org: "a".into() };
    answer(
        &mut app,
        &requests,
        record.clone(),
        ResourceData::Organization(full),
    );
    assert!(
        matches!(app.mode, Mode::Browse),
        "the custom-property definitions are still missing"
    );
    answer(
        &mut app,
        &started,
        Resource::OrgPropertyDefinitions,
        ResourceData::PropertyDefinitions(Vec::new()),
    );
    assert!(matches!(app.mode, Mode::Form(_)), "the form opens now");
    assert_eq!(app.flash, None, "and the loading message is gone");

    // b's record fails: the edit waiting for it is dropped, so a later load opens nothing.
    app.mode = Mode::Browse;
    app.dispatch(CommandId::ListDown);
    app.dispatch(CommandId::OrgEdit);
    let requests = app.take_requests();
    let b = Resource::Organization { org: "b".into() };
    let id = requests
        .iter()
        .find_map(|r| match r {
            ApiRequest::Fetch { id, resource } if *resource == b => Some(*id),
            _ => None,
        })
        .expect("b's record is read");
    app.handle_api_event(ApiEvent::LoadFailed {
        id,
        resource: b.clone(),
        error: ApiError::NotFound,
    });
    assert_eq!(tree(&app).pending, None);
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn a_deleted_organization_is_named_and_its_record_not_asked_for_again() {
    let mut app = app();
    app.dispatch(CommandId::ListDown);
    app.take_requests();
    let delete = Mutation::DeleteOrganization { org: "a".into() };
    app.handle_api_event(ApiEvent::Mutated {
        id: 99,
        mutation: Box::new(delete),
        result: Ok(None),
    });
    assert_eq!(
        app.flash.as_ref().map(|f| f.text.as_str()),
        Some("deleted the organization Org a with its services, subscriptions and users")
    );
    let requests = app.take_requests();
    assert!(fetched_records(&requests).is_empty(), "{requests:?}");
    assert!(
        requests.iter().any(|r| matches!(
            r,
            ApiRequest::Fetch {
                resource: Resource::Organizations,
                ..
            }
        )),
        "the list reloads: {requests:?}"
    );
}

#[test]
fn definitions_that_cannot_be_read_leave_the_form_without_properties() {
    let (mut app, started) = started();
    app.take_requests();
    app.dispatch(CommandId::OrgCreate);
    let id = started
        .iter()
        .find_map(|r| match r {
            ApiRequest::Fetch { id, resource } if *resource == Resource::OrgPropertyDefinitions => {
                Some(*id)
            }
            _ => None,
        })
        .expect("the definitions are read");
    app.handle_api_event(ApiEvent::LoadFailed {
        id,
        resource: Resource::OrgPropertyDefinitions,
        error: ApiError::NotFound,
    });
    assert!(matches!(app.mode, Mode::Browse));
    app.dispatch(CommandId::OrgCreate);
    let Mode::Form(form) = &app.mode else {
        panic!("asked again, the form opens: {:?}", app.flash);
    };
    assert!(
        form.form
            .fields
            .iter()
            .all(|f| !f.key.starts_with("CustomProperties"))
    );
}

#[test]
fn the_trees_organization_commands_are_the_hierarchys_and_delete_takes_one_at_a_time() {
    use crate::app::commands::{self, Key};
    let mut app = app();
    // The keys of the shared organization commands reach the tree's own handling.
    let delete = commands::lookup(Scope::Tree, Key::from_event(&key('d'))).map(|c| c.id);
    assert_eq!(delete, Some(CommandId::OrgDelete));
    assert_eq!(
        app.unavailable(CommandId::OrgDelete).as_deref(),
        Some("select an organization to delete"),
        "on the reseller's row"
    );
    app.dispatch(CommandId::ListDown);
    assert_eq!(app.unavailable(CommandId::OrgDelete), None);
    app.dispatch(CommandId::Mark);
    app.dispatch(CommandId::Mark);
    let refused = app.unavailable(CommandId::OrgDelete).expect("refused");
    assert!(refused.contains("one at a time"), "{refused}");
    assert_eq!(
        app.unavailable(CommandId::OrgSetStatus),
        None,
        "setting a status takes the marked ones"
    );
    app.dispatch(CommandId::OrgSetStatus);
    assert!(matches!(app.screens.last(), Some(Screen::Bulk(_))));
}

fn key(c: char) -> ratatui::crossterm::event::KeyEvent {
    ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char(c))
}

#[test]
fn the_raw_view_asks_for_the_servers_own_body_and_shows_it_when_it_comes() {
    use crate::app::raw_view::Source;
    let mut app = app();
    app.take_requests();
    app.dispatch(CommandId::ListDown);
    app.dispatch(CommandId::RecordRaw);
    let (id, resource) = raw_request(&mut app);
    assert_eq!(resource, Resource::Organization { org: "a".into() });
    let view = app.raw.as_deref().expect("the view opens at once");
    assert_eq!(view.source, Source::Reading(id));
    assert!(!view.lines.iter().any(|l| l.contains("fieldFromTheFuture")));

    let body = serde_json::json!({"id": "a", "name": "Org a", "fieldFromTheFuture": [1]});
    app.handle_api_event(ApiEvent::Raw {
        id: id + 1,
        body: Ok(Arc::new(serde_json::json!({"other": true}))),
    });
    assert_eq!(
        app.raw.as_deref().unwrap().source,
        Source::Reading(id),
        "not its answer"
    );
    app.handle_api_event(ApiEvent::Raw {
        id,
        body: Ok(Arc::new(body)),
    });
    let view = app.raw.as_deref().unwrap();
    assert_eq!(view.source, Source::Server);
    assert!(view.lines.iter().any(|l| l.contains("fieldFromTheFuture")));
}

#[test]
fn a_raw_body_that_cannot_be_read_leaves_the_decoded_record_and_says_why() {
    use crate::app::raw_view::Source;
    let mut app = app();
    app.dispatch(CommandId::ListDown);
    app.take_requests();
    app.dispatch(CommandId::RecordRaw);
    let id = raw_request(&mut app).0;
    let shown = app.raw.as_deref().unwrap().lines.clone();
    // A timeout after the client's retries, a throttle it gave up on, a null body.
    app.handle_api_event(ApiEvent::Raw {
        id,
        body: Err(crate::api::ApiError::Timeout(30)),
    });
    let view = app.raw.as_deref().unwrap();
    assert!(
        matches!(&view.source, Source::Decoded(Some(why)) if why.contains("could not be read")),
        "{:?}",
        view.source
    );
    assert_eq!(view.lines, shown, "the decoded record stays");

    app.dispatch(CommandId::RecordRaw);
    let id = raw_request(&mut app).0;
    app.handle_api_event(ApiEvent::Raw {
        id,
        body: Ok(Arc::new(serde_json::Value::Null)),
    });
    let view = app.raw.as_deref().unwrap();
    assert_eq!(view.source, Source::Server);
    assert_eq!(view.lines, ["null"], "a null body is shown as what it is");
}

/// The raw view's read of a record's body among what the app asked for.
fn raw_request(app: &mut App) -> (crate::api::RequestId, Resource) {
    let asked = app.take_requests().into_iter().find_map(|r| match r {
        ApiRequest::FetchRaw { id, resource } => Some((id, resource)),
        _ => None,
    });
    asked.expect("the raw body is asked for")
}

#[test]
fn the_organization_count_is_grouped_by_thousands() {
    let mut app = App::new(SessionInfo::default());
    let requests = app.take_requests();
    let orgs = (0..12_345).map(|i| org(&format!("o-{i}"))).collect();
    let orgs = ResourceData::Organizations(orgs);
    answer(&mut app, &requests, Resource::Organizations, orgs);
    assert_eq!(
        tree(&app).list().summary(),
        "12,345 of 12,345 organizations"
    );
}
