//! The subscriptions of one organization service, cancelled ones included (dimmed, with a
//! "cancelled" status): create one from the service's products, change a quantity, cancel
//! (asks first); Enter opens the subscription's user assignment, offered only when the service
//! is marked user-assigned. The selected subscription's history (who changed its quantity,
//! when) is read for it alone, never for the whole list.

use crate::api::{ApiError, Mutation, RequestId, Resource, ResourceData};
use crate::app::list_view::ListView;
use crate::domain::{Product, Subscription};

use crate::app::assignment::{Assignment, no_users_reason, takes_no_users};
use crate::app::commands::{CommandId, Scope};
use crate::app::confirm::Confirm;
use crate::app::screen::{Ctx, Screen, ScreenState};
use crate::app::store::Store;
use crate::app::subscription_form::SubscriptionForm;
use crate::app::table::{Column, RowTone, TableList, TableRow};

#[derive(Debug)]
pub struct Subscriptions {
    pub org: String,
    pub service: String,
    pub service_name: String,
    pub table: TableList,
    /// `n` was pressed before the products arrived: the form opens when they do.
    waiting_products: bool,
}

impl Subscriptions {
    /// The organization's services, where the service's name is.
    fn services(&self) -> Resource {
        Resource::OrgServices {
            org: self.org.clone(),
        }
    }

    pub fn new(org: &str, service: &str, service_name: &str) -> Subscriptions {
        Subscriptions {
            org: org.into(),
            service: service.into(),
            service_name: service_name.into(),
            table: TableList::new(
                "Subscriptions",
                vec![
                    Column::text("Product", 0),
                    Column::plain("Quantity", 8),
                    Column::text("Status", 10),
                    Column::plain("Created", 10),
                    Column::plain("Cancelled", 10),
                ],
            ),
            waiting_products: false,
        }
    }

    pub fn list(&self) -> Resource {
        Resource::Subscriptions {
            org: self.org.clone(),
            service: self.service.clone(),
        }
    }

    pub fn products(&self) -> Resource {
        Resource::Products {
            org: self.org.clone(),
            service: self.service.clone(),
        }
    }

    /// The history of the selected subscription, if one is selected.
    pub fn history(&self) -> Option<Resource> {
        Some(Resource::SubscriptionHistory {
            org: self.org.clone(),
            service: self.service.clone(),
            subscription: self.table.selected_id()?.to_string(),
        })
    }

    pub fn selected<'a>(&self, store: &'a Store) -> Option<&'a Subscription> {
        let id = self.table.selected_id()?;
        match store.data(&self.list())?.as_ref() {
            ResourceData::Subscriptions(list) => list.iter().find(|s| s.id == id),
            _ => None,
        }
    }

    fn loaded_products<'a>(&self, store: &'a Store) -> Option<&'a [Product]> {
        match store.data(&self.products())?.as_ref() {
            ResourceData::Products(list) => Some(list),
            _ => None,
        }
    }

    /// The selected subscription if it can still change; otherwise says why not.
    fn changeable<'a>(&self, ctx: &'a Ctx) -> Option<&'a Subscription> {
        let subscription = self.selected(ctx.store)?;
        (!subscription.is_cancelled()).then_some(subscription)
    }

    fn create(&mut self, ctx: &mut Ctx) {
        match self.loaded_products(ctx.store) {
            Some([]) => ctx.error("this service has no products to subscribe to"),
            Some(products) => {
                let form = SubscriptionForm::create(&self.org, &self.service, products);
                ctx.open_form(form);
            }
            None => {
                self.waiting_products = true;
                ctx.info("loading the products…");
            }
        }
    }

    fn change_quantity(&self, ctx: &mut Ctx) {
        let Some(subscription) = self.changeable(ctx).cloned() else {
            ctx.error("a cancelled subscription cannot change");
            return;
        };
        let product = self
            .loaded_products(ctx.store)
            .and_then(|list| list.iter().find(|p| p.id == subscription.product_id))
            .cloned();
        ctx.open_form(SubscriptionForm::quantity(
            &self.org,
            &self.service,
            &subscription,
            product.as_ref(),
        ));
    }

    fn cancel(&self, ctx: &mut Ctx) {
        let Some(subscription) = self.changeable(ctx).cloned() else {
            ctx.error("this subscription is already cancelled");
            return;
        };
        let confirm = Confirm::new(
            "Cancel subscription",
            "cancel the subscription",
            Mutation::CancelSubscription {
                org: self.org.clone(),
                service: self.service.clone(),
                subscription: subscription.id.clone(),
            },
        )
        .line(format!(
            "This cancels {} × {} of {}. It stays listed as cancelled; its users can no longer \
             be changed.",
            subscription.product_name, subscription.quantity, self.service_name
        ));
        ctx.confirm(confirm);
    }

    fn open_users(&self, ctx: &mut Ctx) {
        let Some(subscription) = self.selected(ctx.store) else {
            return;
        };
        let screen = Assignment::new(&self.org, &self.service, subscription);
        ctx.push(Screen::Assignment(Box::new(screen)));
    }
}

