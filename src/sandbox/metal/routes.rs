//! The Metal routes, one handler per operation of the spec (named by its `operationId`):
//! each reads its parameters, runs on the database thread as the caller, and renders the
//! answer with the request's `include`/`exclude`. Rules live in `writes.rs`, tables in
//! `store.rs`, JSON in `render.rs`.

use axum::extract::Path;
use axum::response::Response;
use rusqlite::Connection;
use serde_json::{Value, json};

use super::auth::Session;
use super::query::{MetalQuery, Page, View};
use super::render::Renderer;
use super::reply::{MetalError, MetalJson, MetalResult, created, no_content, ok};
use super::store::{self, InvitationKey};
use super::writes;

/// A list answer: `{<key>: [...], "meta": {...}}`.
fn list_answer(key: &str, items: Vec<Value>, meta: Value) -> Value {
    let mut body = json!({ "meta": meta });
    body[key] = Value::Array(items);
    body
}

/// Renders `rows` with `render` under one view.
fn render_all<'c, T>(
    conn: &'c Connection,
    rows: &[T],
    view: &View,
    render: impl Fn(&Renderer<'c>, &T, &View) -> MetalResult<Value>,
) -> MetalResult<Vec<Value>> {
    let renderer = Renderer { conn };
    rows.iter()
        .map(|row| render(&renderer, row, view))
        .collect()
}

/// The parts of a list request: its page and view, and the query for `meta`.
struct ListAsk {
    query: MetalQuery,
    page: Page,
    view: View,
}

impl ListAsk {
    fn new(query: MetalQuery) -> MetalResult<ListAsk> {
        let page = query.page()?;
        let view = query.view();
        Ok(ListAsk { query, page, view })
    }
}

/// findOrganizations: `GET /organizations`.
pub(crate) async fn find_organizations(
    session: Session,
    query: MetalQuery,
) -> MetalResult<Response> {
    let personal = query.tristate("personal")?;
    let without_projects = query.tristate("without_projects")?;
    let ask = ListAsk::new(query)?;
    session
        .db(move |conn, caller| {
            let (orgs, total) = store::org_page(
                conn,
                caller,
                personal,
                without_projects,
                ask.page.offset(),
                ask.page.per_page,
            )?;
            let items = render_all(conn, &orgs, &ask.view, Renderer::org)?;
            let meta = ask.query.meta("/organizations", ask.page, total);
            Ok(ok(list_answer("organizations", items, meta)))
        })
        .await
}

/// createOrganization: `POST /organizations` → 201.
pub(crate) async fn create_organization(
    session: Session,
    query: MetalQuery,
    MetalJson(body): MetalJson,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let org = writes::create_org(conn, caller, &body)?;
            Ok(created(Renderer { conn }.org(&org, &view)?))
        })
        .await
}

/// findOrganizationById: `GET /organizations/{id}`.
pub(crate) async fn find_organization_by_id(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let access = store::visible_org(conn, caller, &id)?;
            Ok(ok(Renderer { conn }.org(&access.org, &view)?))
        })
        .await
}

/// updateOrganization: `PUT /organizations/{id}` (and PATCH, which older clients send).
pub(crate) async fn update_organization(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
    MetalJson(body): MetalJson,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let org = writes::update_org(conn, caller, &id, &body)?;
            Ok(ok(Renderer { conn }.org(&org, &view)?))
        })
        .await
}

/// deleteOrganization: `DELETE /organizations/{id}` → 204.
pub(crate) async fn delete_organization(
    session: Session,
    Path(id): Path<String>,
) -> MetalResult<Response> {
    session
        .db(move |conn, caller| writes::delete_org(conn, caller, &id))
        .await?;
    Ok(no_content())
}

