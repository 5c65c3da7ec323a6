//! The JSON of every Metal object, in the spec's schemas: each reference to another object is
//! an `{href}` stub unless the request's `include` names it (or, for a project's
//! `organization`, which the spec types as a whole `Organization`, unless `exclude` names it);
//! an expanded object is rendered the same way one level down. Fields with no value are left
//! out rather than sent as `null` (the spec marks none nullable).

use rusqlite::Connection;
use serde_json::{Map, Value, json};

use super::BASE_PATH;
use super::query::View;
use super::reply::MetalResult;
use super::store::{self, Invitation, Membership, Org, Project, User};
use crate::domain::dates::format_timestamp;

/// What an href points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Organization,
    Project,
    Membership,
    User,
    Invitation,
}

impl Kind {
    fn collection(self) -> &'static str {
        match self {
            Kind::Organization => "organizations",
            Kind::Project => "projects",
            Kind::Membership => "memberships",
            Kind::User => "users",
            Kind::Invitation => "invitations",
        }
    }
}

/// `/metal/v1/<collection>/<id>`.
pub(crate) fn href(kind: Kind, id: &str) -> String {
    format!("{BASE_PATH}/{}/{id}", kind.collection())
}

fn stub(kind: Kind, id: &str) -> Value {
    json!({ "href": href(kind, id) })
}

/// An RFC 3339 UTC timestamp of unix seconds.
pub(crate) fn timestamp(secs: i64) -> String {
    format_timestamp(secs.div_euclid(86_400), secs.rem_euclid(86_400) as u32)
}

/// Stored JSON text as a value (a damaged cell reads as an empty object).
fn stored(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| json!({}))
}

/// Sets `key` when there is a value.
fn put_some(map: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value {
        map.insert(key.into(), value.into());
    }
}

/// Renders one object and what its view expands inside it.
pub(crate) struct Renderer<'a> {
    pub conn: &'a Connection,
}