fn row(s: &Subscription) -> TableRow {
    let day = |date: &str| date.get(..10).unwrap_or(date).to_string();
    let (status, tone) = if s.is_cancelled() {
        ("cancelled".to_string(), RowTone::Dim)
    } else {
        (s.status.clone(), RowTone::Normal)
    };
    TableRow::new(
        &s.id,
        vec![
            s.product_name.clone(),
            s.quantity.to_string(),
            status,
            day(&s.created_date),
            s.cancelled_date.as_deref().map(day).unwrap_or_default(),
        ],
    )
    .tone(tone)
}

impl ScreenState for Subscriptions {
    fn raw_resource(&self, _store: &Store) -> Option<Resource> {
        Some(Resource::Subscription {
            org: self.org.clone(),
            service: self.service.clone(),
            subscription: self.table.selected_id()?.to_string(),
        })
    }

    fn crumbs(&self) -> Vec<String> {
        vec![self.service_name.clone()]
    }

    fn scope(&self) -> Scope {
        Scope::Subscriptions
    }

    fn shown(&self) -> Vec<Resource> {
        let mut shown = vec![self.list(), self.products()];
        shown.extend(self.history());
        // Opened from the search before its organization's services were read: its name is
        // read with them.
        if self.service_name == self.service {
            shown.push(self.services());
        }
        shown
    }

    fn sync(&mut self, store: &Store) {
        if self.service_name == self.service
            && let Some(services) = store.data(&self.services())
            && let ResourceData::OrgServices(services) = services.as_ref()
            && let Some(service) = services.iter().find(|s| s.id == self.service)
        {
            self.service_name = service.name.clone();
        }
        if let Some(data) = store.data(&self.list()).cloned()
            && let ResourceData::Subscriptions(list) = data.as_ref()
        {
            self.table
                .sync_from(vec![data.clone()], || list.iter().map(row).collect());
        }
    }

    fn list(&self) -> &dyn ListView {
        &self.table
    }

    fn list_mut(&mut self) -> &mut dyn ListView {
        &mut self.table
    }

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        match id {
            CommandId::SubNew => self.create(ctx),
            CommandId::SubQuantity => self.change_quantity(ctx),
            CommandId::SubCancel => self.cancel(ctx),
            CommandId::SubOpen => self.open_users(ctx),
            _ => {}
        }
    }

    fn unavailable(&self, id: CommandId, store: &Store) -> Option<String> {
        let cancelled = self.selected(store).is_some_and(|s| s.is_cancelled());
        match id {
            CommandId::SubOpen => {
                takes_no_users(store, &self.org, &self.service).map(no_users_reason)
            }
            CommandId::SubQuantity if cancelled => {
                Some("a cancelled subscription cannot change".into())
            }
            CommandId::SubCancel if cancelled => {
                Some("this subscription is already cancelled".into())
            }
            _ => None,
        }
    }

    fn loaded(&mut self, resource: &Resource, ctx: &mut Ctx) {
        if self.waiting_products && resource == &self.products() {
            self.waiting_products = false;
            self.create(ctx);
        }
    }

    fn mutated(
        &mut self,
        _id: RequestId,
        mutation: &Mutation,
        result: &Result<Option<String>, ApiError>,
        ctx: &mut Ctx,
    ) {
        match (mutation, result) {
            (Mutation::CreateSubscription { service, .. }, Ok(created))
                if service == &self.service =>
            {
                if let Some(id) = created {
                    self.table.select_id(id);
                }
                match takes_no_users(ctx.store, &self.org, &self.service) {
                    None => ctx.info("subscription created; Enter opens its users"),
                    Some(_) => ctx.info("subscription created"),
                }
            }
            (Mutation::UpdateSubscription { service, .. }, Ok(_)) if service == &self.service => {
                ctx.info("quantity changed")
            }
            (Mutation::CancelSubscription { service, .. }, Ok(_)) if service == &self.service => {
                ctx.info("subscription cancelled (still listed, dimmed)")
            }
            _ => {}
        }
    }
}
