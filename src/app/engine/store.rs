//! Loaded data per [`Resource`], with the request bookkeeping that drops stale answers.
//!
//! Each resource remembers the id of its newest request; an answer with an older id is ignored,
//! so a slow first fetch can never overwrite the result of a later refresh. Old data stays visible
//! while a reload is in flight.

use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime};

use crate::api::scope;
use crate::api::{ApiError, ApiRequest, Mutation, RequestId, Resource, SharedData};

#[derive(Debug, Default)]
pub struct Entry {
    pub newest: RequestId,
    pub data: Option<SharedData>,
    pub loading: bool,
    pub error: Option<ApiError>,
    /// A write changed it: the data is still shown, but the next `ensure` fetches again.
    pub outdated: bool,
    /// The request whose answer `data` is.
    data_id: RequestId,
    /// Requests up to this id were sent before the last write that changed it: their answers
    /// may predate that write.
    outdated_after: RequestId,
    /// When the newest fresh answer arrived (a stale one from the cache does not count).
    arrived: Option<Instant>,
    /// When the data shown was fetched, if it came from the disk cache (an earlier run) and
    /// nothing fresher has arrived since.
    cached: Option<SystemTime>,
    /// The pages of the newest read so far, while it is read page by page; dropped when the
    /// whole list arrives (or the read fails).
    pages: Vec<SharedData>,
}

/// What a tree row shows for a list that is not simply "loaded".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListState {
    Loading,
    Failed,
    Ready,
}

#[derive(Debug, Default)]
pub struct Store {
    /// In key order, so a write finds what it touches by range ([`scope::touched`]).
    entries: BTreeMap<Resource, Entry>,
    next_id: RequestId,
    outbox: Vec<ApiRequest>,
    /// Reads sent and not answered yet, oldest first (ids grow), with when they were sent: the
    /// status bar says what it is still waiting for without looking at every entry.
    waiting: BTreeMap<RequestId, (Resource, Instant)>,
    /// Grows whenever some data is replaced or dropped: what is built from all of it (the
    /// search's entries) knows at once whether to look again.
    generation: u64,
}

impl Store {
    /// A fresh request id (shared by reads and writes so ids are globally ordered).
    pub fn next_id(&mut self) -> RequestId {
        self.next_id += 1;
        self.next_id
    }

    /// Asks for `resource` unless it is loaded or already on its way.
    pub fn ensure(&mut self, resource: &Resource) {
        let wanted = self
            .entries
            .get(resource)
            .is_none_or(|e| (e.data.is_none() || e.outdated) && !e.loading);
        if wanted {
            self.fetch(resource.clone(), false);
        }
    }

    /// What the app asks for on every pass of the event loop: as [`Store::ensure`], except that
    /// a read that failed stays failed (its error on screen, `r` retries) until a write
    /// outdates it. Asking again on every pass was a storm of thousands of requests a second.
    pub fn keep_loaded(&mut self, resource: &Resource) {
        let failed = self
            .entries
            .get(resource)
            .is_some_and(|e| e.error.is_some() && !e.outdated);
        if !failed {
            self.ensure(resource);
        }
    }

    /// Sends a read; `refresh` bypasses the actor's cache.
    pub fn fetch(&mut self, resource: Resource, refresh: bool) {
        let id = self.next_id();
        let entry = self.entries.entry(resource.clone()).or_default();
        entry.pages = Vec::new();
        // The answer to the older request will be dropped: nothing waits for it any more.
        self.waiting.remove(&entry.newest);
        self.waiting.insert(id, (resource.clone(), Instant::now()));
        entry.newest = id;
        entry.loading = true;
        entry.error = None;
        entry.outdated = false;
        self.outbox.push(if refresh {
            ApiRequest::Refresh { id, resource }
        } else {
            ApiRequest::Fetch { id, resource }
        });
    }

    pub fn push(&mut self, request: ApiRequest) {
        self.outbox.push(request);
    }

    pub fn take_requests(&mut self) -> Vec<ApiRequest> {
        std::mem::take(&mut self.outbox)
    }