/// findOrganizationProjects: `GET /organizations/{id}/projects`, filtered by `name`.
pub(crate) async fn find_organization_projects(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
) -> MetalResult<Response> {
    let name = query.get("name").unwrap_or("").to_string();
    let ask = ListAsk::new(query)?;
    session
        .db(move |conn, caller| {
            store::visible_org(conn, caller, &id)?;
            let (projects, total) =
                store::project_page(conn, &id, &name, ask.page.offset(), ask.page.per_page)?;
            let items = render_all(conn, &projects, &ask.view, Renderer::project)?;
            let meta = ask
                .query
                .meta(&format!("/organizations/{id}/projects"), ask.page, total);
            Ok(ok(list_answer("projects", items, meta)))
        })
        .await
}

/// createOrganizationProject: `POST /organizations/{id}/projects` → 201.
pub(crate) async fn create_organization_project(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
    MetalJson(body): MetalJson,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let project = writes::create_project(conn, caller, &id, &body)?;
            Ok(created(Renderer { conn }.project(&project, &view)?))
        })
        .await
}

/// findOrganizationInvitations: `GET /organizations/{id}/invitations` (owners and admins).
pub(crate) async fn find_organization_invitations(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
) -> MetalResult<Response> {
    let ask = ListAsk::new(query)?;
    session
        .db(move |conn, caller| {
            store::visible_org(conn, caller, &id)?.require_manager("see the invitations")?;
            let (invitations, total) = store::invitation_page(
                conn,
                InvitationKey::Org,
                &id,
                ask.page.offset(),
                ask.page.per_page,
            )?;
            let items = render_all(conn, &invitations, &ask.view, Renderer::invitation)?;
            let meta = ask
                .query
                .meta(&format!("/organizations/{id}/invitations"), ask.page, total);
            Ok(ok(list_answer("invitations", items, meta)))
        })
        .await
}

/// createOrganizationInvitation: `POST /organizations/{id}/invitations` → 201.
pub(crate) async fn create_organization_invitation(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
    MetalJson(body): MetalJson,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let invitation = writes::create_invitation(conn, caller, &id, &body)?;
            Ok(created(Renderer { conn }.invitation(&invitation, &view)?))
        })
        .await
}

/// findInvitations: `GET /invitations`, the caller's own.
pub(crate) async fn find_invitations(session: Session, query: MetalQuery) -> MetalResult<Response> {
    let ask = ListAsk::new(query)?;
    session
        .db(move |conn, caller| {
            let (invitations, total) = store::invitation_page(
                conn,
                InvitationKey::Invitee,
                &caller.email,
                ask.page.offset(),
                ask.page.per_page,
            )?;
            let items = render_all(conn, &invitations, &ask.view, Renderer::invitation)?;
            let meta = ask.query.meta("/invitations", ask.page, total);
            Ok(ok(list_answer("invitations", items, meta)))
        })
        .await
}

/// findInvitationById: `GET /invitations/{id}`.
pub(crate) async fn find_invitation_by_id(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let (invitation, _) = writes::invitation_access(conn, caller, &id)?;
            Ok(ok(Renderer { conn }.invitation(&invitation, &view)?))
        })
        .await
}

/// acceptInvitation: `PUT /invitations/{id}` → the new `Membership`.
pub(crate) async fn accept_invitation(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let membership = writes::accept_invitation(conn, caller, &id)?;
            Ok(ok(Renderer { conn }.membership(&membership, &view)?))
        })
        .await
}

/// declineInvitation: `DELETE /invitations/{id}` → 204.
pub(crate) async fn decline_invitation(
    session: Session,
    Path(id): Path<String>,
) -> MetalResult<Response> {
    session
        .db(move |conn, caller| writes::decline_invitation(conn, caller, &id))
        .await?;
    Ok(no_content())
}

/// findProjectMemberships: `GET /projects/{project_id}/memberships`, filtered by `search`.
pub(crate) async fn find_project_memberships(
    session: Session,
    Path(project_id): Path<String>,
    query: MetalQuery,
) -> MetalResult<Response> {
    let search = query.get("search").unwrap_or("").trim().to_string();
    let ask = ListAsk::new(query)?;
    session
        .db(move |conn, caller| {
            let project =
                store::find_project(conn, &project_id)?.ok_or_else(MetalError::not_found)?;
            store::visible_org(conn, caller, &project.org_id)?;
            let (memberships, total) = store::membership_page(
                conn,
                &project_id,
                &search,
                ask.page.offset(),
                ask.page.per_page,
            )?;
            let items = render_all(conn, &memberships, &ask.view, Renderer::membership)?;
            let meta = ask.query.meta(
                &format!("/projects/{project_id}/memberships"),
                ask.page,
                total,
            );
            Ok(ok(list_answer("memberships", items, meta)))
        })
        .await
}

