//! The users and administrators screens through the app: what opening them asks for, sorting
//! inactive first, what the forms send (role picked by name becomes `roleId`, generated
//! passwords), secrets kept out of `Debug` and the screen, failures keeping input, deletes
//! asking first, and the jump from a user's subscription to the tree.

use crate::ui_support;
use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{ApiError, ApiEvent, Mutation, Resource};
use tenantdeck::app::App;
use tenantdeck::domain::FieldErrors;

fn acme_users(app: &mut App) {
    select_acme(app);
    serve(app);
    press(app, KeyCode::Char('u'));
    serve(app);
    serve(app);
}

/// Lets the app's clock run until the cursor counts as resting.
fn rest(app: &mut App) {
    assert!(app.needs_ticks(), "the app ticks while the cursor settles");
    for _ in 0..tenantdeck::app::users::REST_TICKS {
        app.tick();
    }
}

fn answer(app: &mut App, sent: &(u64, Mutation), result: Result<Option<String>, ApiError>) {
    app.handle_api_event(ApiEvent::Mutated {
        id: sent.0,
        mutation: Box::new(sent.1.clone()),
        result,
    });
}

#[test]
fn u_opens_the_users_with_roles_and_the_selected_users_subscriptions() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('u'));
    let asked = reads(&serve(&mut app));
    let org = || "o-acme".to_string();
    assert!(asked.contains(&Resource::Users { org: org() }));
    assert!(asked.contains(&Resource::OrganizationRoles { org: org() }));
    let asked = reads(&serve(&mut app));
    assert_eq!(
        asked,
        vec![Resource::UserAssignments {
            org: org(),
            user: "u-lena".into()
        }]
    );
    let screen = render(&app);
    assert!(
        screen.contains("Nordic Cloud Partner › Acme AB › Users"),
        "{screen}"
    );
    assert!(screen.contains("Business B"), "{screen}");
    press(&mut app, KeyCode::Char('j'));
    // The cursor has to rest on the user before their subscriptions are asked for.
    rest(&mut app);
    let asked = reads(&serve(&mut app));
    assert_eq!(
        asked,
        vec![Resource::UserAssignments {
            org: org(),
            user: "u-olof".into()
        }],
        "moving asks for the next user's subscriptions"
    );
    assert!(!render(&app).contains("Business B"));
}

#[test]
fn a_held_j_asks_for_the_subscriptions_of_the_user_it_stops_on_only() {
    let mut app = loaded_app(false);
    acme_users(&mut app);
    let mut asked = Vec::new();
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('j'));
        // The event loop hands requests over after every key, and may tick in between.
        asked.extend(reads(&serve(&mut app)));
        app.tick();
        asked.extend(reads(&serve(&mut app)));
    }
    assert!(asked.is_empty(), "nothing while moving: {asked:?}");
    rest(&mut app);
    let Some(tenantdeck::app::screen::Screen::Users(screen)) = app.top() else {
        panic!("the users screen is on top");
    };
    let resting_on = screen.users.selected_id().unwrap().to_string();
    assert_eq!(
        reads(&serve(&mut app)),
        vec![Resource::UserAssignments {
            org: "o-acme".into(),
            user: resting_on
        }]
    );
    assert!(!app.needs_ticks(), "settled: the clock stops");
}

#[test]
fn sorting_by_last_access_or_activity_puts_inactive_users_first() {
    let mut app = loaded_app(false);
    acme_users(&mut app);
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('o'));
    }
    let screen = render(&app);
    assert!(screen.contains("Last access ▲"), "{screen}");
    let at = |name: &str| screen.find(name).unwrap();
    assert!(at("Eva Lind") < at("Olof Ek"), "never before 120 days");
    assert!(at("Olof Ek") < at("Lena Berg"), "120 days before 2 days");
    press(&mut app, KeyCode::Char('o'));
    let screen = render(&app);
    assert!(screen.contains("Activity ▲"));
    assert!(screen.find("Olof Ek").unwrap() < screen.find("Lena Berg").unwrap());
}

#[test]
fn inactive_first_is_one_key_away() {
    let mut app = loaded_app(false);
    acme_users(&mut app);
    press(&mut app, KeyCode::Char('i'));
    let screen = render(&app);
    assert!(screen.contains("Activity ▲"), "{screen}");
    let at = |name: &str| screen.find(name).unwrap();
    assert!(at("Eva Lind") < at("Olof Ek"), "never seen first");
    assert!(
        at("Olof Ek") < at("Nils Holm"),
        "then 120 days before 40 days"
    );
    assert!(at("Nils Holm") < at("Lena Berg"), "the most recent last");
}

