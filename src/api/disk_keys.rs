//! The disk cache's keys with when each entry was fetched, read on a thread of their own when
//! the file opens: a file holding the search index of 100,000 organizations has 300,000 of
//! them (most of a second to read in a debug build), and the first frame does not wait for
//! them. Until they are in, a key is "maybe there" (the entry's own read says), what is put
//! is remembered and added after, and a forget waits for them (it needs them all).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc::Receiver;

use super::resource::Resource;

pub(super) type KeyMap = BTreeMap<Resource, i64>;

pub(super) struct DiskKeys {
    state: Mutex<State>,
}

struct State {
    map: KeyMap,
    /// The read still going, if it is.
    loading: Option<Receiver<KeyMap>>,
    /// Put while the read went on (newer than what it finds).
    meanwhile: Vec<(Resource, i64)>,
}

impl State {
    /// Takes the read's answer if it came (waiting for it when `wait`).
    fn settle(&mut self, wait: bool) {
        let Some(loading) = &self.loading else {
            return;
        };
        let read = match wait {
            true => loading.recv().ok(),
            false => match loading.try_recv() {
                Ok(map) => Some(map),
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
            },
        };
        self.loading = None;
        // A read that failed leaves only what was put since (logged where it failed).
        self.map = read.unwrap_or_default();
        for (key, fetched) in self.meanwhile.drain(..) {
            self.map.insert(key, fetched);
        }
    }
}

impl DiskKeys {
    /// Keys that `read` (on its thread) will hand over.
    pub fn loading(read: Receiver<KeyMap>) -> DiskKeys {
        DiskKeys {
            state: Mutex::new(State {
                map: KeyMap::new(),
                loading: Some(read),
                meanwhile: Vec::new(),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether the file may hold `resource`: surely not once the keys are in and it is not
    /// among them; maybe while they are still being read.
    pub fn may_hold(&self, resource: &Resource) -> bool {
        let mut state = self.lock();
        state.settle(false);
        state.loading.is_some() || state.map.contains_key(resource)
    }

    pub fn put(&self, resource: &Resource, fetched_ms: i64) {
        let mut state = self.lock();
        state.settle(false);
        match state.loading {
            Some(_) => state.meanwhile.push((resource.clone(), fetched_ms)),
            None => drop(state.map.insert(resource.clone(), fetched_ms)),
        }
    }

    /// Runs `with` over every key, once they are all in.
    pub fn all<T>(&self, with: impl FnOnce(&mut KeyMap) -> T) -> T {
        let mut state = self.lock();
        state.settle(true);
        with(&mut state.map)
    }
}
