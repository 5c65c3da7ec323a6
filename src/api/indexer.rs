//! The background indexer: reads, at a low request rate of its own, every list the search
//! needs beyond what the screens load — each organization's users, its services and their
//! subscriptions, the reseller's administrators; a node's members where the provider keeps
//! people there — and hands them to the console as [`ApiEvent::Indexed`], which keeps only
//! their search entries.
//!
//! - **Whose lists**: the console names them ([`IndexWalk`]) when its root list arrives; a
//!   read's answer may name more ([`follow`]: a service's subscriptions).
//! - **Polite**: every read goes through the actor ([`IndexRead`]) and so through the
//!   provider's shared in-flight limit and `Retry-After` gate; reads that reach the server are
//!   spaced by the rate (default [`DEFAULT_RATE`] a second), the spacing doubling after each
//!   failure in a row; while a bulk run goes the walk waits ([`IndexOrder::Pause`]).
//! - **Resumes**: the actor answers a list the disk cache holds younger than
//!   [`IndexSettings::refresh_after`] from the file, with nothing sent, so a restart walks over
//!   what an earlier run read at disk speed and reads from the server only the rest. Once a
//!   walk is over, the next starts when the oldest list read reaches that age.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::sync::{oneshot, watch};

use super::error::ApiError;
use super::index_pace::Pace;
use super::messages::ApiEvent;
use super::resource::{Resource, ResourceData, SharedData};

/// Reads a second sent to the server by default.
pub const DEFAULT_RATE: u32 = 4;
/// How old an indexed list may grow before it is read again, by default.
pub const DEFAULT_REFRESH_AFTER: Duration = Duration::from_secs(24 * 3600);
/// Lists read from the disk arrive this often at most, batched: a resume of 100,000
/// organizations is a few dozen events a second, not 100,000.
const BATCH_EVERY: Duration = Duration::from_millis(200);

/// How the profile indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexSettings {
    /// Reads sent to the server a second; 0 turns the indexer off.
    pub rate: u32,
    pub refresh_after: Duration,
}

impl IndexSettings {
    pub const OFF: IndexSettings = IndexSettings {
        rate: 0,
        refresh_after: DEFAULT_REFRESH_AFTER,
    };
}

impl Default for IndexSettings {
    fn default() -> Self {
        IndexSettings {
            rate: DEFAULT_RATE,
            refresh_after: DEFAULT_REFRESH_AFTER,
        }
    }
}

/// One owner's lists: an organization's users and services, a node's members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexOwner {
    pub id: String,
    pub lists: Vec<Resource>,
}

/// Everything to index: lists of no owner (the administrators), then each owner's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexWalk {
    pub shared: Vec<Resource>,
    pub owners: Vec<IndexOwner>,
}

/// What the console tells the indexer.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexOrder {
    /// Index what this root list names ([`walk_of`]; it arrived or changed): the walk starts
    /// over, skipping the owners indexed this session and still young. `members`: the
    /// provider keeps people in its hierarchy's nodes.
    Walk { root: SharedData, members: bool },
    /// A bulk run started (true) or ended (false).
    Pause(bool),
    /// A write changed this owner's lists (its id; `""` for the shared ones): read them again
    /// before going on.
    Reread(String),
}

/// The lists read for one owner (`None`: the shared lists).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedLists {
    pub owner: Option<String>,
    pub lists: Vec<(Resource, SharedData)>,
    /// When the oldest of them was read from the server.
    pub fetched: SystemTime,
}

/// How far the walk is ("indexed 1,240 of 3,200 organizations").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexProgress {
    pub indexed: usize,
    pub of: usize,
    /// Owners whose lists could not be read this walk (logged); tried again by the next.
    pub failed: usize,
    /// Waiting for a bulk run to end.
    pub paused: bool,
    /// Every owner was tried.
    pub finished: bool,
    /// Why the walk stopped before the end (a refused sign-in).
    pub stopped: Option<String>,
}

/// A read the indexer asks of the actor.
pub(super) struct IndexRead {
    pub resource: Resource,
    pub refresh_after: Duration,
    pub reply: oneshot::Sender<Result<IndexAnswer, ApiError>>,
}

/// The actor's answer: the data, when it was fetched, and whether the server was asked.
#[derive(Debug)]
pub(super) struct IndexAnswer {
    pub data: SharedData,
    pub fetched: SystemTime,
    pub sent: bool,
}

