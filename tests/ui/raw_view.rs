//! `v` (issue 14): the selected record's JSON whole, with the fields no column shows, hostile
//! server text escaped rather than obeyed, `/` search jumping to a match, and `Esc` closing
//! the search's highlights, then the view.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;

/// The tree with the hostile organization selected (by name: Acme, björk, Evil…, Zeta).
fn on_the_hostile_org() -> tenantdeck::app::App {
    let mut app = loaded_app(false);
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('j'));
    }
    app
}

#[test]
fn v_shows_the_record_raw_with_hostile_text_escaped() {
    let mut app = on_the_hostile_org();
    press(&mut app, KeyCode::Char('v'));
    let screen = render(&app);
    assert!(screen.contains("Raw JSON · o-evil"), "{screen}");
    // Fields the tree's rows do not show are there, as the API names them.
    for field in [
        "\"countryCode\": \"US\"",
        "\"primaryDomain\"",
        "\"createdDate\"",
    ] {
        assert!(screen.contains(field), "{field}: {screen}");
    }
    // The escape sequences and the bidi override are shown as escapes, never sent.
    assert!(
        screen.contains("Evil\\u001b[31mRed\\u001b]0;pwned\\u0007\\u202eCorp"),
        "{screen}"
    );
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{202e}'));
    insta::assert_snapshot!("raw_view_hostile", screen);
}

#[test]
fn slash_search_jumps_to_a_match_and_esc_closes_search_then_view() {
    let mut app = on_the_hostile_org();
    press(&mut app, KeyCode::Char('v'));
    // A short terminal: the JSON does not fit, the last fields are below the box.
    let small = |app: &tenantdeck::app::App| render_at(app, 90, 12);
    assert!(!small(&app).contains("primaryDomain"), "{}", small(&app));
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "DOMAIN");
    assert!(small(&app).contains("/ DOMAIN"), "{}", small(&app));
    press(&mut app, KeyCode::Enter);
    let found = small(&app);
    assert!(found.contains("primaryDomain"), "{found}");
    assert!(found.contains("match 1 of 1 match"), "{found}");
    // n wraps round to the one match; keys scroll as in the reader.
    press(&mut app, KeyCode::Char('n'));
    assert!(small(&app).contains("primaryDomain"));
    press(&mut app, KeyCode::Char('g'));
    assert!(!small(&app).contains("primaryDomain"));
    // Nothing matches: said, and the view stays.
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "no such text");
    press(&mut app, KeyCode::Enter);
    let none = render(&app);
    assert!(none.contains("no match for “no such text”"), "{none}");
    assert!(none.contains("· 0 matches ·"), "{none}");
    // Esc: the search's highlights, then the view.
    press(&mut app, KeyCode::Esc);
    let kept = render(&app);
    assert!(
        kept.contains("Raw JSON") && !kept.contains("0 matches"),
        "{kept}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(!render(&app).contains("Raw JSON"));
    // On the reseller's own row there is no record.
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('v'));
    assert!(render(&app).contains("no record here to show"));
}

#[tokio::test]
async fn on_a_metal_hierarchy_v_shows_the_node_with_the_provider_s_own_fields() {
    let mut console = crate::hierarchy_metal::metal_console().await;
    console.key(KeyCode::Char('v'));
    let screen = crate::hierarchy::render_at(&console.app, 120, 40);
    assert!(screen.contains("Raw JSON · "), "{screen}");
    // The neutral fields and those only Metal has (its link, custom data, credit…).
    for field in [
        "\"kind\": \"organization\"",
        "\"Link\": \"/metal/v1/organizations/",
        "\"Projects\"",
    ] {
        assert!(screen.contains(field), "{field}: {screen}");
    }
}

#[test]
fn on_a_pushed_screen_v_shows_the_record_the_row_was_made_from() {
    let mut app = users_screen();
    press(&mut app, KeyCode::Char('v'));
    let screen = render(&app);
    assert!(screen.contains("Raw JSON · u-"), "{screen}");
    // The API's names for the fields, those no column shows included.
    for field in ["\"firstName\"", "\"phonePrefix\"", "\"roleId\""] {
        assert!(screen.contains(field), "{field}: {screen}");
    }
}
