//! The per-item results of an `apply` run: one row per item of the run and per row left out,
//! with columns `target,outcome,created,message`, written next to the input (`FILE.results.csv`,
//! or `.json` for a JSON input) so a script can pick out what to look at.
//!
//! Outcomes: `ok` (sent and answered), `verified-done` (found done by a check, not sent
//! again), `failed` (with the server's message), `skipped` (left out of the plan, with the
//! reason), `unknown` (sent, answer lost; a resume checks it), `not-sent` (the run stopped
//! first). Nothing of the mutations is written, so no password can reach the file.

use std::path::{Path, PathBuf};

use crate::bulk::journal::{ItemState, Outcome};
use crate::bulk::plan::{BulkItem, InvalidItem};

use super::super::output::{Format, Output};
use super::super::records::Record;

/// The columns, in order.
pub const COLUMNS: [&str; 4] = ["target", "outcome", "created", "message"];

/// One row of the results.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub target: String,
    pub outcome: &'static str,
    pub created: String,
    pub message: String,
}

impl Row {
    /// The row of an item standing at `state`; `attention` is why an unknown one was left.
    pub fn of(item: &BulkItem, state: &ItemState, attention: Option<&str>) -> Row {
        let (outcome, created, message) = match state {
            ItemState::Finished(Outcome::Ok { created, verified }) => (
                if *verified { "verified-done" } else { "ok" },
                created.clone().unwrap_or_default(),
                String::new(),
            ),
            ItemState::Finished(Outcome::Failed { message }) => {
                ("failed", String::new(), message.clone())
            }
            ItemState::Unknown => (
                "unknown",
                String::new(),
                attention
                    .unwrap_or("sent, but its answer was not recorded; a resume checks it")
                    .to_string(),
            ),
            ItemState::Pending => ("not-sent", String::new(), String::new()),
        };
        Row {
            target: item.target.clone(),
            outcome,
            created,
            message,
        }
    }

    pub fn skipped(left_out: &InvalidItem) -> Row {
        Row {
            target: left_out.target.clone(),
            outcome: "skipped",
            created: String::new(),
            message: left_out.reason.clone(),
        }
    }

    /// Whether the row landed: sent and answered, or found done.
    pub fn is_ok(&self) -> bool {
        matches!(self.outcome, "ok" | "verified-done")
    }

    fn record(&self) -> Record {
        let values = [
            self.target.as_str(),
            self.outcome,
            self.created.as_str(),
            self.message.as_str(),
        ];
        COLUMNS
            .iter()
            .zip(values)
            .map(|(column, value)| (column.to_string(), serde_json::Value::from(value)))
            .collect()
    }
}

/// Where the results of the changes in `input` go: beside it, `NAME.results.csv` (`.json`
/// when the input is JSON).
pub fn path_for(input: &Path, json: bool) -> PathBuf {
    let mut name = input.file_name().unwrap_or_default().to_os_string();
    name.push(if json {
        ".results.json"
    } else {
        ".results.csv"
    });
    input.with_file_name(name)
}

/// Writes `rows` to `target`, replacing it only once they are all written.
pub fn write(target: &Path, rows: &[Row], json: bool) -> std::io::Result<()> {
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let staging = tempfile::NamedTempFile::new_in(folder)?;
    let file = std::io::BufWriter::new(staging.reopen()?);
    let format = if json { Format::Json } else { Format::Csv };
    let columns = COLUMNS.iter().map(|c| c.to_string()).collect();
    let mut output = Output::new(format, file, Some(columns), &COLUMNS);
    let records: Vec<Record> = rows.iter().map(Row::record).collect();
    output.write(&records)?;
    output.finish()?;
    staging.persist(target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Mutation;
    use crate::domain::UserInput;

    fn create(name: &str) -> BulkItem {
        BulkItem {
            target: name.into(),
            before: String::new(),
            after: "created".into(),
            mutation: Mutation::CreateUser {
                org: "o".into(),
                input: Box::new(UserInput {
                    username: name.into(),
                    password: Some("Hunter2-secret".into()),
                    ..UserInput::default()
                }),
            },
            undo: None,
        }
    }

    #[test]
    fn each_state_has_its_outcome_and_no_password_is_written() {
        let done = ItemState::Finished(Outcome::Ok {
            created: Some("u1".into()),
            verified: false,
        });
        let found = ItemState::Finished(Outcome::Ok {
            created: None,
            verified: true,
        });
        let failed = ItemState::Finished(Outcome::Failed {
            message: "Username, \"taken\"".into(),
        });
        let rows = vec![
            Row::of(&create("a@x.com"), &done, None),
            Row::of(&create("b@x.com"), &found, None),
            Row::of(&create("c@x.com"), &failed, None),
            Row::of(&create("d@x.com"), &ItemState::Unknown, Some("cannot tell")),
            Row::of(&create("e@x.com"), &ItemState::Pending, None),
            Row::skipped(&InvalidItem {
                target: "row 7".into(),
                reason: "row 7: not an e-mail".into(),
            }),
        ];
        let outcomes: Vec<&str> = rows.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            [
                "ok",
                "verified-done",
                "failed",
                "unknown",
                "not-sent",
                "skipped"
            ]
        );
        assert_eq!(rows.iter().filter(|r| r.is_ok()).count(), 2);

        let folder = tempfile::tempdir().unwrap();
        let input = folder.path().join("users.csv");
        let csv = path_for(&input, false);
        assert_eq!(csv, folder.path().join("users.csv.results.csv"));
        write(&csv, &rows, false).unwrap();
        let text = std::fs::read_to_string(&csv).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "target,outcome,created,message");
        assert_eq!(lines[1], "a@x.com,ok,u1,");
        assert_eq!(lines[3], "c@x.com,failed,,\"Username, \"\"taken\"\"\"");
        assert_eq!(lines.len(), 7);
        assert!(!text.contains("Hunter2"), "{text}");

        let json = path_for(&folder.path().join("changes.json"), true);
        write(&json, &rows, true).unwrap();
        let back: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(back[3]["outcome"], "unknown");
        assert_eq!(back[3]["message"], "cannot tell");
        assert_eq!(back.as_array().unwrap().len(), 6);
    }
}