#[test]
fn creating_a_user_sends_the_role_picked_by_name_and_generates_the_password() {
    let mut app = loaded_app(false);
    acme_users(&mut app);
    press(&mut app, KeyCode::Char('n'));
    let screen = render(&app);
    assert!(screen.contains("New user"), "{screen}");
    assert!(
        screen.contains("(not needed)"),
        "password disabled: {screen}"
    );
    keys(&mut app, "ann");
    assert!(render(&app).contains("not a valid e-mail"), "inline check");
    keys(&mut app, "@acme.se");
    tab(&mut app, 1);
    keys(&mut app, "Ann");
    tab(&mut app, 1);
    keys(&mut app, "Lee");
    tab(&mut app, 2);
    keys(&mut app, "ann@acme.se");
    tab(&mut app, 3);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    assert!(render(&app).contains("‹ Organization User ›"));
    tab(&mut app, 1);
    tab(&mut app, 1);
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    let [(_, Mutation::CreateUser { org, input })] = sent.as_slice() else {
        panic!("{sent:?}\n{}", render(&app));
    };
    assert_eq!(org, "o-acme");
    assert_eq!(input.role_id, Some(2));
    assert!(input.generate_password);
    assert_eq!(input.password, None);
    answer(&mut app, &sent[0], Ok(Some("u-ann".into())));
    assert!(render(&app).contains("created user ann@acme.se"));
    let asked = reads(&app.take_requests());
    assert!(
        asked.contains(&Resource::Users {
            org: "o-acme".into()
        }),
        "{asked:?}"
    );
}

#[test]
fn a_typed_password_is_masked_kept_out_of_debug_and_kept_after_a_network_failure() {
    let mut app = loaded_app(false);
    acme_users(&mut app);
    press(&mut app, KeyCode::Char('n'));
    keys(&mut app, "bo@acme.se");
    tab(&mut app, 1);
    keys(&mut app, "Bo");
    tab(&mut app, 1);
    keys(&mut app, "Ek");
    tab(&mut app, 2);
    keys(&mut app, "bo@acme.se");
    tab(&mut app, 4);
    press(&mut app, KeyCode::Char(' '));
    tab(&mut app, 1);
    keys(&mut app, "Hunter2!secret");
    let screen = render(&app);
    assert!(!screen.contains("Hunter2"), "{screen}");
    assert!(screen.contains("••••"));
    assert!(!format!("{app:?}").contains("Hunter2"));
    press(&mut app, KeyCode::Enter);
    assert!(
        !format!("{app:?}").contains("Hunter2"),
        "not even in the queued request"
    );
    let sent = mutations(&app.take_requests());
    let Mutation::CreateUser { input, .. } = &sent[0].1 else {
        panic!("{sent:?}");
    };
    assert_eq!(
        input.password.as_ref().map(|p| p.expose()),
        Some("Hunter2!secret")
    );
    assert!(!input.generate_password);
    answer(
        &mut app,
        &sent[0],
        Err(ApiError::Network("connection refused".into())),
    );
    let screen = render(&app);
    assert!(screen.contains("cannot reach the server"), "{screen}");
    assert!(!screen.contains("Hunter2"));
    assert!(screen.contains("bo@acme.se"), "input kept");
    press(&mut app, KeyCode::Enter);
    let again = mutations(&app.take_requests());
    assert_eq!(again[0].1, sent[0].1, "retry is one key and sends the same");
}

/// Issue 15.3: the form checks the name rule as the stand-in does, before anything is sent.
#[test]
fn a_password_holding_the_users_name_is_refused_on_the_form_before_sending() {
    let mut app = loaded_app(false);
    acme_users(&mut app);
    press(&mut app, KeyCode::Char('n'));
    keys(&mut app, "bo.ek@acme.se");
    tab(&mut app, 1);
    keys(&mut app, "Bo");
    tab(&mut app, 1);
    keys(&mut app, "Lindqvist");
    tab(&mut app, 2);
    keys(&mut app, "bo@acme.se");
    tab(&mut app, 4);
    press(&mut app, KeyCode::Char(' '));
    tab(&mut app, 1);
    let typed = "lINDQVIST!2024";
    keys(&mut app, typed);
    let refusal = "Password must not contain the username or a word of the name (3+ letters).";
    let screen = render(&app);
    assert!(screen.contains(refusal), "{screen}");
    press(&mut app, KeyCode::Enter);
    assert!(
        mutations(&app.take_requests()).is_empty(),
        "nothing is sent: {}",
        render(&app)
    );
    for _ in 0..typed.len() {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "Bo!Summer2024");
    assert!(!render(&app).contains(refusal), "two letters are no part");
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    assert!(
        matches!(sent.as_slice(), [(_, Mutation::CreateUser { .. })]),
        "{sent:?}"
    );
}

