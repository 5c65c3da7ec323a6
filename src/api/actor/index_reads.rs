//! The actor's answers to the background indexer's reads (`api::indexer`): from the caches
//! when they hold a copy young enough, else by a fetch shared with the screens.

use std::time::SystemTime;

use tokio::sync::mpsc::UnboundedSender;

use super::{Actor, Done, Waiter};
use crate::api::cache::Lookup;
use crate::api::indexer::{IndexAnswer, IndexRead, young};
use crate::api::provider::Provider;

impl<P: Provider> Actor<P> {
    /// A list for the indexer: memory's fresh copy, else the disk's when it is younger than the
    /// refresh age (nothing is sent, so a restart walks over what it read before at disk
    /// speed), else a fetch shared with the screens. Offline, any copy, or none.
    pub(super) fn index_read(&mut self, read: IndexRead, done: &UnboundedSender<Done>) {
        let offline = self.offline;
        let usable = |at: SystemTime| offline || young(at, read.refresh_after);
        let held = match self.cache.lookup(&read.resource) {
            Lookup::Fresh(data) => Some((data, SystemTime::now())),
            Lookup::Stale(data) if offline => Some((data, SystemTime::now())),
            Lookup::Cached(data, fetched) if usable(fetched) => Some((data, fetched)),
            _ => None,
        };
        if let Some((data, fetched)) = held {
            let answer = IndexAnswer {
                data,
                fetched,
                sent: false,
            };
            let _ = read.reply.send(Ok(answer));
            return;
        }
        let on_disk = (self.disk.as_ref()).and_then(|disk| disk.loader(&read.resource));
        if let Some(load) = on_disk {
            let done = done.clone();
            let refresh_after = read.refresh_after;
            tokio::task::spawn_blocking(move || match load() {
                Some(cached) if offline || young(cached.fetched, refresh_after) => {
                    let answer = IndexAnswer {
                        data: cached.data,
                        fetched: cached.fetched,
                        sent: false,
                    };
                    let _ = read.reply.send(Ok(answer));
                }
                _ => drop(done.send(Done::IndexMiss(read))),
            });
            return;
        }
        self.join_flight(Waiter::Index(read.reply), read.resource, false, done);
    }
}
