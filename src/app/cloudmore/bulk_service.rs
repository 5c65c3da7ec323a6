//! Adding one E-store service to many organizations (`S` in the tree): the service is chosen
//! in the preview, and its custom properties are asked for once for all targets.
//!
//! The service's details (its property definitions) load when it is chosen. Until they are
//! there nothing can run; once they are, a mandatory property without a value (no default,
//! nothing typed) leaves every target out with the reason, and `p` opens the property form —
//! defaults filled in, allowed values as a choice — whose values go into every item. The API
//! would otherwise refuse each organization in turn with the same message.

use crate::api::{Mutation, Resource, ResourceData};
use crate::bulk::plan::{BulkPlan, InvalidItem};
use crate::domain::{CustomPropertySet, EstoreService, EstoreServiceDetail};

use crate::app::form_dialog::FormDialog;
use crate::app::service_form::ServiceForm;
use crate::app::store::Store;

/// Whether the organization's services, as loaded and not outdated, include `service`.
fn has_service(store: &Store, org: &str, service: &str) -> bool {
    let services = Resource::OrgServices {
        org: org.to_string(),
    };
    match store.current(&services).map(|d| d.as_ref()) {
        Some(ResourceData::OrgServices(list)) => list.iter().any(|s| s.id == service),
        _ => false,
    }
}

#[derive(Debug, Clone)]
pub struct ServiceStep {
    /// The organization whose E-store the services come from (the first target).
    catalog_org: String,
    /// The targets: id and name.
    orgs: Vec<(String, String)>,
    /// The services offered, in the order of the preview's choice.
    pub services: Vec<EstoreService>,
    /// Property values given with `p`, for the service they were given for.
    values: Option<(String, Vec<CustomPropertySet>)>,
}

impl ServiceStep {
    pub fn new(
        catalog_org: &str,
        orgs: Vec<(String, String)>,
        services: Vec<EstoreService>,
    ) -> Self {
        ServiceStep {
            catalog_org: catalog_org.to_string(),
            orgs,
            services,
            values: None,
        }
    }

    fn detail_resource(&self, service: &EstoreService) -> Resource {
        Resource::EstoreDetail {
            org: self.catalog_org.clone(),
            service: service.id.clone(),
        }
    }

    fn detail<'a>(
        &self,
        store: &'a Store,
        service: &EstoreService,
    ) -> Option<&'a EstoreServiceDetail> {
        match store.data(&self.detail_resource(service))?.as_ref() {
            ResourceData::EstoreDetail(detail) => Some(detail),
            _ => None,
        }
    }

    /// What the preview needs loaded for the chosen service.
    pub fn shown(&self, chosen: usize) -> Vec<Resource> {
        self.services
            .get(chosen)
            .map(|s| vec![self.detail_resource(s)])
            .unwrap_or_default()
    }

    /// The plan for the chosen service with the values given so far; None while its details
    /// load.
    pub fn plan(&self, chosen: usize, store: &Store) -> Option<BulkPlan> {
        let service = self.services.get(chosen)?;
        let detail = self.detail(store, service)?;
        let given = match &self.values {
            Some((id, values)) if *id == service.id => values.as_slice(),
            _ => &[],
        };
        // Organizations known (from lists loaded now) to have it already are left out.
        let (has_it, orgs): (Vec<_>, Vec<_>) = self
            .orgs
            .iter()
            .cloned()
            .partition(|(org, _)| has_service(store, org, &service.id));
        let mut plan = BulkPlan::add_service(&orgs, service, &detail.custom_properties, given);
        plan.invalid
            .extend(has_it.into_iter().map(|(_, name)| InvalidItem {
                target: name,
                reason: format!("has {} already", service.name),
            }));
        Some(plan)
    }

    /// `p`: the property form for the chosen service, for every target at once.
    pub fn form(&self, chosen: usize, store: &Store) -> Result<FormDialog, String> {
        let service = self
            .services
            .get(chosen)
            .ok_or("choose a service first (c)")?;
        let detail = self
            .detail(store, service)
            .ok_or("the service's properties are still loading")?;
        if detail.custom_properties.is_empty() {
            return Err(format!("{} has no custom properties", service.name));
        }
        let title = format!(
            "{} for {}",
            service.name,
            crate::ui::text::count(self.orgs.len(), "organization")
        );
        Ok(ServiceForm::for_all(
            &service.id,
            &title,
            &detail.custom_properties,
        ))
    }

    /// The values the property form gave; true when they were for a service of this step.
    pub fn take_values(&mut self, mutation: &Mutation) -> bool {
        let Mutation::AddService { input, .. } = mutation else {
            return false;
        };
        self.values = Some((input.service_id.clone(), input.custom_properties.clone()));
        true
    }
}