#[test]
fn server_field_errors_land_on_the_user_form_fields() {
    let mut app = loaded_app(false);
    acme_users(&mut app);
    press(&mut app, KeyCode::Char('e'));
    assert!(render(&app).contains("Edit user"));
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    let Mutation::UpdateUser { user, input, .. } = &sent[0].1 else {
        panic!("{sent:?}");
    };
    assert_eq!(user, "u-lena");
    assert_eq!(input.role_id, Some(1));
    let mut fields = FieldErrors::default();
    fields.add("PhonePrefix", "Phone number is not in valid format.");
    answer(&mut app, &sent[0], Err(ApiError::Fields(fields)));
    let screen = render(&app);
    assert!(
        screen.contains("✗ Phone number is not in valid format."),
        "{screen}"
    );
    assert!(
        screen.contains("1 field needs attention: Phone prefix"),
        "{screen}"
    );
}

#[test]
fn deleting_a_user_asks_first_with_their_subscriptions_and_defaults_to_cancel() {
    let mut app = loaded_app(false);
    acme_users(&mut app);
    press(&mut app, KeyCode::Char('d'));
    serve(&mut app);
    let screen = render(&app);
    assert!(screen.contains("Delete user"), "{screen}");
    assert!(
        screen.contains("Microsoft 365 · Business Basic (Active)"),
        "{screen}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        mutations(&app.take_requests()).is_empty(),
        "Enter alone deletes nothing"
    );
    press(&mut app, KeyCode::Char('y'));
    let sent = mutations(&app.take_requests());
    assert_eq!(
        sent[0].1,
        Mutation::DeleteUser {
            org: "o-acme".into(),
            user: "u-lena".into()
        }
    );
}

#[test]
fn enter_on_a_subscription_opens_its_users() {
    let mut app = loaded_app(false);
    acme_users(&mut app);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    serve(&mut app);
    let screen = render(&app);
    assert!(screen.contains("› Subscription Business Basic"), "{screen}");
    assert!(screen.contains("Assigned ·"), "{screen}");
}

#[test]
fn t_on_a_subscription_opens_it_in_the_tree() {
    let mut app = loaded_app(false);
    acme_users(&mut app);
    press(&mut app, KeyCode::Enter);
    assert!(render(&app).contains("t: in tree"));
    press(&mut app, KeyCode::Char('t'));
    let asked = reads(&serve(&mut app));
    assert!(asked.contains(&Resource::Subscriptions {
        org: "o-acme".into(),
        service: "s-m365".into()
    }));
    serve(&mut app);
    let screen = render(&app);
    assert!(
        screen.contains("reseller Nordic Cloud Partner"),
        "back in the tree: {screen}"
    );
    let selected = screen
        .lines()
        .find(|l| l.contains('›') && l.contains("Business Basic"));
    assert!(
        selected.is_some(),
        "the subscription is selected:\n{screen}"
    );
    assert!(screen.contains("sub-basic"), "and detailed:\n{screen}");
}

#[test]
fn capital_a_and_the_palette_open_the_administrators() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('A'));
    let asked = reads(&serve(&mut app));
    assert!(asked.contains(&Resource::Administrators));
    assert!(asked.contains(&Resource::ResellerRoles));
    let screen = render(&app);
    assert!(
        screen.contains("Nordic Cloud Partner › Administrators"),
        "{screen}"
    );
    assert!(screen.contains("kim@partner.test"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(':'));
    keys(&mut app, "admins");
    press(&mut app, KeyCode::Enter);
    assert!(render(&app).contains("› Administrators"));
}

#[test]
fn administrator_form_checks_while_typing_and_sends_the_picked_role() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('A'));
    serve(&mut app);
    press(&mut app, KeyCode::Char('n'));
    // The role: Sales Agent.
    ui_support::people::fill_new_admin(&mut app, "new@partner.test");
    tab(&mut app, 1);
    keys(&mut app, "+372");
    assert!(render(&app).contains("✗ Phone number is not in valid format."));
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Delete);
    assert!(!render(&app).contains("✗ Phone number"));
    tab(&mut app, 10);
    keys(&mut app, "esto");
    assert!(
        render(&app).contains("→ takes EE Estonia"),
        "{}",
        render(&app)
    );
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    let [(_, Mutation::CreateAdministrator(input))] = sent.as_slice() else {
        panic!("{sent:?}\n{}", render(&app));
    };
    assert_eq!(input.role_id, 18);
    assert_eq!(input.home_phone_prefix, "372");
    assert_eq!(input.address.country_code, "EE");
    assert!(input.generate_password);
}

