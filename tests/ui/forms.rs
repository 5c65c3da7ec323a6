//! The organization form through the app: what a submit sends, how success and every kind of
//! failure land, edit prefill, and the discard question.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{ApiError, ApiEvent, Mutation, Resource, ResourceData};
use tenantdeck::domain::{FieldErrors, OrganizationSummary};

fn open_create_form_with_name(app: &mut tenantdeck::app::App, name: &str) {
    press(app, KeyCode::Char('n'));
    keys(app, name);
    for _ in 0..9 {
        press(app, KeyCode::Tab);
    }
    keys(app, "info@nova.se");
}

#[test]
fn create_sends_the_typed_values_then_selects_the_new_org() {
    let mut app = loaded_app(false);
    open_create_form_with_name(&mut app, "Nova AB");
    ctrl(&mut app, 's');
    let sent = mutations(&app.take_requests());
    let (id, Mutation::CreateOrganization(input)) = &sent[0] else {
        panic!("{sent:?}");
    };
    assert_eq!(input.name, "Nova AB");
    assert_eq!(input.contact.email, "info@nova.se");
    assert!(input.is_active);
    assert!(render(&app).contains("saving…"));
    app.handle_api_event(ApiEvent::Mutated {
        id: *id,
        mutation: Box::new(sent[0].1.clone()),
        result: Ok(Some("o-nova".into())),
    });
    let requests = app.take_requests();
    assert_eq!(reads(&requests), vec![Resource::Organizations]);
    let mut orgs = organizations();
    orgs.push(OrganizationSummary {
        id: "o-nova".into(),
        name: "Nova AB".into(),
        is_active: true,
        ..Default::default()
    });
    app.handle_api_event(loaded(
        ids(&requests)[0],
        Resource::Organizations,
        ResourceData::Organizations(orgs),
    ));
    let screen = render(&app);
    assert!(screen.contains("created organization Nova AB"));
    assert!(
        screen.contains("o-nova"),
        "the new org is selected and shown in detail:\n{screen}"
    );
}

#[test]
fn invalid_form_sends_nothing() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Enter);
    assert!(sent(app.take_requests()).is_empty());
    assert!(render(&app).contains("The Name field is required."));
}

#[test]
fn failed_save_keeps_the_values_and_retry_is_one_key() {
    let mut app = loaded_app(false);
    open_create_form_with_name(&mut app, "Nova AB");
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    let mut fields = FieldErrors::default();
    fields.add("Contact.Email", "This e-mail is already in use.");
    app.handle_api_event(ApiEvent::Mutated {
        id: sent[0].0,
        mutation: Box::new(sent[0].1.clone()),
        result: Err(ApiError::Fields(fields)),
    });
    let screen = render(&app);
    assert!(screen.contains("Nova AB"));
    assert!(screen.contains("info@nova.se"));
    assert!(
        screen.contains("This e-mail is already in use."),
        "{screen}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        mutations(&app.take_requests()).is_empty(),
        "unchanged rejected field: no resend"
    );
    // Focus went to the rejected field: replace it and save again.
    ctrl(&mut app, 'u');
    keys(&mut app, "sales@nova.se");
    press(&mut app, KeyCode::Enter);
    let second = mutations(&app.take_requests());
    let Mutation::CreateOrganization(input) = &second[0].1 else {
        panic!("{second:?}");
    };
    assert_eq!(
        (input.name.as_str(), input.contact.email.as_str()),
        ("Nova AB", "sales@nova.se")
    );
    app.handle_api_event(ApiEvent::Mutated {
        id: second[0].0,
        mutation: Box::new(second[0].1.clone()),
        result: Err(ApiError::Network("connection refused".into())),
    });
    assert!(render(&app).contains("cannot reach the server"));
    press(&mut app, KeyCode::Enter);
    let retry = mutations(&app.take_requests());
    assert_eq!(retry.len(), 1, "Enter sends the same input again");
    assert_eq!(retry[0].1, second[0].1);
}

#[test]
fn network_failure_becomes_a_form_message() {
    let mut app = loaded_app(false);
    open_create_form_with_name(&mut app, "Nova AB");
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    app.handle_api_event(ApiEvent::Mutated {
        id: sent[0].0,
        mutation: Box::new(sent[0].1.clone()),
        result: Err(ApiError::Server {
            status: 500,
            message: "internal error".into(),
        }),
    });
    let screen = render(&app);
    assert!(
        screen.contains("server error 500: internal error; press Enter to retry"),
        "{screen}"
    );
    assert!(screen.contains("Nova AB"));
}

#[test]
fn edit_waits_for_the_full_record_then_prefills() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('j'));
    let detail = app.take_requests();
    press(&mut app, KeyCode::Char('e'));
    assert!(
        app.take_requests().is_empty(),
        "the detail fetch is already on its way"
    );
    assert!(!render(&app).contains("Edit organization"));
    app.handle_api_event(loaded(
        ids(&detail)[0],
        Resource::Organization {
            org: "o-acme".into(),
        },
        ResourceData::Organization(acme()),
    ));
    let screen = render(&app);
    assert!(screen.contains("Edit organization"));
    assert!(screen.contains("556000-1234"));
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    assert!(
        matches!(&sent[0].1, Mutation::UpdateOrganization { org, input } if org == "o-acme" && input.address.city == "Stockholm")
    );
    app.handle_api_event(ApiEvent::Mutated {
        id: sent[0].0,
        mutation: Box::new(sent[0].1.clone()),
        result: Ok(None),
    });
    assert_eq!(
        reads(&app.take_requests()),
        vec![
            Resource::Organizations,
            Resource::Organization {
                org: "o-acme".into()
            },
        ],
        "the edited record and the list are fetched again"
    );
    assert!(render(&app).contains("saved organization Acme AB"));
}

#[test]
fn escape_asks_only_when_the_form_changed() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Esc);
    assert!(!render(&app).contains("New organization"));
    press(&mut app, KeyCode::Char('n'));
    keys(&mut app, "q");
    press(&mut app, KeyCode::Esc);
    assert!(render(&app).contains("Discard changes?"));
    press(&mut app, KeyCode::Char('n'));
    assert!(render(&app).contains("New organization"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(!render(&app).contains("New organization"));
    assert!(!app.should_quit());
}

#[test]
fn ctrl_space_lists_every_country_to_type_in_and_pick_from() {
    use ratatui::crossterm::event::{Event, KeyEvent, KeyModifiers};
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::BackTab);
    assert!(
        !render(&app).contains(" list "),
        "no list to offer on a custom property"
    );
    // Back past the other two custom properties to the country code.
    for _ in 0..3 {
        press(&mut app, KeyCode::BackTab);
    }
    assert!(render(&app).contains(" list "), "the hint offers the list");
    keys(&mut app, "sw");
    let ctrl_space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::CONTROL);
    app.handle_terminal_event(Event::Key(ctrl_space));
    let screen = render(&app);
    assert!(
        screen.contains("SE  Sweden"),
        "narrowed by what was typed: {screen}"
    );
    assert!(!screen.contains("FI  Finland"), "{screen}");
    keys(&mut app, "itz");
    let screen = render(&app);
    assert!(screen.contains("CH  Switzerland"), "{screen}");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(
        screen.contains("Country code") && screen.contains("CH") && screen.contains("Switzerland"),
        "the code is the field's, its name the note: {screen}"
    );
    assert!(!screen.contains("SE  Sweden"), "the list closed: {screen}");
}
