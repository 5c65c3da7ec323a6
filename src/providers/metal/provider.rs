//! Equinix Metal behind the console's [`Provider`] seam, to browse: the hierarchy is the
//! user's organizations (roots) with their projects below them, read page by page with the
//! projects expanded (`include=projects`); a node read by id carries every field of the
//! spec's `Organization` (or `Project`) for the detail pane. The people of a node (`people.rs`):
//! a project's memberships page by page, an organization's own memberships with it (the spec
//! has no list of them), and an organization's pending invitations page by page. Its writes:
//! organizations (roots, with their profile) and projects made, edited and deleted
//! (`changes.rs`), no moves and no statuses, which Metal has not; and the people's
//! (`people_writes.rs`).

use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::watch;
use tokio::time::Instant;

use super::changes;
use super::client::{MetalClient, OrgQuery, View, path_of};
use super::pages::Page;
use super::people;
use super::wire::{Address, InvitationItem, Membership, Organization, Project};
use crate::api::provider::{Handover, PageSink};
use crate::api::{ApiError, Mutation, Provider, Read, Resource, ResourceData};
use crate::domain::dates::parse_time;
use crate::domain::hierarchy::{
    Capabilities, Capability, DetailField, NodeKind, OrgNode, detail_fields,
};
use crate::domain::profile::NodeProfile;

/// What the console can do with Metal: browse its organizations and projects, make, edit
/// and delete them (organizations as roots, with their profile), and read who belongs to
/// them and who is invited.
pub const CAPABILITIES: Capabilities = Capabilities {
    has: &[
        Capability::Hierarchy,
        Capability::EditHierarchy,
        Capability::CreateRoots,
        Capability::OrganizationProfile,
        Capability::Members,
        Capability::Invitations,
        Capability::EditMembers,
    ],
    max_depth: Some(1),
    roots_stay: false,
    // Projects are made in an organization; nothing is made in a project.
    child_kinds: &[(NodeKind::Organization, NodeKind::Project)],
};

/// Metal's resources have no status: every one counts as active.
const NO_STATUS: &str = "—";

