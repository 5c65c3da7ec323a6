//! Reading a request body field by field, every problem collected at once in Rails's words,
//! and the shapes some fields must have (date-time, e-mail, UUID).

use serde_json::{Map, Value};

use crate::domain::countries::is_country_code;

/// "zip_code" → "zip code"; the first word capitalized by [`sentence`].
fn words(key: &str) -> String {
    key.replace('_', " ")
}

/// The text with its first letter capitalized.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A field of a request body.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Field<T> {
    Absent,
    /// Sent as `null`: clear it.
    Null,
    Set(T),
}

/// Reads the fields of one body (or nested object), collecting every problem in `errors`
/// under a label (`"Address"` for the fields of `address`).
pub(super) struct Reader<'a> {
    pub(super) body: &'a Map<String, Value>,
    pub(super) label: &'a str,
    pub(super) errors: &'a mut Vec<String>,
}

impl Reader<'_> {
    pub(super) fn name_of(&self, key: &str) -> String {
        if self.label.is_empty() {
            sentence(&words(key))
        } else {
            format!("{} {}", self.label, words(key))
        }
    }

    pub(super) fn fail(&mut self, key: &str, problem: &str) {
        let message = format!("{} {problem}", self.name_of(key));
        self.errors.push(message);
    }

    pub(super) fn raw(&self, key: &str) -> Field<&Value> {
        match self.body.get(key) {
            None => Field::Absent,
            Some(Value::Null) => Field::Null,
            Some(value) => Field::Set(value),
        }
    }

    pub(super) fn text(&mut self, key: &str) -> Field<String> {
        match self.raw(key) {
            Field::Set(Value::String(text)) => Field::Set(text.clone()),
            Field::Set(_) => {
                self.fail(key, "must be a string");
                Field::Absent
            }
            Field::Null => Field::Null,
            Field::Absent => Field::Absent,
        }
    }

    /// A string that must not be blank when it is there (or when `required`).
    pub(super) fn present(&mut self, key: &str, required: bool) -> Option<String> {
        match self.text(key) {
            Field::Set(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
            Field::Absent if !required => None,
            _ => {
                self.fail(key, "can't be blank");
                None
            }
        }
    }

    /// [`Reader::present`], refused past `max` characters (a name's limit).
    pub(super) fn present_within(
        &mut self,
        key: &str,
        required: bool,
        max: usize,
    ) -> Option<String> {
        let text = self.present(key, required)?;
        if text.chars().count() > max {
            self.fail(key, &format!("is too long (maximum is {max} characters)"));
        }
        Some(text)
    }

    pub(super) fn object(&mut self, key: &str) -> Field<Map<String, Value>> {
        match self.raw(key) {
            Field::Set(Value::Object(map)) => Field::Set(map.clone()),
            Field::Set(_) => {
                self.fail(key, "must be an object");
                Field::Absent
            }
            Field::Null => Field::Null,
            Field::Absent => Field::Absent,
        }
    }

    /// An array of strings.
    pub(super) fn strings(&mut self, key: &str) -> Option<Vec<String>> {
        match self.raw(key) {
            Field::Set(Value::Array(items)) => {
                let texts: Option<Vec<String>> = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect();
                if texts.is_none() {
                    self.fail(key, "must be a list of strings");
                }
                texts
            }
            Field::Set(_) => {
                self.fail(key, "must be a list of strings");
                None
            }
            Field::Null | Field::Absent => None,
        }
    }

    /// Roles, each one of `allowed`, without repeats; `None` when absent.
    pub(super) fn roles(&mut self, key: &str, allowed: &[&str]) -> Option<Vec<String>> {
        let roles = self.strings(key)?;
        let mut seen: Vec<String> = Vec::new();
        for role in roles {
            if !allowed.contains(&role.as_str()) {
                self.fail(
                    key,
                    &format!("must be one of {} (not '{role}')", allowed.join(", ")),
                );
            } else if !seen.contains(&role) {
                seen.push(role);
            }
        }
        Some(seen)
    }

    /// A nested `Address`: `address`, `zip_code` and an ISO `country` required; its JSON text.
    pub(super) fn address(&mut self, key: &str) -> Field<String> {
        let map = match self.object(key) {
            Field::Set(map) => map,
            Field::Null => return Field::Null,
            Field::Absent => return Field::Absent,
        };
        let label = sentence(&words(key));
        let mut nested = Reader {
            body: &map,
            label: &label,
            errors: self.errors,
        };
        let mut out = Map::new();
        for (field, required) in [
            ("address", true),
            ("address2", false),
            ("city", false),
            ("state", false),
            ("zip_code", true),
            ("country", true),
        ] {
            if let Some(text) = nested.present(field, required) {
                if field == "country" && !is_country_code(&text) {
                    nested.fail(field, "is not a valid ISO 3166-1 alpha-2 country code");
                }
                out.insert(field.into(), Value::String(text));
            }
        }
        if let Field::Set(coordinates) = nested.object("coordinates") {
            let clean: Map<String, Value> = ["latitude", "longitude"]
                .into_iter()
                .filter_map(|k| match coordinates.get(k) {
                    Some(Value::String(s)) => Some((k.to_string(), Value::String(s.clone()))),
                    Some(Value::Number(n)) => Some((k.to_string(), Value::String(n.to_string()))),
                    _ => None,
                })
                .collect();
            out.insert("coordinates".into(), Value::Object(clean));
        }
        Field::Set(Value::Object(out).to_string())
    }
}

/// Whether `text` looks like an RFC 3339 date-time (`2026-01-31T12:00:00Z`, offsets and
/// fractions allowed).
pub(super) fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let fixed = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !fixed {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return false;
        }
        rest = &fraction[end..];
    }
    rest.eq_ignore_ascii_case("z")
        || (rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':')
}

pub(crate) use crate::domain::people_rules::is_invitee as is_email;

pub(super) fn is_uuid(text: &str) -> bool {
    uuid::Uuid::parse_str(text).is_ok()
}
