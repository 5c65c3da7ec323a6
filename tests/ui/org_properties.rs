//! Organization custom properties in the console: the detail pane names them by their
//! definitions, and the organization form edits them as the definitions say and sends them.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{ApiEvent, Mutation};
use tenantdeck::domain::CustomPropertySet;

/// Acme AB selected, its record and the definitions loaded.
fn acme_selected() -> tenantdeck::app::App {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    app
}

#[test]
fn the_detail_pane_names_the_properties_by_their_definitions() {
    let app = acme_selected();
    let screen = render_at(&app, 120, 50);
    let line = |label: &str| {
        screen
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no {label}:\n{screen}"))
            .to_string()
    };
    assert!(screen.contains("Custom properties"), "{screen}");
    // The value came without a name: the definition gives it.
    assert!(line("Support tier").contains("Premium"));
    assert!(line("Account manager").contains("Jonas Ek"));
    // Defined, no value; and a value whose definition is gone, under its own name.
    assert!(line("Contracted seats").contains("(not set)"));
    assert!(line("Legacy code").contains("X1"));
}

#[test]
fn the_form_edits_a_property_checks_it_by_type_and_sends_it() {
    let mut app = acme_selected();
    press(&mut app, KeyCode::Char('e'));
    let screen = render_at(&app, 120, 50);
    assert!(
        screen.contains("Edit organization"),
        "loaded: it opens at once\n{screen}"
    );
    let line = |screen: &str, label: &str| {
        screen
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or("")
            .to_string()
    };
    assert!(
        line(&screen, "Support tier").contains("‹ Premium ›"),
        "{screen}"
    );
    assert!(line(&screen, "Account manager").contains("Jonas Ek"));
    // The record's 18 fields, then one per definition: the seats are the third.
    tab(&mut app, 20);
    keys(&mut app, "many");
    assert!(line(&render_at(&app, 120, 50), "Contracted seats").contains("many"));
    ctrl(&mut app, 's');
    assert!(mutations(&app.take_requests()).is_empty(), "not a number");
    assert!(
        render(&app).contains("a number is expected"),
        "{}",
        render(&app)
    );
    for _ in 0.."many".len() {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "25");
    ctrl(&mut app, 's');
    let sent = mutations(&app.take_requests());
    let [(id, Mutation::UpdateOrganization { org, input })] = sent.as_slice() else {
        panic!("one update: {sent:?}");
    };
    assert_eq!(org, "o-acme");
    let set = |id: &str, value: &str| CustomPropertySet {
        property_id: id.into(),
        value: value.into(),
    };
    assert_eq!(
        input.custom_properties,
        [
            set(PROP_TIER, "Premium"),
            set(PROP_MANAGER, "Jonas Ek"),
            set(PROP_SEATS, "25"),
        ]
    );
    app.handle_api_event(ApiEvent::Mutated {
        id: *id,
        mutation: Box::new(sent[0].1.clone()),
        result: Ok(None),
    });
    assert!(
        !render(&app).contains("Edit organization"),
        "saved: the form closes"
    );
}

#[test]
fn a_value_the_definition_no_longer_allows_is_kept_and_explained() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve_with(&mut app, |resource| match fixture(resource)? {
        tenantdeck::api::ResourceData::Organization(mut org) => {
            org.custom_properties[0].value = "Gold".into();
            Some(tenantdeck::api::ResourceData::Organization(org))
        }
        other => Some(other),
    });
    press(&mut app, KeyCode::Char('e'));
    let screen = render_at(&app, 120, 50);
    let tier = screen
        .lines()
        .find(|l| l.contains("Support tier"))
        .unwrap_or("");
    assert!(
        tier.contains("‹ Gold ›"),
        "offered as it is, not replaced:\n{screen}"
    );
    ctrl(&mut app, 's');
    assert!(mutations(&app.take_requests()).is_empty());
    assert!(
        render(&app).contains("Invalid value 'Gold'"),
        "{}",
        render(&app)
    );
}