fn address_text(address: &Address) -> String {
    [
        address.address.as_str(),
        address.address2.as_str(),
        address.zip_code.as_str(),
        address.city.as_str(),
        address.state.as_str(),
        address.country.as_str(),
    ]
    .iter()
    .filter(|part| !part.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(", ")
}

/// `customdata` as one line of JSON; nothing when there is none (`{}`, as the stand-in keeps
/// it, or absent).
fn custom_data_text(data: &Value) -> String {
    match data {
        Value::Null => String::new(),
        Value::Object(map) if map.is_empty() => String::new(),
        other => other.to_string(),
    }
}

/// The detail pane's lines of a node: its kind, then each field that has a value (the spec
/// marks none nullable, so a missing one is left out rather than drawn empty).
fn detail_lines(kind: NodeKind, fields: Vec<(&'static str, String)>) -> Vec<DetailField> {
    detail_fields(
        std::iter::once(("Kind", kind.word().to_string()))
            .chain(fields.into_iter().filter(|(_, value)| !value.is_empty())),
    )
}

/// An organization as a root of the hierarchy, with every field the detail pane shows.
fn organization_node(org: &Organization) -> OrgNode {
    let address = |a: &Option<Address>| a.as_ref().map(address_text).unwrap_or_default();
    let extra = detail_lines(
        NodeKind::Organization,
        vec![
            ("Description", org.description.clone()),
            ("Website", org.website.clone()),
            ("Twitter", org.twitter.clone()),
            ("Logo", org.logo.clone()),
            ("Address", address(&org.address)),
            ("Billing address", address(&org.billing_address)),
            ("2FA from", org.enforce_2fa_at.clone().unwrap_or_default()),
            (
                "Credit",
                org.credit_amount
                    .map(|c| format!("{c:.2}"))
                    .unwrap_or_default(),
            ),
            (
                "Terms",
                org.terms.map(|t| t.to_string()).unwrap_or_default(),
            ),
            ("Custom data", custom_data_text(&org.customdata)),
            ("Projects", org.projects.len().to_string()),
            ("Members", org.members.len().to_string()),
            ("Link", org.href.clone()),
        ],
    );
    OrgNode {
        id: org.id.clone(),
        name: org.name.clone(),
        kind: NodeKind::Organization,
        parent: None,
        status: NO_STATUS.into(),
        active: true,
        created: parse_time(&org.created_at),
        updated: parse_time(&org.updated_at),
        version: None,
        extra,
        // Most organizations have none (`--orgs` makes 100,000 such): they keep no box.
        profile: Some(Box::new(changes::profile_of(org))).filter(|p| **p != NodeProfile::default()),
    }
}

/// A project below its organization.
fn project_node(project: &Project, org: &str) -> OrgNode {
    let transfer = if project.backend_transfer_enabled {
        "enabled"
    } else {
        "disabled"
    };
    let extra = detail_lines(
        NodeKind::Project,
        vec![
            ("Type", project.kind.clone()),
            ("Tags", project.tags.join(", ")),
            ("Backend transfer", transfer.into()),
            ("Custom data", custom_data_text(&project.customdata)),
            (
                "Payment method",
                project
                    .payment_method
                    .as_ref()
                    .map(|p| p.href.clone())
                    .unwrap_or_default(),
            ),
            ("Members", project.members.len().to_string()),
            ("Link", project.href.clone()),
        ],
    );
    OrgNode {
        id: project.id.clone(),
        name: project.name.clone(),
        kind: NodeKind::Project,
        parent: Some(org.to_string()),
        status: NO_STATUS.into(),
        active: true,
        created: parse_time(&project.created_at),
        updated: parse_time(&project.updated_at),
        version: None,
        extra,
        profile: None,
    }
}

/// An organization and the projects it came with, as nodes.
fn nodes_of(org: &Organization) -> impl Iterator<Item = OrgNode> + '_ {
    let projects = org
        .projects
        .iter()
        .filter_map(|p| p.object())
        .map(move |project| project_node(project, &org.id));
    std::iter::once(organization_node(org)).chain(projects)
}

impl MetalClient {
    /// Every row of a list, page by page: `rows` makes each page neutral, and the result goes
    /// where `pages` says before the next page is asked for.
    async fn read_list<T: DeserializeOwned, U: Clone>(
        &self,
        path: &str,
        key: &str,
        query: Vec<(&'static str, String)>,
        pages: Handover,
        rows: impl Fn(Vec<T>) -> Vec<U>,
        data: fn(Vec<U>) -> ResourceData,
    ) -> Result<Read, ApiError> {
        let mut all = Vec::new();
        let summary = self
            .list_by_page(path, key, query, |page: Page<T>| {
                pages.page(rows(page.items), &mut all, data);
            })
            .await?;
        Ok(Read {
            data: data(all),
            skipped: summary.unreadable,
        })
    }

    async fn read_hierarchy(&self, pages: Handover) -> Result<Read, ApiError> {
        let query = OrgQuery {
            view: View::including(&["projects"]),
            ..OrgQuery::default()
        };
        let nodes = |orgs: Vec<Organization>| orgs.iter().flat_map(nodes_of).collect();
        self.read_list(
            "/organizations",
            "organizations",
            query.pairs(),
            pages,
            nodes,
            ResourceData::Hierarchy,
        )
        .await
    }

    /// A project's memberships (findProjectMemberships, page by page); an organization's
    /// own, which the spec lists only inside the organization (`include=memberships.user`,
    /// one answer).
    async fn read_members(
        &self,
        node: &str,
        kind: NodeKind,
        pages: Handover,
    ) -> Result<Read, ApiError> {
        match kind {
            NodeKind::Project => {
                let path = format!("{}/memberships", path_of("projects", node));
                let members =
                    |list: Vec<Membership>| list.iter().map(|m| people::member(m, node)).collect();
                let query = View::including(&["user"]).pairs();
                self.read_list(
                    &path,
                    "memberships",
                    query,
                    pages,
                    members,
                    ResourceData::Members,
                )
                .await
            }
            NodeKind::Organization => {
                let view = View::including(&["memberships.user"]);
                let org = self.organization(node, &view).await?;
                let members = org
                    .memberships
                    .iter()
                    .map(|m| people::member_ref(m, node))
                    .collect();
                Ok(Read::from(ResourceData::Members(members)))
            }
        }
    }

    /// An organization's pending invitations (findOrganizationInvitations, page by page,
    /// with who sent each). A project's are among its organization's: Metal invites to an
    /// organization, naming projects.
    async fn read_invitations(
        &self,
        node: &str,
        kind: NodeKind,
        pages: Handover,
    ) -> Result<Read, ApiError> {
        if kind != NodeKind::Organization {
            return Err(ApiError::Unsupported(format!(
                "the invitations of a {}: they are its organization's",
                kind.word()
            )));
        }
        let path = format!("{}/invitations", path_of("organizations", node));
        let invitations =
            |list: Vec<InvitationItem>| list.iter().map(|i| people::invitation(i, node)).collect();
        let query = View::including(&["invited_by"]).pairs();
        self.read_list(
            &path,
            "invitations",
            query,
            pages,
            invitations,
            ResourceData::Invitations,
        )
        .await
    }

    /// A node by id: an organization, else (its id is a project's) a project.
    async fn read_node(&self, id: &str) -> Result<OrgNode, ApiError> {
        match self.organization(id, &View::default()).await {
            Ok(org) => Ok(organization_node(&org)),
            Err(ApiError::NotFound) => {
                let project = self.project(id).await?;
                let org = project
                    .organization
                    .as_ref()
                    .map(|o| o.id().to_string())
                    .unwrap_or_default();
                Ok(project_node(&project, &org))
            }
            Err(other) => Err(other),
        }
    }

    async fn read_resource(&self, resource: &Resource, pages: Handover) -> Result<Read, ApiError> {
        match resource {
            Resource::Hierarchy => self.read_hierarchy(pages).await,
            Resource::Node { id } => Ok(Read::from(ResourceData::Node(self.read_node(id).await?))),
            Resource::Members { node, kind } => self.read_members(node, *kind, pages).await,
            Resource::Invitations { node, kind } => self.read_invitations(node, *kind, pages).await,
            other => Err(ApiError::Unsupported(format!("{other:?}"))),
        }
    }
}

impl Provider for MetalClient {
    async fn fetch_raw(&self, resource: &Resource) -> Result<serde_json::Value, ApiError> {
        match resource {
            Resource::Node { id } => self.node_body(id).await,
            other => Err(ApiError::Unsupported(format!("the raw body of {other:?}"))),
        }
    }

    async fn fetch(&self, resource: &Resource) -> Result<ResourceData, ApiError> {
        self.read_resource(resource, Handover::keep())
            .await
            .map(|read| read.data)
    }

    async fn read(&self, resource: &Resource) -> Result<Read, ApiError> {
        self.read_resource(resource, Handover::keep()).await
    }

    async fn read_in_pages(&self, resource: &Resource, pages: PageSink) -> Result<Read, ApiError> {
        self.read_resource(resource, Handover::also_to(pages)).await
    }

    async fn stream_pages(&self, resource: &Resource, pages: PageSink) -> Result<Read, ApiError> {
        self.read_resource(resource, Handover::only_to(pages)).await
    }

    async fn mutate(&self, mutation: &Mutation) -> Result<Option<String>, ApiError> {
        match mutation {
            Mutation::Node(change) => self.change(change).await,
            Mutation::People(change) => self.change_people(change).await,
            other => Err(ApiError::Unsupported(other.describe().to_string())),
        }
    }

    fn throttle(&self) -> Option<watch::Receiver<Option<Instant>>> {
        Some(MetalClient::throttle(self))
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }
}
