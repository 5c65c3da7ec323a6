//! Pulse IoT Center behind the console's [`Provider`] seam: the hierarchy is its organization
//! list (every page, each handed over as it arrives), a node is one organization read by id,
//! and the neutral [`NodeChange`]s become its organization calls.

use tokio::sync::watch;
use tokio::time::Instant;

use super::client::PulseClient;
use super::wire::OrganizationInput;
use crate::api::provider::{Handover, PageSink};
use crate::api::{ApiError, Mutation, NodeChange, Provider, Read, Resource, ResourceData};
use crate::domain::hierarchy::{Capabilities, Capability, NESTED_ORGANIZATIONS, OrgNode};

/// How many levels below its root tenant an organization may sit (seed 002's limit).
pub const MAX_DEPTH: usize = 4;

/// What Pulse can do: a hierarchy of any shape up to [`MAX_DEPTH`], with moves.
pub const CAPABILITIES: Capabilities = Capabilities {
    has: &[
        Capability::Hierarchy,
        Capability::EditHierarchy,
        Capability::NodeStatus,
        Capability::MoveOrganizations,
    ],
    max_depth: Some(MAX_DEPTH),
    roots_stay: true,
    child_kinds: NESTED_ORGANIZATIONS,
};

fn status(active: bool) -> String {
    if active { "ACTIVE" } else { "INACTIVE" }.to_string()
}

/// A concurrency token as Pulse's `updateVersion`; one that is not a number cannot match.
fn version(token: &Option<String>) -> Result<Option<i64>, ApiError> {
    token
        .as_deref()
        .map(|text| {
            text.parse().map_err(|_| ApiError::Conflict {
                message: format!("the version '{text}' is not one this server gave"),
            })
        })
        .transpose()
}

impl PulseClient {
    async fn read_hierarchy(&self, pages: Handover) -> Result<Read, ApiError> {
        let mut all: Vec<OrgNode> = Vec::new();
        let summary = self
            .organizations_by_page(|page| {
                let nodes = page.organizations.into_iter().map(OrgNode::from).collect();
                pages.page(nodes, &mut all, ResourceData::Hierarchy);
            })
            .await?;
        Ok(Read {
            data: ResourceData::Hierarchy(all),
            skipped: summary.unreadable,
        })
    }

    async fn read_resource(&self, resource: &Resource, pages: Handover) -> Result<Read, ApiError> {
        match resource {
            Resource::Hierarchy => self.read_hierarchy(pages).await,
            Resource::Node { id } => Ok(Read::from(ResourceData::Node(OrgNode::from(
                self.organization(id).await?,
            )))),
            other => Err(ApiError::Unsupported(format!("{other:?}"))),
        }
    }

    async fn change(&self, change: &NodeChange) -> Result<Option<String>, ApiError> {
        match change {
            NodeChange::Create {
                parent,
                name,
                active,
                ..
            } => {
                let input = OrganizationInput {
                    name: name.clone(),
                    parent_id: parent.clone().unwrap_or_default(),
                    status: status(*active),
                };
                self.create(&input).await.map(Some)
            }
            NodeChange::Update {
                id,
                name,
                active,
                version: token,
                ..
            } => {
                let (name, status) = (name.clone(), status(*active));
                self.edit(id, version(token)?, move |c| {
                    c.name = name;
                    c.status = status;
                })
                .await
                .map(|()| None)
            }
            NodeChange::Move {
                id,
                parent,
                version: token,
                ..
            } => self
                .move_to(id, parent, version(token)?)
                .await
                .map(|()| None),
            NodeChange::SetActive { id, active, .. } => {
                self.set_status(id, *active, None).await.map(|()| None)
            }
            NodeChange::Delete { id, .. } => self.delete(id).await.map(|()| None),
        }
    }
}

impl Provider for PulseClient {
    async fn fetch_raw(&self, resource: &Resource) -> Result<serde_json::Value, ApiError> {
        match resource {
            Resource::Node { id } => self.organization_body(id).await,
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
            other => Err(ApiError::Unsupported(other.describe().to_string())),
        }
    }

    fn throttle(&self) -> Option<watch::Receiver<Option<Instant>>> {
        Some(PulseClient::throttle(self))
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }
}
