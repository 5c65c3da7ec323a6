//! The `:` command palette: type to filter the registry by name, label or description; Enter
//! runs the highlighted command through the same dispatcher (and read-only gate) as its key.
//! It offers the commands of the scope it was opened from and that scope's parents, so
//! `:catalog` on the tree opens the selected organization's catalog, and a pushed screen's
//! palette lists that screen's commands. It also lists the other profiles (`:profile NAME`,
//! `:ctx`), k9s's contexts: choosing one switches the console to it; and on the reseller tree
//! the organization groups (`:group NAME`): choosing one narrows the tree to it.

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::commands::{COMMANDS, Command, CommandId, Scope};
use crate::domain::hierarchy::{Capabilities, RESELLER_CONSOLE};

/// A profile the console can switch to, as the palette lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChoice {
    pub name: String,
    /// Which API it speaks, in words ("Pulse IoT Center").
    pub provider: String,
    /// The one the console is on now.
    pub current: bool,
}

/// An organization group the tree can be narrowed to, as the palette lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupChoice {
    pub id: String,
    pub name: String,
    pub members: u64,
}

impl GroupChoice {
    pub fn entry_name(&self) -> String {
        format!("group {}", self.name)
    }
}

/// One row of the palette.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    Command(&'static Command),
    Profile(&'a ProfileChoice),
    Group(&'a GroupChoice),
}

/// What Enter on the highlighted row does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    Command(CommandId),
    Profile(String),
    Group { id: String, name: String },
}

#[derive(Debug, Clone)]
pub struct Palette {
    pub input: Input,
    pub selected: usize,
    /// Where it was opened: its commands and its parents' are offered.
    pub scope: Scope,
    /// What the provider can do: only its commands are offered.
    capabilities: Capabilities,
    profiles: Vec<ProfileChoice>,
    /// Listed once "group" is typed.
    pub groups: Vec<GroupChoice>,
}

impl Default for Palette {
    fn default() -> Self {
        Palette::new(Scope::Tree, RESELLER_CONSOLE)
    }
}

impl ProfileChoice {
    /// The name it is listed and typed by.
    pub fn entry_name(&self) -> String {
        format!("profile {}", self.name)
    }

    fn matches(&self, needle: &str) -> bool {
        [
            self.entry_name().as_str(),
            self.provider.as_str(),
            "ctx context switch",
        ]
        .iter()
        .any(|t| t.to_lowercase().contains(needle))
    }
}

