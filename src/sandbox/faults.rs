//! Fault injection: rules that make the next N matching requests fail with a chosen status, so
//! clients can be tested against errors (bulk edits that half fail, 500s, 429s, surprise 401s),
//! and a slow path that makes matching requests wait before they are served, so a test can
//! catch a bulk run with requests in flight.

use std::sync::{Mutex, PoisonError};

/// One rule: requests whose path contains `path_substring` (case-insensitive, query included)
/// answer `status`, `remaining` more times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    pub path_substring: String,
    pub status: u16,
    pub remaining: u32,
}

/// What happens to a request that was served, before its answer leaves: the write is done,
/// but the client cannot know (what a proxy between them, a cut connection or a slow server
/// does). A client that sends it again makes a second one unless it checks first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterServed {
    /// The answer is replaced by this status (a gateway's 502 after forwarding, or a 401).
    Status(u16),
    /// The connection is cut before any answer.
    Reset,
    /// The answer waits this long (longer than the client's timeout).
    Delay(std::time::Duration),
}

/// The fault rules of one sandbox, checked in the order they were added.
#[derive(Debug, Default)]
pub struct FaultPlan {
    rules: Mutex<Vec<FaultRule>>,
    /// Rules applied after the request was served: path substring (lowercase), what, and how
    /// many more times.
    after: Mutex<Vec<(String, AfterServed, u32)>>,
    /// Requests whose path contains this (lowercase) wait this long before being served.
    slow: Mutex<Option<(String, std::time::Duration)>>,
}

impl FaultPlan {
    /// Adds a rule for the next `count` matching requests.
    pub fn fail_next(&self, path_substring: &str, status: u16, count: u32) {
        if count == 0 {
            return;
        }
        self.lock().push(FaultRule {
            path_substring: path_substring.to_lowercase(),
            status,
            remaining: count,
        });
    }

    /// Makes every request whose path contains `path_substring` wait `delay` first (until
    /// [`FaultPlan::clear`]).
    pub fn slow(&self, path_substring: &str, delay: std::time::Duration) {
        *self.slow.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((path_substring.to_lowercase(), delay));
    }

    /// How long a request for `path_and_query` waits before it is served.
    pub(crate) fn delay_for(&self, path_and_query: &str) -> Option<std::time::Duration> {
        let slow = self.slow.lock().unwrap_or_else(PoisonError::into_inner);
        let (needle, delay) = slow.as_ref()?;
        path_and_query
            .to_lowercase()
            .contains(needle.as_str())
            .then_some(*delay)
    }

    /// The next `count` requests whose path contains `path_substring` are served, and then
    /// `what` happens to their answer.
    pub fn after_served(&self, path_substring: &str, what: AfterServed, count: u32) {
        if count > 0 {
            self.after
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((path_substring.to_lowercase(), what, count));
        }
    }

    /// Consumes one use of the first after-served rule matching `method path_and_query`.
    pub(crate) fn take_after(&self, path_and_query: &str) -> Option<AfterServed> {
        let target = path_and_query.to_lowercase();
        let mut rules = self.after.lock().unwrap_or_else(PoisonError::into_inner);
        let index = rules
            .iter()
            .position(|(needle, ..)| target.contains(needle))?;
        let what = rules[index].1;
        rules[index].2 -= 1;
        if rules[index].2 == 0 {
            rules.remove(index);
        }
        Some(what)
    }

    /// Removes every rule.
    pub fn clear(&self) {
        self.lock().clear();
        self.after
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        *self.slow.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The rules still armed.
    pub fn pending(&self) -> Vec<FaultRule> {
        self.lock().clone()
    }

    /// Consumes one use of the first rule matching `path_and_query`, returning its status.
    pub(crate) fn take(&self, path_and_query: &str) -> Option<u16> {
        let target = path_and_query.to_lowercase();
        let mut rules = self.lock();
        let index = rules
            .iter()
            .position(|rule| target.contains(&rule.path_substring))?;
        let rule = &mut rules[index];
        rule.remaining -= 1;
        let status = rule.status;
        if rule.remaining == 0 {
            rules.remove(index);
        }
        Some(status)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        self.rules.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_fire_count_times_then_disarm() {
        let plan = FaultPlan::default();
        plan.fail_next("/Users", 500, 2);
        assert_eq!(plan.take("/api/resellers/x/organizations"), None);
        assert_eq!(
            plan.take("/api/resellers/x/organizations/y/users"),
            Some(500)
        );
        assert_eq!(
            plan.take("/api/resellers/x/organizations/y/USERS?a=1"),
            Some(500)
        );
        assert_eq!(plan.take("/api/resellers/x/organizations/y/users"), None);
        assert!(plan.pending().is_empty());
    }
}
