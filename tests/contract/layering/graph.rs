//! The crate's module graph, read from the source with `syn`: every module (a file or an inline
//! `mod x { .. }`) with its child modules, its items, its `use` bindings and every path it
//! mentions — in `use` items, types, expressions, patterns, attributes and macro bodies. Each
//! path is resolved the way the compiler would: `crate::`, `self::` and `super::` to module
//! paths, a first segment to a child module, a `use` binding or an extern crate, and re-exports
//! followed, so `crate::providers::cloudmore::CloudmoreClient` counts as a use of
//! `providers::cloudmore::client`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::ext::IdentExt;
use syn::visit::Visit;
use syn::{Expr, Item, ItemMod, Lit, Meta};

mod mentions;

use mentions::{Mentions, from_root};

/// A module's path below the crate root (`["api", "client"]`); the root is empty.
pub type ModPath = Vec<String>;

/// What a path refers to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// A path into an extern crate, local names and re-exports resolved: `tokio::net::TcpListener`.
    Extern(Vec<String>),
    /// A module of this crate, and what the path names in it (an item, or nothing).
    Internal { module: ModPath, item: Vec<String> },
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Extern(path) => write!(f, "{}", path.join("::")),
            Target::Internal { module, item } => {
                let all: Vec<&str> = std::iter::once("crate")
                    .chain(module.iter().chain(item).map(String::as_str))
                    .collect();
                write!(f, "{}", all.join("::"))
            }
        }
    }
}

/// One mention of a path in a module, resolved.
#[derive(Debug)]
pub struct Reference {
    pub module: ModPath,
    pub file: PathBuf,
    /// The path as written (`super::client::Thing`).
    pub written: String,
    pub target: Target,
}

#[derive(Debug, Default)]
struct Module {
    file: PathBuf,
    children: BTreeSet<String>,
    items: BTreeSet<String>,
    /// `use` bindings: the name in scope and the path it stands for, as written.
    bindings: BTreeMap<String, Vec<String>>,
    /// Sources of `use path::*`, as written.
    globs: Vec<Vec<String>>,
    /// Every path mentioned, as written (a leading `::` is an empty first segment).
    mentions: Vec<Vec<String>>,
}

/// The modules of one crate.
#[derive(Debug)]
pub struct Graph {
    modules: BTreeMap<ModPath, Module>,
    externs: BTreeSet<String>,
}

/// Deeper than this, a chain of re-exports is taken for a cycle and left unresolved.
const MAX_HOPS: usize = 32;

impl Graph {
    /// Reads the crate whose root file is `root`, following `mod` declarations on disk.
    /// `externs` are the crates a first path segment may name (dependencies, `std`, ...).
    pub fn load(root: &Path, externs: &[String]) -> Graph {
        Graph::build(root, externs, &|path| std::fs::read_to_string(path).ok())
    }

