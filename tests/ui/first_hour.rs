//! Issue 10, as a new user meets it: forms that use their width, errors in the form's words, a
//! country code that suggests as you type, where a generated password goes, administrators by
//! name with the signed-in account among them, and a refused sign-in that says what to fix.

use crate::ui_support;
use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{ApiError, ApiEvent, Mutation, Resource, ResourceData};
use tenantdeck::app::{App, SessionInfo};

fn admins_app() -> App {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('A'));
    serve(&mut app);
    app
}

const LONG_EMAIL: &str = "nova.tester.support@northwind-cloud-partners.example";

#[test]
fn a_long_value_shows_whole_at_160_columns_and_cut_with_an_ellipsis_at_80() {
    let mut app = admins_app();
    press(&mut app, KeyCode::Char('n'));
    keys(&mut app, LONG_EMAIL);
    let wide = render_at(&app, 160, 45);
    assert!(wide.contains(LONG_EMAIL), "{wide}");
    assert!(
        wide.contains("Username (e-mail)*"),
        "the label is whole: {wide}"
    );
    let narrow = render_at(&app, 80, 24);
    let line = narrow
        .lines()
        .find(|l| l.contains("Username (e-mail)*"))
        .unwrap();
    assert!(line.contains('…'), "the cut side says so: {line}");
    assert!(
        line.contains("partners.example"),
        "the cursor's side (the end) shows: {line}"
    );
    // Back to the start: now the end is cut.
    press(&mut app, KeyCode::Home);
    let narrow = render_at(&app, 80, 24);
    let line = narrow
        .lines()
        .find(|l| l.contains("Username (e-mail)*"))
        .unwrap();
    assert!(line.contains("nova.tester"), "{line}");
    assert!(line.contains('…'), "{line}");
}

#[test]
fn form_errors_use_the_form_labels_and_say_how_to_fix_them() {
    let mut app = admins_app();
    press(&mut app, KeyCode::Char('n'));
    keys(&mut app, "johndoe");
    tab(&mut app, 7);
    keys(&mut app, "+372");
    press(&mut app, KeyCode::Enter);
    let screen = render_at(&app, 160, 45);
    for api_words in [
        "The Name field",
        "RoleId",
        "Address.CountryCode",
        "DisplayName",
    ] {
        assert!(!screen.contains(api_words), "{api_words}:\n{screen}");
    }
    assert!(
        screen.contains("The Username (e-mail) field is not a valid e-mail address: write it like"),
        "{screen}"
    );
    assert!(
        screen.contains("The Role field is required: pick one with ← →."),
        "{screen}"
    );
    assert!(
        screen.contains("Phone number is not in valid format. Digits only, without +."),
        "{screen}"
    );
    // SMS without a cell phone names the fields by their labels (the submit put the focus on
    // the first field; the MFA choice is the 19th).
    tab(&mut app, 18);
    press(&mut app, KeyCode::Right);
    let screen = render_at(&app, 160, 45);
    assert!(
        screen.contains("Cell phone is needed for SMS codes: fill it in or set MFA to Email."),
        "{screen}"
    );
    assert!(!screen.contains("MfaOption"), "{screen}");
}

#[test]
fn a_server_error_keeps_its_words_but_names_the_form_label() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('e'));
    serve(&mut app);
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    assert!(!sent.is_empty(), "the edit form sends");
    let mut fields = tenantdeck::domain::FieldErrors::default();
    fields.add(
        "NotificationEmail",
        "The NotificationEmail field is in use.",
    );
    app.handle_api_event(ApiEvent::Mutated {
        id: sent[0].0,
        mutation: Box::new(sent[0].1.clone()),
        result: Err(ApiError::Fields(fields)),
    });
    let screen = render_at(&app, 160, 45);
    assert!(
        screen.contains("The Notification e-mail field is in use."),
        "{screen}"
    );
}

#[test]
fn a_partial_country_suggests_as_you_type_and_says_which_right_arrow_takes() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('n'));
    // Sixteen text fields and the Active toggle come first.
    tab(&mut app, 17);
    keys(&mut app, "Ger");
    let screen = render_at(&app, 160, 45);
    assert!(screen.contains("press → for Germany (DE)"), "{screen}");
    assert!(screen.contains("→ takes DE Germany"), "{screen}");
    assert!(!screen.contains("Invalid country code"), "{screen}");
    press(&mut app, KeyCode::Right);
    let screen = render_at(&app, 160, 45);
    let line = screen.lines().find(|l| l.contains("Country code")).unwrap();
    assert!(line.contains("DE") && line.contains("Germany"), "{line}");
    // A code typed in lower case is meant in upper case.
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "se");
    let screen = render_at(&app, 160, 45);
    let line = screen.lines().find(|l| l.contains("Country code")).unwrap();
    assert!(line.contains("Sweden") && !line.contains('✗'), "{line}");
}

#[test]
fn a_generated_password_says_it_is_e_mailed_in_the_form_and_after_saving() {
    let mut app = admins_app();
    press(&mut app, KeyCode::Char('n'));
    ui_support::people::fill_new_admin(&mut app, "lead@partner.test");
    tab(&mut app, 11);
    keys(&mut app, "EE");
    let screen = render_at(&app, 160, 45);
    let line = screen
        .lines()
        .find(|l| l.contains("Generate password"))
        .unwrap();
    assert!(
        line.contains("e-mailed by Cloudmore to lead@partner.test; never shown here"),
        "{line}"
    );
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    let sent = answer(&mut app, &requests, Ok(Some("a-new".into())));
    assert!(
        matches!(&sent[0], Mutation::CreateAdministrator(input) if input.generate_password),
        "{sent:?}"
    );
    let screen = render_at(&app, 160, 45);
    assert!(
        screen.contains(
            "created administrator new@partner.test; Cloudmore e-mails the generated password to lead@partner.test"
        ),
        "{screen}"
    );
}

