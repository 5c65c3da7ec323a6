//! Contract: every list of the Metal stand-in pages as the spec's `page`/`per_page` say, with
//! the same `meta` — previous and next left out at the ends, a page past the end empty, the
//! page size clamped to 1–1,000, hrefs on the list's own path with its filters — not only
//! `findOrganizations` (whose own edges are in `metal.rs`).

use std::collections::HashSet;

use serde_json::Value;
use tenantdeck::sandbox::{METAL_MAX_PER_PAGE, Seed};

use crate::metal_support::{MAIN, Raw, SAM, SAMS_PROJECT_INVITATION, start};

/// `/metal/v1{path}` with `page` and `per_page` after the list's own parameters.
fn href(path: &str, page: usize, per_page: usize) -> String {
    let join = if path.contains('?') { '&' } else { '?' };
    format!("/metal/v1{path}{join}page={page}&per_page={per_page}")
}

fn with_page(path: &str, page: usize, per_page: usize) -> String {
    href(path, page, per_page)
        .trim_start_matches("/metal/v1")
        .to_string()
}

/// Checks the paging of the list at `path` (its items under `key`), which holds at least two.
async fn pages_as_the_spec_says(api: &Raw, path: &str, key: &str) {
    let total = api.ok(&with_page(path, 1, 1000)).await["meta"]["total"]
        .as_u64()
        .unwrap() as usize;
    assert!(total >= 2, "{path}: {total} items cannot show both ends");

    let first = api.ok(&with_page(path, 1, 1)).await;
    let meta = &first["meta"];
    assert_eq!(first[key].as_array().unwrap().len(), 1, "{path}");
    assert!(meta.get("previous").is_none(), "{path}: {meta}");
    assert_eq!(meta["first"]["href"], href(path, 1, 1), "{path}");
    assert_eq!(meta["self"]["href"], href(path, 1, 1), "{path}");
    assert_eq!(meta["next"]["href"], href(path, 2, 1), "{path}");
    assert_eq!(meta["last"]["href"], href(path, total, 1), "{path}");
    assert_eq!(
        (meta["current_page"].clone(), meta["last_page"].clone()),
        (1.into(), total.into()),
        "{path}"
    );

    let last = api.ok(&with_page(path, total, 1)).await;
    assert!(
        last["meta"].get("next").is_none(),
        "{path}: {}",
        last["meta"]
    );
    assert_eq!(last["meta"]["previous"]["href"], href(path, total - 1, 1));

    let past = api.ok(&with_page(path, total + 1, 1)).await;
    assert_eq!(past[key], Value::Array(Vec::new()), "{path}");
    assert_eq!(past["meta"]["current_page"], total + 1);
    assert!(past["meta"].get("next").is_none());
    assert_eq!(past["meta"]["previous"]["href"], href(path, total, 1));

    let zero = api.ok(&with_page(path, 0, 0)).await;
    assert_eq!(zero["meta"]["self"]["href"], href(path, 1, 1), "{path}");
    let big = api.ok(&with_page(path, 1, 5000)).await;
    assert_eq!(
        big["meta"]["self"]["href"],
        href(path, 1, METAL_MAX_PER_PAGE as usize)
    );
    assert_eq!(big[key].as_array().unwrap().len(), total);
    assert!(big["meta"].get("next").is_none() && big["meta"].get("previous").is_none());

    let all = api.all(&with_page(path, 1, 1), key).await;
    let ids: HashSet<_> = all.iter().map(|i| i["id"].to_string()).collect();
    assert_eq!((all.len(), ids.len()), (total, total), "{path}: each once");
}

#[tokio::test]
async fn every_list_pages_with_the_same_meta_and_ends() {
    let metal = start(Seed::Demo).await;
    let main = metal.as_user(MAIN);
    let org = main.org_named(SAMS_PROJECT_INVITATION).await;
    let org = org["id"].as_str().unwrap();
    let projects = format!("/organizations/{org}/projects");
    let project = main.all(&projects, "projects").await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    pages_as_the_spec_says(&main, &projects, "projects").await;
    pages_as_the_spec_says(&main, &format!("{projects}?name=e"), "projects").await;
    let invitations = format!("/organizations/{org}/invitations");
    pages_as_the_spec_says(&main, &invitations, "invitations").await;
    let memberships = format!("/projects/{project}/memberships");
    pages_as_the_spec_says(&main, &memberships, "memberships").await;
    pages_as_the_spec_says(&metal.as_user(SAM), "/invitations", "invitations").await;
}
