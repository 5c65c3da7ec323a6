//! The user's keymap: `keymap.toml` next to the config file rebinds any command by its
//! registry name, checked at start (an unknown command, a key that cannot be read or a key
//! bound twice in one scope is refused with its line). Keys, `?` help, the palette and the
//! hints all read [`Command::keys`], so they show the user's keys.
//!
//! ```toml
//! "list.copy_id" = "c"
//! "org.expand" = ["l", "Right", "Enter"]
//! "app.quit" = "C-q"
//! ```
//!
//! The keymap is installed once per process, before the first console starts; its keys are
//! leaked into `'static` slices like the registry's own (a few hundred bytes, once).

use std::collections::HashMap;
use std::sync::OnceLock;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::{COMMANDS, Command, Key};

/// Names a release used and the command each became, so an old keymap is told what to write
/// instead of only that the name is unknown.
const RENAMED: &[(&str, &str)] = &[
    ("tree.expand", "org.expand"),
    ("hierarchy.expand", "org.expand"),
    ("tree.collapse", "org.collapse"),
    ("hierarchy.collapse", "org.collapse"),
    ("hierarchy.create", "org.create"),
    ("hierarchy.edit", "org.edit"),
    ("hierarchy.delete", "org.delete"),
    ("org.bulk_set_active", "org.set_status"),
    ("hierarchy.set_status", "org.set_status"),
];

static KEYMAP: OnceLock<HashMap<&'static str, &'static [Key]>> = OnceLock::new();

/// A keymap file that cannot be used, with what and where.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct KeymapError {
    pub path: String,
    pub message: String,
}

impl Command {
    /// Its keys: the user's (keymap file) or the registry's. The first is the one hints show.
    pub fn keys(&self) -> &'static [Key] {
        KEYMAP
            .get()
            .and_then(|map| map.get(self.name).copied())
            .unwrap_or(self.keys)
    }
}

/// Reads `path` (if it exists) and installs it; a second call keeps the first keymap.
pub fn install(path: &std::path::Path) -> Result<(), KeymapError> {
    let fail = |message: String| KeymapError {
        path: path.display().to_string(),
        message,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(fail(format!("cannot be read: {e}"))),
    };
    let map = parse(&text).map_err(fail)?;
    let leaked = map
        .into_iter()
        .map(|(name, keys)| (name, &*Vec::leak(keys)))
        .collect();
    let _ = KEYMAP.set(leaked);
    Ok(())
}

/// The rebindings of a keymap text, by command name, or the first problem with its line.
pub fn parse(text: &str) -> Result<HashMap<&'static str, Vec<Key>>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|span| text[..span.start].lines().count().max(1));
        match line {
            Some(line) => format!("line {line}: {}", e.message()),
            None => e.message().to_string(),
        }
    })?;
    let line_of = |name: &str| {
        let found = text.lines().position(|l| l.contains(name));
        found.map_or_else(String::new, |i| format!("line {}: ", i + 1))
    };
    let mut map = HashMap::new();
    for (name, value) in &table {
        let at = line_of(name);
        let Some(command) = COMMANDS.iter().find(|c| c.name == name) else {
            if let Some((_, now)) = RENAMED.iter().find(|(old, _)| old == name) {
                return Err(format!(
                    "{at}there is no command {name:?}: it is {now:?} now"
                ));
            }
            return Err(format!(
                "{at}there is no command {name:?} (`?` in the console lists them with their names)"
            ));
        };
        let specs: Vec<&str> = match value {
            toml::Value::String(one) => vec![one.as_str()],
            toml::Value::Array(many) => many.iter().filter_map(|v| v.as_str()).collect(),
            _ => Vec::new(),
        };
        if specs.is_empty() {
            return Err(format!("{at}{name} needs a key or a list of keys"));
        }
        let keys = specs
            .iter()
            .map(|spec| key(spec).ok_or_else(|| format!("{at}{spec:?} is not a key I know")))
            .collect::<Result<Vec<Key>, String>>()?;
        map.insert(command.name, keys);
    }
    clashes(&map, &line_of)?;
    Ok(map)
}

