//! `E` (and `:export`): writes what the focused list shows — its filter, sort and columns as
//! on screen ([`ListView::shown_cells`](super::list_view::ListView::shown_cells)) — to a CSV or
//! JSON file whose path is typed in a [`PathPrompt`] (the extension picks the format; the
//! suggestion is `./<list>-YYYYMMDD-HHMM.csv`, UTC).
//!
//! The cells are taken on the UI thread (a copy of the strings, no drawing), and the file is
//! written on a thread of its own, so 100,000 rows never hold up a key; the answer is picked up
//! by the next tick and said in the status bar. A failure reopens the prompt with the path as
//! typed, so nothing is lost. Export reads nothing from the API and writes none of its data, so
//! read-only profiles keep it.
//!
//! Cells are data: CSV quotes them with `get`'s writer (`script::output::csv_field`), JSON
//! escapes them. A CSV cell that a spreadsheet would run as a formula (it starts with `=`, `+`,
//! `-`, `@`, a tab or a carriage return, and is not a number) gets a leading `'`, as OWASP
//! advises; JSON keeps every cell exactly.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use ratatui::crossterm::event::Event;

use super::App;
use super::commands::{CommandId, Scope};
use super::list_view::ShownCells;
use super::path_prompt::PathPrompt;
use crate::script::output::csv_field;

/// The written file's rows and where, or why not (with the path typed, to reopen the prompt).
type Outcome = Result<(usize, PathBuf), (String, String)>;

#[derive(Debug, Default)]
pub struct Export {
    prompt: PathPrompt,
    /// The answer of the write going on, if any.
    pending: Option<Receiver<Outcome>>,
}

impl Export {
    /// The prompt's scope while it is open.
    pub fn scope(&self) -> Option<Scope> {
        self.prompt.is_open().then_some(Scope::ExportPath)
    }

    /// What is typed so far, when open (for drawing).
    pub fn input(&self) -> Option<&tui_input::Input> {
        self.prompt.input()
    }

    pub fn edit(&mut self, event: &Event) {
        self.prompt.edit(event);
    }

    /// Whether a file is being written (the event loop ticks to pick up the answer).
    pub fn writing(&self) -> bool {
        self.pending.is_some()
    }
}

impl App {
    /// `E`: the prompt, with a path suggested from the list's name and the time.
    pub(crate) fn open_export(&mut self) {
        if self.export.writing() {
            self.flash_info("an export is still being written");
            return;
        }
        let Some(screen) = self.top() else {
            return;
        };
        let path = suggested_path(screen.state().list().name());
        self.export.prompt.open_with(&path);
    }

    pub(crate) fn export_command(&mut self, id: CommandId) {
        if id == CommandId::ExportCancel {
            self.export.prompt.close();
            return;
        }
        let Some(path) = self.export.prompt.typed().filter(|p| !p.is_empty()) else {
            self.flash_error("type the path of the file to write");
            return;
        };
        let Some(screen) = self.top() else {
            return;
        };
        let shown = screen.state().list().shown_cells(&self.store);
        self.export.prompt.close();
        let path = home_expanded(&path);
        let (answer, pending) = mpsc::channel();
        self.export.pending = Some(pending);
        std::thread::spawn(move || {
            let outcome = write_file(Path::new(&path), &shown)
                .map(|rows| {
                    (
                        rows,
                        std::path::absolute(&path).unwrap_or(path.clone().into()),
                    )
                })
                .map_err(|error| (format!("cannot write {path}: {error}"), path));
            let _ = answer.send(outcome);
        });
        self.flash_info("exporting…");
    }

    /// Picks up the answer of the write, if it came (each tick while one is going).
    pub(crate) fn poll_export(&mut self) {
        let Some(pending) = &self.export.pending else {
            return;
        };
        let outcome = match pending.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err(("the export stopped".into(), String::new())),
        };
        self.export.pending = None;
        match outcome {
            Ok((rows, path)) => self.flash_info(format!(
                "exported {} to {}",
                count_rows(rows),
                path.display()
            )),
            Err((why, path)) => {
                self.flash_error(why);
                self.export.prompt.open_with(&path);
            }
        }
    }
}

