//! The catalog, subscriptions and assignment screens on the fixtures: whole-screen snapshots,
//! which requests each action queues, and what stays on screen after a failed write.

use crate::ui_support;
use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{ApiError, Mutation, Resource, ResourceData};
use tenantdeck::app::App;
use tenantdeck::domain::{
    BusinessError, CustomPropertySet, FieldErrors, OrganizationService, OrganizationServiceAdd,
    SubscriptionCreate, SubscriptionUserSet,
};

const NO_ROLE: &str = "User has no role; assign a role before adding the user to a subscription.";

fn org() -> String {
    "o-acme".into()
}

/// The users of the active Business Basic subscription.
fn assignment() -> App {
    let mut app = subscriptions_screen();
    press(&mut app, KeyCode::Enter);
    serve(&mut app);
    app
}

fn business(message: &str) -> ApiError {
    ApiError::Business(vec![BusinessError::invalid_value(message)])
}

fn subscription_users() -> Resource {
    Resource::SubscriptionUsers {
        org: org(),
        service: "s-m365".into(),
        subscription: "sub-basic".into(),
    }
}

#[test]
fn catalog_with_detail() {
    let app = catalog_screen(false);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn subscriptions_with_a_cancelled_one() {
    let app = subscriptions_screen();
    insta::assert_snapshot!(render(&app));
}

#[test]
fn assignment_with_counts_and_the_no_role_message() {
    let mut app = assignment();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    keys(&mut app, "a");
    let sent = app.take_requests();
    answer(&mut app, &sent, Err(business(NO_ROLE)));
    insta::assert_snapshot!(render(&app));
}

#[test]
fn adding_a_service_asks_for_its_properties_and_keeps_them_after_a_refusal() {
    let mut app = catalog_screen(false);
    keys(&mut app, "a");
    let screen = render(&app);
    assert!(screen.contains("Add Cloud Backup"), "{screen}");
    assert!(screen.contains("‹ EU ›"), "the default is chosen: {screen}");
    press(&mut app, KeyCode::Enter);
    assert!(
        mutations(&app.take_requests()).is_empty(),
        "mandatory contact missing"
    );
    assert!(render(&app).contains("The Backup contact field is required."));
    // The failed submit put the focus on the field that needs work.
    keys(&mut app, "it@acme.se");
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    let expected = Mutation::AddService {
        org: org(),
        input: OrganizationServiceAdd {
            service_id: "s-backup".into(),
            custom_properties: vec![
                CustomPropertySet {
                    property_id: "p-region".into(),
                    value: "EU".into(),
                },
                CustomPropertySet {
                    property_id: "p-contact".into(),
                    value: "it@acme.se".into(),
                },
            ],
        },
    };
    assert_eq!(mutations(&requests)[0].1, expected);
    let mut fields = FieldErrors::default();
    fields.add("CustomProperties[Backup contact]", "Not a known mailbox.");
    answer(&mut app, &requests, Err(ApiError::Fields(fields)));
    let screen = render(&app);
    assert!(screen.contains("it@acme.se"), "input kept: {screen}");
    assert!(screen.contains("Not a known mailbox."), "{screen}");
    // The server's remark stays until the field is edited; then Enter sends again.
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "e");
    press(&mut app, KeyCode::Enter);
    let retry = app.take_requests();
    assert_eq!(
        mutations(&retry)[0].1,
        expected,
        "the same input, sent again"
    );
    answer(&mut app, &retry, Ok(Some("s-backup".into())));
    let reloads = reads(&app.take_requests());
    assert!(
        reloads.contains(&Resource::Estore { org: org() }),
        "{reloads:?}"
    );
    assert!(reloads.contains(&Resource::OrgServices { org: org() }));
    assert!(render(&app).contains("service added"));
}

#[test]
fn update_and_patch_are_two_different_writes() {
    let mut app = catalog_screen(false);
    press(&mut app, KeyCode::Tab);
    serve(&mut app);
    keys(&mut app, "e");
    serve(&mut app);
    let screen = render(&app);
    assert!(screen.contains("Update Microsoft 365"), "{screen}");
    assert!(screen.contains("CSP direct"), "the note is prefilled");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, ".eu");
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    assert!(
        matches!(&sent[0].1, Mutation::UpdateService { service, input, .. }
            if service == "s-m365" && input.note.as_deref() == Some("CSP direct")
                && input.custom_properties[0].value == "acme.onmicrosoft.com.eu"),
        "{sent:?}"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    keys(&mut app, "p");
    let screen = render(&app);
    assert!(
        screen.contains("Custom properties of Microsoft 365"),
        "{screen}"
    );
    assert!(!screen.contains("Note "), "{screen}");
    keys(&mut app, ".eu");
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    assert!(
        matches!(&sent[0].1, Mutation::PatchServiceProperties { properties, .. }
            if properties.len() == 1 && properties[0].value == "acme.onmicrosoft.com.eu"),
        "{sent:?}"
    );
}

