//! Bulk actions on the marked organizations of the tree (or the selected one): add a service
//! from the E-store, the service picked in the preview (`c`) among those the E-store offers;
//! set them active or inactive (`c` picks which), from their full records.

use crate::api::{Resource, ResourceData};
use crate::bulk::plan::BulkPlan;
use crate::bulk::worker::new_run_id;

use crate::app::bulk_run::BulkRun;
use crate::app::bulk_service::ServiceStep;
use crate::app::screen::{Ctx, Screen};

use super::ResellerTree;

impl ResellerTree {
    /// `x` in the tree: a preview that sets the organizations inactive (or, `c`, active), from
    /// the organizations list as it is now (each item reads the full record when it is sent).
    pub(crate) fn bulk_set_active(&self, ctx: &mut Ctx) {
        let index = &self.tree.index;
        // Positions into the shared list, not copies: all 100,000 may be marked.
        let positions: Vec<u32> = self
            .marks
            .targets(&self.tree, ctx.store)
            .into_iter()
            .filter_map(|org| index.position_of(&org.id))
            .collect();
        let Some(list) = index.shared().cloned().filter(|_| !positions.is_empty()) else {
            ctx.error("mark organizations (Space) or select one to set active/inactive");
            return;
        };
        // A run that just changed them outdated the list: wait for the reload rather than
        // preview from what it was.
        if ctx.store.current(&Resource::Organizations).is_none() {
            ctx.store.ensure(&Resource::Organizations);
            ctx.info("reloading the organizations… press x again in a moment");
            return;
        }
        let names = vec!["inactive".to_string(), "active".to_string()];
        let plan = move |option: usize| {
            let ResourceData::Organizations(orgs) = &*list else {
                return BulkPlan::default();
            };
            let targets = positions.iter().filter_map(|&p| orgs.get(p as usize));
            BulkPlan::set_active(targets, option == 1)
        };
        let run = BulkRun::choose_first_on_demand(new_run_id(), "Set", names, plan);
        ctx.push(Screen::Bulk(Box::new(run)));
    }

    /// `S` in the tree: a preview with one plan per E-store service.
    pub(crate) fn bulk_add_service(&self, ctx: &mut Ctx) {
        let orgs: Vec<(String, String)> = self
            .marks
            .targets(&self.tree, ctx.store)
            .into_iter()
            .map(|o| (o.id.to_string(), o.name.to_string()))
            .collect();
        let Some((first, _)) = orgs.first() else {
            ctx.error("mark organizations (Space) or select one to add a service to");
            return;
        };
        // The reseller's E-store, as offered to the first organization.
        let estore = Resource::Estore { org: first.clone() };
        let Some(ResourceData::Estore(services)) = ctx.store.data(&estore).map(|d| d.as_ref())
        else {
            ctx.store.ensure(&estore);
            ctx.info("loading the E-store… press S again in a moment");
            return;
        };
        let step = ServiceStep::new(first, orgs.clone(), services.clone());
        let run = BulkRun::add_service(new_run_id(), step);
        ctx.push(Screen::Bulk(Box::new(run)));
    }
}
