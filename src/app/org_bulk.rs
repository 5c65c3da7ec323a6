//! Bulk actions on the marked organizations of the tree (or the selected one): add a service
//! from the E-store, the service picked in the preview (`c`) among those the E-store offers;
//! set them active or inactive (`c` picks which), from their full records.

use crate::api::{Resource, ResourceData};
use crate::bulk::plan::BulkPlan;
use crate::bulk::worker::new_run_id;
use crate::domain::OrganizationSummary;

use super::App;
use super::bulk_run::BulkRun;
use super::bulk_service::ServiceStep;
use super::screen::{Effect, Screen};

impl App {
    /// `x` in the tree: a preview that sets the organizations inactive (or, `c`, active), from
    /// the organizations list as it is now (each item reads the full record when it is sent).
    pub(crate) fn bulk_set_active(&mut self) {
        let orgs: Vec<OrganizationSummary> = self
            .org_marks
            .targets(&self.tree, &self.store)
            .into_iter()
            .cloned()
            .collect();
        if orgs.is_empty() {
            self.flash_error("mark organizations (Space) or select one to set active/inactive");
            return;
        }
        // A run that just changed them outdated the list: wait for the reload rather than
        // preview from what it was.
        if self.store.current(&Resource::Organizations).is_none() {
            self.store.ensure(&Resource::Organizations);
            self.flash_info("reloading the organizations… press x again in a moment");
            return;
        }
        let options = vec![
            ("inactive".to_string(), BulkPlan::set_active(&orgs, false)),
            ("active".to_string(), BulkPlan::set_active(&orgs, true)),
        ];
        let run = BulkRun::choose_first(new_run_id(), "Set", options);
        self.apply_effects(vec![Effect::Push(Screen::Bulk(Box::new(run)))]);
    }

    /// `S` in the tree: a preview with one plan per E-store service.
    pub(crate) fn bulk_add_service(&mut self) {
        let orgs: Vec<(String, String)> = self
            .org_marks
            .targets(&self.tree, &self.store)
            .into_iter()
            .map(|o| (o.id.clone(), o.name.clone()))
            .collect();
        let Some((first, _)) = orgs.first() else {
            self.flash_error("mark organizations (Space) or select one to add a service to");
            return;
        };
        // The reseller's E-store, as offered to the first organization.
        let estore = Resource::Estore { org: first.clone() };
        let Some(ResourceData::Estore(services)) = self.store.data(&estore).map(|d| d.as_ref())
        else {
            self.store.ensure(&estore);
            self.flash_info("loading the E-store… press S again in a moment");
            return;
        };
        let step = ServiceStep::new(first, orgs.clone(), services.clone());
        let run = BulkRun::add_service(new_run_id(), step);
        self.apply_effects(vec![Effect::Push(Screen::Bulk(Box::new(run)))]);
    }
}