/// A key bound to two commands of one scope would leave one unreachable.
fn clashes(
    map: &HashMap<&'static str, Vec<Key>>,
    line_of: &dyn Fn(&str) -> String,
) -> Result<(), String> {
    let keys_of = |c: &Command| map.get(c.name).map_or(c.keys, Vec::as_slice);
    let mut seen: HashMap<(super::Scope, Key), &str> = HashMap::new();
    for command in COMMANDS {
        for &key in keys_of(command) {
            if let Some(other) = seen.insert((command.scope, key), command.name) {
                let rebound = if map.contains_key(command.name) {
                    command.name
                } else {
                    other
                };
                return Err(format!(
                    "{}{} is bound to both {other} and {} in {}",
                    line_of(rebound),
                    key.display(),
                    command.name,
                    command.scope.title()
                ));
            }
        }
    }
    Ok(())
}

/// A key as the keymap writes it: `x`, `G`, `Space`, `Enter`, `C-x`, `A-x`, `F5`…
fn key(spec: &str) -> Option<Key> {
    let (mods, base) = match spec
        .split_once('-')
        .filter(|(m, b)| !m.is_empty() && !b.is_empty())
    {
        Some(("C" | "Ctrl", base)) => (KeyModifiers::CONTROL, base),
        Some(("A" | "Alt", base)) => (KeyModifiers::ALT, base),
        _ => (KeyModifiers::NONE, spec),
    };
    let mut chars = base.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => match base {
            "Space" => KeyCode::Char(' '),
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "S-Tab" | "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PgUp" | "PageUp" => KeyCode::PageUp,
            "PgDn" | "PageDown" => KeyCode::PageDown,
            f if f.starts_with('F') => {
                KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
            }
            _ => return None,
        },
    };
    Some(Key { code, mods })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keymap_rebinds_commands_by_name_with_any_key_it_can_read() {
        let map =
            parse("\"list.copy_id\" = \"c\"\n\"org.expand\" = [\"L\", \"C-e\", \"F5\"]\n").unwrap();
        assert_eq!(
            map["list.copy_id"],
            [Key {
                code: KeyCode::Char('c'),
                mods: KeyModifiers::NONE
            }]
        );
        let expand = &map["org.expand"];
        assert_eq!(
            expand[1],
            Key {
                code: KeyCode::Char('e'),
                mods: KeyModifiers::CONTROL
            }
        );
        assert_eq!(expand[2].code, KeyCode::F(5));
    }

    #[test]
    fn a_renamed_command_is_refused_with_its_new_name() {
        let old = parse("\"app.quit\" = \"Q\"\n\"tree.expand\" = \"L\"\n").unwrap_err();
        assert_eq!(
            old,
            "line 2: there is no command \"tree.expand\": it is \"org.expand\" now"
        );
        for (_, now) in RENAMED {
            assert!(COMMANDS.iter().any(|c| c.name == *now), "{now}");
        }
    }

    #[test]
    fn a_mistake_is_refused_with_its_line() {
        let unknown = parse("\"list.copy_id\" = \"c\"\n\"no.such\" = \"x\"\n").unwrap_err();
        assert!(
            unknown.starts_with("line 2: there is no command \"no.such\""),
            "{unknown}"
        );
        let bad_key = parse("\"list.copy_id\" = \"Hyper-x\"\n").unwrap_err();
        assert_eq!(bad_key, "line 1: \"Hyper-x\" is not a key I know");
        let broken = parse("\n\"list.copy_id\" = \n").unwrap_err();
        assert!(broken.starts_with("line 2"), "{broken}");
    }

    #[test]
    fn a_key_taken_twice_in_one_scope_names_both_commands() {
        // `k` is list.up's already: moving list.down onto it would leave one unreachable.
        let clash = parse("\"list.down\" = \"k\"\n").unwrap_err();
        assert!(clash.starts_with("line 1: k is bound to both"), "{clash}");
        assert!(
            clash.contains("list.up") && clash.contains("list.down"),
            "{clash}"
        );
        // A key of another scope is no clash: the nearer one wins, as in the registry.
        assert!(parse("\"list.down\" = \"n\"\n").is_ok());
    }
}
