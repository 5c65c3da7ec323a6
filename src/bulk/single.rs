//! Sending one write whose answer may be lost without making it twice.
//!
//! A create that timed out, whose connection was cut, that met a gateway's 5xx or a 401 may
//! have been done by the server all the same: sending it again blindly makes a second
//! organization. So such a failure is checked at once with the same natural-key check resume
//! uses ([`verify::settle`]); when the check cannot settle it, the write is remembered, and the
//! next try of the same write (Enter on the form again) checks before it sends. Hierarchy
//! changes are checked this way too, edits and moves included: one made from a concurrency
//! token that did reach the server would come back as a conflict if simply sent again.

use std::sync::Mutex;

use crate::api::{ApiError, Mutation, Provider};

use super::verify::{self, Check, Landed};

/// What a send came to: the answer, and whether it was found done after its answer was lost.
pub struct Sent {
    pub result: Result<Option<String>, ApiError>,
    pub found_done: bool,
}

impl Sent {
    fn answer(result: Result<Option<String>, ApiError>) -> Sent {
        Sent {
            result,
            found_done: false,
        }
    }

    fn done(created: Option<String>) -> Sent {
        Sent {
            result: Ok(created),
            found_done: true,
        }
    }
}

/// Writes of this session whose outcome is not known (at most a handful).
#[derive(Default)]
pub struct Unsettled(Mutex<Vec<Mutation>>);

impl Unsettled {
    fn remember(&self, mutation: &Mutation) {
        let mut writes = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !writes.contains(mutation) {
            writes.push(mutation.clone());
        }
    }

    /// Whether `mutation` was unsettled; it is not any more either way.
    fn take(&self, mutation: &Mutation) -> bool {
        let mut writes = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let before = writes.len();
        writes.retain(|w| w != mutation);
        writes.len() != before
    }
}

/// Sends `mutation`, checking first when an earlier try of it ended unsettled, and checking
/// after when this one's answer is lost.
pub async fn send<P: Provider>(provider: &P, mutation: &Mutation, unsettled: &Unsettled) -> Sent {
    if unsettled.take(mutation) {
        match verify::check(provider, mutation).await {
            Ok(Check::Applied { created }) => return Sent::done(created),
            Ok(_) => {}
            Err(error) => {
                unsettled.remember(mutation);
                let why = format!(
                    "an earlier try may have been done, and checking failed ({error}): look before trying again"
                );
                return Sent::answer(Err(ApiError::Unsettled(why)));
            }
        }
    }
    match verify::send_settled(provider, mutation).await {
        Landed::Answer(result) => Sent::answer(result),
        Landed::FoundDone(created) => Sent::done(created),
        Landed::NotSeen(error) => {
            // A slow server may still be at it: the next try checks again.
            unsettled.remember(mutation);
            Sent::answer(Err(error))
        }
        Landed::Unknown(why) => {
            unsettled.remember(mutation);
            Sent::answer(Err(ApiError::Unsettled(why)))
        }
    }
}
