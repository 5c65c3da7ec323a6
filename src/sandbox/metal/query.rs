//! Query strings of the Metal stand-in: paging (`page` 1–[`MAX_PAGE`], `per_page`
//! 1–[`MAX_PER_PAGE`], [`DEFAULT_PER_PAGE`] by default, out-of-range values clamped), the
//! `include`/`exclude` lists (comma-separated, dotted up to three levels) and the `meta` of a
//! list answer, whose hrefs repeat the request's other parameters so following `next` keeps
//! the filters.

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde_json::{Value, json};

use super::BASE_PATH;
use super::reply::{MetalError, MetalResult};
use super::store::Tristate;

/// Items per page when none is asked for.
pub const DEFAULT_PER_PAGE: i64 = 10;
/// A larger `per_page` is served as this many.
pub const MAX_PER_PAGE: i64 = 1000;
/// A larger `page` is served as this one.
pub const MAX_PAGE: i64 = 100_000;
/// How deep a dotted `include`/`exclude` name reaches.
const MAX_DEPTH: usize = 3;

/// The decoded query pairs of a request, in order.
pub(crate) struct MetalQuery(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for MetalQuery {
    type Rejection = MetalError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let pairs = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                Ok((decode(key)?, decode(value)?))
            })
            .collect::<MetalResult<Vec<_>>>()?;
        Ok(MetalQuery(pairs))
    }
}

/// Percent-decoding of one query component (`+` is a space, as forms send it).
fn decode(text: &str) -> MetalResult<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| MetalError::invalid("The query string is malformed"))?;
                out.push(hex);
                i += 2;
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| MetalError::invalid("The query string is not UTF-8"))
}

/// Percent-encoding for an href's query (commas kept: they separate `include` names).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~,".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl MetalQuery {
    /// The last value of `key` (a repeated parameter: the last one wins, as Rails reads it).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `key` as include/exclude/only (absent: include).
    pub fn tristate(&self, key: &str) -> MetalResult<Tristate> {
        match self.get(key) {
            None | Some("") | Some("include") => Ok(Tristate::Include),
            Some("exclude") => Ok(Tristate::Exclude),
            Some("only") => Ok(Tristate::Only),
            Some(other) => Err(MetalError::invalid(format!(
                "{key} must be one of include, exclude, only (not '{other}')"
            ))),
        }
    }

    /// `page` and `per_page`, defaulted and clamped.
    pub fn page(&self) -> MetalResult<Page> {
        let number = |key: &str, default: i64, max: i64| -> MetalResult<i64> {
            match self.get(key) {
                None | Some("") => Ok(default),
                Some(text) => text
                    .trim()
                    .parse::<i64>()
                    .map(|n| n.clamp(1, max))
                    .map_err(|_| MetalError::invalid(format!("{key} must be an integer"))),
            }
        };
        Ok(Page {
            number: number("page", 1, MAX_PAGE)?,
            per_page: number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?,
        })
    }

    /// The `include` and `exclude` lists as trees of names.
    pub fn view(&self) -> View {
        View {
            include: Names::parse(self.values("include")),
            exclude: Names::parse(self.values("exclude")),
        }
    }

    /// Every comma-separated item of every `key` parameter (`include=a,b&include=c`; Rails's
    /// `include[]=a` spelling too).
    fn values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let array = format!("{key}[]");
        self.0
            .iter()
            .filter(move |(k, _)| k == key || *k == array)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// The href of this list's page `number`: the request's path, its other parameters, and
    /// the page.
    fn href(&self, path: &str, number: i64, per_page: i64) -> Value {
        let mut parts: Vec<String> = self
            .0
            .iter()
            .filter(|(k, _)| k != "page" && k != "per_page")
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        parts.push(format!("page={number}"));
        parts.push(format!("per_page={per_page}"));
        json!({ "href": format!("{BASE_PATH}{path}?{}", parts.join("&")) })
    }

    /// The `meta` of a list answer: first, previous, self, next, last, total, current_page,
    /// last_page; `previous` left out on the first page and `next` on the last (a page past
    /// the end points back at the last one).
    pub fn meta(&self, path: &str, page: Page, total: i64) -> Value {
        let last = ((total + page.per_page - 1) / page.per_page).max(1);
        let href = |n: i64| self.href(path, n, page.per_page);
        let mut meta = json!({
            "first": href(1),
            "self": href(page.number),
            "last": href(last),
            "total": total,
            "current_page": page.number,
            "last_page": last,
        });
        if page.number > 1 {
            meta["previous"] = href((page.number - 1).min(last));
        }
        if page.number < last {
            meta["next"] = href(page.number + 1);
        }
        meta
    }
}

