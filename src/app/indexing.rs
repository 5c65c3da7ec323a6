//! The console's side of the background indexer (`api::indexer`): it hands it the root list
//! when that arrives or changes (the indexer makes its walk of it), pauses it while a bulk run goes, and keeps what it read
//! as the search's indexed source, with how far it got for the status bar and the search box.

use std::sync::Arc;

use super::App;
use crate::api::indexer::{IndexOrder, IndexProgress, IndexedLists};
use crate::api::{ApiRequest, Resource, SharedData};
use crate::domain::hierarchy::Capability;

#[derive(Debug, Default)]
pub(crate) struct Indexing {
    /// The root list the last walk was named from.
    walked: Option<SharedData>,
    /// The pause last told (whether a bulk run was going; none at first).
    paused: bool,
    orders: Vec<IndexOrder>,
}

impl App {
    /// A list arrived: the root list names what the indexer walks (again, when it changed).
    pub(crate) fn index_root_list(&mut self, resource: &Resource, data: &SharedData) {
        let root = match self.session.capabilities.has(Capability::ResellerTree) {
            true => Resource::Organizations,
            false => Resource::Hierarchy,
        };
        let same = (self.indexing.walked.as_ref()).is_some_and(|was| Arc::ptr_eq(was, data));
        if *resource != root || same {
            return;
        }
        self.indexing.walked = Some(data.clone());
        // The walk is made of the list by the indexer, off this thread (100,000 owners).
        let members = self.session.capabilities.has(Capability::Members);
        let walk = IndexOrder::Walk {
            root: data.clone(),
            members,
        };
        self.indexing.orders.push(walk);
    }

    /// What the indexer is to be told: a walk to start, a bulk run started or ended.
    pub(crate) fn take_index_orders(&mut self) -> impl Iterator<Item = ApiRequest> + use<> {
        let running = self.bulk_running();
        if self.indexing.paused != running {
            self.indexing.paused = running;
            self.indexing.orders.push(IndexOrder::Pause(running));
        }
        std::mem::take(&mut self.indexing.orders)
            .into_iter()
            .map(ApiRequest::Index)
    }

    /// A write changed what the index holds of `owner`: it is read again first.
    pub(crate) fn reindex(&mut self, owner: String) {
        self.indexing.orders.push(IndexOrder::Reread(owner));
    }

    /// The indexer read more (or only moved on).
    pub(crate) fn indexed(&mut self, lists: Vec<IndexedLists>, progress: IndexProgress) {
        self.search.put_indexed(lists);
        self.search.source.indexed.progress = Some(progress);
    }

    /// What is indexed, for people: "organizations", or a hierarchy's "organizations and
    /// projects".
    pub fn index_owners_noun(&self) -> &'static str {
        match self.session.capabilities.has(Capability::ResellerTree) {
            true => "organizations",
            false => "organizations and projects",
        }
    }

    /// How far the indexer is ("search index: 1,240 of 3,200 organizations read"), once it
    /// has said. Named as the search's, so it is not read as the tree's own count beside it.
    pub fn index_note(&self) -> Option<String> {
        let p = self.search.source.indexed.progress.as_ref()?;
        let noun = self.index_owners_noun();
        let count = crate::ui::text::thousands;
        let (done, of) = (count(p.indexed), count(p.of));
        let failed = match p.failed {
            0 => String::new(),
            n => format!(", {} could not be (tried again later)", count(n)),
        };
        Some(if let Some(why) = &p.stopped {
            format!("search index stopped: {why}")
        } else if p.paused {
            format!("search index paused while the bulk run goes ({done} of {of} {noun} read)")
        } else if p.finished && p.indexed >= p.of {
            format!("search index: all {of} {noun} read")
        } else {
            format!("search index: {done} of {of} {noun} read{failed}")
        })
    }
}
