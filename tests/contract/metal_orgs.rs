//! Contract: the Metal stand-in's organizations and projects over real HTTP: create (201, the
//! whole object, its creator the owner), read, update by PUT and PATCH, delete (204), their
//! validation (422 with every problem), who may do what (403 for a lesser role, 404 for a
//! stranger), `include`/`exclude`, and an organization's projects with the `name` filter.

use crate::metal_support::{MAIN, MAIN_IS_COLLABORATOR, PRIYA, SAM, assert_errors, id_of, start};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tenantdeck::sandbox::Seed;

#[tokio::test]
async fn create_answers_201_with_the_whole_organization_and_the_creator_owns_it() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let body = json!({
        "name": "  Acme Render  ",
        "description": "GPU rendering",
        "website": "https://acme.example",
        "twitter": "@acme",
        "customdata": {"crm": 7},
        "enforce_2fa_at": "2027-01-01T00:00:00Z",
        "address": {"address": "1 Main St", "address2": "Floor 2", "city": "Austin",
                    "state": "TX", "zip_code": "73301", "country": "US",
                    "coordinates": {"latitude": "30.26", "longitude": "-97.74"}},
        "billing_address": {"address": "PO Box 9", "zip_code": "73302", "country": "US"},
        "ignored": "unknown fields are ignored"
    });
    let (status, org) = api.post("/organizations", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{org}");
    let id = org["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
    assert_eq!(org["href"], format!("/metal/v1/organizations/{id}"));
    assert_eq!(org["name"], "Acme Render", "trimmed");
    assert_eq!(org["address"], body["address"]);
    assert_eq!(org["billing_address"], body["billing_address"]);
    assert_eq!(org["customdata"], json!({"crm": 7}));
    assert_eq!(org["enforce_2fa_at"], "2027-01-01T00:00:00Z");
    assert_eq!(
        (org["credit_amount"].clone(), org["terms"].clone()),
        (json!(0.0), json!(0))
    );
    assert_eq!(org["projects"], json!([]));
    assert!(org.get("ignored").is_none());
    assert_eq!(org["created_at"], org["updated_at"]);
    assert_eq!(
        org["members"],
        json!([{"href": format!("/metal/v1/users/{}", metal.account(MAIN).user_id)}])
    );

    let read = api
        .ok(&format!("/organizations/{id}?include=memberships"))
        .await;
    assert_eq!(read["memberships"][0]["roles"], json!(["owner"]));
    assert_eq!(read["memberships"][0]["user"], read["members"][0]);
    assert!(
        read["memberships"][0].get("project").is_none(),
        "an organization membership"
    );
    let total = api.ok("/organizations?per_page=1").await["meta"]["total"].clone();
    assert_eq!(total, 29);
    assert_eq!(
        metal
            .as_user(PRIYA)
            .get(&format!("/organizations/{id}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn create_and_update_report_every_problem_with_422() {
    let metal = start(Seed::Empty).await;
    let api = metal.as_user(MAIN);
    assert_errors(
        &api.post("/organizations", &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Name can't be blank",
    );
    assert_errors(
        &api.post("/organizations", &json!({"name": "   "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Name can't be blank",
    );
    assert_errors(
        &api.post("/organizations", &json!({"name": 7})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Name must be a string",
    );
    let long = "x".repeat(256);
    assert_errors(
        &api.post("/organizations", &json!({"name": long})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "too long",
    );
    let (status, body) = api
        .post(
            "/organizations",
            &json!({
                "name": "",
                "address": {"city": "Oslo", "country": "Norway"},
                "billing_address": "PO Box 1",
                "enforce_2fa_at": "next week",
                "customdata": [1]
            }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"errors": [
            "Name can't be blank",
            "Customdata must be an object",
            "Enforce 2fa at is not a valid date-time",
            "Address address can't be blank",
            "Address zip code can't be blank",
            "Address country is not a valid ISO 3166-1 alpha-2 country code",
            "Billing address must be an object",
        ]})
    );
    assert_errors(
        &api.post(
            "/organizations",
            &json!({"name": "x", "address": {"address": "1", "zip_code": "2", "country": "us"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "country is not a valid",
    );
    let raw = api
        .request(Method::POST, "/organizations")
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_errors(
        &crate::metal_support::read(raw).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not valid JSON",
    );
    assert_errors(
        &api.post("/organizations", &json!(["name"])).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "JSON object",
    );

    let id = api.create_org("Valid").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/organizations/{id}");
    assert_errors(
        &api.put(&path, &json!({"name": ""})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Name can't be blank",
    );
    assert_errors(
        &api.put(&path, &json!({"address": {"address": "1"}})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "zip code",
    );
    assert_eq!(
        api.ok(&path).await["name"],
        "Valid",
        "a refused update changes nothing"
    );
}

#[tokio::test]
async fn put_and_patch_change_what_is_sent_and_null_clears() {
    let metal = start(Seed::Empty).await;
    let api = metal.as_user(MAIN);
    let created = api
        .post(
            "/organizations",
            &json!({"name": "Before", "website": "https://a.example",
            "address": {"address": "1 Rd", "zip_code": "1000", "country": "DK"}}),
        )
        .await
        .1;
    let path = format!("/organizations/{}", created["id"].as_str().unwrap());
    let (status, put) = api
        .put(&path, &json!({"name": "After", "description": "new"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{put}");
    assert_eq!(
        (put["name"].clone(), put["description"].clone()),
        (json!("After"), json!("new"))
    );
    assert_eq!(put["website"], "https://a.example", "not sent, kept");
    assert_eq!(put["address"], created["address"]);
    assert_eq!(put["created_at"], created["created_at"]);
    let (status, patched) = api
        .send(
            Method::PATCH,
            &path,
            Some(&json!({"website": null, "address": null, "twitter": "@after"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "PATCH is accepted too: {patched}");
    assert!(
        patched.get("website").is_none() && patched.get("address").is_none(),
        "{patched}"
    );
    assert_eq!(patched["twitter"], "@after");
    assert_eq!(api.ok(&path).await, patched);
    let (status, empty) = api.send(Method::PUT, &path, None).await;
    assert_eq!(
        (status, empty["name"].clone()),
        (StatusCode::OK, json!("After")),
        "no body changes nothing"
    );
}

#[tokio::test]
async fn a_lesser_role_gets_403_a_stranger_404_and_delete_answers_204() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let lesser = api.org_named(MAIN_IS_COLLABORATOR).await;
    let path = format!("/organizations/{}", lesser["id"].as_str().unwrap());
    assert_eq!(
        api.ok(&path).await["name"],
        MAIN_IS_COLLABORATOR,
        "a collaborator reads it"
    );
    assert_errors(
        &api.put(&path, &json!({"name": "x"})).await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    assert_errors(
        &api.delete(&path).await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    assert_errors(
        &api.post(&format!("{path}/projects"), &json!({"name": "p"}))
            .await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    let sam = metal.as_user(SAM);
    for (method, body) in [
        (Method::GET, None),
        (Method::PUT, Some(json!({"name": "x"}))),
        (Method::DELETE, None),
    ] {
        assert_errors(
            &sam.send(method, &path, body.as_ref()).await,
            StatusCode::NOT_FOUND,
            "not found",
        );
    }
    assert_errors(
        &sam.get(&format!("{path}/projects")).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    let unknown = "/organizations/00000000-0000-4000-8000-000000000000";
    assert_errors(&api.get(unknown).await, StatusCode::NOT_FOUND, "not found");
    assert_errors(
        &api.delete(unknown).await,
        StatusCode::NOT_FOUND,
        "not found",
    );

    let owned = api.org_named("Brightline Hosting").await;
    let path = format!("/organizations/{}", owned["id"].as_str().unwrap());
    let project = id_of(&owned["projects"][0]);
    let (status, body) = api.delete(&path).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    assert_errors(&api.get(&path).await, StatusCode::NOT_FOUND, "not found");
    assert_errors(
        &api.get(&format!("/projects/{project}/memberships")).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_errors(&api.delete(&path).await, StatusCode::NOT_FOUND, "not found");
    assert_eq!(api.ok("/organizations").await["meta"]["total"], 27);
}

#[tokio::test]
async fn include_expands_href_stubs_and_exclude_folds_them() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let org = api.org_named("Brightline Hosting").await;
    let path = format!("/organizations/{}", org["id"].as_str().unwrap());
    assert!(
        org["projects"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.as_object().unwrap().len() == 1),
        "stubs by default"
    );

    let included = api.ok(&format!("{path}?include=projects")).await;
    let project = &included["projects"][0];
    assert_eq!(project["href"], org["projects"][0]["href"]);
    assert!(
        project["name"].is_string() && project["type"] == "default",
        "{project}"
    );
    assert_eq!(
        project["organization"]["id"], org["id"],
        "a project's organization is whole by default"
    );
    assert!(
        project["memberships"][0].as_object().unwrap().len() == 1,
        "one level only"
    );
    assert!(included["members"][0].get("email").is_none());

    let folded = api
        .ok(&format!("{path}?include=projects&exclude=projects"))
        .await;
    assert_eq!(folded["projects"], org["projects"], "exclude wins");
    let inner = api
        .ok(&format!(
            "{path}?include=projects&exclude=projects.organization"
        ))
        .await;
    assert_eq!(
        inner["projects"][0]["organization"],
        json!({"href": path.replace("/organizations", "/metal/v1/organizations")})
    );
    let dotted = api
        .ok(&format!("{path}?include=projects.memberships.user,members"))
        .await;
    let user = &dotted["projects"][0]["memberships"][0]["user"];
    assert!(user["email"].is_string(), "three levels: {user}");
    assert!(dotted["members"][0]["full_name"].is_string());
    let member = dotted["members"][0]["href"]
        .as_str()
        .unwrap()
        .trim_start_matches("/metal/v1");
    assert_eq!(
        api.ok(member).await,
        dotted["members"][0],
        "a member's href leads to the user"
    );
    assert_errors(
        &metal.as_user(SAM).get(member).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    let sam = format!("/users/{}", metal.account(SAM).user_id);
    assert_eq!(
        metal.as_user(SAM).ok(&sam).await["email"],
        "sam.okafor@example.com"
    );
    let repeated = api
        .ok(&format!("{path}?include=members&include=memberships"))
        .await;
    assert!(
        repeated["members"][0]["email"].is_string()
            && repeated["memberships"][0]["roles"].is_array()
    );

    let listed = api.ok("/organizations?include=projects&per_page=3").await;
    assert!(listed["organizations"].as_array().unwrap().iter().all(|o| {
        o["projects"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["name"].is_string())
    }));
    assert_eq!(
        listed["meta"]["next"]["href"],
        "/metal/v1/organizations?include=projects&page=2&per_page=3"
    );

    let projects = api
        .ok(&format!("{path}/projects?exclude=organization"))
        .await;
    assert_eq!(
        projects["projects"][0]["organization"]
            .as_object()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn an_organizations_projects_are_listed_by_name_and_created_with_201() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let org = api.create_org("Project home").await;
    let path = format!("/organizations/{}/projects", org["id"].as_str().unwrap());
    let (status, project) = api
        .post(
            &path,
            &json!({"name": "Edge Cache EU", "tags": ["edge", "eu"], "customdata": {"k": "v"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{project}");
    let id = project["id"].as_str().unwrap();
    assert_eq!(project["href"], format!("/metal/v1/projects/{id}"));
    assert_eq!(
        (project["type"].clone(), project["tags"].clone()),
        (json!("default"), json!(["edge", "eu"]))
    );
    assert_eq!(project["organization"]["id"], org["id"]);
    assert_eq!(
        project["memberships"].as_array().unwrap().len(),
        1,
        "the creator is its admin"
    );
    for (name, kind) in [
        ("Staging", "vmce"),
        ("staging two", "default"),
        ("Web", "default"),
    ] {
        assert_eq!(
            api.post(&path, &json!({"name": name, "type": kind}))
                .await
                .0,
            StatusCode::CREATED
        );
    }
    let names = |body: &Value| -> Vec<String> {
        body["projects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&api.ok(&format!("{path}?name=STAGING")).await),
        ["Staging", "staging two"]
    );
    let page = api.ok(&format!("{path}?per_page=3&page=2")).await;
    assert_eq!(names(&page), ["Web"]);
    assert_eq!(page["meta"]["total"], 4);
    assert!(page["meta"].get("next").is_none());
    assert_eq!(
        page["meta"]["previous"]["href"],
        format!("/metal/v1{path}?page=1&per_page=3")
    );
    let found = api.ok(&format!("{path}?name=nothing")).await;
    assert_eq!(
        (
            found["projects"].clone(),
            found["meta"]["last_page"].clone()
        ),
        (json!([]), json!(1))
    );
    let updated = api
        .ok(&format!("/organizations/{}", org["id"].as_str().unwrap()))
        .await;
    assert_eq!(updated["projects"].as_array().unwrap().len(), 4);

    let (status, body) = api
        .post(&path, &json!({"name": "x".repeat(81), "type": "huge", "tags": "edge", "payment_method_id": "card"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"].as_array().unwrap().len(), 4, "{body}");
    assert_errors(
        &api.post(&path, &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Name can't be blank",
    );
    assert_errors(
        &api.post(&path, &json!({"name": "Prod 🚀"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "more than 3 bytes",
    );
    assert_errors(
        &api.post(
            "/organizations/00000000-0000-4000-8000-000000000000/projects",
            &json!({"name": "p"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not found",
    );
}
