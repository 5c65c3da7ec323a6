//! The loaded and the indexed sources as one: indexed lists are found with their
//! organization and open where they point; a list both hold is searched once, as loaded; an
//! owner indexed again replaces its lists; what neither holds is a gap.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::SystemTime;

use super::super::*;
use super::loaded::{load, org};
use crate::api::indexer::{IndexProgress, IndexedLists};
use crate::api::{Resource, ResourceData};
use crate::app::store::Store;
use crate::domain::{OrganizationService, Subscription, User};

fn store_with_orgs() -> Store {
    let mut store = Store::default();
    let orgs = vec![org("o-1", "Zeta Oy"), org("o-2", "Acme AB")];
    load(
        &mut store,
        Resource::Organizations,
        ResourceData::Organizations(orgs),
    );
    store
}

fn user(id: &str, name: &str, email: &str) -> User {
    User {
        id: id.into(),
        display_name: name.into(),
        email: email.into(),
        ..Default::default()
    }
}

/// Zeta Oy's lists as the indexer hands them over: a user, a service, its subscription.
fn zeta(users: Vec<User>, with_service: bool) -> IndexedLists {
    let org = "o-1".to_string();
    let mut lists = vec![(
        Resource::Users { org: org.clone() },
        Arc::new(ResourceData::Users(users)),
    )];
    let service = OrganizationService {
        id: "s-1".into(),
        name: "Microsoft 365".into(),
        ..Default::default()
    };
    let services = if with_service { vec![service] } else { vec![] };
    let services = ResourceData::OrgServices(services);
    lists.push((
        Resource::OrgServices { org: org.clone() },
        Arc::new(services),
    ));
    if with_service {
        let subscription = Subscription {
            id: "sub-1".into(),
            product_name: "E3 Enterprise".into(),
            ..Default::default()
        };
        let resource = Resource::Subscriptions {
            org: org.clone(),
            service: "s-1".into(),
        };
        let data = ResourceData::Subscriptions(vec![subscription]);
        lists.push((resource, Arc::new(data)));
    }
    IndexedLists {
        owner: Some(org),
        lists,
        fetched: SystemTime::now(),
    }
}

fn indexed(sources: &mut Sources, lists: IndexedLists, indexed: usize) {
    sources.indexed.put(vec![lists]);
    sources.indexed.progress = Some(IndexProgress {
        indexed,
        of: 2,
        ..Default::default()
    });
}

/// The organizations loaded and Zeta Oy's lists indexed (`zeta`).
fn zeta_indexed(users: Vec<User>, with_service: bool) -> (Store, Sources) {
    let mut sources = Sources::new(LoadedSource::new(false));
    indexed(&mut sources, zeta(users, with_service), 1);
    (store_with_orgs(), sources)
}

/// What Enter on Zeta Oy's indexed subscription opens.
fn zeta_subscription() -> Target {
    Target::Subscription {
        org: "o-1".into(),
        service: "s-1".into(),
        id: "sub-1".into(),
    }
}

fn labels(sources: &Sources, query: &str) -> Vec<String> {
    let results = Searcher::default().search(sources, query);
    let hits = results.hits().filter_map(|h| sources.entry(h.id));
    hits.map(|e| e.label().to_string()).collect()
}

#[test]
fn an_indexed_user_is_found_with_its_organization_and_opens_on_them() {
    let amelia = user("u-9", "Amelia Martin", "amelia.martin@zeta.example");
    let (store, mut sources) = zeta_indexed(vec![amelia], true);
    assert!(sources.update(&store));
    assert!(!sources.update(&store), "nothing new: nothing done");
    let results = Searcher::default().search(&sources, "amelia.mar");
    let hit = results.hits().next().expect("the indexed user");
    assert_eq!(sources.organization(hit.id).as_deref(), Some("Zeta Oy"));
    let wanted = Target::User {
        org: "o-1".into(),
        id: "u-9".into(),
    };
    assert_eq!(sources.target(hit.id), Some(wanted));
    let results = Searcher::default().search(&sources, "e3 enterprise");
    let hit = results.hits().next().expect("the indexed subscription");
    let entry = sources.entry(hit.id).unwrap();
    assert!(
        entry.secondary(&entry.text()).contains("Microsoft 365"),
        "its service named"
    );
    assert_eq!(sources.not_yet_indexed(), Some((1, 2)));
    let users_gap = &sources.gaps()[0];
    assert_eq!((users_gap.what, users_gap.of), ("users", 1), "Acme AB's");
}

