//! The layering rules of DESIGN.md and docs/ARCHITECTURE.md, checked on the crate's module graph
//! (`graph`, parsed with `syn`), not on its text: for each module under `src/`, the extern crates
//! and crate-internal modules it refers to — through `use` items, paths in types and expressions,
//! macro bodies, `crate::`/`super::` paths and re-exports — must avoid what its layer forbids.
//! Also: the lock file holds exactly one crossterm.

mod graph;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use graph::{Graph, Reference, Target};

/// What a layer must not refer to.
struct Rule {
    /// The top-level module the rule is for (`domain` covers `domain::*`).
    layer: &'static str,
    /// Extern crates, or paths into one (`tokio::net`).
    crates: &'static [&'static str],
    /// Crate-internal modules (`api::actor` covers `api::actor::*`).
    modules: &'static [&'static str],
}

const TERMINAL: [&str; 3] = ["ratatui", "crossterm", "tui_input"];

const RULES: &[Rule] = &[
    Rule {
        layer: "domain",
        crates: &[
            TERMINAL[0],
            TERMINAL[1],
            TERMINAL[2],
            "reqwest",
            "axum",
            "rusqlite",
        ],
        modules: &["api", "app", "ui", "bulk", "sandbox", "config", "providers"],
    },
    // The actor and the neutral nouns know no provider; `providers::Connected` picks one.
    Rule {
        layer: "api",
        crates: &TERMINAL,
        modules: &["app", "ui", "providers"],
    },
    Rule {
        layer: "ui",
        crates: &["reqwest", "axum", "rusqlite", "tokio::net"],
        modules: &["sandbox", "providers"],
    },
    // Screens know the neutral nouns, never a provider's client or wire types.
    Rule {
        layer: "app",
        crates: &["reqwest", "axum", "rusqlite"],
        modules: &["sandbox", "providers"],
    },
    Rule {
        layer: "sandbox",
        crates: &TERMINAL,
        // `api` too: the stand-in serves the dialect, it never calls the client.
        modules: &["ui", "app", "bulk", "api"],
    },
    Rule {
        layer: "bulk",
        crates: &TERMINAL,
        modules: &["ui", "app", "providers"],
    },
    Rule {
        layer: "config",
        crates: &TERMINAL,
        modules: &["ui", "app", "api::actor"],
    },
    // Each provider's folder also keeps out of every other provider's (see `violations`).
    Rule {
        layer: "providers",
        crates: &TERMINAL,
        modules: &["ui", "app"],
    },
];

fn starts_with(path: &[String], prefix: &str) -> bool {
    let prefix: Vec<&str> = prefix.split("::").collect();
    path.len() >= prefix.len() && path.iter().zip(&prefix).all(|(a, b)| a == b)
}

/// Why `reference` breaks a rule, if it does.
fn broken_rule(reference: &Reference) -> Option<String> {
    let layer = reference.module.first()?;
    for rule in RULES.iter().filter(|rule| rule.layer == layer) {
        let forbidden = match &reference.target {
            Target::Extern(path) => rule.crates.iter().find(|c| starts_with(path, c)),
            Target::Internal { module, .. } => rule.modules.iter().find(|m| starts_with(module, m)),
        };
        if let Some(forbidden) = forbidden {
            return Some(format!("{layer} must not use {forbidden}"));
        }
    }
    if let (["providers", own, ..], Target::Internal { module, .. }) = (
        reference
            .module
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        &reference.target,
    ) && module.len() >= 2
        && module[0] == "providers"
        && module[1] != *own
    {
        return Some(format!(
            "providers::{own} must not use providers::{}",
            module[1]
        ));
    }
    None
}

/// Every reference that breaks a rule, one line each: file, module, what it refers to, the rule.
fn violations(graph: &Graph, root: &Path) -> Vec<String> {
    let found: BTreeSet<String> = graph
        .references()
        .iter()
        .filter_map(|reference| {
            let why = broken_rule(reference)?;
            let file = reference.file.strip_prefix(root).unwrap_or(&reference.file);
            Some(format!(
                "{}: {} refers to {} (as `{}`): {why}",
                file.display(),
                reference.module.join("::"),
                reference.target,
                reference.written,
            ))
        })
        .collect();
    found.into_iter().collect()
}

/// For each module, the extern crates and crate-internal modules it refers to.
fn refers_to(graph: &Graph) -> BTreeMap<String, BTreeSet<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for reference in graph.references() {
        let to = match reference.target {
            Target::Extern(path) => path.first().cloned().unwrap_or_default(),
            Target::Internal { module, .. } => format!("crate::{}", module.join("::")),
        };
        map.entry(reference.module.join("::"))
            .or_default()
            .insert(to);
    }
    map
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The crates a path in `src/` may start with: `std` and friends and the package's dependencies.
fn extern_crates() -> Vec<String> {
    let text = std::fs::read_to_string(manifest_dir().join("Cargo.toml")).unwrap();
    let manifest: toml::Table = toml::from_str(&text).unwrap();
    let mut tables: Vec<&toml::Table> = manifest
        .get("dependencies")
        .and_then(toml::Value::as_table)
        .into_iter()
        .collect();
    if let Some(targets) = manifest.get("target").and_then(toml::Value::as_table) {
        tables.extend(
            targets
                .values()
                .filter_map(|target| target.get("dependencies")?.as_table()),
        );
    }
    let mut crates: Vec<String> = ["std", "core", "alloc"].map(String::from).to_vec();
    crates.extend(
        tables
            .into_iter()
            .flat_map(|table| table.keys())
            .map(|name| name.replace('-', "_")),
    );
    crates
}