/// `./users-20261203-0725.csv`: the list's name in lower case, words joined by `-`.
fn suggested_path(name: &str) -> String {
    let slug: String = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase();
    let stamp = crate::domain::dates::now_timestamp();
    // `YYYY-MM-DDTHH:MM:SSZ` → `YYYYMMDD-HHMM`.
    let digits: String = stamp.chars().filter(char::is_ascii_digit).collect();
    let slug = if slug.is_empty() { "list" } else { &slug };
    format!("./{slug}-{}-{}.csv", &digits[..8], &digits[8..12])
}

/// `~/x.csv` in the home folder, as a shell would have it (the prompt is no shell).
fn home_expanded(path: &str) -> String {
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    match (path.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest).to_string_lossy().into_owned(),
        _ => path.to_string(),
    }
}

/// "1 row", "1,234 rows".
fn count_rows(rows: usize) -> String {
    let digits = rows.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped} {}", if rows == 1 { "row" } else { "rows" })
}

/// Writes the rows in the format the extension names; answers how many.
fn write_file(path: &Path, shown: &ShownCells) -> io::Result<usize> {
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    if json {
        write_json(&mut out, shown)?;
    } else {
        write_csv(&mut out, shown)?;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(shown.rows.len())
}

fn write_csv(out: &mut impl Write, shown: &ShownCells) -> io::Result<()> {
    let header: Vec<String> = shown.columns.iter().map(|c| csv_field(c)).collect();
    writeln!(out, "{}", header.join(","))?;
    for row in &shown.rows {
        let cells: Vec<String> = row.iter().map(|c| csv_field(&defused(c))).collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

/// An array of one object a row, its keys the columns in screen order.
fn write_json(out: &mut impl Write, shown: &ShownCells) -> io::Result<()> {
    let keys: Vec<String> = shown.columns.iter().map(|c| json_string(c)).collect();
    write!(out, "[")?;
    for (i, row) in shown.rows.iter().enumerate() {
        let lead = if i == 0 { "\n  {" } else { ",\n  {" };
        write!(out, "{lead}")?;
        for (k, (key, cell)) in keys.iter().zip(row).enumerate() {
            let comma = if k == 0 { "" } else { ", " };
            write!(out, "{comma}{key}: {}", json_string(cell))?;
        }
        write!(out, "}}")?;
    }
    writeln!(out, "{}]", if shown.rows.is_empty() { "" } else { "\n" })
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// A cell a spreadsheet would run as a formula, with a `'` in front (numbers stay numbers).
fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown() -> ShownCells {
        ShownCells {
            columns: vec!["Name".into(), "Customer no.".into()],
            rows: vec![
                vec!["=HYPERLINK(\"x\")".into(), "-5".into()],
                vec!["Acme, \"Inc\"".into(), "@SUM".into()],
            ],
        }
    }

    #[test]
    fn csv_quotes_and_defuses_formulas_but_not_numbers() {
        let mut out = Vec::new();
        write_csv(&mut out, &shown()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "Name,Customer no.\n\"'=HYPERLINK(\"\"x\"\")\",-5\n\"Acme, \"\"Inc\"\"\",'@SUM\n"
        );
    }

    #[test]
    fn json_keeps_the_cells_and_the_column_order() {
        let mut out = Vec::new();
        write_json(&mut out, &shown()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed[0]["Name"], "=HYPERLINK(\"x\")");
        assert_eq!(parsed[1]["Customer no."], "@SUM");
        assert!(text.find("\"Name\"") < text.find("\"Customer no.\""));
        let mut empty = Vec::new();
        write_json(&mut empty, &ShownCells::default()).unwrap();
        assert_eq!(String::from_utf8(empty).unwrap(), "[]\n");
    }

    #[test]
    fn counts_and_suggestions_read_well() {
        assert_eq!(count_rows(1), "1 row");
        assert_eq!(count_rows(1234), "1,234 rows");
        assert_eq!(count_rows(100_000), "100,000 rows");
        let path = suggested_path("Reseller administrators");
        assert!(path.starts_with("./reseller-administrators-2"), "{path}");
        assert!(
            path.ends_with(".csv")
                && path.len() == "./reseller-administrators-20261203-0725.csv".len()
        );
        assert_eq!(home_expanded("./x.csv"), "./x.csv");
        assert!(!home_expanded("~/x.csv").starts_with('~'));
    }
}
