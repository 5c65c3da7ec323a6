//! The mouse (issue 14): a click selects the row under it, the wheel moves the selection by
//! three, a click on the detail pane focuses it and one on the list gives the focus back;
//! with `mouse = false` events are ignored.

use crate::ui_support::*;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tenantdeck::app::App;

fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) {
    app.handle_terminal_event(Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

fn click(app: &mut App, column: u16, row: u16) {
    mouse(app, MouseEventKind::Down(MouseButton::Left), column, row);
}

/// The id of the selected row, as `y` copies it.
fn selected(app: &mut App) -> Option<String> {
    press(app, KeyCode::Char('y'));
    app.take_clipboard()
}

#[test]
fn a_click_selects_the_row_under_it() {
    let mut app = loaded_app(false);
    // Drawn at 100 x 30: the header, the tree's border, then its rows from line 2 (the
    // reseller, Acme, björk, Evil…, Zeta).
    render(&app);
    click(&mut app, 5, 5);
    assert_eq!(selected(&mut app).as_deref(), Some("o-evil"));
    click(&mut app, 20, 3);
    assert_eq!(selected(&mut app).as_deref(), Some("o-acme"));
    // Below the last row: nothing changes.
    click(&mut app, 20, 20);
    assert_eq!(selected(&mut app).as_deref(), Some("o-acme"));
}

#[test]
fn the_wheel_moves_the_selection_by_three() {
    let mut app = loaded_app(false);
    render(&app);
    mouse(&mut app, MouseEventKind::ScrollDown, 10, 10);
    assert_eq!(selected(&mut app).as_deref(), Some("o-evil"));
    mouse(&mut app, MouseEventKind::ScrollUp, 10, 10);
    assert_eq!(selected(&mut app), None, "back on the reseller's row");
}

#[test]
fn a_click_on_the_detail_pane_focuses_it_and_on_the_list_returns() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    render(&app);
    click(&mut app, 80, 10);
    assert_eq!(app.detail_cursor, Some(0), "the detail pane has the keys");
    render(&app);
    click(&mut app, 5, 5);
    assert_eq!(app.detail_cursor, None);
    assert_eq!(selected(&mut app).as_deref(), Some("o-evil"));
}

#[test]
fn with_the_mouse_off_events_are_ignored() {
    let mut app = loaded_app(false);
    app.set_mouse(false);
    render(&app);
    click(&mut app, 5, 5);
    mouse(&mut app, MouseEventKind::ScrollDown, 10, 10);
    assert_eq!(selected(&mut app), None, "still on the reseller's row");
}

/// Acme's users screen, drawn: the users above, the user's box and its subscriptions below.
fn drawn_users_screen() -> App {
    let app = users_screen();
    render(&app);
    app
}

#[test]
fn a_click_on_the_other_list_moves_the_focus_there_and_back() {
    let mut second = drawn_users_screen();
    press(&mut second, KeyCode::Char('j'));
    let second_user = selected(&mut second).expect("a second user");

    let mut app = drawn_users_screen();
    let first_user = selected(&mut app).expect("a first user");
    // The subscriptions, bottom right: the focus goes there, the users keep their selection.
    click(&mut app, 70, 22);
    render(&app);
    assert_ne!(
        selected(&mut app),
        Some(first_user.clone()),
        "the focus moved"
    );
    // Back on the users, second row (border, header, then the rows from line 3).
    click(&mut app, 10, 4);
    render(&app);
    assert_eq!(selected(&mut app), Some(second_user));
}
