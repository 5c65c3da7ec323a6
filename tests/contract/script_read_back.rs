//! What `get` wrote, read back as a script would: JSON and JSON lines with serde_json, CSV and
//! the table by their own rules (RFC 4180 quoting; columns aligned under the header), and YAML
//! by the subset `output.rs` writes (a block per row, `"key": value` with JSON scalars), since
//! the project has no YAML or CSV parser and these tests should not add one. Every row comes
//! back as a record of cells: CSV and table cells are strings, JSON keeps its values.

use serde_json::Value;
use tenantdeck::script::output::Format;
use tenantdeck::script::records::Record;
use tenantdeck::ui::text;

/// The rows of `text`, written in `format`.
pub fn rows_of(format: Format, text: &str) -> Vec<Record> {
    match format {
        Format::Json => {
            let list: Vec<Value> = serde_json::from_str(text).expect("a JSON array");
            list.into_iter().map(object).collect()
        }
        Format::Jsonl => text
            .lines()
            .map(|line| object(serde_json::from_str(line).expect("a JSON line")))
            .collect(),
        Format::Csv => csv_rows(text),
        Format::Yaml => yaml_rows(text),
        Format::Table => table_rows(text),
    }
}

/// The header of CSV or the table: its first line, split as its rows are.
pub fn header_of(format: Format, text: &str) -> Vec<String> {
    match format {
        Format::Csv => csv_records(text).into_iter().next().unwrap_or_default(),
        Format::Table => table_columns(text.lines().next().unwrap_or_default())
            .into_iter()
            .map(|(_, name)| name)
            .collect(),
        other => panic!("{other:?} has no header"),
    }
}

fn object(value: Value) -> Record {
    match value {
        Value::Object(map) => map,
        other => panic!("a row is an object, not {other}"),
    }
}

/// Records (lists of fields) of RFC 4180 text: quoted fields may hold commas, quotes (doubled)
/// and line breaks.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "a quoted CSV field is never closed");
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

fn csv_rows(text: &str) -> Vec<Record> {
    let mut records = csv_records(text).into_iter();
    let Some(header) = records.next() else {
        return Vec::new();
    };
    records
        .map(|fields| {
            assert_eq!(fields.len(), header.len(), "{fields:?} under {header:?}");
            cells(&header, fields)
        })
        .collect()
}

fn cells(header: &[String], fields: Vec<String>) -> Record {
    header
        .iter()
        .cloned()
        .zip(fields.into_iter().map(Value::String))
        .collect()
}

/// Each character of a table line with the terminal column it starts at (a wide character
/// takes two, as the table pads by display width).
fn at_columns(line: &str) -> Vec<(usize, char)> {
    let mut column = 0;
    line.chars()
        .map(|c| {
            let at = column;
            column += text::width(c.encode_utf8(&mut [0; 4]));
            (at, c)
        })
        .collect()
}

/// The table's columns: where each header word starts (in terminal columns) and the word.
fn table_columns(header: &str) -> Vec<(usize, String)> {
    let chars = at_columns(header);
    let mut columns = Vec::new();
    for (i, (at, c)) in chars.iter().enumerate() {
        if !c.is_whitespace() && (i == 0 || chars[i - 1].1.is_whitespace()) {
            let word = chars[i..].iter().map(|(_, c)| *c);
            columns.push((*at, word.take_while(|c| !c.is_whitespace()).collect()));
        }
    }
    columns
}

/// Rows of the table: each cell the text under its header word, up to the next one. The table
/// is written without a width here (not a terminal), so no cell is cut.
fn table_rows(text: &str) -> Vec<Record> {
    let mut lines = text.lines();
    let columns = table_columns(lines.next().unwrap_or_default());
    let header: Vec<String> = columns.iter().map(|(_, name)| name.clone()).collect();
    lines
        .map(|line| {
            let chars = at_columns(line);
            let fields = columns
                .iter()
                .enumerate()
                .map(|(i, (start, _))| {
                    let end = columns.get(i + 1).map_or(usize::MAX, |(next, _)| *next);
                    let part = chars.iter().filter(|(at, _)| (*start..end).contains(at));
                    part.map(|(_, c)| c).collect::<String>().trim().to_string()
                })
                .collect();
            cells(&header, fields)
        })
        .collect()
}

/// Rows of the YAML `output.rs` writes: `- ` opens a row, `  ` continues it, and each line is
/// a JSON string key, `: `, and a JSON value (YAML reads JSON's quoting the same). Anything
/// else fails the test: that is the structural check.
fn yaml_rows(text: &str) -> Vec<Record> {
    let mut rows: Vec<Record> = Vec::new();
    for line in text.lines() {
        if line == "- {}" {
            rows.push(Record::new());
            continue;
        }
        let rest = if let Some(rest) = line.strip_prefix("- ") {
            rows.push(Record::new());
            rest
        } else {
            line.strip_prefix("  ")
                .unwrap_or_else(|| panic!("not a row's line: {line:?}"))
        };
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        let key = match values.next() {
            Some(Ok(Value::String(key))) => key,
            other => panic!("a quoted key in {line:?}, not {other:?}"),
        };
        let after = &rest[values.byte_offset()..];
        let value = after
            .strip_prefix(": ")
            .unwrap_or_else(|| panic!("`: ` after the key in {line:?}"));
        let value: Value = serde_json::from_str(value).expect("a JSON value");
        rows.last_mut()
            .expect("a row opened with `- `")
            .insert(key, value);
    }
    rows
}

#[test]
fn each_reader_reads_what_its_format_quotes() {
    let csv = "id,name\n1,\"Acme, \"\"Ltd\"\"\"\n2,\"two\nlines\"\n";
    let rows = rows_of(Format::Csv, csv);
    assert_eq!(rows[0]["name"], "Acme, \"Ltd\"");
    assert_eq!(rows[1]["name"], "two\nlines");
    let yaml = "- \"id\": \"a\"\n  \"roles\": [\"x: y\"]\n- {}\n";
    let rows = rows_of(Format::Yaml, yaml);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["roles"][0], "x: y");
    let table = "id  name      n\n1   Acme Ltd  x\n22  北京数据  y\n";
    let rows = rows_of(Format::Table, table);
    assert_eq!(rows[0]["name"], "Acme Ltd");
    assert_eq!(rows[1]["id"], "22");
    assert_eq!(
        rows[1]["name"], "北京数据",
        "a wide character takes two columns"
    );
    assert_eq!(rows[1]["n"], "y");
}