impl Palette {
    pub fn new(scope: Scope, capabilities: Capabilities) -> Palette {
        Palette {
            input: Input::default(),
            selected: 0,
            scope,
            capabilities,
            profiles: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// Lists these profiles as well.
    pub fn with_profiles(mut self, profiles: Vec<ProfileChoice>) -> Palette {
        self.profiles = profiles;
        self
    }

    /// Starts with `text` typed (`P` opens it on "profile ").
    pub fn typed(mut self, text: &str) -> Palette {
        self.input = text.to_string().into();
        self
    }

    /// Commands runnable where the palette was opened, and profiles, matching the typed text
    /// (case-insensitive); a command whose label or last name part is exactly the text first,
    /// and profiles first when the text asks for them.
    pub fn matches(&self) -> Vec<Entry<'_>> {
        let needle = self.input.value().trim_start().to_lowercase();
        let scopes: Vec<Scope> = self.scope.chain().collect();
        let mut commands: Vec<&'static Command> = COMMANDS
            .iter()
            .filter(|c| scopes.contains(&c.scope) && c.id != CommandId::Palette)
            .filter(|c| c.offered(&self.capabilities))
            .filter(|c| {
                needle.is_empty()
                    || [c.name, c.label, c.description]
                        .iter()
                        .any(|t| t.to_lowercase().contains(&needle))
            })
            .collect();
        let exact =
            |c: &Command| c.label == needle || c.name.rsplit('.').next() == Some(needle.as_str());
        commands.sort_by_key(|c| !exact(c));
        // The one the console is on comes last: Enter after `P` goes elsewhere.
        let mut profiles: Vec<&ProfileChoice> = self
            .profiles
            .iter()
            .filter(|p| !needle.is_empty() && p.matches(needle.trim_end()))
            .collect();
        profiles.sort_by_key(|p| p.current);
        let profiles = profiles.into_iter().map(Entry::Profile);
        let commands = commands.into_iter().map(Entry::Command);
        let asks_for_profiles = ["profile", "ctx", "context"]
            .iter()
            .any(|word| needle.starts_with(word));
        let mut all: Vec<Entry<'_>> = if asks_for_profiles {
            profiles.chain(commands).collect()
        } else {
            commands.chain(profiles).collect()
        };
        // "group NAME", not "groups" (the groups screen's own command).
        let named = needle
            .strip_prefix("group")
            .filter(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace));
        if let Some(name) = named {
            let name = name.trim();
            let mut groups: Vec<&GroupChoice> = self
                .groups
                .iter()
                .filter(|g| g.name.to_lowercase().contains(name))
                .collect();
            groups.sort_by_key(|g| g.name.to_lowercase() != name);
            all.splice(0..0, groups.into_iter().map(Entry::Group));
        }
        all
    }

    pub fn edit(&mut self, event: &Event) {
        if self.input.handle_event(event).is_some_and(|c| c.value) {
            self.selected = 0;
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.matches().len();
        if n > 0 {
            self.selected = (self.selected as isize + delta).rem_euclid(n as isize) as usize;
        }
    }

    pub fn chosen(&self) -> Option<Chosen> {
        self.matches().get(self.selected).map(|entry| match entry {
            Entry::Command(c) => Chosen::Command(c.id),
            Entry::Profile(p) => Chosen::Profile(p.name.clone()),
            Entry::Group(g) => Chosen::Group {
                id: g.id.clone(),
                name: g.name.clone(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hierarchy::Capability;

    fn command(id: CommandId) -> Option<Chosen> {
        Some(Chosen::Command(id))
    }

    #[test]
    fn filters_by_name_and_description() {
        let mut palette = Palette::default();
        assert!(palette.matches().len() > 10);
        palette.input = "org.del".to_string().into();
        assert_eq!(palette.chosen(), command(CommandId::OrgDelete));
        palette.input = "narrow the list".to_string().into();
        assert_eq!(palette.chosen(), command(CommandId::ListFilter));
        palette.input = "palette".to_string().into();
        assert_eq!(palette.chosen(), None, "the palette does not list itself");
        palette.input = "catalog".to_string().into();
        assert_eq!(palette.chosen(), command(CommandId::OpenCatalog));
    }

    #[test]
    fn a_screen_palette_offers_its_list_commands() {
        let mut palette = Palette::new(Scope::Catalog, RESELLER_CONSOLE);
        palette.input = "sort".to_string().into();
        assert_eq!(palette.chosen(), command(CommandId::ListSortNext));
        palette.input = "new org".to_string().into();
        assert_eq!(palette.chosen(), None, "tree commands stay with the tree");
    }

    #[test]
    fn a_provider_without_a_capability_is_offered_none_of_its_commands() {
        let hierarchy_only = Capabilities {
            has: &[Capability::Hierarchy],
            max_depth: Some(4),
            roots_stay: true,
            child_kinds: crate::domain::hierarchy::NESTED_ORGANIZATIONS,
        };
        let mut palette = Palette::new(Scope::Catalog, hierarchy_only);
        palette.input = "add the selected e-store service".to_string().into();
        assert_eq!(palette.chosen(), None, "no catalog here");
        palette.input = "sort by the next column".to_string().into();
        assert_eq!(
            palette.chosen(),
            command(CommandId::ListSortNext),
            "lists are everyone's"
        );
        let mut palette = Palette::new(Scope::Hierarchy, hierarchy_only);
        palette.input = "activity".to_string().into();
        assert_eq!(palette.chosen(), command(CommandId::Activity));
    }

    #[test]
    fn groups_are_listed_after_the_word_group_exact_name_first() {
        let group = |id: &str, name: &str| GroupChoice {
            id: id.into(),
            name: name.into(),
            members: 1,
        };
        let mut palette = Palette::default().typed("group nordics");
        palette.groups = vec![group("1", "Nordics East"), group("2", "Nordics")];
        let chosen = Chosen::Group {
            id: "2".into(),
            name: "Nordics".into(),
        };
        assert_eq!(palette.chosen(), Some(chosen));
        palette.input = "group nor".to_string().into();
        assert!(matches!(
            palette.matches()[..2],
            [Entry::Group(_), Entry::Group(_)]
        ));
        palette.input = "nordics".to_string().into();
        assert!(
            palette
                .matches()
                .iter()
                .all(|e| !matches!(e, Entry::Group(_)))
        );
    }

    #[test]
    fn profiles_are_listed_by_name_provider_and_ctx() {
        let profiles = vec![
            ProfileChoice {
                name: "demo".into(),
                provider: "Cloudmore".into(),
                current: true,
            },
            ProfileChoice {
                name: "demo-pulse".into(),
                provider: "Pulse IoT Center".into(),
                current: false,
            },
        ];
        let palette = |text: &str| {
            Palette::default()
                .with_profiles(profiles.clone())
                .typed(text)
        };
        assert_eq!(
            palette("profile demo-pulse").chosen(),
            Some(Chosen::Profile("demo-pulse".into()))
        );
        assert_eq!(
            palette("pulse iot").chosen(),
            Some(Chosen::Profile("demo-pulse".into()))
        );
        assert_eq!(
            palette("profile").chosen(),
            Some(Chosen::Profile("demo-pulse".into())),
            "the current profile comes last"
        );
        let ctx = palette("ctx");
        let listed = ctx.matches();
        assert!(
            matches!(listed[..2], [Entry::Profile(_), Entry::Profile(_)]),
            "{listed:?}"
        );
        assert!(
            palette("")
                .matches()
                .iter()
                .all(|e| matches!(e, Entry::Command(_))),
            "an empty palette lists commands only"
        );
    }
}