/// Which page a list asks for, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Page {
    pub number: i64,
    pub per_page: i64,
}

impl Page {
    pub fn offset(self) -> i64 {
        (self.number - 1).saturating_mul(self.per_page)
    }
}

/// Dotted attribute names as a tree: `projects.memberships,projects.organization` is
/// `projects → {memberships, organization}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Names(BTreeMap<String, Names>);

impl Names {
    fn parse<'a>(items: impl Iterator<Item = &'a str>) -> Names {
        let mut root = Names::default();
        for item in items {
            let mut at = &mut root;
            for part in item.split('.').take(MAX_DEPTH) {
                at = at.0.entry(part.to_string()).or_default();
            }
        }
        root
    }

    /// The names below `name` (empty when `name` is not listed).
    pub fn below(&self, name: &str) -> Names {
        self.0.get(name).cloned().unwrap_or_default()
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// Whether `name` is listed with nothing below it (`exclude=organization`, not
    /// `exclude=organization.projects`).
    pub fn has_leaf(&self, name: &str) -> bool {
        self.0.get(name).is_some_and(|below| below.0.is_empty())
    }
}

/// What a request asks to expand and to fold, at one level of an answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct View {
    pub include: Names,
    pub exclude: Names,
}

impl View {
    /// Whether the `{href}` field `name` is shown as a whole object: included, or expanded by
    /// default; a leaf `exclude` folds it back whatever else was asked.
    pub fn expands(&self, name: &str, by_default: bool) -> bool {
        !self.exclude.has_leaf(name) && (by_default || self.include.has(name))
    }

    /// The view one level down, inside field `name`.
    pub fn below(&self, name: &str) -> View {
        View {
            include: self.include.below(name),
            exclude: self.exclude.below(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> MetalQuery {
        MetalQuery(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn paging_defaults_clamps_and_refuses_words() {
        assert_eq!(
            query(&[]).page().unwrap(),
            Page {
                number: 1,
                per_page: 10
            }
        );
        let page = query(&[("page", "0"), ("per_page", "5000")])
            .page()
            .unwrap();
        assert_eq!((page.number, page.per_page), (1, MAX_PER_PAGE));
        let page = query(&[("page", "200000"), ("per_page", "0")])
            .page()
            .unwrap();
        assert_eq!((page.number, page.per_page), (MAX_PAGE, 1));
        assert!(query(&[("page", "two")]).page().is_err());
    }

    #[test]
    fn meta_leaves_out_previous_and_next_at_the_ends_and_keeps_the_filters() {
        let q = query(&[("personal", "exclude"), ("page", "1"), ("per_page", "10")]);
        let first = q.meta("/organizations", q.page().unwrap(), 25);
        assert_eq!(first["last_page"], 3);
        assert!(first.get("previous").is_none());
        assert_eq!(
            first["next"]["href"],
            "/metal/v1/organizations?personal=exclude&page=2&per_page=10"
        );
        let last = q.meta(
            "/organizations",
            Page {
                number: 3,
                per_page: 10,
            },
            25,
        );
        assert!(last.get("next").is_none());
        assert_eq!(
            last["previous"]["href"],
            "/metal/v1/organizations?personal=exclude&page=2&per_page=10"
        );
        let empty = q.meta("/organizations", q.page().unwrap(), 0);
        assert_eq!(
            (empty["last_page"].clone(), empty["total"].clone()),
            (json!(1), json!(0))
        );
        assert!(empty.get("next").is_none() && empty.get("previous").is_none());
    }

    #[test]
    fn include_and_exclude_are_dotted_trees_and_exclude_wins() {
        let q = query(&[
            ("include", "projects.memberships,members"),
            ("include", "projects.organization"),
            ("exclude", "members"),
            ("exclude", "projects.organization.projects"),
        ]);
        let view = q.view();
        assert!(view.expands("projects", false));
        assert!(!view.expands("members", false), "a leaf exclude folds");
        assert!(!view.expands("memberships", false));
        let projects = view.below("projects");
        assert!(projects.expands("memberships", false));
        assert!(projects.expands("organization", true));
        assert!(!projects.below("organization").expands("projects", false));
        assert_eq!(decode("a%2Cb+c").unwrap(), "a,b c");
        assert_eq!(encode("a b,c&"), "a%20b,c%26");
    }
}