#[test]
fn removing_a_service_lists_its_subscriptions_first() {
    let mut app = catalog_screen(false);
    press(&mut app, KeyCode::Tab);
    serve(&mut app);
    keys(&mut app, "d");
    let asked = reads(&app.take_requests());
    let subs = Resource::Subscriptions {
        org: org(),
        service: "s-m365".into(),
    };
    assert_eq!(asked, vec![subs.clone()], "its subscriptions are fetched");
    press(&mut app, KeyCode::Char('y'));
    assert!(
        mutations(&app.take_requests()).is_empty(),
        "not before they are listed"
    );
    let data = tenantdeck::api::ResourceData::Subscriptions(ui_support::subscriptions());
    app.handle_api_event(loaded(99, subs, data));
    let screen = render(&app);
    assert!(screen.contains("Business Basic × 10"), "{screen}");
    assert!(screen.contains("Office 365 E3 × 2 (cancelled)"), "{screen}");
    assert!(
        screen.contains(" y yes  Esc cancel"),
        "the hints name y: {screen}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        mutations(&app.take_requests()).is_empty(),
        "Enter is not yes"
    );
    assert!(render(&app).contains("press y to remove"));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        mutations(&app.take_requests())[0].1,
        Mutation::RemoveService {
            org: org(),
            service: "s-m365".into()
        }
    );
}

#[test]
fn creating_a_subscription_checks_the_quantity_against_the_product() {
    let mut app = subscriptions_screen();
    keys(&mut app, "n");
    assert!(render(&app).contains("New subscription"));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    assert!(mutations(&app.take_requests()).is_empty());
    assert!(render(&app).contains("between 5 and 50"));
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "12");
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    assert_eq!(
        mutations(&requests)[0].1,
        Mutation::CreateSubscription {
            org: org(),
            service: "s-m365".into(),
            input: SubscriptionCreate {
                product_id: "prod-e3".into(),
                quantity: 12
            }
        }
    );
    answer(&mut app, &requests, Ok(Some("sub-new".into())));
    assert!(
        reads(&app.take_requests()).contains(&Resource::Subscriptions {
            org: org(),
            service: "s-m365".into()
        })
    );
}

#[test]
fn quantity_and_cancel_act_on_active_subscriptions_only() {
    let mut app = subscriptions_screen();
    keys(&mut app, "e");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "25");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        &mutations(&app.take_requests())[0].1,
        Mutation::UpdateSubscription { subscription, input, .. }
            if subscription == "sub-basic" && input.quantity == 25
    ));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    keys(&mut app, "jd");
    assert!(render(&app).contains("already cancelled"));
    keys(&mut app, "kd");
    assert!(render(&app).contains("Cancel subscription"));
    keys(&mut app, "y");
    assert!(matches!(
        &mutations(&app.take_requests())[0].1,
        Mutation::CancelSubscription { subscription, .. } if subscription == "sub-basic"
    ));
}

#[test]
fn assigning_and_unassigning_refresh_the_subscription_users() {
    let mut app = assignment();
    assert!(render(&app).contains("2 of 5 assigned"));
    keys(&mut app, "/nils");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "a");
    let requests = app.take_requests();
    assert_eq!(
        mutations(&requests)[0].1,
        Mutation::AssignUser {
            org: org(),
            service: "s-m365".into(),
            subscription: "sub-basic".into(),
            input: SubscriptionUserSet {
                user_id: "u-nils".into(),
                external_user_id: String::new()
            }
        }
    );
    answer(&mut app, &requests, Ok(Some("u-nils".into())));
    assert_eq!(reads(&serve(&mut app)), vec![subscription_users()]);
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "u");
    let screen = render(&app);
    assert!(
        screen.contains("external user id aad-1111 goes with it"),
        "{screen}"
    );
    assert!(mutations(&app.take_requests()).is_empty(), "asks first");
    keys(&mut app, "y");
    let requests = app.take_requests();
    assert!(matches!(
        &mutations(&requests)[0].1,
        Mutation::UnassignUser { user, .. } if user == "u-lena"
    ));
    assert!(
        render(&app).contains("unassign…"),
        "the dialog waits for the answer"
    );
    answer(&mut app, &requests, Ok(None));
    assert!(!render(&app).contains("Unassign user"));
    assert_eq!(reads(&app.take_requests()), vec![subscription_users()]);
    keys(&mut app, "x");
    assert!(render(&app).contains("External user id of Lena Berg"));
    for _ in 0.."aad-1111".len() {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "aad-9");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        &mutations(&app.take_requests())[0].1,
        Mutation::SetExternalUserId { input, .. }
            if input.user_id == "u-lena" && input.external_user_id == "aad-9"
    ));
}