#[test]
fn the_long_administrator_form_scrolls_to_keep_the_focused_field_visible() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('A'));
    serve(&mut app);
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    let long = "The administrator could not be saved because the identity provider is busy; \
                nothing was changed, so press Enter to try again in a minute.";
    let refusal = tenantdeck::domain::BusinessError::invalid_value(long);
    answer(
        &mut app,
        &sent[0],
        Err(ApiError::Business(vec![
            refusal.clone(),
            refusal.clone(),
            refusal,
        ])),
    );
    press(&mut app, KeyCode::BackTab);
    let screen = render(&app);
    let focused = screen.lines().find(|l| l.contains("│›"));
    assert!(
        focused.is_some_and(|l| l.contains("Password")),
        "the last field is in view:\n{screen}"
    );
    assert!(
        !screen.contains("Username (e-mail)"),
        "the top scrolled away:\n{screen}"
    );
    press(&mut app, KeyCode::Tab);
    let screen = render(&app);
    assert!(
        screen.contains("│›   Username (e-mail)"),
        "back at the top:\n{screen}"
    );
    assert!(screen.contains("kim@partner.test"), "input kept:\n{screen}");
}

/// Answers the requests taken from `app` except those for `held`, which are returned.
fn serve_all_but(app: &mut App, held: &Resource) -> Vec<tenantdeck::api::ApiRequest> {
    use tenantdeck::api::ApiRequest;
    let (kept, answered): (Vec<_>, Vec<_>) = app.take_requests().into_iter().partition(|r| {
        matches!(r, ApiRequest::Fetch { resource, .. } | ApiRequest::Refresh { resource, .. } if resource == held)
    });
    for request in &answered {
        if let ApiRequest::Fetch { id, resource } | ApiRequest::Refresh { id, resource } = request
            && let Some(data) = fixture(resource)
        {
            app.handle_api_event(loaded(*id, resource.clone(), data));
        }
    }
    kept
}

#[test]
fn n_before_the_roles_arrive_opens_the_form_when_they_do() {
    use tenantdeck::api::ApiRequest;
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('A'));
    let roles = serve_all_but(&mut app, &Resource::ResellerRoles);
    let [ApiRequest::Fetch { id, resource }] = roles.as_slice() else {
        panic!("the roles are asked for: {roles:?}");
    };
    press(&mut app, KeyCode::Char('n'));
    let screen = render(&app);
    assert!(!screen.contains("New administrator"), "{screen}");
    assert!(
        screen.contains("the form opens when they arrive"),
        "{screen}"
    );
    app.handle_api_event(loaded(*id, resource.clone(), fixture(resource).unwrap()));
    assert!(
        render(&app).contains("New administrator"),
        "{}",
        render(&app)
    );

    let (mut app, held) = acme_users_roles_held();
    press(&mut app, KeyCode::Char('n'));
    assert!(!render(&app).contains("New user"));
    answer_held(&mut app, held);
    assert!(render(&app).contains("New user"), "{}", render(&app));
}

/// Acme's users screen, every read answered but its roles: those requests are returned.
pub(crate) fn acme_users_roles_held() -> (App, Vec<tenantdeck::api::ApiRequest>) {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('u'));
    let roles = Resource::OrganizationRoles {
        org: "o-acme".into(),
    };
    let held = serve_all_but(&mut app, &roles);
    (app, held)
}

/// Answers the reads `held` from the fixtures.
pub(crate) fn answer_held(app: &mut App, held: Vec<tenantdeck::api::ApiRequest>) {
    for request in held {
        if let tenantdeck::api::ApiRequest::Fetch { id, resource } = request {
            app.handle_api_event(loaded(id, resource.clone(), fixture(&resource).unwrap()));
        }
    }
}

#[test]
fn r_before_the_roles_arrive_opens_the_role_change_when_they_do() {
    let (mut app, held) = acme_users_roles_held();
    press(&mut app, KeyCode::Char('R'));
    let screen = render(&app);
    assert!(!screen.contains("Role: none chosen"), "{screen}");
    assert!(
        screen.contains("the role change opens when they arrive"),
        "{screen}"
    );
    answer_held(&mut app, held);
    let screen = render(&app);
    assert!(screen.contains("Role: none chosen"), "{screen}");
}
