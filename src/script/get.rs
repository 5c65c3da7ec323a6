//! `tenantdeck get <kind>`: a list read through the profile's provider and written to standard
//! output, page by page as it arrives, each page dropped once written: nothing holds the whole
//! list (but the table, which needs every row for its widths), so 100,000 organizations as
//! JSON lines take the memory of a page (`benches/get_stream.rs`). The kinds a profile can read follow its provider's
//! capabilities, as the console's commands do; asking a provider for what it has not is a usage
//! error that names what it has.

use std::io::Write;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;

use crate::api::provider::PageSink;
use crate::api::{ApiError, Provider, Resource, ResourceData};
use crate::domain::hierarchy::{Capability, NodeKind, OrgNode};
use crate::domain::{OrganizationService, OrganizationSummary};

use super::Failure;
use super::output::{Format, Output};
use super::records::{Record, cell, records};

/// What `get` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Organizations,
    Projects,
    Services,
    Estore,
    Subscriptions,
    Users,
    Administrators,
    Roles,
    Members,
    Invitations,
    Groups,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Organizations,
        Kind::Projects,
        Kind::Services,
        Kind::Estore,
        Kind::Subscriptions,
        Kind::Users,
        Kind::Administrators,
        Kind::Roles,
        Kind::Members,
        Kind::Invitations,
        Kind::Groups,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Kind::Organizations => "organizations",
            Kind::Projects => "projects",
            Kind::Services => "services",
            Kind::Estore => "estore",
            Kind::Subscriptions => "subscriptions",
            Kind::Users => "users",
            Kind::Administrators => "administrators",
            Kind::Roles => "roles",
            Kind::Members => "members",
            Kind::Invitations => "invitations",
            Kind::Groups => "groups",
        }
    }

    /// Whether a provider that can do `can` lists this kind.
    fn offered(self, can: &dyn Fn(Capability) -> bool, projects: bool) -> bool {
        match self {
            Kind::Organizations => can(Capability::ResellerTree) || can(Capability::Hierarchy),
            Kind::Projects => projects,
            Kind::Services | Kind::Estore | Kind::Subscriptions => can(Capability::ServiceCatalog),
            Kind::Users => can(Capability::OrganizationUsers),
            Kind::Administrators | Kind::Roles => can(Capability::Administrators),
            Kind::Members => can(Capability::Members),
            Kind::Invitations => can(Capability::Invitations),
            Kind::Groups => can(Capability::ResellerTree),
        }
    }

    /// The columns a table shows, and CSV puts first.
    fn columns(self, hierarchy: bool) -> &'static [&'static str] {
        match self {
            Kind::Organizations if hierarchy => &["id", "name", "parent", "status"],
            Kind::Organizations => &["id", "name", "customerNumber", "primaryDomain", "isActive"],
            Kind::Projects => &["id", "name", "parent", "status"],
            Kind::Services => &["id", "name", "vendorName", "status", "userAssigned"],
            Kind::Estore => &["id", "name", "vendorName", "category"],
            Kind::Subscriptions => &["id", "serviceName", "productName", "quantity", "status"],
            Kind::Users => &["id", "username", "displayName", "email", "roleName"],
            Kind::Administrators => &["id", "name", "displayName", "email", "roleName"],
            Kind::Roles => &["id", "name"],
            Kind::Members => &["id", "name", "email", "roles"],
            Kind::Invitations => &["id", "invitee", "roles", "invitedBy", "expires"],
            Kind::Groups => &["id", "name", "membersCount", "description"],
        }
    }

    fn needs_org(self) -> bool {
        matches!(
            self,
            Kind::Services
                | Kind::Estore
                | Kind::Subscriptions
                | Kind::Users
                | Kind::Members
                | Kind::Invitations
        )
    }
}

/// One `get`.
#[derive(Debug, Clone)]
pub struct GetRequest {
    pub kind: Kind,
    /// An organization (or project) by id or by name.
    pub org: Option<String>,
    /// Only rows with a value containing this, any case.
    pub filter: Option<String>,
    pub format: Format,
    pub columns: Option<Vec<String>>,
    /// The terminal's width, when standard output is one (the table fits it).
    pub width: Option<usize>,
    /// Without `org`, a kind that belongs to an organization is read for every one of them
    /// (`export`); otherwise that is a usage error (`get` stays one or two requests).
    pub every_org: bool,
}

