//! The raw view's bodies on the hierarchy providers: a node read raw is the server's own
//! answer for it (an organization's on Pulse; an organization's or a project's on Metal).

use std::time::Duration;

use serde_json::Value;
use tenantdeck::api::{ApiError, Provider, Resource};
use tenantdeck::providers::pulse::PulseClient;
use tenantdeck::sandbox::Seed;

use crate::metal_support::{self as metal, MAIN};
use crate::pulse_support::{self as pulse};

fn node(id: &Value) -> Resource {
    Resource::Node {
        id: id.as_str().expect("an id").to_string(),
    }
}

#[tokio::test]
async fn a_pulse_organization_read_raw_is_the_servers_answer() {
    let stand_in = pulse::start(Seed::Demo).await;
    let raw = pulse::Raw::login(&stand_in.handle, &stand_in.operator()).await;
    let org = raw.all_orgs().await.swap_remove(3);
    let config = tenantdeck::demo::pulse_config(&stand_in.handle, Duration::from_secs(10));
    let client = PulseClient::new(config).unwrap();
    let (status, expected) = raw
        .get(&format!(
            "/api/organizations/{}",
            org["id"].as_str().unwrap()
        ))
        .await;
    assert!(status.is_success(), "{status}");
    assert_eq!(client.fetch_raw(&node(&org["id"])).await.unwrap(), expected);
    let list = client.fetch_raw(&Resource::Hierarchy).await;
    assert!(matches!(list, Err(ApiError::Unsupported(_))), "{list:?}");
}

#[tokio::test]
async fn a_metal_node_read_raw_is_its_organizations_or_its_projects_answer() {
    let stand_in = metal::start(Seed::Demo).await;
    let raw = stand_in.as_user(MAIN);
    let orgs = raw.organizations_with_projects().await;
    let org = orgs
        .iter()
        .find(|o| o["projects"].as_array().is_some_and(|p| !p.is_empty()));
    let org = org.expect("an organization with projects");
    let project = &org["projects"][0];
    let client = crate::client_metal::client_as(&stand_in, MAIN);
    let org_path = format!("/organizations/{}", org["id"].as_str().unwrap());
    assert_eq!(
        client.fetch_raw(&node(&org["id"])).await.unwrap(),
        raw.ok(&org_path).await
    );
    let project_path = format!("/projects/{}", project["id"].as_str().unwrap());
    assert_eq!(
        client.fetch_raw(&node(&project["id"])).await.unwrap(),
        raw.ok(&project_path).await
    );
}
