//! Applies the actor's answers: loads (dropping stale ones by request id), failed loads, and the
//! results of writes, which close or keep the form or dialog that sent them.

use crate::api::{ApiError, ApiEvent, Mutation, RequestId, Resource};

use crate::app::{App, Mode};

/// What a resource is, in words, for "could not load …" and "still waiting for …" messages.
pub(crate) fn describe(resource: &Resource) -> &'static str {
    match resource {
        Resource::Organizations => "the organizations",
        Resource::Organization { .. } => "the organization's details",
        Resource::OrgServices { .. } => "the services",
        Resource::OrgService { .. } => "the service",
        Resource::Subscriptions { .. } => "the subscriptions",
        Resource::Subscription { .. } => "the subscription",
        Resource::SubscriptionHistory { .. } => "the subscription's history",
        Resource::SubscriptionUsers { .. } => "the subscription's users",
        Resource::Estore { .. } => "the E-store services",
        Resource::EstoreDetail { .. } => "the service's details",
        Resource::Products { .. } => "the products",
        Resource::Users { .. } => "the organization's users",
        Resource::User { .. } => "the user's record",
        Resource::OrganizationRoles { .. } => "the organization roles",
        Resource::UserAssignments { .. } => "the user's subscriptions",
        Resource::Administrators | Resource::Administrator { .. } => "the administrators",
        Resource::ResellerRoles => "the administrator roles",
        Resource::OrgPropertyDefinitions => "the organization custom properties",
        Resource::Hierarchy => "the organizations",
        Resource::Node { .. } => "the organization's details",
        Resource::Members { .. } => "the members",
        Resource::Invitations { .. } => "the invitations",
        Resource::OrganizationGroups => "the organization groups",
        Resource::GroupMembers { .. } => "the group's organizations",
    }
}

/// "1 organization could not be read (see log)": the rows a list read left out.
fn unreadable(resource: &Resource, count: usize) -> String {
    let noun = match resource {
        Resource::Organizations | Resource::Hierarchy => "organization",
        Resource::OrgServices { .. } | Resource::Estore { .. } => "service",
        Resource::Products { .. } => "product",
        Resource::Subscriptions { .. } | Resource::UserAssignments { .. } => "subscription",
        Resource::SubscriptionUsers { .. } | Resource::Users { .. } => "user",
        Resource::OrganizationRoles { .. } | Resource::ResellerRoles => "role",
        Resource::Administrators => "administrator",
        Resource::SubscriptionHistory { .. } => "history entry",
        Resource::Members { .. } => "member",
        Resource::Invitations { .. } => "invitation",
        Resource::OrganizationGroups => "group",
        Resource::GroupMembers { .. } => "organization",
        _ => "row",
    };
    format!(
        "{} could not be read (see log)",
        crate::ui::text::count(count, noun)
    )
}

