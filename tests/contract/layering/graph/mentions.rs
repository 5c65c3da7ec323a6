//! What one module mentions: the bindings and globs of its `use` trees, and every path in its
//! items — types, expressions, patterns, attributes, and the tokens of macro bodies, where
//! `a::b::c` is taken for a path.

use syn::UseTree;
use syn::buffer::{Cursor, TokenBuffer};
use syn::ext::IdentExt;
use syn::visit::{self, Visit};

use super::Module;

impl Module {
    /// Records a `use` tree below `prefix`: its bindings, its globs and the paths it names.
    pub(super) fn add_use(&mut self, tree: &UseTree, prefix: Vec<String>) {
        match tree {
            UseTree::Path(step) => {
                let mut next = prefix;
                next.push(step.ident.unraw().to_string());
                self.add_use(&step.tree, next);
            }
            UseTree::Name(leaf) => self.bind(prefix, &leaf.ident, None),
            UseTree::Rename(leaf) => self.bind(prefix, &leaf.ident, Some(&leaf.rename)),
            UseTree::Glob(_) => {
                self.mentions.push(prefix.clone());
                self.globs.push(prefix);
            }
            UseTree::Group(group) => {
                for tree in &group.items {
                    self.add_use(tree, prefix.clone());
                }
            }
        }
    }

    fn bind(&mut self, mut path: Vec<String>, ident: &syn::Ident, rename: Option<&syn::Ident>) {
        let name = ident.unraw().to_string();
        if name != "self" {
            path.push(name);
        }
        let binding = match rename {
            Some(rename) => rename.unraw().to_string(),
            None => path.last().cloned().unwrap_or_default(),
        };
        self.mentions.push(path.clone());
        // `use tokio;` names the crate itself; binding it would resolve to itself forever.
        let names_itself = path.len() == 1 && path[0] == binding;
        if binding != "_" && !names_itself {
            self.bindings.insert(binding, path);
        }
    }
}

/// Collects the paths an item mentions into its module.
pub(super) struct Mentions<'m>(pub(super) &'m mut Module);

impl<'ast> Visit<'ast> for Mentions<'_> {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments = from_root(path.leading_colon.is_some());
        segments.extend(path.segments.iter().map(|s| s.ident.unraw().to_string()));
        self.0.mentions.push(segments);
        visit::visit_path(self, path);
    }

    /// `pub(crate)` and `pub(in path)` restrict who sees an item; they refer to nothing.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_expr_path(&mut self, expr: &'ast syn::ExprPath) {
        for attr in &expr.attrs {
            self.visit_attribute(attr);
        }
        match &expr.qself {
            Some(qself) => self.qualified(qself, &expr.path),
            None => self.visit_path(&expr.path),
        }
    }

    fn visit_type_path(&mut self, ty: &'ast syn::TypePath) {
        match &ty.qself {
            Some(qself) => self.qualified(qself, &ty.path),
            None => self.visit_path(&ty.path),
        }
    }

    /// A `use` inside a function body counts as the module's (its scope is narrower, the
    /// crates and modules it names are the same).
    fn visit_item_use(&mut self, used: &'ast syn::ItemUse) {
        self.0
            .add_use(&used.tree, from_root(used.leading_colon.is_some()));
    }

    /// Macro bodies are tokens, not syntax: every `a::b::c` in them is a path.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        visit::visit_macro(self, mac);
        let tokens = TokenBuffer::new2(mac.tokens.clone());
        scan_paths(tokens.begin(), &mut self.0.mentions);
    }

    fn visit_meta_list(&mut self, list: &'ast syn::MetaList) {
        visit::visit_meta_list(self, list);
        let tokens = TokenBuffer::new2(list.tokens.clone());
        scan_paths(tokens.begin(), &mut self.0.mentions);
    }
}

impl<'ast> Mentions<'_> {
    /// `<T>::f` or `<T as a::Trait>::f`: the type and the trait are mentioned; the rest is
    /// relative to them.
    fn qualified(&mut self, qself: &'ast syn::QSelf, path: &'ast syn::Path) {
        self.visit_type(&qself.ty);
        if qself.position > 0 {
            let mut segments = from_root(path.leading_colon.is_some());
            segments.extend(
                path.segments
                    .iter()
                    .take(qself.position)
                    .map(|s| s.ident.unraw().to_string()),
            );
            self.0.mentions.push(segments);
        }
        for segment in &path.segments {
            self.visit_path_arguments(&segment.arguments);
        }
    }
}

/// Every path (`ident`, `a::b`, `::a::b`, `$crate::a`) in a token stream, groups included.
fn scan_paths(mut cursor: Cursor, out: &mut Vec<Vec<String>>) {
    while !cursor.eof() {
        if let Some((inside, _, _, after)) = cursor.any_group() {
            scan_paths(inside, out);
            cursor = after;
            continue;
        }
        let (mut segments, start) = match double_colon(cursor) {
            Some(after) => (vec![String::new()], after),
            None => (Vec::new(), cursor),
        };
        let Some((ident, mut next)) = start.ident() else {
            // No path starts here: step over one token (or the `::` already read).
            cursor = match cursor.token_tree() {
                _ if !segments.is_empty() => start,
                Some((_, after)) => after,
                None => break,
            };
            continue;
        };
        segments.push(ident.unraw().to_string());
        while let Some((ident, after)) = double_colon(next).and_then(Cursor::ident) {
            segments.push(ident.unraw().to_string());
            next = after;
        }
        out.push(segments);
        cursor = next;
    }
}

/// The start of a path: an empty first segment stands for a leading `::` (an extern crate).
pub(super) fn from_root(leading_colon: bool) -> Vec<String> {
    if leading_colon {
        vec![String::new()]
    } else {
        Vec::new()
    }
}

/// The cursor after a `::` at `cursor`.
fn double_colon(cursor: Cursor) -> Option<Cursor> {
    let (first, after) = cursor.punct()?;
    let (second, after) = after.punct()?;
    (first.as_char() == ':' && second.as_char() == ':').then_some(after)
}
