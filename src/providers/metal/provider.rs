//! Equinix Metal behind the console's [`Provider`] seam, to browse: the hierarchy is the
//! user's organizations (roots) with their projects below them, read page by page with the
//! projects expanded (`include=projects`); a node read by id carries every field of the
//! spec's `Organization` (or `Project`) for the detail pane. Writes, memberships and
//! invitations come with the Metal console (issue 12); until then the capabilities offer
//! browsing only.

use tokio::sync::watch;
use tokio::time::Instant;

use super::client::{MetalClient, OrgQuery, View};
use super::wire::{Address, Organization, Project};
use crate::api::provider::PageSink;
use crate::api::{ApiError, Mutation, Provider, Read, Resource, ResourceData};
use crate::domain::dates::parse_time;
use crate::domain::hierarchy::{Capabilities, Capability, NodeKind, OrgNode};

/// What the console can do with Metal today: browse its organizations and projects.
pub const CAPABILITIES: Capabilities = Capabilities {
    has: &[Capability::Hierarchy],
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

/// An organization as a root of the hierarchy, with every field the detail pane shows.
fn organization_node(org: &Organization) -> OrgNode {
    let mut extra: Vec<(&'static str, String)> =
        vec![("Kind", NodeKind::Organization.word().into())];
    for (label, value) in [
        ("Description", org.description.clone()),
        ("Website", org.website.clone()),
        ("Twitter", org.twitter.clone()),
        (
            "Address",
            org.address.as_ref().map(address_text).unwrap_or_default(),
        ),
        (
            "Billing address",
            org.billing_address
                .as_ref()
                .map(address_text)
                .unwrap_or_default(),
        ),
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
        ("Projects", org.projects.len().to_string()),
        ("Members", org.members.len().to_string()),
        ("Link", org.href.clone()),
    ] {
        if !value.is_empty() {
            extra.push((label, value));
        }
    }
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
    }
}

/// A project below its organization.
fn project_node(project: &Project, org: &str) -> OrgNode {
    let mut extra: Vec<(&'static str, String)> = vec![("Kind", NodeKind::Project.word().into())];
    for (label, value) in [
        ("Type", project.kind.clone()),
        ("Tags", project.tags.join(", ")),
        ("Members", project.members.len().to_string()),
        ("Link", project.href.clone()),
    ] {
        if !value.is_empty() {
            extra.push((label, value));
        }
    }
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
    async fn read_hierarchy(&self, pages: Option<PageSink>) -> Result<Read, ApiError> {
        let query = OrgQuery {
            view: View::including(&["projects"]),
            ..OrgQuery::default()
        };
        let mut all = Vec::new();
        let summary = self
            .organizations_by_page(&query, |page| {
                let nodes: Vec<OrgNode> = page.items.iter().flat_map(nodes_of).collect();
                if let Some(pages) = &pages {
                    pages(ResourceData::Hierarchy(nodes.clone()));
                }
                all.extend(nodes);
            })
            .await?;
        Ok(Read {
            data: ResourceData::Hierarchy(all),
            skipped: summary.unreadable,
        })
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

    async fn read_resource(
        &self,
        resource: &Resource,
        pages: Option<PageSink>,
    ) -> Result<Read, ApiError> {
        match resource {
            Resource::Hierarchy => self.read_hierarchy(pages).await,
            Resource::Node { id } => Ok(Read::from(ResourceData::Node(self.read_node(id).await?))),
            other => Err(ApiError::Unsupported(format!("{other:?}"))),
        }
    }
}

impl Provider for MetalClient {
    async fn fetch(&self, resource: &Resource) -> Result<ResourceData, ApiError> {
        self.read_resource(resource, None)
            .await
            .map(|read| read.data)
    }

    async fn read(&self, resource: &Resource) -> Result<Read, ApiError> {
        self.read_resource(resource, None).await
    }

    async fn read_in_pages(&self, resource: &Resource, pages: PageSink) -> Result<Read, ApiError> {
        self.read_resource(resource, Some(pages)).await
    }

    async fn mutate(&self, mutation: &Mutation) -> Result<Option<String>, ApiError> {
        Err(ApiError::Unsupported(mutation.describe().to_string()))
    }

    fn throttle(&self) -> Option<watch::Receiver<Option<Instant>>> {
        Some(MetalClient::throttle(self))
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }
}