    /// Applies a load; returns false when it was stale and dropped.
    pub fn loaded(
        &mut self,
        id: RequestId,
        resource: Resource,
        data: SharedData,
        stale: bool,
    ) -> bool {
        if !stale {
            self.waiting.remove(&id);
        }
        let entry = self.entries.entry(resource).or_default();
        if id < entry.newest {
            return false;
        }
        entry.newest = id;
        entry.data_id = id;
        entry.data = Some(data);
        self.generation += 1;
        if !stale {
            entry.pages = Vec::new();
        }
        entry.error = None;
        // A stale answer is followed by its revalidation, so the spinner keeps going.
        entry.loading = stale;
        if !stale {
            entry.arrived = Some(Instant::now());
        }
        entry.cached = None;
        true
    }

    /// Marks the data of request `id` as the disk cache's copy, fetched at `fetched`.
    pub fn mark_cached(&mut self, id: RequestId, resource: &Resource, fetched: SystemTime) {
        if let Some(entry) = self.entries.get_mut(resource)
            && entry.data_id == id
        {
            entry.cached = Some(fetched);
        }
    }

    /// When the data shown was fetched, when it is the disk cache's copy (not yet replaced by
    /// a fresh answer).
    pub fn cached_at(&self, resource: &Resource) -> Option<SystemTime> {
        self.entries.get(resource).and_then(|e| e.cached)
    }

    /// Applies a failed read; returns false when it was stale and dropped.
    pub fn failed(&mut self, id: RequestId, resource: Resource, error: ApiError) -> bool {
        self.waiting.remove(&id);
        let entry = self.entries.entry(resource).or_default();
        if id < entry.newest {
            return false;
        }
        entry.newest = id;
        entry.loading = false;
        entry.error = Some(error);
        entry.pages = Vec::new();
        true
    }

    /// Applies page `number` (1-based) of a list still being read; returns false when it is
    /// dropped: it belongs to an older request, or pages before it were not seen (this request
    /// joined a read already going), so what is held stays until the whole list arrives.
    pub fn page(
        &mut self,
        id: RequestId,
        resource: Resource,
        number: usize,
        data: SharedData,
    ) -> bool {
        let entry = self.entries.entry(resource).or_default();
        if id != entry.newest || !entry.loading {
            return false;
        }
        if number == 1 {
            entry.pages.clear();
        }
        if entry.pages.len() + 1 != number {
            return false;
        }
        entry.pages.push(data);
        true
    }

    /// The pages of a list that is still being read, in order (empty once it has arrived
    /// whole, or when its provider reads it in one answer).
    pub fn pages(&self, resource: &Resource) -> &[SharedData] {
        self.entries.get(resource).map_or(&[], |e| &e.pages)
    }

    /// Drops a resource's data so the next `ensure` fetches it again (after a write changed
    /// it). The newest request id is kept, so an answer already on its way from before the write
    /// is still recognised as stale.
    pub fn forget(&mut self, resource: &Resource) {
        if let Some(entry) = self.entries.get_mut(resource) {
            Self::clear(entry);
            self.generation += 1;
        }
    }

    /// Marks everything a successful write touched (per [`Mutation::invalidates`]) as outdated
    /// and returns it. Costs what the write touches, not the size of the store.
    ///
    /// A write with a row refresh ([`scope::row_refresh`]: a quantity change) reads its one
    /// record instead of reloading the list that holds it; the answer replaces the row
    /// ([`Store::patch_row`]). A list still on its way reloads as usual: its answer may
    /// predate the write.
    pub fn outdate(&mut self, mutation: &Mutation) -> Vec<Resource> {
        let sent_before = self.next_id;
        let mut touched: Vec<Resource> = scope::touched(&self.entries, mutation).cloned().collect();
        let record = scope::row_refresh(mutation);
        let list = record
            .as_ref()
            .and_then(Resource::list_of_row)
            .filter(|list| {
                let entry = self.entries.get(list);
                entry.is_some_and(|e| e.data.is_some() && !e.loading)
            });
        if let Some(list) = &list {
            touched.retain(|r| r != list);
            if let Some(entry) = self.entries.get_mut(list) {
                // Outdated until the record arrives (no preview is built from it meanwhile).
                entry.outdated_after = sent_before;
            }
        }
        for resource in &touched {
            if let Some(entry) = self.entries.get_mut(resource) {
                entry.outdated = true;
                entry.outdated_after = sent_before;
            }
        }
        if let (Some(record), Some(_)) = (record, list) {
            self.fetch(record, true);
        }
        touched
    }