/// findProjectById: `GET /projects/{id}`, for members of its organization (404 for others).
pub(crate) async fn find_project_by_id(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let project = store::find_project(conn, &id)?.ok_or_else(MetalError::not_found)?;
            store::visible_org(conn, caller, &project.org_id)?;
            Ok(ok(Renderer { conn }.project(&project, &view)?))
        })
        .await
}

/// updateProject: `PUT /projects/{id}`.
pub(crate) async fn update_project(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
    MetalJson(body): MetalJson,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let project = writes::update_project(conn, caller, &id, &body)?;
            Ok(ok(Renderer { conn }.project(&project, &view)?))
        })
        .await
}

/// deleteProject: `DELETE /projects/{id}` → 204.
pub(crate) async fn delete_project(
    session: Session,
    Path(id): Path<String>,
) -> MetalResult<Response> {
    session
        .db(move |conn, caller| writes::delete_project(conn, caller, &id))
        .await?;
    Ok(no_content())
}

/// findMembershipById: `GET /memberships/{id}`.
pub(crate) async fn find_membership_by_id(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let (membership, _) = writes::membership_access(conn, caller, &id)?;
            Ok(ok(Renderer { conn }.membership(&membership, &view)?))
        })
        .await
}

/// updateMembership: `PUT /memberships/{id}`.
pub(crate) async fn update_membership(
    session: Session,
    Path(id): Path<String>,
    query: MetalQuery,
    MetalJson(body): MetalJson,
) -> MetalResult<Response> {
    let view = query.view();
    session
        .db(move |conn, caller| {
            let membership = writes::update_membership(conn, caller, &id, &body)?;
            Ok(ok(Renderer { conn }.membership(&membership, &view)?))
        })
        .await
}

/// deleteMembership: `DELETE /memberships/{id}` → 204.
pub(crate) async fn delete_membership(
    session: Session,
    Path(id): Path<String>,
) -> MetalResult<Response> {
    session
        .db(move |conn, caller| writes::delete_membership(conn, caller, &id))
        .await?;
    Ok(no_content())
}

/// findCurrentUser: `GET /user`.
pub(crate) async fn find_current_user(session: Session) -> MetalResult<Response> {
    session
        .db(move |conn, caller| {
            let user = store::find_user(conn, &caller.user_id)?
                .ok_or_else(|| MetalError::unauthorized("Invalid authentication token"))?;
            Ok(ok(Renderer { conn }.current_user(&user)?))
        })
        .await
}

/// updateCurrentUser: `PUT /user` → 200 with the user as `GET /user` shows them.
pub(crate) async fn update_current_user(
    session: Session,
    MetalJson(body): MetalJson,
) -> MetalResult<Response> {
    session
        .db(move |conn, caller| {
            let user = writes::update_current_user(conn, caller, &body)?;
            Ok(ok(Renderer { conn }.current_user(&user)?))
        })
        .await
}

/// findUserById: `GET /users/{id}`, for the users the caller shares an organization with
/// (404 for the others: the `members` hrefs lead here).
pub(crate) async fn find_user_by_id(
    session: Session,
    Path(id): Path<String>,
) -> MetalResult<Response> {
    session
        .db(move |conn, caller| {
            let user = store::find_user(conn, &id)?.ok_or_else(MetalError::not_found)?;
            if !store::share_an_org(conn, &caller.user_id, &id)? {
                return Err(MetalError::not_found());
            }
            Ok(ok(Renderer { conn }.user_plain(&user)))
        })
        .await
}