    /// A crate held in memory: `files` maps file paths (`src/lib.rs`, `src/domain/mod.rs`) to
    /// their text, laid out as on disk; `src/lib.rs` is the root.
    pub fn from_sources(files: &[(&str, &str)], externs: &[&str]) -> Graph {
        let files: BTreeMap<PathBuf, String> = files
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.to_string()))
            .collect();
        let externs: Vec<String> = externs.iter().map(|e| e.to_string()).collect();
        Graph::build(Path::new("src/lib.rs"), &externs, &|path| {
            files.get(path).cloned()
        })
    }

    fn build(root: &Path, externs: &[String], read: &dyn Fn(&Path) -> Option<String>) -> Graph {
        let mut graph = Graph {
            modules: BTreeMap::new(),
            externs: externs.iter().cloned().collect(),
        };
        let dir = root.parent().unwrap_or(Path::new("")).to_path_buf();
        graph.load_file(Vec::new(), root, dir, read);
        graph
    }

    /// Parses `file` as module `path`; its `mod x;` children are looked up in `dir`.
    fn load_file(
        &mut self,
        path: ModPath,
        file: &Path,
        dir: PathBuf,
        read: &dyn Fn(&Path) -> Option<String>,
    ) {
        let text = read(file).unwrap_or_else(|| panic!("cannot read {}", file.display()));
        let parsed = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("cannot parse {}: {e}", file.display()));
        self.load_items(path, file, &dir, false, &parsed.items, read);
    }

    fn load_items(
        &mut self,
        path: ModPath,
        file: &Path,
        dir: &Path,
        inline: bool,
        items: &[Item],
        read: &dyn Fn(&Path) -> Option<String>,
    ) {
        let mut module = Module {
            file: file.to_path_buf(),
            ..Module::default()
        };
        let mut children = Vec::new();
        for item in items {
            match item {
                Item::Mod(child) => {
                    module.children.insert(child.ident.unraw().to_string());
                    children.push(child);
                }
                Item::Use(used) => {
                    module.add_use(&used.tree, from_root(used.leading_colon.is_some()));
                }
                Item::ExternCrate(krate) => {
                    let name = krate.rename.as_ref().map_or(&krate.ident, |(_, r)| r);
                    let path = vec![String::new(), krate.ident.unraw().to_string()];
                    module.bindings.insert(name.unraw().to_string(), path);
                }
                other => {
                    if let Some(name) = item_name(other) {
                        module.items.insert(name);
                    }
                    Mentions(&mut module).visit_item(other);
                }
            }
        }
        self.modules.insert(path.clone(), module);
        for child in children {
            self.load_child(&path, file, (dir, inline), child, read);
        }
    }

    fn load_child(
        &mut self,
        parent: &ModPath,
        file: &Path,
        (dir, inline): (&Path, bool),
        child: &ItemMod,
        read: &dyn Fn(&Path) -> Option<String>,
    ) {
        let name = child.ident.unraw().to_string();
        let mut path = parent.clone();
        path.push(name.clone());
        if let Some(module) = self.modules.get_mut(parent) {
            for attr in &child.attrs {
                Mentions(module).visit_attribute(attr);
            }
        }
        if let Some((_, items)) = &child.content {
            // An inline module's own `mod x;` children live in a folder named after it.
            self.load_items(path, file, &dir.join(&name), true, items, read);
            return;
        }
        let (child_file, child_dir) = match path_attribute(child) {
            Some(relative) => {
                // Relative to the file's own folder, unless inside an inline module.
                let base = if inline {
                    dir
                } else {
                    file.parent().unwrap_or(dir)
                };
                let child_file = base.join(relative);
                let child_dir = child_file.with_extension("");
                (child_file, child_dir)
            }
            None => {
                let flat = dir.join(format!("{name}.rs"));
                if read(&flat).is_some() {
                    (flat, dir.join(&name))
                } else {
                    (dir.join(&name).join("mod.rs"), dir.join(&name))
                }
            }
        };
        self.load_file(path, &child_file, child_dir, read);
    }

    /// Every path mentioned in every module, resolved; paths to local items, generics and
    /// prelude names are left out.
    pub fn references(&self) -> Vec<Reference> {
        let mut out = Vec::new();
        for (path, module) in &self.modules {
            for mention in &module.mentions {
                if let Some(target) = self.resolve(path, mention, 0) {
                    out.push(Reference {
                        module: path.clone(),
                        file: module.file.clone(),
                        written: mention.join("::"),
                        target,
                    });
                }
            }
        }
        out
    }

    /// The modules of the crate.
    pub fn modules(&self) -> impl Iterator<Item = &ModPath> {
        self.modules.keys()
    }

    /// What `path`, written in module `scope`, refers to.
    fn resolve(&self, scope: &ModPath, path: &[String], hops: usize) -> Option<Target> {
        let (first, rest) = path.split_first()?;
        if hops > MAX_HOPS {
            return None;
        }
        match first.as_str() {
            "" => Some(Target::Extern(rest.to_vec())),
            "crate" => self.walk(Vec::new(), rest, hops),
            "self" | "super" => self.walk(scope.clone(), path, hops),
            _ => {
                let module = self.modules.get(scope)?;
                if module.children.contains(first) {
                    self.walk(scope.clone(), path, hops)
                } else if let Some(bound) = module.bindings.get(first) {
                    let full: Vec<String> = bound.iter().chain(rest).cloned().collect();
                    self.resolve(scope, &full, hops + 1)
                } else if module.items.contains(first) {
                    None
                } else if self.externs.contains(first) {
                    Some(Target::Extern(path.to_vec()))
                } else {
                    let from = self.glob_holding(scope, module, first, hops)?;
                    self.walk(from, path, hops + 1)
                }
            }
        }
    }

    /// Follows `rest` down from module `start`, through child modules and re-exports.
    fn walk(&self, start: ModPath, rest: &[String], hops: usize) -> Option<Target> {
        let mut current = start;
        let mut at = 0;
        while let Some(segment) = rest.get(at) {
            let Some(module) = self.modules.get(&current) else {
                break;
            };
            match segment.as_str() {
                "self" => {}
                "super" => {
                    current.pop();
                }
                _ if module.children.contains(segment) => current.push(segment.clone()),
                _ if module.items.contains(segment) => break,
                _ => {
                    if let Some(bound) = module.bindings.get(segment) {
                        let full: Vec<String> =
                            bound.iter().chain(&rest[at + 1..]).cloned().collect();
                        return self.resolve(&current, &full, hops + 1);
                    }
                    if let Some(from) = self.glob_holding(&current, module, segment, hops) {
                        return self.walk(from, &rest[at..], hops + 1);
                    }
                    break;
                }
            }
            at += 1;
        }
        Some(Target::Internal {
            module: current,
            item: rest[at..].to_vec(),
        })
    }

    /// The module brought in by one of `module`'s `use ..::*` that has `name`.
    fn glob_holding(
        &self,
        scope: &ModPath,
        module: &Module,
        name: &str,
        hops: usize,
    ) -> Option<ModPath> {
        module
            .globs
            .iter()
            .find_map(|glob| match self.resolve(scope, glob, hops + 1)? {
                Target::Internal { module: from, item } if item.is_empty() => {
                    self.has_name(&from, name, hops + 1).then_some(from)
                }
                _ => None,
            })
    }

    /// Whether `name` is a child, an item or a binding of `path`, directly or through a glob.
    fn has_name(&self, path: &ModPath, name: &str, hops: usize) -> bool {
        let Some(module) = self.modules.get(path) else {
            return false;
        };
        hops <= MAX_HOPS
            && (module.children.contains(name)
                || module.items.contains(name)
                || module.bindings.contains_key(name)
                || self.glob_holding(path, module, name, hops).is_some())
    }
}

/// The name an item defines in its module's namespace, if any.
fn item_name(item: &Item) -> Option<String> {
    let ident = match item {
        Item::Const(i) => &i.ident,
        Item::Enum(i) => &i.ident,
        Item::Fn(i) => &i.sig.ident,
        Item::Macro(i) => i.ident.as_ref()?,
        Item::Static(i) => &i.ident,
        Item::Struct(i) => &i.ident,
        Item::Trait(i) => &i.ident,
        Item::TraitAlias(i) => &i.ident,
        Item::Type(i) => &i.ident,
        Item::Union(i) => &i.ident,
        _ => return None,
    };
    Some(ident.unraw().to_string())
}

/// The file a `#[path = ".."]` attribute names.
fn path_attribute(module: &ItemMod) -> Option<String> {
    module.attrs.iter().find_map(|attr| match &attr.meta {
        Meta::NameValue(pair) if pair.path.is_ident("path") => match &pair.value {
            Expr::Lit(lit) => match &lit.lit {
                Lit::Str(text) => Some(text.value()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    })
}
