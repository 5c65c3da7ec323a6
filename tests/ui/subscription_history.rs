//! The subscriptions screen answers "my seat count is wrong": the selected subscription's
//! history (who changed the quantity, when; read for it alone), and after a quantity change
//! only that one subscription is read again, not the list (issue 15.8, 15.10).

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{ApiEvent, Resource, ResourceData};

fn on_basic(resource: fn(String, String, String) -> Resource, sub: &str) -> Resource {
    resource("o-acme".into(), "s-m365".into(), sub.into())
}

fn history_of(sub: &str) -> Resource {
    on_basic(
        |org, service, subscription| Resource::SubscriptionHistory {
            org,
            service,
            subscription,
        },
        sub,
    )
}

fn histories(reads: &[Resource]) -> Vec<&Resource> {
    reads
        .iter()
        .filter(|r| matches!(r, Resource::SubscriptionHistory { .. }))
        .collect()
}

#[test]
fn the_history_is_read_for_the_selected_subscription_alone_newest_first() {
    let mut app = subscriptions_screen();
    let asked = reads(&serve(&mut app));
    assert_eq!(histories(&asked), [&history_of("sub-basic")], "{asked:?}");
    insta::assert_snapshot!(render_at(&app, 110, 32));
    press(&mut app, KeyCode::Char('j'));
    let asked = reads(&serve(&mut app));
    assert_eq!(histories(&asked), [&history_of("sub-e3")]);
    assert!(render(&app).contains("no changes recorded"));
    press(&mut app, KeyCode::Char('k'));
    assert!(
        histories(&reads(&app.take_requests())).is_empty(),
        "kept, not read again"
    );
}

#[test]
fn a_quantity_change_reads_the_one_subscription_and_its_history_not_the_list() {
    let mut app = subscriptions_screen();
    serve(&mut app);
    keys(&mut app, "e");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "12");
    press(&mut app, KeyCode::Enter);
    let write = app.take_requests();
    answer(&mut app, &write, Ok(None));
    let single = on_basic(
        |org, service, subscription| Resource::Subscription {
            org,
            service,
            subscription,
        },
        "sub-basic",
    );
    let requests = app.take_requests();
    let mut asked = reads(&requests);
    asked.sort();
    assert_eq!(asked, [single.clone(), history_of("sub-basic")]);
    let mut changed = subscriptions()[0].clone();
    changed.quantity = 12;
    let id = ids(&requests)[reads(&requests).iter().position(|r| *r == single).unwrap()];
    app.handle_api_event(loaded(id, single, ResourceData::Subscription(changed)));
    let row = render(&app)
        .lines()
        .find(|l| l.contains("Business Basic"))
        .unwrap()
        .to_string();
    assert!(
        row.contains(" 12 "),
        "the row shows the new quantity: {row}"
    );
    assert!(
        reads(&app.take_requests()).is_empty(),
        "and the list is not read"
    );
    // A later write outdates the list as before: nothing was left stale.
    app.handle_api_event(ApiEvent::Mutated {
        id: 999,
        mutation: Box::new(tenantdeck::api::Mutation::CreateSubscription {
            org: "o-acme".into(),
            service: "s-m365".into(),
            input: Default::default(),
        }),
        result: Ok(None),
    });
    assert!(
        reads(&app.take_requests()).contains(&Resource::Subscriptions {
            org: "o-acme".into(),
            service: "s-m365".into()
        })
    );
}

#[test]
fn a_list_on_its_way_during_a_quantity_change_is_read_again_as_before() {
    let mut app = subscriptions_screen();
    serve(&mut app);
    press(&mut app, KeyCode::Char('r'));
    let list = Resource::Subscriptions {
        org: "o-acme".into(),
        service: "s-m365".into(),
    };
    let refresh = app.take_requests();
    assert!(reads(&refresh).contains(&list), "{refresh:?}");
    keys(&mut app, "e");
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    let write = app.take_requests();
    answer(&mut app, &write, Ok(None));
    assert!(
        !reads(&app.take_requests())
            .iter()
            .any(|r| matches!(r, Resource::Subscription { .. }))
    );
    // The answer may predate the write: the list is read again once it is in.
    let at = reads(&refresh).iter().position(|r| *r == list).unwrap();
    app.handle_api_event(loaded(
        ids(&refresh)[at],
        list.clone(),
        ResourceData::Subscriptions(subscriptions()),
    ));
    assert!(reads(&app.take_requests()).contains(&list));
}