/// Extra columns a read's rows get: whose they are when a list is gathered from many.
type Tags = Vec<(&'static str, String)>;

/// Reads of one export in flight at once (the client's own limit still applies).
const READS_AT_ONCE: usize = 4;

/// How far an export is: reads done of all.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Writes the rows `request` asks for to `out`, telling `progress` after each read; answers
/// how many rows were written.
pub async fn get<P: Provider, W: Write + Send + 'static>(
    provider: &P,
    provider_name: &str,
    request: &GetRequest,
    out: W,
    progress: Progress<'_>,
) -> Result<usize, Failure> {
    let capabilities = provider.capabilities();
    let can = |c: Capability| capabilities.has(c);
    let projects = capabilities
        .child_kinds
        .iter()
        .any(|&(_, made)| made == NodeKind::Project);
    let kind = request.kind;
    if !kind.offered(&can, projects) {
        let offered: Vec<&str> = Kind::ALL
            .into_iter()
            .filter(|k| k.offered(&can, projects))
            .map(Kind::word)
            .collect();
        return Err(Failure::Usage(format!(
            "{provider_name} has no {}; it has: {}",
            kind.word(),
            offered.join(", ")
        )));
    }
    if kind.needs_org() && request.org.is_none() && !request.every_org {
        return Err(Failure::Usage(format!(
            "{} of which organization? Name one with --org ID|NAME (`tenantdeck export {}` \
             reads them for every organization)",
            kind.word(),
            kind.word()
        )));
    }
    let hierarchy = !can(Capability::ResellerTree);
    let target = match &request.org {
        Some(org) => Some(find_org(provider, org, hierarchy).await?),
        None => None,
    };
    let columns = kind.columns(hierarchy);
    let output =
        Output::new(request.format, out, request.columns.clone(), columns).fit_to(request.width);
    let writer = Arc::new(Mutex::new(Writer {
        output,
        error: None,
    }));
    let keep = Keep {
        kind,
        under: target.as_ref().map(|t| t.id.clone()),
        filter: request.filter.as_ref().map(|f| f.to_lowercase()),
    };
    let reads = if kind.needs_org() && target.is_none() {
        every_org_reads(provider, kind, hierarchy).await?
    } else {
        reads(provider, kind, target.as_ref(), hierarchy).await?
    };
    let total = reads.len();
    progress(0, total);
    // One read streams its pages as they come; the pages of many (subscriptions per service,
    // an export per organization) are held per read and written in the reads' order, so the
    // output does not depend on which answer came first.
    let streams = reads.len() == 1;
    let mut running = futures_util::stream::iter(&reads)
        .map(|(resource, tags)| write_read(provider, resource, tags, &keep, &writer, streams))
        .buffered(READS_AT_ONCE);
    let mut done = 0;
    while let Some(result) = running.next().await {
        let held = result?;
        let mut writer = writer
            .lock()
            .map_err(|_| Failure::Usage("the output broke while writing".into()))?;
        for page in &held {
            writer.write(page, &keep, &reads[done].1);
        }
        drop(writer);
        done += 1;
        progress(done, total);
    }
    drop(running);
    let writer = Arc::try_unwrap(writer)
        .map_err(|_| Failure::Usage("the output is still in use".into()))?
        .into_inner()
        .map_err(|_| Failure::Usage("the output broke while writing".into()))?;
    if let Some(error) = writer.error {
        // The output refuses a column no row has (`output.rs`): the command line's fault.
        return Err(match error.kind() {
            std::io::ErrorKind::InvalidInput => Failure::Usage(error.to_string()),
            _ => Failure::Output(error),
        });
    }
    let rows = writer.output.rows();
    writer.output.finish().map_err(Failure::Output)?;
    Ok(rows)
}

/// What a read's rows are kept by: the kind (a hierarchy holds organizations and projects),
/// the organization they are below, and the filter.
struct Keep {
    kind: Kind,
    under: Option<String>,
    filter: Option<String>,
}

