//! The service catalog of one organization: the E-store services it can add (left) and the
//! services it already has (second list, `Tab`), with the detail of the selected one. Writes
//! (add, update, patch, remove) open forms and confirmations from here; Enter on an added
//! service opens its subscriptions.

use crate::api::{Resource, ResourceData};
use crate::domain::{EstoreService, OrganizationService};

use super::commands::{CommandId, Scope};
use super::screen::{Ctx, ScreenState};
use super::store::Store;
use super::table::{Column, RowTone, TableList, TableRow};

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

    /// The detail resource of the selected E-store service.
    pub fn estore_detail(&self) -> Option<Resource> {
        let service = self.estore.selected_id()?;
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
    fn crumbs(&self) -> Vec<String> {
        vec![self.org_name.clone(), "Services".into()]
    }

    fn scope(&self) -> Scope {
        Scope::Catalog
    }

    fn shown(&self) -> Vec<Resource> {
        let mut shown = vec![self.estore_list(), self.added_list()];
        if self.focus == Pane::Estore {
            shown.extend(self.estore_detail());
        }
        shown
    }

    fn sync(&mut self, store: &Store) {
        let added: &[OrganizationService] = match store.data(&self.added_list()).map(|d| d.as_ref())
        {
            Some(ResourceData::OrgServices(list)) => list,
            _ => &[],
        };
        if let Some(ResourceData::Estore(list)) =
            store.data(&self.estore_list()).map(|d| d.as_ref())
        {
            self.estore
                .set_rows(list.iter().map(|s| estore_row(s, added)).collect());
        }
        if store.data(&self.added_list()).is_some() {
            self.added.set_rows(added.iter().map(added_row).collect());
        }
    }

    fn table(&self) -> &TableList {
        match self.focus {
            Pane::Estore => &self.estore,
            Pane::Added => &self.added,
        }
    }

    fn table_mut(&mut self) -> &mut TableList {
        match self.focus {
            Pane::Estore => &mut self.estore,
            Pane::Added => &mut self.added,
        }
    }

    fn next_pane(&mut self) {
        self.focus = match self.focus {
            Pane::Estore => Pane::Added,
            Pane::Added => Pane::Estore,
        };
    }

    fn command(&mut self, _id: CommandId, _ctx: &mut Ctx) {}
}
