//! Contract: who may call each route of the Metal stand-in. Without a known `X-Auth-Token`
//! every route is 401 in the `{"errors"}` shape, before the request's parameters or body are
//! read; someone outside an organization gets 404 on every route naming it or what is in it;
//! a member without `owner` or `admin` reads it and gets 403 on every manager's write. A
//! refused write changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tenantdeck::sandbox::Seed;

use crate::metal_support::{
    MAIN, Raw, SAM, SAMS_PROJECT_INVITATION, TOMAS, assert_errors, read, start,
};

/// An id of each kind the routes take, from the demo seed as the main user sees it.
struct Ids {
    org: String,
    project: String,
    membership: String,
    invitation: String,
    user: String,
}

/// `user` is the one `/users/{id}` names; the membership and invitation picked are neither
/// Tomas's (a member may leave) nor Sam's (the invitee may read and accept his own).
async fn ids(api: &Raw, user: String) -> Ids {
    let org = api.org_named(SAMS_PROJECT_INVITATION).await;
    let org = org["id"].as_str().unwrap().to_string();
    let project = api
        .all(&format!("/organizations/{org}/projects"), "projects")
        .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let memberships = api
        .all(&format!("/projects/{project}/memberships"), "memberships")
        .await;
    let invitations = api
        .all(&format!("/organizations/{org}/invitations"), "invitations")
        .await;
    let membership = memberships
        .iter()
        .find(|m| m["roles"] == json!(["admin"]))
        .expect("the project's admin");
    let invitation = invitations
        .iter()
        .find(|i| i["invitee"] != "sam.okafor@example.com")
        .expect("someone else's invitation");
    Ids {
        membership: membership["id"].as_str().unwrap().to_string(),
        invitation: invitation["id"].as_str().unwrap().to_string(),
        org,
        project,
        user,
    }
}

/// Every operation the stand-in serves, on ids that exist, with a body its write would take.
fn routes(ids: &Ids) -> Vec<(Method, String, Option<Value>)> {
    let Ids {
        org,
        project,
        membership,
        invitation,
        user,
    } = ids;
    let named = Some(json!({"name": "Renamed by a stranger"}));
    let roles = Some(json!({"role": ["billing"]}));
    let invite = Some(json!({"invitee": "x@y.example"}));
    vec![
        (Method::GET, "/user".into(), None),
        (
            Method::PUT,
            "/user".into(),
            Some(json!({"first_name": "Stranger"})),
        ),
        (Method::GET, format!("/users/{user}"), None),
        (Method::GET, "/organizations".into(), None),
        (Method::POST, "/organizations".into(), named.clone()),
        (Method::GET, format!("/organizations/{org}"), None),
        (Method::PUT, format!("/organizations/{org}"), named.clone()),
        (
            Method::PATCH,
            format!("/organizations/{org}"),
            named.clone(),
        ),
        (Method::DELETE, format!("/organizations/{org}"), None),
        (Method::GET, format!("/organizations/{org}/projects"), None),
        (
            Method::POST,
            format!("/organizations/{org}/projects"),
            named.clone(),
        ),
        (
            Method::GET,
            format!("/organizations/{org}/invitations"),
            None,
        ),
        (
            Method::POST,
            format!("/organizations/{org}/invitations"),
            invite,
        ),
        (Method::GET, "/invitations".into(), None),
        (Method::GET, format!("/invitations/{invitation}"), None),
        (Method::PUT, format!("/invitations/{invitation}"), None),
        (Method::DELETE, format!("/invitations/{invitation}"), None),
        (Method::GET, format!("/projects/{project}"), None),
        (Method::PUT, format!("/projects/{project}"), named),
        (Method::DELETE, format!("/projects/{project}"), None),
        (
            Method::GET,
            format!("/projects/{project}/memberships"),
            None,
        ),
        (Method::GET, format!("/memberships/{membership}"), None),
        (Method::PUT, format!("/memberships/{membership}"), roles),
        (Method::DELETE, format!("/memberships/{membership}"), None),
    ]
}