/// Whether what was fetched at `at` is younger than `limit` (a clock set back counts as young).
pub(super) fn young(at: SystemTime, limit: Duration) -> bool {
    SystemTime::now()
        .duration_since(at)
        .map_or(true, |age| age < limit)
}

/// The lists an answer leads to: a service list, its services' subscriptions.
pub fn follow(resource: &Resource, data: &ResourceData) -> Vec<Resource> {
    match (resource, data) {
        (Resource::OrgServices { org }, ResourceData::OrgServices(services)) => services
            .iter()
            .map(|s| Resource::Subscriptions {
                org: org.clone(),
                service: s.id.clone(),
            })
            .collect(),
        // Who is assigned to each: their external user ids are found nowhere else.
        (Resource::Subscriptions { org, service }, ResourceData::Subscriptions(subscriptions)) => {
            (subscriptions.iter())
                .map(|s| Resource::SubscriptionUsers {
                    org: org.clone(),
                    service: service.clone(),
                    subscription: s.id.clone(),
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// What to index of a root list: `None` for a list that is not one, or names nothing.
pub fn walk_of(data: &ResourceData, members: bool) -> Option<IndexWalk> {
    let owner = |id: &str, lists| IndexOwner {
        id: id.to_string(),
        lists,
    };
    match data {
        ResourceData::Organizations(orgs) => Some(IndexWalk {
            shared: vec![Resource::Administrators],
            owners: orgs
                .iter()
                .map(|o| {
                    let org = o.id.to_string();
                    let services = Resource::OrgServices { org: org.clone() };
                    owner(&o.id, vec![Resource::Users { org }, services])
                })
                .collect(),
        }),
        ResourceData::Hierarchy(nodes) if members => Some(IndexWalk {
            shared: Vec::new(),
            owners: nodes
                .iter()
                .map(|n| {
                    let node = n.id.clone();
                    owner(&n.id, vec![Resource::Members { node, kind: n.kind }])
                })
                .collect(),
        }),
        _ => None,
    }
}

/// Starts the indexer: it reads through `reads` (the actor) and tells `events` what it found.
/// It stops when the returned sender is dropped.
pub(super) fn spawn(
    settings: IndexSettings,
    reads: UnboundedSender<IndexRead>,
    events: UnboundedSender<ApiEvent>,
) -> UnboundedSender<IndexOrder> {
    let (orders_tx, orders) = mpsc::unbounded_channel();
    tokio::spawn(run(settings, orders, reads, events));
    orders_tx
}

async fn run(
    settings: IndexSettings,
    mut orders: UnboundedReceiver<IndexOrder>,
    reads: UnboundedSender<IndexRead>,
    events: UnboundedSender<ApiEvent>,
) {
    let (pause, paused) = watch::channel(false);
    // Owner → when its oldest list was read: kept across walks, so a new root list does not
    // read again what this session indexed.
    let delivered = Arc::new(std::sync::Mutex::new(HashMap::new()));
    let rereads = Arc::new(Rereads::default());
    let mut walking: Option<tokio::task::JoinHandle<()>> = None;
    while let Some(order) = orders.recv().await {
        match order {
            IndexOrder::Pause(on) => {
                pause.send_replace(on);
            }
            IndexOrder::Reread(owner) => {
                delivered.lock().unwrap().remove(&owner);
                rereads.push(owner);
            }
            IndexOrder::Walk { root, members } if settings.rate > 0 => {
                if let Some(old) = walking.take() {
                    old.abort();
                }
                let walker = Walker {
                    settings,
                    reads: reads.clone(),
                    events: events.clone(),
                    paused: paused.clone(),
                    delivered: delivered.clone(),
                    rereads: rereads.clone(),
                    last: IndexProgress::default(),
                };
                walking = Some(tokio::spawn(async move {
                    if let Some(walk) = walk_of(&root, members) {
                        walker.walk_again_and_again(Arc::new(walk)).await;
                    }
                }));
            }
            IndexOrder::Walk { .. } => {}
        }
    }
    if let Some(walk) = walking {
        walk.abort();
    }
}

struct Walker {
    settings: IndexSettings,
    reads: UnboundedSender<IndexRead>,
    events: UnboundedSender<ApiEvent>,
    paused: watch::Receiver<bool>,
    delivered: Arc<std::sync::Mutex<HashMap<String, SystemTime>>>,
    rereads: Arc<Rereads>,
    /// The progress last told.
    last: IndexProgress,
}

/// Where each owner is in the walk, by id.
type Places<'a> = HashMap<&'a str, usize>;

/// Owners a write changed, to read again first (each once however often it was written).
#[derive(Default)]
struct Rereads {
    queue: std::sync::Mutex<(VecDeque<String>, HashSet<String>)>,
    added: tokio::sync::Notify,
}

impl Rereads {
    fn push(&self, owner: String) {
        let (queue, queued) = &mut *self.queue.lock().unwrap();
        if queued.insert(owner.clone()) {
            queue.push_back(owner);
        }
        self.added.notify_one();
    }

    fn pop(&self) -> Option<String> {
        let (queue, queued) = &mut *self.queue.lock().unwrap();
        let owner = queue.pop_front()?;
        queued.remove(&owner);
        Some(owner)
    }

    fn waiting(&self) -> bool {
        !self.queue.lock().unwrap().0.is_empty()
    }
}

/// Why one owner's lists were not all read.
enum Missed {
    /// Not read this walk (logged); the next walk tries again.
    Failed,
    /// Nothing more can be read: the walk ends.
    Stop(String),
}

impl Walker {
    async fn walk_again_and_again(mut self, walk: Arc<IndexWalk>) {
        let places: Places = (walk.owners.iter().enumerate())
            .map(|(at, owner)| (owner.id.as_str(), at))
            .collect();
        loop {
            if !self.walk(&walk, &places).await {
                return;
            }
            let oldest = self.delivered.lock().unwrap().values().min().copied();
            let due = oldest
                .and_then(|at| {
                    (at + self.settings.refresh_after)
                        .duration_since(SystemTime::now())
                        .ok()
                })
                .unwrap_or(self.settings.refresh_after);
            let next = tokio::time::sleep(due.max(Duration::from_secs(60)));
            tokio::pin!(next);
            loop {
                tokio::select! {
                    _ = &mut next => break,
                    _ = self.rereads.added.notified() => {
                        if !self.read_again(&walk, &places).await {
                            return;
                        }
                    }
                }
            }
        }
    }

    /// Reads again the owners a write changed (their lists go to the console as any other);
    /// false when the walk had to stop.
    async fn read_again(&mut self, walk: &IndexWalk, places: &Places<'_>) -> bool {
        let mut progress = self.last.clone();
        let mut pace = Pace::new(self.settings.rate);
        while let Some(id) = self.rereads.pop() {
            let (owner, lists) = match id.as_str() {
                "" => (None, &walk.shared),
                _ => match places.get(id.as_str()) {
                    Some(&at) => (Some(&walk.owners[at].id), &walk.owners[at].lists),
                    None => continue,
                },
            };
            match self
                .read_lists(owner, lists, &mut pace, &mut progress)
                .await
            {
                Ok(read) => {
                    if owner.is_some() {
                        self.delivered.lock().unwrap().insert(id, read.fetched);
                    }
                    let mut batch = Batch::default();
                    batch.push(read);
                    self.send(&mut batch, &progress);
                }
                Err(Missed::Failed) => {}
                Err(Missed::Stop(why)) => {
                    return self.stop(&mut progress, &mut Batch::default(), why);
                }
            }
        }
        true
    }

    /// One walk over everything (what a write changed first); false when it had to stop.
    async fn walk(&mut self, walk: &IndexWalk, places: &Places<'_>) -> bool {
        let mut progress = IndexProgress {
            of: walk.owners.len(),
            ..IndexProgress::default()
        };
        let mut pace = Pace::new(self.settings.rate);
        let mut batch = Batch::default();
        let refresh_after = self.settings.refresh_after;
        let shared = self.read_lists(None, &walk.shared, &mut pace, &mut progress);
        match shared.await {
            Ok(lists) => batch.push(lists),
            Err(Missed::Stop(why)) => return self.stop(&mut progress, &mut batch, why),
            Err(Missed::Failed) => {}
        }
        for owner in &walk.owners {
            if self.rereads.waiting() {
                self.last = progress.clone();
                if !self.read_again(walk, places).await {
                    return false;
                }
            }
            let indexed = self.delivered.lock().unwrap().get(&owner.id).copied();
            if indexed.is_some_and(|at| young(at, refresh_after)) {
                progress.indexed += 1;
                continue;
            }
            let read = self.read_lists(Some(&owner.id), &owner.lists, &mut pace, &mut progress);
            match read.await {
                Ok(lists) => {
                    progress.indexed += 1;
                    self.delivered
                        .lock()
                        .unwrap()
                        .insert(owner.id.clone(), lists.fetched);
                    batch.push(lists);
                }
                Err(Missed::Failed) => progress.failed += 1,
                Err(Missed::Stop(why)) => return self.stop(&mut progress, &mut batch, why),
            }
            if batch.due(pace.sent) {
                self.send(&mut batch, &progress);
                batch.sent = pace.sent;
            }
        }
        progress.finished = true;
        self.send(&mut batch, &progress);
        true
    }

    fn stop(&mut self, progress: &mut IndexProgress, batch: &mut Batch, why: String) -> bool {
        progress.stopped = Some(why);
        self.send(batch, progress);
        false
    }

    /// Reads an owner's lists and what they lead to.
    async fn read_lists(
        &mut self,
        owner: Option<&String>,
        lists: &[Resource],
        pace: &mut Pace,
        progress: &mut IndexProgress,
    ) -> Result<IndexedLists, Missed> {
        let mut queue: VecDeque<Resource> = lists.iter().cloned().collect();
        let mut read = IndexedLists {
            owner: owner.cloned(),
            lists: Vec::with_capacity(queue.len()),
            fetched: SystemTime::now(),
        };
        let mut not_cached = false;
        while let Some(resource) = queue.pop_front() {
            self.wait_while_paused(progress).await;
            pace.wait().await;
            match self.read(&resource).await {
                Ok(answer) => {
                    pace.answered(answer.sent, true);
                    queue.extend(follow(&resource, &answer.data));
                    read.fetched = read.fetched.min(answer.fetched);
                    read.lists.push((resource, answer.data));
                }
                Err(ApiError::Auth(why)) => return Err(Missed::Stop(why)),
                Err(ApiError::Unauthorized) => {
                    return Err(Missed::Stop("the server refused the sign-in".into()));
                }
                // Offline, only what the disk holds can be indexed; the rest waits (a cache
                // from before the index read a kind of list has the owner's others).
                Err(ApiError::Offline) => not_cached = true,
                Err(error) => {
                    tracing::info!(?resource, %error, "index read failed");
                    pace.answered(true, false);
                    return Err(Missed::Failed);
                }
            }
        }
        if not_cached && read.lists.is_empty() {
            return Err(Missed::Failed);
        }
        Ok(read)
    }

    async fn read(&self, resource: &Resource) -> Result<IndexAnswer, ApiError> {
        let (reply, answer) = oneshot::channel();
        let stopped = || ApiError::Network("the API worker stopped".into());
        let read = IndexRead {
            resource: resource.clone(),
            refresh_after: self.settings.refresh_after,
            reply,
        };
        self.reads.send(read).map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// While a bulk run goes: says so once, then waits for its end.
    async fn wait_while_paused(&mut self, progress: &mut IndexProgress) {
        if !*self.paused.borrow() {
            return;
        }
        progress.paused = true;
        self.send(&mut Batch::default(), progress);
        let _ = self.paused.wait_for(|paused| !paused).await;
        progress.paused = false;
        self.send(&mut Batch::default(), progress);
    }

    fn send(&mut self, batch: &mut Batch, progress: &IndexProgress) {
        self.last = progress.clone();
        let lists = std::mem::take(&mut batch.lists);
        batch.since = std::time::Instant::now();
        let _ = self.events.send(ApiEvent::Indexed {
            lists,
            progress: progress.clone(),
        });
    }
}

/// Owners read since the last event.
struct Batch {
    lists: Vec<IndexedLists>,
    since: std::time::Instant,
    /// [`Pace::sent`] at the last event: a list from the server is worth showing at once.
    sent: u64,
}

impl Default for Batch {
    fn default() -> Self {
        Batch {
            lists: Vec::new(),
            since: std::time::Instant::now(),
            sent: 0,
        }
    }
}

impl Batch {
    fn push(&mut self, lists: IndexedLists) {
        self.lists.push(lists);
    }

    fn due(&self, sent: u64) -> bool {
        !self.lists.is_empty() && (self.sent != sent || self.since.elapsed() >= BATCH_EVERY)
    }
}
