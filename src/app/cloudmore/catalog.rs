//! The service catalog of one organization: the E-store services it can add (left) and the
//! services it already has (second list, `Tab`), with the detail of the selected one. Writes
//! (add, update, patch, remove) open forms and confirmations from here; Enter on an added
//! service opens its subscriptions.

use crate::api::{ApiError, Mutation, RequestId, Resource, ResourceData};
use crate::domain::{EstoreService, EstoreServiceDetail, OrganizationService, Subscription};

use crate::app::commands::{CommandId, Scope};
use crate::app::confirm::Confirm;
use crate::app::screen::two_tables;
use crate::app::screen::{Ctx, Screen, ScreenState};
use crate::app::service_form::{ServiceForm, ServiceWrite};
use crate::app::store::Store;
use crate::app::subscriptions::Subscriptions;
use crate::app::table::{Column, RowTone, TableList, TableRow};

/// Which of the two lists has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Estore,
    Added,
}

#[derive(Debug)]
pub struct Catalog {
    pub org: String,
    pub org_name: String,
    pub estore: TableList,
    pub added: TableList,
    pub focus: Pane,
    /// A form command waiting for the service's definitions to load.
    waiting: Option<(CommandId, Resource)>,
}

impl Catalog {
    pub fn new(org: &str, org_name: &str, store: &Store) -> Catalog {
        let mut catalog = Catalog {
            org: org.into(),
            org_name: org_name.into(),
            estore: TableList::new(
                "E-store",
                vec![
                    Column::text("Name", 0),
                    Column::text("Vendor", 14),
                    Column::text("Category", 14),
                ],
            ),
            added: TableList::new(
                "Added services",
                vec![
                    Column::text("Name", 0),
                    Column::text("Vendor", 14),
                    Column::text("Status", 8),
                    Column::plain("Added", 10),
                ],
            ),
            focus: Pane::Estore,
            waiting: None,
        };
        catalog.sync(store);
        catalog
    }

    pub fn estore_list(&self) -> Resource {
        Resource::Estore {
            org: self.org.clone(),
        }
    }

    pub fn added_list(&self) -> Resource {
        Resource::OrgServices {
            org: self.org.clone(),
        }
    }

    /// The detail (property definitions) of the selected service of the focused list.
    pub fn detail(&self) -> Option<Resource> {
        let focused = match self.focus {
            Pane::Estore => &self.estore,
            Pane::Added => &self.added,
        };
        let service = focused.selected_id()?;
        Some(Resource::EstoreDetail {
            org: self.org.clone(),
            service: service.to_string(),
        })
    }

    /// The selected added service, from the loaded list.
    pub fn selected_added<'a>(&self, store: &'a Store) -> Option<&'a OrganizationService> {
        let id = self.added.selected_id()?;
        match store.data(&self.added_list())?.as_ref() {
            ResourceData::OrgServices(list) => list.iter().find(|s| s.id == id),
            _ => None,
        }
    }
}

fn estore_row(s: &EstoreService, added: &[OrganizationService]) -> TableRow {
    let tone = if added.iter().any(|a| a.id == s.id) {
        RowTone::Marked
    } else {
        RowTone::Normal
    };
    TableRow::new(
        &s.id,
        vec![s.name.clone(), s.vendor_name.clone(), s.category.clone()],
    )
    .tone(tone)
}

fn added_row(s: &OrganizationService) -> TableRow {
    let date = s.added_date.get(..10).unwrap_or(&s.added_date).to_string();
    TableRow::new(
        &s.id,
        vec![
            s.name.clone(),
            s.vendor_name.clone(),
            s.status.clone(),
            date,
        ],
    )
    .tone(RowTone::Marked)
}

impl ScreenState for Catalog {
    fn raw_resource(&self, _store: &Store) -> Option<Resource> {
        let org = self.org.clone();
        let list = match self.focus {
            Pane::Estore => &self.estore,
            Pane::Added => &self.added,
        };
        let service = list.selected_id()?.to_string();
        Some(match self.focus {
            Pane::Estore => Resource::EstoreDetail { org, service },
            Pane::Added => Resource::OrgService { org, service },
        })
    }

    fn crumbs(&self) -> Vec<String> {
        vec![self.org_name.clone(), "Services".into()]
    }

    fn scope(&self) -> Scope {
        Scope::Catalog
    }

    fn shown(&self) -> Vec<Resource> {
        let mut shown = vec![self.estore_list(), self.added_list()];
        shown.extend(self.detail());
        shown
    }

    fn sync(&mut self, store: &Store) {
        let added = store.data(&self.added_list()).cloned();
        let added_list: &[OrganizationService] = match added.as_deref() {
            Some(ResourceData::OrgServices(list)) => list,
            _ => &[],
        };
        if let Some(estore) = store.data(&self.estore_list()).cloned()
            && let ResourceData::Estore(list) = estore.as_ref()
        {
            let sources = std::iter::once(estore.clone())
                .chain(added.clone())
                .collect();
            self.estore.sync_from(sources, || {
                list.iter().map(|s| estore_row(s, added_list)).collect()
            });
        }
        if let Some(data) = added.clone() {
            self.added
                .sync_from(vec![data], || added_list.iter().map(added_row).collect());
        }
    }