    /// A record read on its own replaces its row in the loaded list that holds it; returns
    /// that list, for its screens to rebuild.
    pub fn patch_row(
        &mut self,
        id: RequestId,
        resource: &Resource,
        data: &SharedData,
    ) -> Option<Resource> {
        let list = resource.list_of_row()?;
        let entry = self.entries.get_mut(&list)?;
        let patched = entry.data.as_ref()?.with_row(data)?;
        entry.data = Some(std::sync::Arc::new(patched));
        entry.data_id = entry.data_id.max(id);
        self.generation += 1;
        Some(list)
    }

    /// Resources marked outdated and not yet refetched.
    pub fn outdated(&self) -> impl Iterator<Item = Resource> + '_ {
        self.entries
            .iter()
            .filter(|(_, e)| e.outdated && !e.loading)
            .map(|(r, _)| r.clone())
    }

    /// Drops the data of everything belonging to one organization.
    pub fn forget_org(&mut self, org: &str) {
        self.entries
            .iter_mut()
            .filter(|(r, _)| r.organization() == Some(org))
            .for_each(|(_, e)| Self::clear(e));
        self.generation += 1;
    }

    /// See the field: equal generations hold the same data.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Every resource with data, in key order.
    pub fn all_data(&self) -> impl Iterator<Item = (&Resource, &SharedData)> {
        let data = self.entries.iter().map(|(r, e)| (r, e.data.as_ref()));
        data.filter_map(|(r, d)| Some((r, d?)))
    }

    fn clear(entry: &mut Entry) {
        entry.data = None;
        entry.arrived = None;
        entry.error = None;
        entry.loading = false;
        entry.outdated = false;
    }

    pub fn get(&self, resource: &Resource) -> Option<&Entry> {
        self.entries.get(resource)
    }

    pub fn data(&self, resource: &Resource) -> Option<&SharedData> {
        self.entries.get(resource).and_then(|e| e.data.as_ref())
    }

    /// The data if no write has outdated it since it was loaded: what a preview may be built
    /// from (outdated data is still fine to show while it reloads).
    pub fn current(&self, resource: &Resource) -> Option<&SharedData> {
        self.entries
            .get(resource)
            .filter(|e| e.data_id > e.outdated_after)
            .and_then(|e| e.data.as_ref())
    }

    /// Whether data is held that a write outdated and no newer answer has replaced yet.
    pub fn is_outdated(&self, resource: &Resource) -> bool {
        self.entries
            .get(resource)
            .is_some_and(|e| e.data.is_some() && e.data_id <= e.outdated_after)
    }

    pub fn error(&self, resource: &Resource) -> Option<&ApiError> {
        self.entries.get(resource).and_then(|e| e.error.as_ref())
    }

    /// When the data shown was last loaded fresh from the server (None: not yet, or only a
    /// stale copy is shown while it revalidates).
    pub fn loaded_at(&self, resource: &Resource) -> Option<Instant> {
        self.entries.get(resource).and_then(|e| e.arrived)
    }

    /// Data is shown and a newer copy is on its way (a reload or a background revalidation).
    pub fn is_revalidating(&self, resource: &Resource) -> bool {
        self.entries
            .get(resource)
            .is_some_and(|e| e.loading && e.data.is_some())
    }

    pub fn is_loading(&self, resource: &Resource) -> bool {
        self.entries.get(resource).is_some_and(|e| e.loading)
    }

    /// The read waited for longest, and how long it has been on its way.
    pub fn longest_wait(&self) -> Option<(&Resource, Duration)> {
        let (resource, sent) = self.waiting.values().next()?;
        Some((resource, sent.elapsed()))
    }

    /// Whether any read is on its way (asked every frame: it looks at the reads in flight,
    /// not at every entry).
    pub fn any_loading(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// How a child list shows in the tree: data wins over a pending reload.
    pub fn list_state(&self, resource: &Resource) -> ListState {
        match self.entries.get(resource) {
            Some(Entry { data: Some(_), .. }) => ListState::Ready,
            Some(Entry { error: Some(_), .. }) => ListState::Failed,
            _ => ListState::Loading,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::api::ResourceData;

    fn orgs(n: usize) -> SharedData {
        Arc::new(ResourceData::Organizations(vec![Default::default(); n]))
    }

    #[test]
    fn pages_are_held_in_order_until_the_whole_list_arrives() {
        let mut store = Store::default();
        store.fetch(Resource::Hierarchy, false);
        let id = store.next_id;
        assert!(store.page(id, Resource::Hierarchy, 1, orgs(2)));
        assert!(store.page(id, Resource::Hierarchy, 2, orgs(3)));
        assert!(
            !store.page(id - 1, Resource::Hierarchy, 3, orgs(1)),
            "an older request's"
        );
        assert_eq!(store.pages(&Resource::Hierarchy).len(), 2);
        assert!(store.loaded(id, Resource::Hierarchy, orgs(5), false));
        assert!(
            store.pages(&Resource::Hierarchy).is_empty(),
            "the whole list replaces them"
        );
        assert!(
            !store.page(id, Resource::Hierarchy, 1, orgs(1)),
            "nothing is loading"
        );

        // A refresh that joined the read mid-way sees page 4 first: it waits for the whole.
        store.fetch(Resource::Hierarchy, true);
        let refresh = store.next_id;
        assert!(!store.page(refresh, Resource::Hierarchy, 4, orgs(1)));
        assert!(store.pages(&Resource::Hierarchy).is_empty());
        assert_eq!(
            store.data(&Resource::Hierarchy),
            Some(&orgs(5)),
            "the old list stays"
        );
    }

    #[test]
    fn older_answers_are_dropped() {
        let mut store = Store::default();
        store.fetch(Resource::Organizations, false);
        store.fetch(Resource::Organizations, true);
        let ids: Vec<_> = store
            .take_requests()
            .iter()
            .map(|r| match r {
                ApiRequest::Fetch { id, .. } | ApiRequest::Refresh { id, .. } => *id,
                ApiRequest::Mutate { id, .. } | ApiRequest::FetchRaw { id, .. } => *id,
                ApiRequest::Forget { .. } | ApiRequest::Index(_) => 0,
            })
            .collect();
        assert!(store.loaded(ids[1], Resource::Organizations, orgs(2), false));
        assert!(!store.loaded(ids[0], Resource::Organizations, orgs(1), false));
        assert!(!store.failed(ids[0], Resource::Organizations, ApiError::NotFound));
        assert_eq!(store.data(&Resource::Organizations), Some(&orgs(2)));
    }

    #[test]
    fn forgetting_refetches_but_still_drops_older_answers() {
        let mut store = Store::default();
        store.ensure(&Resource::Organizations);
        store.ensure(&Resource::Organizations);
        store.forget(&Resource::Organizations);
        store.ensure(&Resource::Organizations);
        assert_eq!(store.take_requests().len(), 2);
        assert!(!store.loaded(1, Resource::Organizations, orgs(1), false));
        assert!(store.loaded(2, Resource::Organizations, orgs(2), false));
    }

    #[test]
    fn outdated_data_stays_but_is_fetched_again() {
        let mut store = Store::default();
        let users = Resource::Users { org: "o".into() };
        store.ensure(&users);
        store.ensure(&Resource::Organizations);
        store.take_requests();
        assert!(store.loaded(1, users.clone(), orgs(1), false));
        store.outdate(&Mutation::CreateUser {
            org: "o".into(),
            input: Default::default(),
        });
        assert_eq!(store.outdated().collect::<Vec<_>>(), vec![users.clone()]);
        assert!(store.data(&users).is_some(), "still shown meanwhile");
        store.ensure(&users);
        store.ensure(&users);
        assert_eq!(store.take_requests().len(), 1);
        assert_eq!(store.outdated().count(), 0);
    }

    #[test]
    fn an_answer_in_flight_during_a_write_does_not_count_as_fresh() {
        let mut store = Store::default();
        let users = Resource::Users { org: "o".into() };
        store.ensure(&users);
        store.take_requests();
        store.outdate(&Mutation::CreateUser {
            org: "o".into(),
            input: Default::default(),
        });
        assert!(store.loaded(1, users.clone(), orgs(1), false));
        store.ensure(&users);
        assert_eq!(
            store.take_requests().len(),
            1,
            "fetched again after the write"
        );
    }

    #[test]
    fn a_preview_waits_for_data_loaded_after_the_last_write() {
        let mut store = Store::default();
        let users = Resource::Users { org: "o".into() };
        store.ensure(&users);
        store.take_requests();
        assert!(store.loaded(1, users.clone(), orgs(1), false));
        assert!(store.current(&users).is_some());
        store.outdate(&Mutation::CreateUser {
            org: "o".into(),
            input: Default::default(),
        });
        assert!(store.current(&users).is_none(), "outdated by the write");
        assert!(store.is_outdated(&users));
        store.ensure(&users);
        assert!(store.data(&users).is_some(), "still shown while it reloads");
        assert!(
            store.current(&users).is_none(),
            "but not current until it has"
        );
        assert!(store.loaded(2, users.clone(), orgs(2), false));
        assert_eq!(store.current(&users), Some(&orgs(2)));
        assert!(!store.is_outdated(&users));
    }

    #[test]
    fn a_failed_read_is_kept_failed_until_a_retry_or_a_write() {
        let mut store = Store::default();
        let users = Resource::Users { org: "o".into() };
        store.keep_loaded(&users);
        let error = ApiError::Server {
            status: 500,
            message: "boom".into(),
        };
        assert!(store.failed(1, users.clone(), error.clone()));
        store.keep_loaded(&users);
        store.keep_loaded(&users);
        assert_eq!(store.take_requests().len(), 1, "not asked again by itself");
        store.outdate(&Mutation::CreateUser {
            org: "o".into(),
            input: Default::default(),
        });
        store.keep_loaded(&users);
        assert!(store.failed(2, users.clone(), error));
        store.keep_loaded(&users);
        assert_eq!(
            store.take_requests().len(),
            1,
            "a write outdates it: asked once more"
        );
        store.ensure(&users);
        assert_eq!(store.take_requests().len(), 1, "an explicit ask retries");
    }

    #[test]
    fn the_longest_wait_is_the_oldest_read_still_unanswered() {
        let mut store = Store::default();
        let users = Resource::Users { org: "o".into() };
        store.ensure(&Resource::Organizations);
        store.ensure(&users);
        assert_eq!(
            store.longest_wait().map(|w| w.0),
            Some(&Resource::Organizations)
        );
        assert!(store.loaded(1, Resource::Organizations, orgs(1), true));
        assert_eq!(
            store.longest_wait().map(|w| w.0),
            Some(&Resource::Organizations),
            "a stale answer is still waiting for its revalidation"
        );
        assert!(store.loaded(1, Resource::Organizations, orgs(1), false));
        assert_eq!(store.longest_wait().map(|w| w.0), Some(&users));
        store.fetch(users.clone(), true);
        assert!(
            !store.loaded(2, users.clone(), orgs(1), false),
            "superseded"
        );
        assert!(store.failed(3, users, ApiError::NotFound));
        assert_eq!(store.longest_wait(), None);
    }

    #[test]
    fn ensure_does_not_repeat_a_pending_fetch() {
        let mut store = Store::default();
        store.ensure(&Resource::Organizations);
        store.ensure(&Resource::Organizations);
        assert_eq!(store.take_requests().len(), 1);
    }

    #[test]
    fn stale_load_keeps_loading_until_revalidated() {
        let mut store = Store::default();
        store.ensure(&Resource::Organizations);
        assert!(store.loaded(1, Resource::Organizations, orgs(1), true));
        assert!(store.is_loading(&Resource::Organizations));
        assert!(store.is_revalidating(&Resource::Organizations));
        assert_eq!(
            store.loaded_at(&Resource::Organizations),
            None,
            "a stale copy's age is unknown"
        );
        assert!(store.loaded(1, Resource::Organizations, orgs(2), false));
        assert!(!store.any_loading());
        assert!(store.loaded_at(&Resource::Organizations).is_some());
    }
}