#[test]
/// An owner's lists are one chunk: the loaded list hides its own rows of it alone.
fn a_list_both_loaded_and_indexed_is_searched_once_as_loaded() {
    let old = user("u-9", "Amelia Martin", "amelia@zeta.example");
    let (mut store, mut sources) = zeta_indexed(vec![old], true);
    assert_eq!(
        sources.indexed.chunk_count(),
        1,
        "users, service, subscription"
    );
    sources.update(&store);
    let before = sources.len();
    let renamed = user("u-9", "Amelia Martin-Holm", "amelia@zeta.example");
    let users = Resource::Users { org: "o-1".into() };
    load(&mut store, users, ResourceData::Users(vec![renamed]));
    assert!(sources.update(&store));
    assert_eq!(labels(&sources, "amelia"), ["Amelia Martin-Holm"]);
    assert_eq!(sources.len(), before, "the indexed copy is not counted");
    let mut searcher = rank::Searcher::split(2, 1);
    searcher.search(&sources, "a");
    let narrowed = searcher.search(&sources, "amelia");
    let hits = narrowed.hits().filter_map(|h| sources.entry(h.id));
    let narrowed: Vec<&str> = hits.map(|e| e.label()).collect();
    assert_eq!(narrowed, ["Amelia Martin-Holm"], "narrowing skips them too");
    let results = Searcher::default().search(&sources, "e3 enterprise");
    let hit = results
        .hits()
        .next()
        .expect("the same chunk's other lists are searched");
    assert_eq!(sources.target(hit.id), Some(zeta_subscription()));
}

#[test]
fn an_organization_indexed_again_replaces_its_lists() {
    let amelia = user("u-9", "Amelia Martin", "amelia@zeta.example");
    let (store, mut sources) = zeta_indexed(vec![amelia], true);
    sources.update(&store);
    assert_eq!(labels(&sources, "e3 enterprise"), ["E3 Enterprise"]);
    let renamed = user("u-9", "Amelia Holm", "amelia@zeta.example");
    indexed(&mut sources, zeta(vec![renamed], false), 1);
    assert!(sources.update(&store));
    assert_eq!(labels(&sources, "amelia"), ["Amelia Holm"]);
    assert!(
        labels(&sources, "e3 enterprise").is_empty(),
        "the service removed since takes its subscriptions along"
    );
}

#[test]
fn a_write_drops_what_it_touched_of_the_index_and_names_the_owner_to_read_again() {
    use crate::api::Mutation;
    let amelia = user("u-9", "Amelia Martin", "amelia@zeta.example");
    // An id the screen cannot show as sent: the chunk keeps every row's id beside it, and
    // those of the lists left must stay with their rows.
    let hostile = user("u-\u{1b}[2J7", "Hostile Id", "hostile@zeta.example");
    let (store, mut sources) = zeta_indexed(vec![amelia, hostile], true);
    sources.update(&store);
    let renamed = Mutation::UpdateUser {
        org: "o-1".into(),
        user: "u-9".into(),
        input: Box::default(),
    };
    assert_eq!(sources.indexed.outdate(&renamed), Some("o-1".into()));
    sources.update(&store);
    assert!(labels(&sources, "amelia").is_empty(), "no stale name shown");
    assert_eq!(sources.indexed.held[0], 0, "the users are no longer held");
    let results = Searcher::default().search(&sources, "e3 enterprise");
    let hit = (results.hits().next()).expect("what the write did not touch stays");
    assert_eq!(
        sources.target(hit.id),
        Some(zeta_subscription()),
        "its own id"
    );
    let elsewhere = Mutation::DeleteUser {
        org: "o-2".into(),
        user: "u-1".into(),
    };
    assert_eq!(sources.indexed.outdate(&elsewhere), None, "nothing of o-1");
    let gone = Mutation::DeleteOrganization { org: "o-1".into() };
    assert_eq!(
        sources.indexed.outdate(&gone),
        None,
        "a deleted one is not read again"
    );
    sources.update(&store);
    assert!(labels(&sources, "e3 enterprise").is_empty());
}

