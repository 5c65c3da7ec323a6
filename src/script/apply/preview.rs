//! The preview `apply` prints before it sends anything: one line per change (what it does, to
//! whom, before → after), one per row left out with the reason, then a summary. For a resumed
//! run, each item says where it stands, so what will be sent again is plain. `--dry-run` stops
//! after it. Text from the file or a server is cleaned as the screens clean it: it is data,
//! never a terminal command.

use std::io::{self, Write};

use crate::bulk::journal::{ItemState, Outcome};
use crate::bulk::plan::{BulkItem, InvalidItem};
use crate::ui::text::sanitize;

/// What the preview shows of a run.
pub struct Shown<'a> {
    pub action: &'a str,
    pub items: &'a [BulkItem],
    pub invalid: &'a [InvalidItem],
    /// Where each item stands, for a resumed run (None: a new one, all to send).
    pub states: Option<&'a [ItemState]>,
    /// Whether failed items are sent again (`--retry-failed`).
    pub retry_failed: bool,
    /// The server, in words ("Cloudmore at https://…").
    pub server: &'a str,
}

/// Where an item stands, in the preview's words, and whether it is sent.
fn standing(state: Option<&ItemState>, retry_failed: bool) -> (&'static str, bool) {
    match state {
        None | Some(ItemState::Pending) => ("", true),
        Some(ItemState::Unknown) => ("checked first: ", true),
        Some(ItemState::Finished(Outcome::Failed { .. })) if retry_failed => {
            ("failed, checked and sent again: ", true)
        }
        Some(ItemState::Finished(Outcome::Failed { .. })) => ("failed, left: ", false),
        Some(ItemState::Finished(Outcome::Ok { .. })) => ("done: ", false),
    }
}

/// One change as the preview lists it.
fn line(item: &BulkItem) -> String {
    let what = item.mutation.describe();
    let change = match (item.before.is_empty(), item.after.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(": {}", item.after),
        (false, _) => format!(": {} → {}", item.before, item.after),
    };
    sanitize(&format!("{what} {}{change}", item.target))
}

/// Writes the preview; answers how many items will be sent.
pub fn print(out: &mut impl Write, shown: &Shown) -> io::Result<usize> {
    writeln!(out, "{} on {}", sanitize(shown.action), shown.server)?;
    let mut sent = 0;
    for (index, item) in shown.items.iter().enumerate() {
        let state = shown.states.and_then(|s| s.get(index));
        let (word, sends) = standing(state, shown.retry_failed);
        sent += usize::from(sends);
        let mark = if sends { '+' } else { ' ' };
        writeln!(out, "{mark} {word}{}", line(item))?;
    }
    for left in shown.invalid {
        let (target, reason) = (sanitize(&left.target), sanitize(&left.reason));
        writeln!(out, "- left out {target}: {reason}")?;
    }
    let mut summary = format!("{sent} of {} to send", shown.items.len());
    if !shown.invalid.is_empty() {
        summary.push_str(&format!(", {} left out", shown.invalid.len()));
    }
    writeln!(out, "{summary}")?;
    out.flush()?;
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Mutation;

    fn delete(target: &str) -> BulkItem {
        BulkItem {
            target: target.into(),
            before: "exists".into(),
            after: "deleted".into(),
            mutation: Mutation::DeleteUser {
                org: "o".into(),
                user: "u".into(),
            },
            undo: None,
        }
    }

    #[test]
    fn each_change_is_a_line_and_a_resumed_run_says_where_each_stands() {
        let items = [delete("Ann"), delete("Bo\u{1b}[31m"), delete("Cy")];
        let invalid = [InvalidItem {
            target: "row 4".into(),
            reason: "row 4: not an e-mail".into(),
        }];
        let mut out = Vec::new();
        let shown = Shown {
            action: "delete users",
            items: &items,
            invalid: &invalid,
            states: None,
            retry_failed: false,
            server: "Cloudmore at http://x",
        };
        assert_eq!(print(&mut out, &shown).unwrap(), 3);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "delete users on Cloudmore at http://x");
        assert_eq!(lines[1], "+ delete user Ann: exists → deleted");
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert_eq!(lines[4], "- left out row 4: row 4: not an e-mail");
        assert_eq!(lines[5], "3 of 3 to send, 1 left out");

        let states = [
            ItemState::Finished(Outcome::Ok {
                created: None,
                verified: false,
            }),
            ItemState::Unknown,
            ItemState::Finished(Outcome::Failed {
                message: "no".into(),
            }),
        ];
        let resumed = Shown {
            states: Some(&states[..]),
            invalid: &[],
            ..shown
        };
        let mut out = Vec::new();
        assert_eq!(print(&mut out, &resumed).unwrap(), 1);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("  done: delete user Ann"), "{text}");
        assert!(text.contains("+ checked first: delete user Bo"), "{text}");
        assert!(text.contains("  failed, left: delete user Cy"), "{text}");
        let retried = Shown {
            retry_failed: true,
            ..resumed
        };
        assert_eq!(print(&mut Vec::new(), &retried).unwrap(), 2);
    }
}
