//! Unit tests of the tree model: flattening, lazy children, collapse, filter, scrolling.

use std::sync::Arc;

use super::*;
use crate::domain::SUBSCRIPTION_CANCELLED;

fn org(id: &str, name: &str) -> OrganizationSummary {
    OrganizationSummary {
        id: id.into(),
        name: name.into(),
        is_active: true,
        ..Default::default()
    }
}

fn setup() -> (Tree, Store) {
    let mut store = Store::default();
    let orgs = Arc::new(ResourceData::Organizations(vec![
        org("b", "Beta"),
        org("a", "alpha"),
    ]));
    store.loaded(1, Resource::Organizations, orgs.clone(), false);
    let mut tree = Tree::default();
    tree.index.set_data(orgs);
    tree.rebuild(&store);
    (tree, store)
}

fn shape(tree: &Tree, store: &Store) -> Vec<String> {
    tree.rows()
        .iter()
        .map(|&row| {
            let label = match tree.resolve(row, store) {
                Some(Node::Reseller) => "reseller".to_string(),
                Some(Node::Org(o)) => o.name.to_string(),
                Some(Node::Item {
                    item: Item::Service(s),
                    ..
                }) => s.name.clone(),
                Some(Node::Item {
                    item: Item::Subscription(s),
                    ..
                }) => s.product_name.clone(),
                Some(Node::Item {
                    item: Item::User(u),
                    ..
                }) => u.username.clone(),
                Some(Node::Status { list }) => format!("{:?}", store.list_state(list)),
                None => "?".into(),
            };
            format!("{}{label}", "  ".repeat(row.depth as usize))
        })
        .collect()
}

#[test]
fn flattens_sorted_orgs_and_loads_children_lazily() {
    let (mut tree, mut store) = setup();
    assert_eq!(shape(&tree, &store), ["reseller", "  alpha", "  Beta"]);
    tree.select(1);
    assert!(tree.expand(&mut store));
    assert_eq!(store.take_requests().len(), 1);
    assert_eq!(
        shape(&tree, &store),
        ["reseller", "  alpha", "    Loading", "  Beta"]
    );
    let services = Arc::new(ResourceData::OrgServices(vec![OrganizationService {
        id: "s1".into(),
        name: "M365".into(),
        ..Default::default()
    }]));
    store.loaded(2, services_of("a"), services, false);
    tree.rebuild(&store);
    tree.select(2);
    assert!(tree.expand(&mut store));
    let subs = vec![Subscription {
        id: "x".into(),
        product_name: "E3".into(),
        status: SUBSCRIPTION_CANCELLED.into(),
        ..Default::default()
    }];
    let list = Resource::Subscriptions {
        org: "a".into(),
        service: "s1".into(),
    };
    store.loaded(3, list, Arc::new(ResourceData::Subscriptions(subs)), false);
    tree.rebuild(&store);
    assert_eq!(
        shape(&tree, &store),
        ["reseller", "  alpha", "    M365", "      E3", "  Beta"]
    );
    assert_eq!(tree.selected(), 2, "selection stays on the service");
}

#[test]
fn collapse_closes_then_goes_to_parent() {
    let (mut tree, mut store) = setup();
    tree.select(1);
    tree.expand(&mut store);
    store.loaded(
        9,
        services_of("a"),
        Arc::new(ResourceData::OrgServices(vec![])),
        false,
    );
    tree.rebuild(&store);
    assert_eq!(
        shape(&tree, &store)[2],
        "    Ready",
        "an empty list shows (none)"
    );
    tree.select(2);
    assert!(!tree.collapse(&store));
    assert_eq!(tree.selected(), 1, "a leaf goes to its parent");
    assert!(tree.collapse(&store));
    assert_eq!(shape(&tree, &store), ["reseller", "  alpha", "  Beta"]);
    assert!(!tree.collapse(&store));
    assert_eq!(tree.selected(), 0);
}

#[test]
fn filter_keeps_the_selected_org_when_it_still_matches() {
    let (mut tree, store) = setup();
    tree.select(2);
    tree.index.set_filter("bet");
    tree.rebuild(&store);
    assert_eq!(shape(&tree, &store), ["reseller", "  Beta"]);
    assert_eq!(tree.selected(), 1);
}

#[test]
fn window_scrolls_just_enough() {
    let mut store = Store::default();
    let orgs: Vec<_> = (0..50)
        .map(|i| org(&i.to_string(), &format!("org {i:02}")))
        .collect();
    let data = Arc::new(ResourceData::Organizations(orgs));
    store.loaded(1, Resource::Organizations, data.clone(), false);
    let mut tree = Tree::default();
    tree.index.set_data(data);
    tree.rebuild(&store);
    assert_eq!(tree.window(10), 0..10);
    tree.select(15);
    assert_eq!(tree.window(10), 6..16);
    tree.select(10);
    assert_eq!(
        tree.window(10),
        6..16,
        "no jump while the selection is visible"
    );
    assert_eq!(tree.page(), 9);
}