impl Keep {
    fn keeps(&self, record: &Record) -> bool {
        let word = |key: &str| record.get(key).and_then(|v| v.as_str());
        let kind_fits = match (self.kind, word("kind")) {
            (Kind::Organizations, Some(kind)) => kind == NodeKind::Organization.word(),
            (Kind::Projects, Some(kind)) => {
                kind == NodeKind::Project.word()
                    && self
                        .under
                        .as_deref()
                        .is_none_or(|org| word("parent") == Some(org))
            }
            _ => true,
        };
        let text_fits = self.filter.as_ref().is_none_or(|needle| {
            record
                .values()
                .any(|value| cell(value).to_lowercase().contains(needle))
        });
        kind_fits && text_fits
    }
}

/// The output with what went wrong writing it (a closed pipe: `get … | head`).
struct Writer<W: Write> {
    output: Output<W>,
    error: Option<std::io::Error>,
}

impl<W: Write> Writer<W> {
    fn write(&mut self, data: &ResourceData, keep: &Keep, tags: &Tags) {
        if self.error.is_some() {
            return;
        }
        let mut rows: Vec<Record> = records(data)
            .into_iter()
            .filter(|r| keep.keeps(r))
            .collect();
        for row in &mut rows {
            for (column, value) in tags {
                row.insert(column.to_string(), value.clone().into());
            }
        }
        if let Err(error) = self.output.write(&rows) {
            self.error = Some(error);
        }
    }
}

/// Reads one resource, writing each page as it arrives when it `streams` (and keeping none);
/// answers the pages left to write in order: those held (a read among several, written in the
/// reads' order), then what the provider did not hand over (nothing after a streamed read, the
/// whole answer from a provider that reads it in one).
async fn write_read<P: Provider, W: Write + Send + 'static>(
    provider: &P,
    resource: &Resource,
    tags: &Tags,
    keep: &Keep,
    writer: &Arc<Mutex<Writer<W>>>,
    streams: bool,
) -> Result<Vec<ResourceData>, Failure> {
    let keep = Arc::new(Keep {
        kind: keep.kind,
        under: keep.under.clone(),
        filter: keep.filter.clone(),
    });
    // Pages of this read, held apart: others may be arriving at the same time.
    let held = Arc::new(Mutex::new(Vec::new()));
    let sink: PageSink = {
        let (writer, keep, tags, held) = (writer.clone(), keep.clone(), tags.clone(), held.clone());
        Arc::new(move |page: ResourceData| {
            if !streams {
                if let Ok(mut held) = held.lock() {
                    held.push(page);
                }
            } else if let Ok(mut writer) = writer.lock() {
                writer.write(&page, &keep, &tags);
            }
        })
    };
    let read = provider.stream_pages(resource, sink).await?;
    if read.skipped > 0 {
        eprintln!(
            "tenantdeck: {} rows could not be read and were left out (see the log)",
            read.skipped
        );
    }
    let mut held = std::mem::take(
        &mut *held
            .lock()
            .map_err(|_| Failure::Usage("the output broke while writing".into()))?,
    );
    held.push(read.data);
    Ok(held)
}

/// An organization (or project) named on the command line.
#[derive(Debug, Clone)]
pub(super) struct Target {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) kind: NodeKind,
}

