//! Organization groups (issue 15.9): the groups screen (`b`) with the selected group's
//! organizations, `:group NAME` and `Enter` there narrowing the tree (Esc clears it), and the
//! marked organizations put into a group through a preview whose group `c` picks.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{GroupChange, Mutation, Resource};
use tenantdeck::app::App;
use tenantdeck::bulk::worker::BulkCommand;

fn tree_names(app: &App) -> Vec<&'static str> {
    let screen = render(app);
    ["Zeta Systems", "Acme AB", "björk & Co", "EvilRed"]
        .into_iter()
        .filter(|name| screen.contains(name))
        .collect()
}

#[test]
fn the_groups_screen_lists_groups_and_the_selected_ones_organizations() {
    let mut app = loaded_app(false);
    keys(&mut app, "b");
    let asked = reads(&serve(&mut app));
    assert!(asked.contains(&Resource::OrganizationGroups), "{asked:?}");
    // The first group's members are read once it is selected, and for it alone.
    let asked = reads(&serve(&mut app));
    assert_eq!(
        asked,
        [Resource::GroupMembers {
            group: "g-evil".into()
        }]
    );
    press(&mut app, KeyCode::Char('j'));
    serve(&mut app);
    let screen = render_at(&app, 100, 24);
    assert!(!screen.contains('\u{1b}'), "server text is data");
    insta::assert_snapshot!("groups_screen", screen);
}

#[test]
fn enter_on_a_group_narrows_the_tree_and_esc_clears_it() {
    let mut app = loaded_app(false);
    keys(&mut app, "b");
    serve(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('j'));
    serve(&mut app);
    press(&mut app, KeyCode::Enter);
    serve(&mut app);
    assert_eq!(tree_names(&app), ["Zeta Systems", "Acme AB", "björk & Co"]);
    assert!(render(&app).contains("group Nordics · Esc clears"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(tree_names(&app).len(), 4, "every organization again");
    assert!(!render(&app).contains("group Nordics"));
}

#[test]
fn colon_group_name_narrows_the_tree_once_the_groups_arrive() {
    let mut app = loaded_app(false);
    keys(&mut app, ":group onboarding");
    // The palette asked for the groups; they arrive while it is open.
    serve(&mut app);
    assert!(render(&app).contains("group Onboarding"));
    for _ in "onboarding".chars() {
        press(&mut app, KeyCode::Backspace);
    }
    let listed = render(&app);
    assert!(listed.contains("group EvilRedCorp"), "{listed}");
    assert!(
        !listed.contains('\u{1b}') && !listed.contains('\u{202e}'),
        "server text is data"
    );
    keys(&mut app, "onboarding");
    press(&mut app, KeyCode::Enter);
    serve(&mut app);
    assert!(tree_names(&app).is_empty(), "Onboarding holds none");
    // A text filter is cleared first, then the group.
    keys(&mut app, ":group nordics");
    press(&mut app, KeyCode::Enter);
    serve(&mut app);
    keys(&mut app, "/acme");
    press(&mut app, KeyCode::Enter);
    assert_eq!(tree_names(&app), ["Acme AB"]);
    press(&mut app, KeyCode::Esc);
    assert_eq!(tree_names(&app), ["Zeta Systems", "Acme AB", "björk & Co"]);
    press(&mut app, KeyCode::Esc);
    assert_eq!(tree_names(&app).len(), 4);
}

#[test]
fn marked_organizations_go_into_the_group_c_picks_members_set_aside() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('+'));
    serve(&mut app);
    press(&mut app, KeyCode::Char('+'));
    assert!(render(&app).contains("c shows the plan"));
    keys(&mut app, "y");
    assert!(app.take_bulk_commands().is_empty(), "nothing runs unchosen");
    keys(&mut app, "cc");
    let screen = render(&app);
    assert!(screen.contains("add to group Nordics"), "{screen}");
    keys(&mut app, "y");
    let commands = app.take_bulk_commands();
    let [BulkCommand::Start { plan, .. }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    // Without Nordics' members loaded nothing is set aside: both are sent.
    let orgs: Vec<&str> = plan
        .items
        .iter()
        .map(|i| match &i.mutation {
            Mutation::Group(GroupChange::AddMember { group, org, .. }) => {
                assert_eq!(group, "g-nordics");
                org.as_str()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(orgs.len(), 2);
}

#[test]
fn read_only_offers_no_group_writes() {
    let mut app = loaded_app(true);
    press(&mut app, KeyCode::Char('+'));
    serve(&mut app);
    assert!(render(&app).contains("read-only"), "{}", render(&app));
    assert!(
        reads(&app.take_requests()).is_empty(),
        "refused before anything is read"
    );
}

/// The groups screen with its groups and the first group's members loaded.
fn groups_screen() -> App {
    let mut app = loaded_app(false);
    keys(&mut app, "b");
    serve(&mut app);
    serve(&mut app);
    app
}

#[test]
fn a_new_group_is_checked_as_typed_and_a_taken_name_lands_on_the_name() {
    let mut app = groups_screen();
    keys(&mut app, "n");
    ctrl(&mut app, 's');
    assert!(
        mutations(&app.take_requests()).is_empty(),
        "no name, nothing sent"
    );
    assert!(render(&app).contains("The Name field is required."));
    keys(&mut app, "Partners");
    ctrl(&mut app, 's');
    let requests = app.take_requests();
    let sent = mutations(&requests);
    let [(_, Mutation::Group(GroupChange::Create { input }))] = sent.as_slice() else {
        panic!("{sent:?}")
    };
    assert_eq!(input.name, "Partners");
    answer(
        &mut app,
        &requests,
        Err(tenantdeck::api::ApiError::Business(vec![
            tenantdeck::domain::BusinessError::invalid_value(
                "Organization group Partners already exists.",
            ),
        ])),
    );
    let screen = render(&app);
    assert!(screen.contains("already exists"), "{screen}");
    assert!(screen.contains("Partners"), "what was typed stays");
}

#[test]
fn renaming_records_the_name_before_and_deleting_asks_first() {
    let mut app = groups_screen();
    press(&mut app, KeyCode::Char('j'));
    serve(&mut app);
    keys(&mut app, "e");
    keys(&mut app, " Nord");
    ctrl(&mut app, 's');
    let sent = mutations(&app.take_requests());
    let [
        (
            _,
            Mutation::Group(GroupChange::Update {
                group,
                input,
                before,
            }),
        ),
    ] = sent.as_slice()
    else {
        panic!("{sent:?}")
    };
    assert_eq!(
        (group.as_str(), input.name.as_str()),
        ("g-nordics", "Nordics Nord")
    );
    assert_eq!(before.as_ref().map(|b| b.name.as_str()), Some("Nordics"));

    let mut app = groups_screen();
    press(&mut app, KeyCode::Char('j'));
    serve(&mut app);
    keys(&mut app, "d");
    assert!(
        render(&app).contains("Its 3 organizations stay"),
        "{}",
        render(&app)
    );
    press(&mut app, KeyCode::Esc);
    assert!(mutations(&app.take_requests()).is_empty(), "Esc cancels");
    keys(&mut app, "dy");
    let sent = mutations(&app.take_requests());
    assert!(
        matches!(sent.as_slice(), [(_, Mutation::Group(GroupChange::Delete { group, .. }))] if group == "g-nordics"),
        "{sent:?}"
    );
}
