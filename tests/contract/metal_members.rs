//! Contract: the Metal stand-in's invitations and memberships over real HTTP: invite (201,
//! validation, who may), list, read, accept (the invitee joins the organization and the
//! invited projects) and decline; a project's memberships with `search`, reading, changing and
//! removing a membership; and the rule that an organization keeps an owner or admin.

use crate::metal_support::{
    MAIN, MAIN_IS_COLLABORATOR, PRIYA, Raw, SAM, SAMS_PROJECT_INVITATION, TOMAS, assert_errors,
    id_of, start,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::sandbox::Seed;

/// The caller's own membership of organization `org` (via `include=memberships`).
async fn own_membership(api: &Raw, org: &str, user_id: &str) -> Value {
    let org = api
        .ok(&format!("/organizations/{org}?include=memberships"))
        .await;
    org["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user"]["href"] == format!("/metal/v1/users/{user_id}"))
        .expect("a membership of the caller")
        .clone()
}

#[tokio::test]
async fn invitations_are_created_listed_read_and_declined() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let org = api.org_named("Brightline Hosting").await;
    let org_id = org["id"].as_str().unwrap();
    let project = id_of(&org["projects"][0]);
    let path = format!("/organizations/{org_id}/invitations");
    let (status, invitation) = api
        .post(
            &path,
            &json!({"invitee": "lena.new@example.org", "roles": ["admin", "billing", "admin"],
            "projects_ids": [project], "message": "welcome", "organization_id": org_id}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invitation}");
    let id = invitation["id"].as_str().unwrap();
    assert_eq!(invitation["href"], format!("/metal/v1/invitations/{id}"));
    assert_eq!(invitation["invitee"], "lena.new@example.org");
    assert_eq!(
        invitation["roles"],
        json!(["admin", "billing"]),
        "without repeats"
    );
    assert_eq!(
        invitation["organization"],
        json!({"href": format!("/metal/v1/organizations/{org_id}")})
    );
    assert_eq!(
        invitation["invited_by"]["href"],
        format!("/metal/v1/users/{}", metal.account(MAIN).user_id)
    );
    assert_eq!(
        invitation["projects"],
        json!([{"href": format!("/metal/v1/projects/{project}")}])
    );
    assert!(invitation["nonce"].is_string() && invitation["created_at"].is_string());
    let plain = api
        .post(&path, &json!({"invitee": "plain@example.org"}))
        .await
        .1;
    assert_eq!(plain["roles"], json!(["collaborator"]), "the default role");

    let listed = api.all(&format!("{path}?per_page=1"), "invitations").await;
    let ids: Vec<_> = listed.iter().map(|i| i["id"].clone()).collect();
    assert!(
        ids.contains(&json!(id)) && ids.contains(&plain["id"]),
        "{ids:?}"
    );
    let read = api
        .ok(&format!("/invitations/{id}?include=organization"))
        .await;
    assert_eq!(read["organization"]["name"], "Brightline Hosting");

    // Only owners and admins see and make invitations; strangers do not see them at all.
    let tomas = metal.as_user(TOMAS);
    assert_errors(
        &tomas.get(&path).await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    assert_errors(
        &tomas.get(&format!("/invitations/{id}")).await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    assert_errors(
        &tomas
            .post(&path, &json!({"invitee": "x@example.org"}))
            .await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    let sam = metal.as_user(SAM);
    assert_errors(&sam.get(&path).await, StatusCode::NOT_FOUND, "not found");
    assert_errors(
        &sam.get(&format!("/invitations/{id}")).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_errors(
        &sam.delete(&format!("/invitations/{id}")).await,
        StatusCode::NOT_FOUND,
        "not found",
    );

    let (status, body) = api.delete(&format!("/invitations/{id}")).await;
    assert_eq!(
        (status, body),
        (StatusCode::NO_CONTENT, Value::Null),
        "a manager withdraws it"
    );
    assert_errors(
        &api.get(&format!("/invitations/{id}")).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_errors(
        &api.delete(&format!("/invitations/{id}")).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_errors(
        &api.put(&format!("/invitations/{id}"), &json!({})).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
}

#[tokio::test]
async fn an_invitation_is_refused_with_422_for_each_problem() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let org = api.org_named("Brightline Hosting").await;
    let org_id = org["id"].as_str().unwrap();
    let path = format!("/organizations/{org_id}/invitations");
    let other = api.org_named("Aalto Render Farm").await;
    let foreign = id_of(&other["projects"][0]);
    for (body, needle) in [
        (json!({}), "Invitee can't be blank"),
        (
            json!({"invitee": "not an email"}),
            "Invitee is not a valid email address",
        ),
        (
            json!({"invitee": "a@example.org", "roles": ["owner"]}),
            "Roles must be one of admin, billing, collaborator, limited_collaborator",
        ),
        (
            json!({"invitee": "a@example.org", "roles": "admin"}),
            "Roles must be a list of strings",
        ),
        (
            json!({"invitee": "a@example.org", "projects_ids": [foreign]}),
            "not a project of this organization",
        ),
        (
            json!({"invitee": "a@example.org", "projects_ids": ["nope"]}),
            "not a project of this organization",
        ),
        (
            json!({"invitee": "a@example.org", "organization_id": other["id"]}),
            "does not match",
        ),
        (
            json!({"invitee": metal.account(PRIYA).email}),
            "is already a member",
        ),
        (
            json!({"invitee": "SAM.OKAFOR@example.com"}),
            "has already been invited",
        ),
    ] {
        assert_errors(
            &api.post(&path, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            needle,
        );
    }
    let (status, body) = api
        .post(&path, &json!({"invitee": "bad", "roles": ["king"]}))
        .await;
    assert_eq!(
        (status, body["errors"].as_array().unwrap().len()),
        (StatusCode::UNPROCESSABLE_ENTITY, 2)
    );
}

#[tokio::test]
async fn accepting_makes_the_invitee_a_member_of_the_organization_and_the_invited_projects() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let sam = metal.as_user(SAM);
    let mine = sam.all("/invitations", "invitations").await;
    assert_eq!(mine.len(), 2, "{mine:?}");
    let org = api.org_named(SAMS_PROJECT_INVITATION).await;
    let invitation = mine
        .iter()
        .find(|i| i["organization"]["href"] == org["href"])
        .unwrap()
        .clone();
    let id = invitation["id"].as_str().unwrap();
    assert_eq!(invitation["projects"].as_array().unwrap().len(), 2);
    assert_eq!(
        sam.ok(&format!("/invitations/{id}")).await["invitee"],
        "sam.okafor@example.com"
    );
    assert_errors(
        &api.put(&format!("/invitations/{id}"), &json!({})).await,
        StatusCode::FORBIDDEN,
        "only the invitee",
    );
    assert_errors(
        &sam.get(&format!("/organizations/{}", org["id"].as_str().unwrap()))
            .await,
        StatusCode::NOT_FOUND,
        "not found",
    );

    let (status, membership) = sam
        .send(reqwest::Method::PUT, &format!("/invitations/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{membership}");
    assert_eq!(membership["roles"], json!(["collaborator"]));
    assert_eq!(membership["project"], invitation["projects"][0]);
    let sam_id = metal.account(SAM).user_id;
    assert_eq!(
        membership["user"]["href"],
        format!("/metal/v1/users/{sam_id}")
    );
    assert_errors(
        &sam.get(&format!("/invitations/{id}")).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_eq!(sam.all("/invitations", "invitations").await.len(), 1);

    let seen = sam
        .ok(&format!("/organizations/{}", org["id"].as_str().unwrap()))
        .await;
    assert_eq!(seen["name"], SAMS_PROJECT_INVITATION, "now a member");
    assert_eq!(sam.ok("/organizations").await["meta"]["total"], 2);
    let own = own_membership(&sam, org["id"].as_str().unwrap(), &sam_id).await;
    assert_eq!(own["roles"], json!(["collaborator"]));
    for project in invitation["projects"].as_array().unwrap() {
        let members = api
            .ok(&format!(
                "/projects/{}/memberships?search=okafor",
                id_of(project)
            ))
            .await;
        assert_eq!(
            members["memberships"].as_array().unwrap().len(),
            1,
            "{members}"
        );
    }

    // Declining the other one.
    let other = sam.all("/invitations", "invitations").await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        sam.delete(&format!("/invitations/{other}")).await.0,
        StatusCode::NO_CONTENT
    );
    assert!(sam.all("/invitations", "invitations").await.is_empty());
}

#[tokio::test]
async fn a_projects_memberships_are_searched_read_changed_and_removed() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let org = api.org_named("Brightline Hosting").await;
    let project = id_of(&org["projects"][0]);
    let path = format!("/projects/{project}/memberships");
    let all = api.all(&format!("{path}?per_page=1"), "memberships").await;
    assert!(!all.is_empty());
    let main_id = metal.account(MAIN).user_id;
    let main_href = json!({"href": format!("/metal/v1/users/{main_id}")});
    let mine = all
        .iter()
        .find(|m| m["user"] == main_href)
        .expect("the main user is a member")
        .clone();
    assert_eq!(
        mine["project"],
        json!({"href": format!("/metal/v1/projects/{project}")})
    );
    for search in ["morgan", "LEE", "brightline.example", main_id.as_str()] {
        let found = api.ok(&format!("{path}?search={search}")).await;
        assert!(
            found["memberships"].as_array().unwrap().contains(&mine),
            "{search}: {found}"
        );
    }
    let none = api.ok(&format!("{path}?search=nobody-like-this")).await;
    assert_eq!(
        (none["memberships"].clone(), none["meta"]["total"].clone()),
        (json!([]), json!(0))
    );
    let expanded = api.ok(&format!("{path}?include=user")).await;
    assert!(expanded["memberships"][0]["user"]["email"].is_string());

    let id = mine["id"].as_str().unwrap();
    let one = format!("/memberships/{id}");
    assert_eq!(api.ok(&one).await, mine);
    let (status, changed) = api
        .put(&one, &json!({"role": ["collaborator", "billing"]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["roles"], json!(["collaborator", "billing"]));
    let (_, aliased) = api
        .put(&one, &json!({"roles": ["limited_collaborator"]}))
        .await;
    assert_eq!(
        aliased["roles"],
        json!(["limited_collaborator"]),
        "`roles` is read too"
    );
    assert_errors(
        &api.put(&one, &json!({"role": []})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Role can't be blank",
    );
    assert_errors(
        &api.put(&one, &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Role can't be blank",
    );
    assert_errors(
        &api.put(&one, &json!({"role": ["owner"]})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "must be one of",
    );
    assert_errors(
        &api.put(&one, &json!({"role": ["wizard"]})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "must be one of",
    );

    // Tomas (a collaborator) reads but does not change; Sam (a stranger) sees nothing.
    let tomas = metal.as_user(TOMAS);
    assert_eq!(tomas.ok(&one).await["id"], mine["id"]);
    assert_errors(
        &tomas.put(&one, &json!({"role": ["admin"]})).await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    assert_errors(
        &tomas.delete(&one).await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    let sam = metal.as_user(SAM);
    assert_errors(&sam.get(&one).await, StatusCode::NOT_FOUND, "not found");
    assert_errors(&sam.get(&path).await, StatusCode::NOT_FOUND, "not found");
    assert_errors(
        &sam.put(&one, &json!({"role": ["admin"]})).await,
        StatusCode::NOT_FOUND,
        "not found",
    );

    let (status, body) = api.delete(&one).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    assert_errors(&api.get(&one).await, StatusCode::NOT_FOUND, "not found");
    assert_errors(
        &api.get("/projects/00000000-0000-4000-8000-000000000000/memberships")
            .await,
        StatusCode::NOT_FOUND,
        "not found",
    );
}

#[tokio::test]
async fn the_last_owner_or_admin_is_neither_removed_nor_demoted() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let main_id = metal.account(MAIN).user_id;
    let org = api.create_org("Keeps an admin").await;
    let org_id = org["id"].as_str().unwrap();
    let owner = own_membership(&api, org_id, &main_id).await;
    let path = format!("/memberships/{}", owner["id"].as_str().unwrap());
    assert_eq!(owner["roles"], json!(["owner"]));
    assert_errors(
        &api.delete(&path).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "at least one owner or admin",
    );
    assert_errors(
        &api.put(&path, &json!({"role": ["collaborator"]})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "at least one owner or admin",
    );
    let (status, both) = api.put(&path, &json!({"role": ["admin", "billing"]})).await;
    assert_eq!(
        (status, both["roles"].clone()),
        (StatusCode::OK, json!(["admin", "billing"])),
        "still a manager"
    );

    // Sam joins as admin with a project; then the creator may step down and leave.
    let project = api
        .post(
            &format!("/organizations/{org_id}/projects"),
            &json!({"name": "Shared"}),
        )
        .await
        .1;
    let invite = api
        .post(&format!("/organizations/{org_id}/invitations"),
            &json!({"invitee": metal.account(SAM).email, "roles": ["admin"], "projects_ids": [project["id"]]}))
        .await
        .1;
    let sam = metal.as_user(SAM);
    assert_eq!(
        sam.put(
            &format!("/invitations/{}", invite["id"].as_str().unwrap()),
            &json!({})
        )
        .await
        .0,
        StatusCode::OK
    );
    let (status, demoted) = api.put(&path, &json!({"role": ["collaborator"]})).await;
    assert_eq!(
        (status, demoted["roles"].clone()),
        (StatusCode::OK, json!(["collaborator"]))
    );
    assert_errors(
        &api.put(&format!("/organizations/{org_id}"), &json!({"name": "x"}))
            .await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    let sams = own_membership(&sam, org_id, &metal.account(SAM).user_id).await;
    let sams_path = format!("/memberships/{}", sams["id"].as_str().unwrap());
    assert_errors(
        &sam.delete(&sams_path).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "last one",
    );

    let members = format!("/projects/{}/memberships", project["id"].as_str().unwrap());
    assert_eq!(api.ok(&members).await["meta"]["total"], 2);
    let (status, _) = api.delete(&path).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "a member may leave");
    assert_errors(
        &api.get(&format!("/organizations/{org_id}")).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    let left = sam.ok(&members).await;
    assert_eq!(
        left["meta"]["total"], 1,
        "leaving ends the project memberships too: {left}"
    );

    // A lesser member leaves on their own, but removes nobody else.
    let lesser = api.org_named(MAIN_IS_COLLABORATOR).await;
    let lesser_id = lesser["id"].as_str().unwrap();
    let priya = own_membership(&api, lesser_id, &metal.account(PRIYA).user_id).await;
    assert_errors(
        &api.delete(&format!("/memberships/{}", priya["id"].as_str().unwrap()))
            .await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    let mine = own_membership(&api, lesser_id, &main_id).await;
    assert_eq!(
        api.delete(&format!("/memberships/{}", mine["id"].as_str().unwrap()))
            .await
            .0,
        StatusCode::NO_CONTENT
    );
}