impl App {
    pub(in crate::app) fn apply_api_event(&mut self, event: ApiEvent) {
        match event {
            ApiEvent::Loaded {
                id,
                resource,
                data,
                stale,
                skipped,
            } => {
                if !self.store.loaded(id, resource.clone(), data.clone(), stale) {
                    return;
                }
                if let Some(list) = self.store.patch_row(id, &resource, &data) {
                    self.sync_screens(&list);
                }
                // Only a signed-in call loads anything.
                self.sign_in_refused = None;
                if skipped > 0 {
                    self.flash_error(unreadable(&resource, skipped));
                }
                self.sync_screens(&resource);
                self.palette_groups_loaded(&resource);
                self.index_root_list(&resource, &data);
                match &mut self.mode {
                    Mode::Confirm(confirm) => confirm.fill(&resource, Ok(data.as_ref())),
                    Mode::Form(form) => form.purpose.loaded(&resource, Ok(data.as_ref())),
                    _ => {}
                }
                if matches!(self.mode, Mode::Browse | Mode::Filter) {
                    self.with_top(|s, ctx| s.state_mut().loaded(&resource, ctx));
                }
            }
            ApiEvent::Cached {
                id,
                resource,
                data,
                fetched,
                revalidating,
            } => {
                // Shown as a stale copy is (its revalidation follows unless offline), and
                // marked with when it was fetched, so the titles say how old it is.
                self.apply_api_event(ApiEvent::Loaded {
                    id,
                    resource: resource.clone(),
                    data,
                    stale: revalidating,
                    skipped: 0,
                });
                self.store.mark_cached(id, &resource, fetched);
            }
            ApiEvent::Page {
                id,
                resource,
                number,
                data,
            } => {
                if self.store.page(id, resource.clone(), number, data) {
                    self.sign_in_refused = None;
                    self.sync_screens(&resource);
                }
            }
            ApiEvent::LoadFailed {
                id,
                resource,
                error,
            } => {
                if !self.store.failed(id, resource.clone(), error.clone()) {
                    return;
                }
                if let ApiError::Auth(why) = &error {
                    self.sign_in_refused = Some(why.clone());
                }
                self.sync_screens(&resource);
                match &mut self.mode {
                    Mode::Confirm(confirm) => confirm.fill(&resource, Err(&error)),
                    Mode::Form(form) => form.purpose.loaded(&resource, Err(&error)),
                    _ => {}
                }
                if let Some(top) = self.screens.last_mut() {
                    top.state_mut().load_failed(&resource);
                }
                self.flash_error(format!("could not load {}: {error}", describe(&resource)));
            }
            ApiEvent::Throttled { until } => self.throttled_until = Some(until),
            ApiEvent::Indexed { lists, progress } => self.indexed(lists, progress),
            ApiEvent::Raw { id, body } => {
                // Only the view that asked: one closed or opened again since lets it go.
                if let Some(view) = self.raw.as_deref_mut()
                    && view.source == crate::app::raw_view::Source::Reading(id)
                {
                    view.answered(body.as_deref());
                }
            }
            ApiEvent::Mutated {
                id,
                mutation,
                result,
            } => {
                match &result {
                    Ok(_) => self.mutation_succeeded(id, &mutation),
                    Err(error) => self.mutation_failed(id, &mutation, error),
                }
                // The top screen hears of every write (after the defaults, so its message wins).
                self.with_top(|s, ctx| s.state_mut().mutated(id, &mutation, &result, ctx));
            }
        }
    }

    /// Marks what a successful write touched as outdated and reloads what the root screen shows
    /// of it (what the top screen shows reloads when requests are taken). Used for single edits.
    pub(crate) fn outdate(&mut self, mutation: &Mutation) {
        self.outdate_all(std::slice::from_ref(mutation));
    }

    /// [`App::outdate`] for the items of a bulk run that succeeded: each costs what it touches,
    /// and what the root screen (the reseller tree) shows reloads once per batch (70,000 organizations set inactive
    /// reload the list once), and not before the run ends: reloading a list of 100,000
    /// organizations after every batch would keep the console busy.
    pub(crate) fn outdate_all(&mut self, mutations: &[Mutation]) {
        let mut outdated_index = false;
        for mutation in mutations {
            // A deleted organization's lists would only answer 404.
            let gone = match mutation {
                Mutation::DeleteOrganization { org } => Some(org.as_str()),
                _ => None,
            };
            if let Some(owner) = self.search.source.indexed.outdate(mutation) {
                self.reindex(owner);
                outdated_index = true;
            }
            for resource in self.store.outdate(mutation) {
                let shown = self
                    .screens
                    .first()
                    .is_some_and(|s| s.state().shows(&resource));
                if shown && (gone.is_none() || resource.organization() != gone) {
                    self.root_reloads.insert(resource);
                }
            }
        }
        // The open box's hits must not point at rows the index just dropped, nor a search
        // under way go on over chunks that shrank under it.
        if outdated_index && self.search.open.is_some() {
            self.search.again(&self.store);
        }
        self.reload_root();
    }

