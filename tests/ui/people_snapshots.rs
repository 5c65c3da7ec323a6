//! Whole-screen snapshots (100x30) of the users and administrators screens and of the long
//! administrator form. Dates are relative to today and replaced by `today-N` before comparing.

use crate::ui_support::people::normalize;
use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;

fn admins_app() -> tenantdeck::app::App {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('A'));
    serve(&mut app);
    app
}

#[test]
fn users_list_with_activity_marks_and_a_hostile_name() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    serve(&mut app);
    insta::assert_snapshot!(normalize(&render(&app)));
}

#[test]
fn administrators_list_with_details() {
    let mut app = admins_app();
    press(&mut app, KeyCode::Char('j'));
    insta::assert_snapshot!(normalize(&render(&app)));
}

#[test]
fn administrator_form_with_inline_errors() {
    let mut app = admins_app();
    press(&mut app, KeyCode::Char('n'));
    keys(&mut app, "johndoe");
    for _ in 0..7 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "+372");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn administrator_form_scrolled_to_the_country_with_completions() {
    let mut app = admins_app();
    press(&mut app, KeyCode::Char('n'));
    for _ in 0..17 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "fin");
    insta::assert_snapshot!(render(&app));
}
