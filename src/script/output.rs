//! Writing records as a table (aligned to the terminal's width), JSON, JSON lines, CSV or YAML.
//! Every format but the table streams: each page is written as it arrives and then dropped, so
//! the first rows of 100,000 show at once and memory holds a page, not the list. The table
//! waits for all rows, since its columns are as wide as their widest cell.
//!
//! Server text is data: the table cleans it as the screens do (an escape sequence in a name
//! never reaches the terminal as one); JSON, CSV and YAML quote it.

use std::io::{self, Write};

use serde_json::Value;

use super::records::{Record, cell, field};
use crate::ui::text;

/// How `get` writes its rows (each one's words are what `--help` lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Columns fitted to the terminal; holds every row until the end (a column is as wide as
    /// its widest cell)
    Table,
    /// One JSON array, written a page at a time as the rows arrive
    Json,
    /// One JSON object a line, a page at a time: memory stays flat however long the list
    Jsonl,
    /// A header line, then a line a row, a page at a time
    Csv,
    /// A block a row, a page at a time
    Yaml,
}

/// A writer of one list, in one format.
pub struct Output<W: Write> {
    format: Format,
    out: W,
    /// Chosen with `--columns` (for every format), else the kind's own (the table's) or all.
    chosen: Option<Vec<String>>,
    /// The kind's columns, first in a table and in CSV.
    defaults: Vec<String>,
    /// Fixed by the first page (CSV and the table need one header).
    columns: Option<Vec<String>>,
    rows: usize,
    /// The table's cells, held until the end.
    table: Vec<Vec<String>>,
    /// How wide the table may be (`None`: as wide as its cells, when not on a terminal).
    width: Option<usize>,
    /// Whether the chosen columns were checked against the first rows.
    checked: bool,
}

impl<W: Write> Output<W> {
    pub fn new(format: Format, out: W, chosen: Option<Vec<String>>, defaults: &[&str]) -> Self {
        Output {
            format,
            out,
            chosen,
            defaults: defaults.iter().map(|c| c.to_string()).collect(),
            columns: None,
            rows: 0,
            table: Vec::new(),
            width: None,
            checked: false,
        }
    }

    /// Fits the table to this many columns of the terminal.
    pub fn fit_to(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }

    /// How many rows were written.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns of CSV and the table: the chosen ones, else the kind's own, then (CSV) the
    /// rest of the first row's, by name.
    fn header(&mut self, first: Option<&Record>) -> Vec<String> {
        if let Some(columns) = &self.columns {
            return columns.clone();
        }
        let columns = match (&self.chosen, self.format) {
            (Some(chosen), _) => chosen.clone(),
            (None, Format::Table) => self.defaults.clone(),
            (None, _) => {
                let mut all = self.defaults.clone();
                let rest = first.into_iter().flat_map(|r| r.keys());
                all.extend(rest.filter(|k| !self.defaults.contains(k)).cloned());
                all
            }
        };
        self.columns = Some(columns.clone());
        columns
    }

    /// The record as JSON writes it: whole, or only the chosen columns.
    fn chosen_part(&self, record: &Record) -> Value {
        match &self.chosen {
            None => Value::Object(record.clone()),
            Some(columns) => {
                let pairs = columns.iter().map(|c| {
                    let value = field(record, c).cloned().unwrap_or(Value::Null);
                    (c.clone(), value)
                });
                Value::Object(pairs.collect())
            }
        }
    }

