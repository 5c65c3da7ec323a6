//! The screen stack through the public interface: pushing the catalog from the tree (key and
//! palette), the breadcrumb, list keys in a pushed screen, and going back with the tree as it
//! was left.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::Resource;

fn acme(resource: fn(String) -> Resource) -> Resource {
    resource("o-acme".into())
}

#[test]
fn s_opens_the_catalog_with_a_breadcrumb_and_esc_goes_back() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('s'));
    let asked = reads(&serve(&mut app));
    assert!(asked.contains(&acme(|org| Resource::Estore { org })));
    assert!(asked.contains(&acme(|org| Resource::OrgServices { org })));
    // The first E-store row is selected once the list arrives, so its detail is asked for.
    let detail = reads(&serve(&mut app));
    assert_eq!(
        detail,
        vec![Resource::EstoreDetail {
            org: "o-acme".into(),
            service: "s-backup".into()
        }]
    );
    let screen = render(&app);
    assert!(
        screen.contains("Nordic Cloud Partner › Acme AB › Services"),
        "{screen}"
    );
    assert!(screen.contains("Cloud Backup"));
    press(&mut app, KeyCode::Esc);
    let screen = render(&app);
    assert!(screen.contains("reseller Nordic Cloud Partner"), "{screen}");
    assert!(
        screen.contains("›  ▸ Acme AB"),
        "the tree selection is kept"
    );
}

#[test]
fn the_palette_opens_the_catalog_by_name() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char(':'));
    keys(&mut app, "catalog");
    press(&mut app, KeyCode::Enter);
    serve(&mut app);
    assert!(render(&app).contains("Acme AB › Services"));
}

#[test]
fn filter_in_a_screen_then_esc_clears_before_going_back() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    press(&mut app, KeyCode::Char('s'));
    serve(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "DROP");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(screen.contains("1 of 4 available"), "{screen}");
    assert!(!screen.contains("Zoom Meetings"));
    press(&mut app, KeyCode::Esc);
    let screen = render(&app);
    assert!(
        screen.contains("4 available"),
        "Esc cleared the filter: {screen}"
    );
    assert!(screen.contains("Services"), "and stayed on the screen");
    press(&mut app, KeyCode::Backspace);
    assert!(!render(&app).contains("› Services"));
}

#[test]
fn sorting_shows_the_arrow_and_selection_survives() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    press(&mut app, KeyCode::Char('s'));
    serve(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Char('O'));
    let screen = render(&app);
    assert!(screen.contains("Name ▼"), "{screen}");
    let zoom = screen.find("Zoom Meetings").unwrap();
    let dropbox = screen.find("Dropbox Business").unwrap();
    assert!(zoom < dropbox, "descending by name");
    assert!(
        screen.contains("›✓") || screen.contains("› Dropbox"),
        "{screen}"
    );
}