#[test]
fn an_indexed_row_whose_id_the_screen_cannot_show_as_sent_still_opens_where_it_points() {
    let store = store_with_orgs();
    let mut sources = Sources::new(LoadedSource::new(false));
    // An id with an escape sequence in it (shown as text, so the entry's text differs from
    // it), and one the server sent as null (read as empty): the chunk keeps the ids as sent.
    let hostile = user("u-\u{1b}[2J9", "Hostile Id", "hostile@zeta.example");
    let nameless = user("", "No Id", "noid@zeta.example");
    indexed(&mut sources, zeta(vec![hostile, nameless], false), 1);
    sources.update(&store);
    let results = Searcher::default().search(&sources, "hostile id");
    let hit = results.hits().next().expect("found by what is shown");
    let wanted = Target::User {
        org: "o-1".into(),
        id: "u-\u{1b}[2J9".into(),
    };
    assert_eq!(
        sources.target(hit.id),
        Some(wanted),
        "the id as the server sent it"
    );
    let results = Searcher::default().search(&sources, "no id");
    let hit = results
        .hits()
        .next()
        .expect("a row with no id is still found");
    let nowhere = Target::User {
        org: "o-1".into(),
        id: String::new(),
    };
    assert_eq!(sources.target(hit.id), Some(nowhere));
}

#[test]
fn a_list_that_comes_back_fills_the_chunk_it_had() {
    let store = store_with_orgs();
    let mut sources = Sources::new(LoadedSource::new(false));
    let amelia = || vec![user("u-9", "Amelia Martin", "amelia@zeta.example")];
    indexed(&mut sources, zeta(amelia(), true), 1);
    let (chunks, held) = (sources.indexed.chunk_count(), sources.indexed.held);
    indexed(&mut sources, zeta(amelia(), false), 1);
    indexed(&mut sources, zeta(amelia(), true), 1);
    sources.update(&store);
    assert_eq!(labels(&sources, "e3 enterprise"), ["E3 Enterprise"]);
    assert_eq!(sources.indexed.chunk_count(), chunks, "no chunk made twice");
    assert_eq!(sources.indexed.held, held, "no list counted twice");
}

#[test]
fn each_of_thousands_of_owners_finds_its_own_lists() {
    let owners = 20_000;
    let lists = (0..owners).map(|i| {
        let org = format!("o-{i}");
        let users = vec![user(&format!("u-{i}"), &format!("User {i}"), "")];
        let users = (
            Resource::Users { org: org.clone() },
            Arc::new(ResourceData::Users(users)),
        );
        IndexedLists {
            owner: Some(org),
            lists: vec![users],
            fetched: SystemTime::now(),
        }
    });
    let mut source = IndexedSource::default();
    source.put(lists.collect());
    assert_eq!(source.len(), owners);
    for i in (0..owners).step_by(997) {
        let org = format!("o-{i}");
        let (at, rows) = (source.slot(&Resource::Users { org: org.clone() })).expect("indexed");
        assert_eq!(rows, 0..1);
        assert_eq!(source.owner(at, 0), Some((org.as_str().into(), false)));
        let wanted = Target::User {
            org,
            id: format!("u-{i}"),
        };
        assert_eq!(source.target(at, 0), Some(wanted));
    }
    let never = Resource::Users { org: "o-x".into() };
    assert_eq!(source.slot(&never), None);
}