/// The fixture's administrators plus the signed-in account, as the stand-in lists it.
fn with_me(app: &mut App) {
    let mut admins = ui_support::people::admins();
    let mut me = admins[0].clone();
    me.id = "a-ann".into();
    me.name = "ann@partner.test".into();
    me.email = "ann@partner.test".into();
    me.display_name = "Ann Api".into();
    admins.push(me);
    for request in app.take_requests() {
        if let tenantdeck::api::ApiRequest::Fetch { id, resource } = request {
            let data = match resource {
                Resource::Administrators => ResourceData::Administrators(admins.clone()),
                ref other => fixture(other).unwrap(),
            };
            app.handle_api_event(loaded(id, resource, data));
        }
    }
}

#[test]
fn administrators_show_their_names_and_the_signed_in_account_marked_you() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('A'));
    with_me(&mut app);
    let screen = render_at(&app, 160, 45);
    let header = screen.lines().find(|l| l.contains("Name")).unwrap();
    assert!(
        header.contains("Username") && !header.contains("Display name"),
        "{header}"
    );
    let kim = screen
        .lines()
        .find(|l| l.contains("kim@partner.test"))
        .unwrap();
    assert!(
        kim.contains("Kim Tamm"),
        "the name, not the username: {kim}"
    );
    let ann = screen
        .lines()
        .find(|l| l.contains("Ann Api"))
        .expect("the signed-in account is listed");
    assert!(ann.contains("Ann Api (you)"), "{ann}");
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Char('d'));
    let screen = render_at(&app, 160, 45);
    assert!(
        !screen.contains("Delete administrator"),
        "no dialog for deleting yourself: {screen}"
    );
    assert!(screen.contains("cannot delete itself"), "{screen}");
    assert!(mutations(&app.take_requests()).is_empty());
}

fn refused_app(rereads: bool) -> App {
    let session = SessionInfo {
        password_source: if rereads {
            "password_command (pass show cloudmore/api)".into()
        } else {
            "TENANTDECK_PASSWORD".into()
        },
        password_rereads: rereads,
        ..session(false)
    };
    let mut app = App::new(session);
    let requests = app.take_requests();
    for id in ids(&requests) {
        app.handle_api_event(ApiEvent::LoadFailed {
            id,
            resource: Resource::Organizations,
            error: ApiError::Auth("wrong username or password (invalid_grant)".into()),
        });
    }
    app
}

#[test]
fn a_refused_sign_in_says_so_names_the_password_source_and_offers_r() {
    let app = refused_app(false);
    let screen = render_at(&app, 160, 45);
    let header = screen.lines().next().unwrap();
    assert!(header.contains("sign-in refused"), "{header}");
    assert!(!screen.contains("Signed in as"), "{screen}");
    assert!(!screen.contains("Enter retries"), "{screen}");
    assert!(screen.contains("TENANTDECK_PASSWORD"), "{screen}");
    assert!(screen.contains("start again"), "{screen}");

    let mut app = refused_app(true);
    let screen = render_at(&app, 160, 45);
    assert!(
        screen.contains("password_command (pass show cloudmore/api)"),
        "{screen}"
    );
    assert!(screen.contains("then press r"), "{screen}");
    press(&mut app, KeyCode::Char('r'));
    assert!(
        reads(&serve(&mut app)).contains(&Resource::Organizations),
        "r signs in again"
    );
    let screen = render_at(&app, 160, 45);
    assert!(!screen.contains("sign-in refused"), "{screen}");
    assert!(screen.contains("Signed in as"), "{screen}");
}

/// `f`, then `j` until the field `label`, then `Enter`: the reader's screen at 80x24.
fn read_detail(app: &mut App, label: &str) -> String {
    press(app, KeyCode::Char('f'));
    let values = tenantdeck::ui::detail_values(app);
    let at = values
        .iter()
        .position(|(l, _)| l == label)
        .unwrap_or_else(|| panic!("no {label} in {values:?}"));
    for _ in 0..at {
        press(app, KeyCode::Char('j'));
    }
    let picked = render_at(app, 80, 24);
    assert!(
        picked.contains("Enter read"),
        "the pane has the keys: {picked}"
    );
    press(app, KeyCode::Enter);
    render_at(app, 80, 24)
}

#[test]
fn enter_on_a_cut_detail_value_in_the_tree_shows_it_whole() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    let before = render_at(&app, 80, 24);
    let created = before.lines().find(|l| l.contains("Created")).unwrap();
    assert!(
        !created.contains("2025-02-11T08:30:00Z") && created.contains('…'),
        "the pane cuts it: {created}"
    );
    let screen = read_detail(&mut app, "Created");
    assert!(screen.contains("2025-02-11T08:30:00Z"), "{screen}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('j'));
    assert!(
        !render_at(&app, 80, 24).contains("Enter read"),
        "Esc gave the keys back to the tree"
    );
}

#[test]
fn enter_on_a_cut_administrator_value_shows_it_whole() {
    let mut app = admins_app();
    let screen = read_detail(&mut app, "Address");
    assert!(screen.contains("Narva mnt 5, 10111 Tallinn"), "{screen}");
}