/// Finds `wanted` by id, else by name (any case); two of that name are refused.
pub(super) async fn find_org<P: Provider>(
    provider: &P,
    wanted: &str,
    hierarchy: bool,
) -> Result<Target, Failure> {
    let candidates: Vec<(String, String, NodeKind)> = if hierarchy {
        match provider.fetch(&Resource::Hierarchy).await? {
            ResourceData::Hierarchy(nodes) => nodes
                .iter()
                .map(|n: &OrgNode| (n.id.clone(), n.name.clone(), n.kind))
                .collect(),
            _ => Vec::new(),
        }
    } else {
        match provider.fetch(&Resource::Organizations).await? {
            ResourceData::Organizations(orgs) => orgs
                .iter()
                .map(|o: &OrganizationSummary| {
                    (o.id.to_string(), o.name.to_string(), NodeKind::Organization)
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    if let Some((id, name, kind)) = candidates.iter().find(|(id, _, _)| id == wanted) {
        return Ok(Target {
            id: id.clone(),
            name: name.clone(),
            kind: *kind,
        });
    }
    let named: Vec<_> = candidates
        .iter()
        .filter(|(_, name, _)| name.eq_ignore_ascii_case(wanted))
        .collect();
    match named.as_slice() {
        [(id, name, kind)] => Ok(Target {
            id: id.clone(),
            name: name.clone(),
            kind: *kind,
        }),
        [] => Err(Failure::NotFound(format!(
            "no organization has the id or name {wanted:?}"
        ))),
        many => Err(Failure::Usage(format!(
            "{} organizations are called {wanted:?}; name one by id: {}",
            many.len(),
            many.iter()
                .map(|(id, _, _)| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The reads of a kind that belongs to an organization, for every organization (not
/// projects: their members are the organization's too), each read's rows tagged with it.
async fn every_org_reads<P: Provider>(
    provider: &P,
    kind: Kind,
    hierarchy: bool,
) -> Result<Vec<(Resource, Tags)>, Failure> {
    let orgs: Vec<(String, String)> = match provider.fetch(&organizations(hierarchy)).await? {
        ResourceData::Hierarchy(nodes) => nodes
            .into_iter()
            .filter(|n| n.kind == NodeKind::Organization)
            .map(|n| (n.id, n.name))
            .collect(),
        ResourceData::Organizations(orgs) => (orgs.into_iter())
            .map(|o| (o.id.into(), o.name.into()))
            .collect(),
        _ => Vec::new(),
    };
    // Planning subscriptions reads each organization's services: those reads go as many at
    // once as the export's own, not one after another (100,000 organizations).
    let mut planned = futures_util::stream::iter(orgs)
        .map(|(id, name)| async move {
            let target = Target {
                id: id.clone(),
                name: name.clone(),
                kind: NodeKind::Organization,
            };
            let found = reads(provider, kind, Some(&target), hierarchy).await?;
            Ok::<_, Failure>((id, name, found))
        })
        .buffered(READS_AT_ONCE);
    let mut all = Vec::new();
    while let Some(result) = planned.next().await {
        let (id, name, found) = result?;
        for (resource, mut tags) in found {
            tags.insert(0, ("organizationName", name.clone()));
            tags.insert(0, ("organizationId", id.clone()));
            all.push((resource, tags));
        }
    }
    Ok(all)
}

fn organizations(hierarchy: bool) -> Resource {
    if hierarchy {
        Resource::Hierarchy
    } else {
        Resource::Organizations
    }
}

/// The reads a kind is made of, each with the columns its rows get (subscriptions are listed
/// per service, and say which).
async fn reads<P: Provider>(
    provider: &P,
    kind: Kind,
    target: Option<&Target>,
    hierarchy: bool,
) -> Result<Vec<(Resource, Tags)>, Failure> {
    let org = target.map(|t| t.id.clone()).unwrap_or_default();
    let node_kind = target.map_or(NodeKind::Organization, |t| t.kind);
    let one = |resource: Resource| Ok(vec![(resource, Tags::new())]);
    match kind {
        Kind::Organizations | Kind::Projects => one(organizations(hierarchy)),
        Kind::Services => one(Resource::OrgServices { org }),
        Kind::Estore => one(Resource::Estore { org }),
        Kind::Users => one(Resource::Users { org }),
        Kind::Administrators => one(Resource::Administrators),
        Kind::Groups => one(Resource::OrganizationGroups),
        Kind::Roles if target.is_some() => one(Resource::OrganizationRoles { org }),
        Kind::Roles => one(Resource::ResellerRoles),
        Kind::Members => one(Resource::Members {
            node: org,
            kind: node_kind,
        }),
        Kind::Invitations => one(Resource::Invitations {
            node: org,
            kind: node_kind,
        }),
        Kind::Subscriptions => {
            let services = match provider
                .fetch(&Resource::OrgServices { org: org.clone() })
                .await?
            {
                ResourceData::OrgServices(services) => services,
                _ => Vec::new(),
            };
            Ok(services
                .iter()
                .map(|s: &OrganizationService| {
                    let resource = Resource::Subscriptions {
                        org: org.clone(),
                        service: s.id.clone(),
                    };
                    let tags = vec![("serviceId", s.id.clone()), ("serviceName", s.name.clone())];
                    (resource, tags)
                })
                .collect())
        }
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Failure {
        Failure::Api(error)
    }
}