#[test]
fn an_indexed_user_whose_id_is_a_guid_is_found_by_it_and_opens_on_them() {
    let id = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
    let store = store_with_orgs();
    let mut sources = Sources::new(LoadedSource::new(false));
    indexed(
        &mut sources,
        zeta(vec![user(id, "Amelia Martin", "")], true),
        1,
    );
    sources.update(&store);
    let results = Searcher::default().search(&sources, "3b7d-4bad");
    let hit = results.hits().next().expect("found by a piece of its id");
    let wanted = Target::User {
        org: "o-1".into(),
        id: id.into(),
    };
    assert_eq!(sources.target(hit.id), Some(wanted));
}

#[test]
fn owners_are_found_by_their_ids_as_sent_whether_kept_as_guids_or_as_text() {
    let owners = [
        "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
        "9B1DEB4D-3B7D-4BAD-9BDD-2B0D7B3DCB6D",
        "o-7",
        "ö-ä",
    ];
    let lists = owners.iter().enumerate().map(|(n, org)| IndexedLists {
        owner: Some(org.to_string()),
        lists: vec![(
            Resource::Users {
                org: org.to_string(),
            },
            Arc::new(ResourceData::Users(vec![user(&format!("u-{n}"), "U", "")])),
        )],
        fetched: SystemTime::now(),
    });
    let mut source = IndexedSource::default();
    source.put(lists.collect());
    for (n, org) in owners.iter().enumerate() {
        let users = Resource::Users {
            org: org.to_string(),
        };
        let (at, _) = source.slot(&users).expect("indexed");
        assert_eq!(source.owner(at, 0), Some((Cow::Borrowed(*org), false)));
        let wanted = Target::User {
            org: org.to_string(),
            id: format!("u-{n}"),
        };
        assert_eq!(source.target(at, 0), Some(wanted));
    }
    let other = Resource::Users {
        org: "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6e".into(),
    };
    assert_eq!(source.slot(&other), None);
}

#[test]
fn an_assignment_is_found_by_its_external_user_id_and_opens_its_subscription() {
    use crate::domain::SubscriptionUser;
    let mut lists = zeta(vec![], true);
    let assigned = SubscriptionUser {
        user_id: "u-9".into(),
        display_name: "Amelia Martin".into(),
        email: "amelia@zeta.example".into(),
        external_user_id: "EXT-4711".into(),
        ..Default::default()
    };
    let resource = Resource::SubscriptionUsers {
        org: "o-1".into(),
        service: "s-1".into(),
        subscription: "sub-1".into(),
    };
    let users = Arc::new(ResourceData::SubscriptionUsers(vec![assigned]));
    lists.lists.push((resource.clone(), users));
    let mut sources = Sources::new(LoadedSource::new(false));
    indexed(&mut sources, lists, 1);
    let store = store_with_orgs();
    sources.update(&store);
    let results = Searcher::default().search(&sources, "ext-4711");
    assert_eq!(results.groups[0].kind, Kind::Assignment);
    let hit = results.hits().next().expect("found by the external id");
    assert_eq!(sources.organization(hit.id).as_deref(), Some("Zeta Oy"));
    let entry = sources.entry(hit.id).expect("an entry");
    assert_eq!(entry.label(), "Amelia Martin");
    assert!(
        entry.secondary(&entry.text()).contains("Microsoft 365"),
        "its service named"
    );
    assert_eq!(sources.target(hit.id), Some(zeta_subscription()));
    let (at, rows) = sources
        .indexed
        .slot(&resource)
        .expect("its list found again");
    assert_eq!((at, rows.len()), (0, 1));
}