#[test]
fn a_user_without_a_role_gets_one_right_here_and_then_assigns() {
    let mut app = assignment();
    keys(&mut app, "jja");
    let sent = app.take_requests();
    answer(&mut app, &sent, Err(business(NO_ROLE)));
    assert!(render(&app).contains("Press R to choose the role"));
    keys(&mut app, "R");
    let asked = reads(&serve(&mut app));
    assert!(asked.contains(&Resource::User {
        org: org(),
        user: "u-eva".into()
    }));
    assert!(asked.contains(&Resource::OrganizationRoles { org: org() }));
    assert!(render(&app).contains("Role of Eva Lind"));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    let Mutation::UpdateUser { user, input, .. } = &mutations(&requests)[0].1 else {
        panic!("an update of the user");
    };
    assert_eq!(user, "u-eva");
    assert_eq!(input.role_id, Some(2));
    assert_eq!(input.first_name, "Eva");
    answer(&mut app, &requests, Ok(None));
    let reloads = reads(&app.take_requests());
    assert!(
        reloads.contains(&Resource::Users { org: org() }),
        "{reloads:?}"
    );
    let screen = render(&app);
    assert!(screen.contains("role set for Eva Lind"), "{screen}");
    assert!(!screen.contains("Press R to choose"));
    keys(&mut app, "a");
    assert!(matches!(
        &mutations(&app.take_requests())[0].1,
        Mutation::AssignUser { input, .. } if input.user_id == "u-eva"
    ));
}

#[test]
fn read_only_refuses_every_write_of_these_screens() {
    let mut app = catalog_screen(true);
    keys(&mut app, "a");
    assert!(render(&app).contains("read-only: add is disabled"));
    assert!(
        app.take_requests()
            .iter()
            .all(|r| !matches!(r, tenantdeck::api::ApiRequest::Mutate { .. }))
    );
}

#[test]
fn esc_walks_back_down_the_breadcrumb() {
    let mut app = assignment();
    let screen = render(&app);
    assert!(
        screen.contains("… › Services › Microsoft 365 › Subscription Business Basic"),
        "{screen}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(render(&app).contains("Services › Microsoft 365 │"));
    press(&mut app, KeyCode::Esc);
    let screen = render(&app);
    assert!(screen.contains("Acme AB › Services │"));
    assert!(
        screen.contains("›✓Microsoft 365"),
        "the added list still has the focus: {screen}"
    );
}

/// The fixtures, with Acme's Microsoft 365 not marked user-assigned.
fn not_user_assigned(resource: &Resource) -> Option<ResourceData> {
    match resource {
        Resource::OrgServices { org } if org == "o-acme" => {
            let services = ui_support::services()
                .into_iter()
                .map(|s| OrganizationService {
                    user_assigned: false,
                    ..s
                })
                .collect();
            Some(ResourceData::OrgServices(services))
        }
        other => fixture(other),
    }
}

/// Issue 15.2: only services marked user-assigned take users. For one that is not, the
/// subscriptions offer no way to their users, assigning one user says why, and a bulk assign
/// of marked users leaves each out with the reason.
#[test]
fn a_service_that_is_not_user_assigned_offers_no_assignment() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    for key in [KeyCode::Char('s'), KeyCode::Tab, KeyCode::Enter] {
        serve_with(&mut app, not_user_assigned);
        press(&mut app, key);
        serve_with(&mut app, not_user_assigned);
    }
    // The status bar cuts the rest of it: "its subscriptions take no users".
    let reason = "Microsoft 365 is not a user-assigned service: its";
    let screen = render(&app);
    assert!(screen.contains("Business Basic"), "{screen}");
    assert!(!screen.contains("Enter users"), "no hint: {screen}");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(screen.contains(reason), "{screen}");
    assert!(!screen.contains("Organization users"), "{screen}");

    // A user's subscriptions still lead to it, to see and unassign who is there.
    for _ in 0..2 {
        press(&mut app, KeyCode::Esc);
    }
    for key in [KeyCode::Char('u'), KeyCode::Enter, KeyCode::Enter] {
        serve_with(&mut app, not_user_assigned);
        press(&mut app, key);
        serve_with(&mut app, not_user_assigned);
    }
    assert!(
        render(&app).contains("Organization users"),
        "{}",
        render(&app)
    );
    assert!(!render(&app).contains("a assign"), "{}", render(&app));
    press(&mut app, KeyCode::Char('a'));
    assert!(render(&app).contains(reason), "{}", render(&app));
    ctrl(&mut app, 'a');
    press(&mut app, KeyCode::Char('a'));
    let screen = render(&app);
    assert!(screen.contains("0 items"), "{screen}");
    assert!(screen.contains("left out: not user-assigned"), "{screen}");
    press(&mut app, KeyCode::Char('y'));
    assert!(mutations(&app.take_requests()).is_empty());
    assert!(app.take_bulk_commands().is_empty(), "nothing to run");
}