#[tokio::test]
async fn every_route_answers_401_without_a_known_key_and_changes_nothing() {
    let metal = start(Seed::Demo).await;
    let main = metal.as_user(MAIN);
    let ids = ids(&main, metal.account(MAIN).user_id).await;
    let before = main.ok(&format!("/organizations/{}", ids.org)).await;
    let callers = [
        (metal.anonymous(), "x-auth-token"),
        (
            Raw::new(&metal.handle, Some("0123456789abcdef".into())),
            "invalid authentication token",
        ),
    ];
    for (caller, why) in &callers {
        for (method, path, body) in routes(&ids) {
            let answer = caller.send(method.clone(), &path, body.as_ref()).await;
            assert_eq!(
                answer.0,
                StatusCode::UNAUTHORIZED,
                "{method} {path}: {}",
                answer.1
            );
            assert_errors(&answer, StatusCode::UNAUTHORIZED, why);
        }
        // The key is checked before the parameters and the body are read.
        assert_errors(
            &caller.get("/organizations?page=two").await,
            StatusCode::UNAUTHORIZED,
            why,
        );
        let malformed = caller
            .request(Method::POST, "/organizations")
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_errors(&read(malformed).await, StatusCode::UNAUTHORIZED, why);
    }

    // Nothing the refused writes asked for happened.
    assert_eq!(
        main.ok(&format!("/organizations/{}", ids.org)).await,
        before
    );
    main.ok(&format!("/projects/{}", ids.project)).await;
    main.ok(&format!("/invitations/{}", ids.invitation)).await;
    let membership = main.ok(&format!("/memberships/{}", ids.membership)).await;
    assert_ne!(membership["roles"], json!(["billing"]), "{membership}");
    let invited = main
        .all(
            &format!("/organizations/{}/invitations", ids.org),
            "invitations",
        )
        .await;
    assert!(invited.iter().all(|i| i["invitee"] != "x@y.example"));
    assert_eq!(main.ok("/user").await["first_name"], "Morgan");
    let total = main.ok("/organizations?per_page=1").await["meta"]["total"].clone();
    assert_eq!(total, 28, "no organization was made");
}

#[tokio::test]
async fn a_stranger_meets_404_and_a_lesser_member_reads_but_meets_403_on_writes() {
    let metal = start(Seed::Demo).await;
    let main = metal.as_user(MAIN);
    let ids = ids(&main, metal.account(MAIN).user_id).await;
    let before = main.ok(&format!("/organizations/{}", ids.org)).await;
    let sam = metal.as_user(SAM);
    let tomas = metal.as_user(TOMAS);
    let ok = StatusCode::OK;
    let forbidden = StatusCode::FORBIDDEN;
    let mut checked = 0;
    for (method, path, body) in routes(&ids) {
        let names_an_id = [&ids.org, &ids.project, &ids.membership, &ids.invitation]
            .iter()
            .any(|id| path.contains(id.as_str()))
            || path.contains(&ids.user);
        if !names_an_id {
            continue;
        }
        let (status, answer) = sam.send(method.clone(), &path, body.as_ref()).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a stranger: {method} {path}: {answer}"
        );

        // Tomas is Brightline's collaborator: he reads the organization, its projects and
        // members and Morgan; its invitations and every write are the managers'.
        let reads = method == Method::GET
            && !path.contains("/invitations")
            && !path.contains(&ids.invitation);
        let want = if reads { ok } else { forbidden };
        let (status, answer) = tomas.send(method.clone(), &path, body.as_ref()).await;
        assert_eq!(status, want, "a collaborator: {method} {path}: {answer}");
        checked += 1;
    }
    assert_eq!(checked, 19, "every route naming an id");
    assert_eq!(
        main.ok(&format!("/organizations/{}", ids.org)).await,
        before
    );
    main.ok(&format!("/projects/{}", ids.project)).await;
    main.ok(&format!("/invitations/{}", ids.invitation)).await;
    let membership = main.ok(&format!("/memberships/{}", ids.membership)).await;
    assert_eq!(membership["roles"], json!(["admin"]), "{membership}");
}