    two_tables!(estore: Pane::Estore, added: Pane::Added);

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        use CommandId as C;
        match (id, self.focus) {
            (C::CatalogOpen, Pane::Estore) => ctx.info("press a to add this service"),
            (C::CatalogAdd | C::CatalogUpdate | C::CatalogPatch, _) => self.open_form(id, ctx),
            (C::CatalogRemove, _) => self.confirm_remove(ctx),
            (C::CatalogOpen, _) => self.open_subscriptions(ctx),
            _ => {}
        }
    }

    fn unavailable(&self, id: CommandId, _store: &Store) -> Option<String> {
        use CommandId as C;
        match (id, self.focus) {
            (C::CatalogAdd, Pane::Added) => Some("Tab to the E-store list to add a service".into()),
            (C::CatalogUpdate | C::CatalogPatch | C::CatalogRemove, Pane::Estore) => {
                Some("Tab to the added services to change or remove one".into())
            }
            _ => None,
        }
    }

    fn loaded(&mut self, resource: &Resource, ctx: &mut Ctx) {
        if let Some((id, waiting)) = self.waiting.take() {
            if &waiting == resource && self.detail().as_ref() == Some(resource) {
                self.open_form(id, ctx);
            } else if &waiting != resource {
                self.waiting = Some((id, waiting));
            }
        }
    }

    fn mutated(
        &mut self,
        _id: RequestId,
        mutation: &Mutation,
        result: &Result<Option<String>, ApiError>,
        ctx: &mut Ctx,
    ) {
        if result.is_err() {
            return;
        }
        match mutation {
            Mutation::AddService { org, input } if org == &self.org => {
                // Show where it went: the added list, on the new service.
                self.focus = Pane::Added;
                self.added.select_id(&input.service_id);
                ctx.info("service added; Enter opens its subscriptions");
            }
            Mutation::RemoveService { org, .. } if org == &self.org => {
                ctx.info("service removed from the organization")
            }
            Mutation::UpdateService { org, .. } | Mutation::PatchServiceProperties { org, .. }
                if org == &self.org =>
            {
                ctx.info("service saved")
            }
            _ => {}
        }
    }
}

impl Catalog {
    /// Opens the add/update/patch form once the service's definitions are loaded.
    fn open_form(&mut self, id: CommandId, ctx: &mut Ctx) {
        let Some(resource) = self.detail() else {
            ctx.error("select a service first");
            return;
        };
        let Some(ResourceData::EstoreDetail(detail)) =
            ctx.store.data(&resource).map(|d| d.as_ref())
        else {
            ctx.store.ensure(&resource);
            self.waiting = Some((id, resource));
            ctx.info("loading the service's properties…");
            return;
        };
        let form = match id {
            CommandId::CatalogAdd => ServiceForm::add(
                &self.org,
                &detail.id,
                &detail.name,
                &detail.custom_properties,
            ),
            _ => {
                let Some(current) = self.selected_added(ctx.store) else {
                    return;
                };
                let write = if id == CommandId::CatalogUpdate {
                    ServiceWrite::Update
                } else {
                    ServiceWrite::Patch
                };
                ServiceForm::change(&self.org, current, &detail.custom_properties, write)
            }
        };
        ctx.open_form(form);
    }

    fn confirm_remove(&self, ctx: &mut Ctx) {
        let Some(service) = self.selected_added(ctx.store) else {
            return;
        };
        let subscriptions = Resource::Subscriptions {
            org: self.org.clone(),
            service: service.id.clone(),
        };
        let confirm = Confirm::new(
            format!("Remove {}", service.name),
            "remove",
            Mutation::RemoveService {
                org: self.org.clone(),
                service: service.id.clone(),
            },
        )
        .line(format!(
            "This removes {} from {}, with its subscriptions and their user assignments.",
            service.name, self.org_name
        ))
        .listing(
            "Subscriptions that go with it:",
            subscriptions,
            list_subscriptions,
        );
        ctx.confirm(confirm);
    }

    fn open_subscriptions(&self, ctx: &mut Ctx) {
        let Some(service) = self.selected_added(ctx.store) else {
            ctx.info("select an added service first");
            return;
        };
        let screen = Subscriptions::new(&self.org, &service.id, &service.name);
        ctx.push(Screen::Subscriptions(Box::new(screen)));
    }
}

/// One line per subscription, cancelled ones said so.
fn list_subscriptions(data: &ResourceData) -> Vec<String> {
    let ResourceData::Subscriptions(list) = data else {
        return Vec::new();
    };
    list.iter().map(subscription_line).collect()
}

fn subscription_line(s: &Subscription) -> String {
    let status = if s.is_cancelled() { " (cancelled)" } else { "" };
    format!("{} × {}{status}", s.product_name, s.quantity)
}

/// The E-store detail of a service, if loaded (for the detail pane).
pub fn estore_detail<'a>(store: &'a Store, resource: &Resource) -> Option<&'a EstoreServiceDetail> {
    match store.data(resource)?.as_ref() {
        ResourceData::EstoreDetail(d) => Some(d),
        _ => None,
    }
}