impl Renderer<'_> {
    /// Field `name`, a reference to `kind` `id`: the object when the view expands it, else
    /// its stub. A reference to something deleted since stays a stub.
    fn link(
        &self,
        kind: Kind,
        id: &str,
        view: &View,
        name: &str,
        by_default: bool,
    ) -> MetalResult<Value> {
        if !view.expands(name, by_default) {
            return Ok(stub(kind, id));
        }
        Ok(self
            .by_id(kind, id, &view.below(name))?
            .unwrap_or_else(|| stub(kind, id)))
    }

    /// A list field of references.
    fn links(&self, kind: Kind, ids: &[String], view: &View, name: &str) -> MetalResult<Value> {
        ids.iter()
            .map(|id| self.link(kind, id, view, name, false))
            .collect::<MetalResult<Vec<_>>>()
            .map(Value::Array)
    }

    /// The object `kind` `id`, `None` when it does not exist.
    fn by_id(&self, kind: Kind, id: &str, view: &View) -> MetalResult<Option<Value>> {
        let conn = self.conn;
        Ok(match kind {
            Kind::Organization => match store::find_org(conn, id)? {
                Some(org) => Some(self.org(&org, view)?),
                None => None,
            },
            Kind::Project => match store::find_project(conn, id)? {
                Some(project) => Some(self.project(&project, view)?),
                None => None,
            },
            Kind::Membership => match store::find_membership(conn, id)? {
                Some(membership) => Some(self.membership(&membership, view)?),
                None => None,
            },
            Kind::User => store::find_user(conn, id)?.map(|user| self.user_plain(&user)),
            Kind::Invitation => match store::find_invitation(conn, id)? {
                Some(invitation) => Some(self.invitation(&invitation, view)?),
                None => None,
            },
        })
    }

    /// `Organization`.
    pub fn org(&self, org: &Org, view: &View) -> MetalResult<Value> {
        let conn = self.conn;
        let mut map = Map::new();
        map.insert("id".into(), json!(org.id));
        map.insert("href".into(), json!(href(Kind::Organization, &org.id)));
        map.insert("name".into(), json!(org.name));
        put_some(&mut map, "description", org.description.clone());
        put_some(&mut map, "website", org.website.clone());
        put_some(&mut map, "twitter", org.twitter.clone());
        put_some(&mut map, "logo", org.logo.clone());
        put_some(&mut map, "address", org.address.as_deref().map(stored));
        put_some(
            &mut map,
            "billing_address",
            org.billing_address.as_deref().map(stored),
        );
        map.insert("customdata".into(), stored(&org.customdata));
        put_some(&mut map, "enforce_2fa_at", org.enforce_2fa_at.clone());
        map.insert("credit_amount".into(), json!(org.credit_amount));
        map.insert("terms".into(), json!(org.terms));
        map.insert("created_at".into(), json!(timestamp(org.created_at)));
        map.insert("updated_at".into(), json!(timestamp(org.updated_at)));
        let projects = store::project_ids_of_org(conn, &org.id)?;
        map.insert(
            "projects".into(),
            self.links(Kind::Project, &projects, view, "projects")?,
        );
        let memberships = store::org_membership_ids(conn, &org.id)?;
        map.insert(
            "memberships".into(),
            self.links(Kind::Membership, &memberships, view, "memberships")?,
        );
        let members = store::org_member_ids(conn, &org.id)?;
        map.insert(
            "members".into(),
            self.links(Kind::User, &members, view, "members")?,
        );
        Ok(Value::Object(map))
    }

    /// `Project`; its `organization` is whole unless excluded.
    pub fn project(&self, project: &Project, view: &View) -> MetalResult<Value> {
        let conn = self.conn;
        let mut map = Map::new();
        map.insert("id".into(), json!(project.id));
        map.insert("href".into(), json!(href(Kind::Project, &project.id)));
        map.insert("name".into(), json!(project.name));
        map.insert("type".into(), json!(project.kind));
        map.insert("tags".into(), json!(project.tags));
        map.insert("customdata".into(), stored(&project.customdata));
        map.insert(
            "backend_transfer_enabled".into(),
            json!(project.backend_transfer_enabled),
        );
        map.insert("created_at".into(), json!(timestamp(project.created_at)));
        map.insert("updated_at".into(), json!(timestamp(project.updated_at)));
        map.insert(
            "organization".into(),
            self.link(
                Kind::Organization,
                &project.org_id,
                view,
                "organization",
                true,
            )?,
        );
        put_some(
            &mut map,
            "payment_method",
            project
                .payment_method_id
                .as_ref()
                .map(|id| json!({ "href": format!("{BASE_PATH}/payment-methods/{id}") })),
        );
        map.insert(
            "bgp_config".into(),
            json!({ "href": format!("{}/bgp-config", href(Kind::Project, &project.id)) }),
        );
        let memberships = store::project_membership_ids(conn, &project.id)?;
        map.insert(
            "memberships".into(),
            self.links(Kind::Membership, &memberships, view, "memberships")?,
        );
        let members = store::project_member_ids(conn, &project.id)?;
        map.insert(
            "members".into(),
            self.links(Kind::User, &members, view, "members")?,
        );
        let invitations = store::project_invitation_ids(conn, &project.org_id, &project.id)?;
        map.insert(
            "invitations".into(),
            self.links(Kind::Invitation, &invitations, view, "invitations")?,
        );
        // The stand-in has no devices, keys or volumes; the lists are there, empty.
        for empty in ["devices", "ssh_keys", "volumes"] {
            map.insert(empty.into(), json!([]));
        }
        Ok(Value::Object(map))
    }

    /// `Membership`: `project` only on a project's membership.
    pub fn membership(&self, membership: &Membership, view: &View) -> MetalResult<Value> {
        let mut map = Map::new();
        map.insert("id".into(), json!(membership.id));
        map.insert("href".into(), json!(href(Kind::Membership, &membership.id)));
        map.insert("roles".into(), json!(membership.roles));
        map.insert(
            "user".into(),
            self.link(Kind::User, &membership.user_id, view, "user", false)?,
        );
        if let Some(project) = &membership.project_id {
            map.insert(
                "project".into(),
                self.link(Kind::Project, project, view, "project", false)?,
            );
        }
        map.insert("created_at".into(), json!(timestamp(membership.created_at)));
        map.insert("updated_at".into(), json!(timestamp(membership.updated_at)));
        Ok(Value::Object(map))
    }

    /// `Invitation`; `invitation` is its own href (the spec names the field, not its use).
    pub fn invitation(&self, invitation: &Invitation, view: &View) -> MetalResult<Value> {
        let mut map = Map::new();
        let own = href(Kind::Invitation, &invitation.id);
        map.insert("id".into(), json!(invitation.id));
        map.insert("href".into(), json!(own));
        map.insert("invitee".into(), json!(invitation.invitee));
        map.insert("nonce".into(), json!(invitation.nonce));
        map.insert("roles".into(), json!(invitation.roles));
        map.insert(
            "organization".into(),
            self.link(
                Kind::Organization,
                &invitation.org_id,
                view,
                "organization",
                false,
            )?,
        );
        map.insert(
            "invited_by".into(),
            self.link(
                Kind::User,
                &invitation.invited_by,
                view,
                "invited_by",
                false,
            )?,
        );
        map.insert("invitation".into(), json!({ "href": own }));
        map.insert(
            "projects".into(),
            self.links(Kind::Project, &invitation.project_ids, view, "projects")?,
        );
        map.insert("created_at".into(), json!(timestamp(invitation.created_at)));
        map.insert("updated_at".into(), json!(timestamp(invitation.updated_at)));
        Ok(Value::Object(map))
    }

    /// `User` as another user sees it (inside an expanded object, or by `findUserById`).
    pub fn user_plain(&self, user: &User) -> Value {
        let mut map = Map::new();
        map.insert("id".into(), json!(user.id));
        map.insert("href".into(), json!(href(Kind::User, &user.id)));
        map.insert("short_id".into(), json!(user.short_id));
        map.insert("email".into(), json!(user.email));
        map.insert("first_name".into(), json!(user.first_name));
        map.insert("last_name".into(), json!(user.last_name));
        map.insert("full_name".into(), json!(user.full_name()));
        let avatar = format!("https://avatars.metal.example/{}.png", user.short_id);
        map.insert(
            "avatar_thumb_url".into(),
            json!(avatar.replace(".png", "-thumb.png")),
        );
        map.insert("avatar_url".into(), json!(avatar));
        put_some(&mut map, "phone_number", user.phone_number.clone());
        map.insert("timezone".into(), json!(user.timezone));
        map.insert("two_factor_auth".into(), json!(user.two_factor_auth));
        map.insert("customdata".into(), json!({}));
        map.insert("created_at".into(), json!(timestamp(user.created_at)));
        map.insert("updated_at".into(), json!(timestamp(user.updated_at)));
        put_some(&mut map, "last_login_at", user.last_login_at.map(timestamp));
        Value::Object(map)
    }

    /// `User` for `GET /user`: also the defaults and limits of the account.
    pub fn current_user(&self, user: &User) -> MetalResult<Value> {
        let mut value = self.user_plain(user);
        let map = value.as_object_mut().expect("a user is an object");
        put_some(
            map,
            "default_organization_id",
            store::personal_org_of(self.conn, &user.id)?,
        );
        put_some(
            map,
            "default_project_id",
            store::first_project_of(self.conn, &user.id)?,
        );
        map.insert("max_organizations".into(), json!(super::MAX_ORGANIZATIONS));
        map.insert("max_projects".into(), json!(super::MAX_PROJECTS));
        // A user's custom data is theirs: others see `{}` (`user_plain`).
        map.insert("customdata".into(), stored(&user.customdata));
        Ok(value)
    }
}