    /// A chosen column that neither the kind nor any of the first rows has is a typo, refused
    /// before anything is written (an `InvalidInput` error, a usage error to `get`) rather
    /// than answered with a column of nothing. Rows of one read share their keys, so the
    /// first page tells.
    fn check_chosen(&mut self, records: &[Record]) -> io::Result<()> {
        if self.checked || records.is_empty() {
            return Ok(());
        }
        self.checked = true;
        let known = |column: &str| {
            let top = column.split('.').next().unwrap_or(column);
            self.defaults.iter().any(|d| d == top) || records.iter().any(|r| r.contains_key(top))
        };
        let unknown: Vec<&str> = self
            .chosen
            .iter()
            .flatten()
            .map(String::as_str)
            .filter(|c| !known(c))
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        let have: Vec<&str> = records[0].keys().map(String::as_str).collect();
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "no column {}; the rows have: {}",
                unknown.join(", "),
                have.join(", ")
            ),
        ))
    }

    /// Writes one page of rows.
    pub fn write(&mut self, records: &[Record]) -> io::Result<()> {
        self.check_chosen(records)?;
        for record in records {
            match self.format {
                Format::Json => {
                    let lead = if self.rows == 0 { "[\n  " } else { ",\n  " };
                    let value = self.chosen_part(record);
                    write!(self.out, "{lead}{value}")?;
                }
                Format::Jsonl => {
                    let value = self.chosen_part(record);
                    writeln!(self.out, "{value}")?;
                }
                Format::Yaml => self.yaml(record)?,
                Format::Csv => {
                    if self.rows == 0 {
                        let header = self.header(Some(record));
                        let line: Vec<String> = header.iter().map(|c| csv_field(c)).collect();
                        writeln!(self.out, "{}", line.join(","))?;
                    }
                    let columns = self.header(None);
                    let line: Vec<String> = columns
                        .iter()
                        .map(|c| csv_field(&field(record, c).map(cell).unwrap_or_default()))
                        .collect();
                    writeln!(self.out, "{}", line.join(","))?;
                }
                Format::Table => {
                    let columns = self.header(Some(record));
                    let cells = columns
                        .iter()
                        .map(|c| text::sanitize(&field(record, c).map(cell).unwrap_or_default()))
                        .collect();
                    self.table.push(cells);
                }
            }
            self.rows += 1;
        }
        self.out.flush()
    }

    /// YAML block style; every scalar in JSON's quoting, which YAML reads the same.
    fn yaml(&mut self, record: &Record) -> io::Result<()> {
        let value = self.chosen_part(record);
        let Value::Object(map) = value else {
            return Ok(());
        };
        if map.is_empty() {
            return writeln!(self.out, "- {{}}");
        }
        for (i, (key, value)) in map.iter().enumerate() {
            let lead = if i == 0 { "- " } else { "  " };
            let key = Value::String(key.clone());
            writeln!(self.out, "{lead}{key}: {value}")?;
        }
        Ok(())
    }

    /// Ends the list (the table is written now).
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json if self.rows == 0 => writeln!(self.out, "[]")?,
            Format::Json => writeln!(self.out, "\n]")?,
            Format::Table => {
                let header = self.header(None);
                let widths = fitted_widths(&header, &self.table, self.width);
                let mut lines = vec![table_line(&header, &widths)];
                lines.extend(self.table.iter().map(|row| table_line(row, &widths)));
                for line in lines {
                    writeln!(self.out, "{}", line.trim_end())?;
                }
            }
            _ => {}
        }
        self.out.flush()
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (the console's export
/// writes its cells with it too).
pub(crate) fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// Each column as wide as its widest cell, the widest ones narrowed until the table fits.
fn fitted_widths(header: &[String], rows: &[Vec<String>], room: Option<usize>) -> Vec<usize> {
    let mut widths: Vec<usize> = header.iter().map(|h| text::width(h)).collect();
    for row in rows {
        for (width, value) in widths.iter_mut().zip(row) {
            *width = (*width).max(text::width(value));
        }
    }
    let Some(room) = room else {
        return widths;
    };
    let gaps = 2 * widths.len().saturating_sub(1);
    while widths.iter().sum::<usize>() + gaps > room {
        let Some(widest) = widths.iter_mut().max().filter(|w| **w > 4) else {
            break;
        };
        *widest -= 1;
    }
    widths
}

fn table_line(cells: &[String], widths: &[usize]) -> String {
    let parts: Vec<String> = cells
        .iter()
        .zip(widths)
        .map(|(cell, &width)| {
            let fitted = text::fit(cell, width);
            let pad = width.saturating_sub(text::width(&fitted));
            format!("{fitted}{}", " ".repeat(pad))
        })
        .collect();
    parts.join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rows() -> Vec<Record> {
        let a = json!({"id": "a", "name": "Acme, \"Ltd\"", "roles": ["owner"]});
        let b = json!({"id": "b", "name": "evil\u{1b}[31m", "roles": []});
        [a, b]
            .into_iter()
            .map(|v| v.as_object().unwrap().clone())
            .collect()
    }

    fn written(format: Format, chosen: Option<Vec<String>>, width: Option<usize>) -> String {
        let mut out = Vec::new();
        let mut output = Output::new(format, &mut out, chosen, &["name", "id"]).fit_to(width);
        let rows = rows();
        output.write(&rows[..1]).unwrap();
        output.write(&rows[1..]).unwrap();
        output.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_and_json_lines_read_back_as_what_was_written() {
        let json: Value = serde_json::from_str(&written(Format::Json, None, None)).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 2);
        assert_eq!(json[1]["name"], "evil\u{1b}[31m", "data, quoted");
        let lines = written(Format::Jsonl, Some(vec!["id".into()]), None);
        assert_eq!(lines, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
    }

    #[test]
    fn csv_quotes_what_needs_it_and_puts_the_kinds_columns_first() {
        let csv = written(Format::Csv, None, None);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "name,id,roles");
        assert_eq!(lines[1], "\"Acme, \"\"Ltd\"\"\",a,owner");
    }

    #[test]
    fn a_table_cleans_server_text_and_fits_the_width() {
        let table = written(Format::Table, None, Some(12));
        assert!(!table.contains('\u{1b}'), "{table:?}");
        assert!(table.lines().all(|l| text::width(l) <= 12), "{table}");
        assert!(table.lines().next().unwrap().starts_with("name"));
    }

    #[test]
    fn a_column_no_row_has_is_refused_before_anything_is_written() {
        let mut out = Vec::new();
        let chosen = Some(vec!["id".into(), "nosuch".into(), "address.city".into()]);
        let mut output = Output::new(Format::Jsonl, &mut out, chosen, &["address"]);
        let error = output.write(&rows()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert!(
            error.to_string().starts_with("no column nosuch; "),
            "{error}"
        );
        assert!(out.is_empty());
    }

    #[test]
    fn yaml_is_one_block_per_row_and_an_empty_list_is_still_json() {
        let yaml = written(Format::Yaml, Some(vec!["id".into(), "roles".into()]), None);
        assert_eq!(
            yaml,
            "- \"id\": \"a\"\n  \"roles\": [\"owner\"]\n- \"id\": \"b\"\n  \"roles\": []\n"
        );
        let mut out = Vec::new();
        Output::new(Format::Json, &mut out, None, &[])
            .finish()
            .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[]\n");
    }
}