fn crate_graph() -> Graph {
    Graph::load(&manifest_dir().join("src/lib.rs"), &extern_crates())
}

#[test]
fn every_module_keeps_to_its_layer() {
    let found = violations(&crate_graph(), manifest_dir());
    assert!(found.is_empty(), "layering broken:\n{}", found.join("\n"));
}

/// The check above proves something only if the graph sees what each layer does use.
#[test]
fn the_graph_sees_what_the_layers_use() {
    let graph = crate_graph();
    let uses = refers_to(&graph);
    let layer_uses = |layer: &str, what: &str| {
        uses.iter().any(|(module, to)| {
            (module == layer || module.starts_with(&format!("{layer}::")))
                && to
                    .iter()
                    .any(|t| t == what || t.starts_with(&format!("{what}::")))
        })
    };
    for (layer, what) in [
        ("ui", "ratatui"),
        ("app", "tui_input"),
        ("api", "reqwest"),
        ("sandbox", "axum"),
        ("sandbox", "rusqlite"),
        ("bulk", "crate::api"),
        ("config", "toml"),
        ("domain", "serde"),
    ] {
        assert!(
            layer_uses(layer, what),
            "{layer} should be seen using {what}"
        );
    }
    let modules: BTreeSet<String> = graph.modules().map(|m| m.join("::")).collect();
    for rule in RULES.iter().filter(|rule| rule.layer != "providers") {
        assert!(modules.contains(rule.layer), "no module {}", rule.layer);
    }
    for name in TERMINAL
        .iter()
        .chain(&["reqwest", "axum", "rusqlite", "tokio"])
    {
        assert!(
            extern_crates().iter().any(|c| c == name),
            "{name} is not a dependency: its rule would never fire"
        );
    }
}

#[test]
fn exactly_one_crossterm_in_the_lock_file() {
    let lock = std::fs::read_to_string(manifest_dir().join("Cargo.lock")).unwrap();
    let count = lock.matches("name = \"crossterm\"\n").count();
    assert_eq!(count, 1, "crossterm versions in Cargo.lock");
}

/// The checker on small crates written here: what it must report, and what it must not.
mod synthetic {
    use super::*;

    const EXTERNS: &[&str] = &["std", "ratatui", "crossterm", "tui_input", "serde"];

    fn check(files: &[(&str, &str)]) -> Vec<String> {
        violations(&Graph::from_sources(files, EXTERNS), Path::new(""))
    }

    /// Fails unless each of `needles` is in a reported line and none of `absent` is.
    fn assert_reported(found: &[String], needles: &[&str], absent: &[&str]) {
        let text = found.join("\n");
        for needle in needles {
            assert!(text.contains(needle), "{needle:?} not reported:\n{text}");
        }
        for needle in absent {
            assert!(!text.contains(needle), "{needle:?} reported:\n{text}");
        }
    }

    #[test]
    fn a_forbidden_use_and_a_forbidden_path_in_an_expression_are_both_reported() {
        let found = check(&[
            ("src/lib.rs", "pub mod domain;"),
            (
                "src/domain/mod.rs",
                r#"
                use crossterm::event::KeyCode;
                use serde::Serialize;
                pub fn label() -> String {
                    let line = ratatui::text::Line::from("plain");
                    let inputs = vec![tui_input::Input::default()];
                    format!("{line:?} {}", inputs.len())
                }
                "#,
            ),
        ]);
        assert_reported(
            &found,
            &[
                "refers to crossterm::event::KeyCode",
                "refers to ratatui::text::Line::from",
                "refers to tui_input::Input::default",
            ],
            &["serde"],
        );
        assert_eq!(found.len(), 3, "{found:#?}");
    }

    #[test]
    fn crate_super_and_re_exports_resolve_to_the_module_that_defines_the_item() {
        let found = check(&[
            ("src/lib.rs", "pub mod api; pub mod ui; pub mod providers;"),
            ("src/api/mod.rs", "pub mod messages;"),
            ("src/api/messages.rs", "pub struct Request;"),
            (
                "src/ui/mod.rs",
                "mod view; use crate::api; fn ask() { api::messages::Request; }",
            ),
            (
                "src/ui/view.rs",
                "use super::super::providers::Client as Http; fn draw(_: &Http) {}",
            ),
            (
                "src/providers/mod.rs",
                "pub mod a; pub mod b; mod client; pub use client::Client;",
            ),
            ("src/providers/client.rs", "pub struct Client;"),
            ("src/providers/a/mod.rs", "pub struct Org;"),
            (
                "src/providers/b/mod.rs",
                "mod inner { fn org(_: crate::providers::a::Org) {} }",
            ),
        ]);
        assert_reported(
            &found,
            &[
                // The re-export in `providers` is followed to the module that defines `Client`.
                "ui::view refers to crate::providers::client::Client",
                "providers::b::inner refers to crate::providers::a::Org",
                "providers::b must not use providers::a",
            ],
            &["messages", "providers::a refers"],
        );
    }

    #[test]
    fn globs_and_bindings_in_scope_are_followed() {
        let found = check(&[
            ("src/lib.rs", "pub mod sandbox; pub mod app;"),
            ("src/app/mod.rs", "pub mod screens; pub use screens::*;"),
            ("src/app/screens.rs", "pub struct Tree;"),
            (
                "src/sandbox/mod.rs",
                "use crate::app::*; use ratatui as tui; fn f(_: Tree) { tui::init(); }",
            ),
        ]);
        assert_reported(
            &found,
            &[
                "refers to crate::app::screens::Tree (as `Tree`)",
                "refers to ratatui::init (as `tui::init`)",
            ],
            &[],
        );
    }
}