    /// Reloads what writes outdated in the root screen, unless a bulk run is going (then after
    /// it).
    pub(crate) fn reload_root(&mut self) {
        if self.root_reloads.is_empty() || self.bulk_running() {
            return;
        }
        let store = &mut self.store;
        // One still loading is asked for again once its answer is in.
        self.root_reloads
            .retain(|resource| match store.get(resource) {
                Some(entry) if entry.outdated && entry.loading => true,
                Some(entry) if entry.outdated => {
                    store.fetch(resource.clone(), false);
                    false
                }
                _ => false,
            });
    }

    /// What to do about a refused sign-in: where the password came from and whether `r` can
    /// help (a command is run again; an environment variable needs a restart).
    pub fn sign_in_advice(&self) -> String {
        let s = &self.session;
        let source = if s.password_source.is_empty() {
            "the profile"
        } else {
            s.password_source.as_str()
        };
        if s.password_rereads {
            format!(
                "The password came from {source}. Fix it there, then press r: the command runs again."
            )
        } else {
            format!(
                "The password came from {source}. Quit (q), correct it and start again; r tries the same password again."
            )
        }
    }

    /// While the API's "not before" applies: "the API asked us to slow down (retrying in 5 s)".
    pub fn throttle_text(&self) -> Option<String> {
        let left = self
            .throttled_until?
            .checked_duration_since(std::time::Instant::now())?;
        let secs = left.as_secs_f64().ceil() as u64;
        // A wait too long to sit out makes requests fail meanwhile (see api::discipline).
        let what = if left > crate::api::discipline::LONGEST_WAIT {
            "try again"
        } else {
            "retrying"
        };
        (secs > 0).then(|| format!("the API asked us to slow down ({what} in {secs} s)"))
    }

    /// Rebuilds the rows of every stacked screen that shows `resource`.
    fn sync_screens(&mut self, resource: &Resource) {
        for screen in &mut self.screens {
            let state = screen.state_mut();
            if state.shows(resource) {
                state.sync(&self.store);
            }
        }
    }

    /// Whether the open form or dialog is the one waiting for write `id`.
    fn owns(&self, id: RequestId) -> bool {
        match &self.mode {
            Mode::Form(f) => f.pending == Some(id),
            Mode::Confirm(c) => c.pending == Some(id),
            _ => false,
        }
    }

    fn mutation_succeeded(&mut self, id: RequestId, mutation: &Mutation) {
        if self.owns(id) {
            self.mode = Mode::Browse;
        }
        // Everything the write touched is outdated: what is on screen reloads when requests
        // are next taken (keeping the old rows meanwhile), the rest on its next visit.
        self.outdate(mutation);
        let name = match mutation {
            Mutation::CreateOrganization(input) | Mutation::UpdateOrganization { input, .. } => {
                input.name.clone()
            }
            _ => String::new(),
        };
        // The reseller tree selects what was created or saved, and names what was deleted.
        match mutation {
            Mutation::CreateOrganization(_) => {
                self.flash_info(format!("created organization {name}"));
            }
            Mutation::UpdateOrganization { org, .. } => {
                // The record on screen is read again (it is kept loaded).
                self.store
                    .forget(&Resource::Organization { org: org.clone() });
                self.flash_info(format!("saved organization {name}"));
            }
            Mutation::DeleteOrganization { org } => {
                self.store.forget_org(org);
                self.flash_info(format!("deleted the organization {org}"));
            }
            other => self.flash_info(format!("done: {}", other.describe())),
        }
    }

    fn mutation_failed(&mut self, id: RequestId, mutation: &Mutation, error: &ApiError) {
        if self.owns(id) {
            match &mut self.mode {
                Mode::Form(form) => {
                    // A stale save: the conflict view reads the server's copy afresh.
                    if let Some(resource) = form.failed(error) {
                        self.store.fetch(resource, true);
                    }
                }
                Mode::Confirm(confirm) => confirm.failed(error),
                _ => {}
            }
            return;
        }
        self.flash_error(format!("could not {}: {error}", mutation.describe()));
    }
}
