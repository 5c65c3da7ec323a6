//! The `:` command palette: type to filter the registry by name, label or description; Enter
//! runs the highlighted command through the same dispatcher (and read-only gate) as its key.
//! It offers the commands of the scope it was opened from and that scope's parents, so
//! `:catalog` on the tree opens the selected organization's catalog, and a pushed screen's
//! palette lists that screen's commands.

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::commands::{COMMANDS, Command, CommandId, Scope};
use crate::domain::hierarchy::Capabilities;
use crate::domain::hierarchy::RESELLER_CONSOLE;

#[derive(Debug, Clone)]
pub struct Palette {
    pub input: Input,
    pub selected: usize,
    /// Where it was opened: its commands and its parents' are offered.
    pub scope: Scope,
    /// What the provider can do: only its commands are offered.
    capabilities: Capabilities,
}

impl Default for Palette {
    fn default() -> Self {
        Palette::new(Scope::Tree, RESELLER_CONSOLE)
    }
}

impl Palette {
    pub fn new(scope: Scope, capabilities: Capabilities) -> Palette {
        Palette {
            input: Input::default(),
            selected: 0,
            scope,
            capabilities,
        }
    }

    /// Commands runnable where the palette was opened, matching the typed text
    /// (case-insensitive); a command whose label or last name part is exactly the text first.
    pub fn matches(&self) -> Vec<&'static Command> {
        let needle = self.input.value().to_lowercase();
        let scopes: Vec<Scope> = self.scope.chain().collect();
        let mut found: Vec<&'static Command> = COMMANDS
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
        found.sort_by_key(|c| !exact(c));
        found
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

    pub fn chosen(&self) -> Option<CommandId> {
        self.matches().get(self.selected).map(|c| c.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_by_name_and_description() {
        let mut palette = Palette::default();
        assert!(palette.matches().len() > 10);
        palette.input = "org.del".to_string().into();
        assert_eq!(palette.chosen(), Some(CommandId::DeleteOrg));
        palette.input = "customer number".to_string().into();
        assert_eq!(palette.chosen(), Some(CommandId::Filter));
        palette.input = "palette".to_string().into();
        assert_eq!(palette.chosen(), None, "the palette does not list itself");
        palette.input = "catalog".to_string().into();
        assert_eq!(palette.chosen(), Some(CommandId::OpenCatalog));
    }

    #[test]
    fn a_screen_palette_offers_its_list_commands() {
        let mut palette = Palette::new(Scope::Catalog, RESELLER_CONSOLE);
        palette.input = "sort".to_string().into();
        assert_eq!(palette.chosen(), Some(CommandId::ListSortNext));
        palette.input = "new org".to_string().into();
        assert_eq!(palette.chosen(), None, "tree commands stay with the tree");
    }

    #[test]
    fn a_provider_without_a_capability_is_offered_none_of_its_commands() {
        let pulse = crate::domain::hierarchy::Capabilities {
            has: &[crate::domain::hierarchy::Capability::Hierarchy],
            max_depth: Some(4),
        };
        let mut palette = Palette::new(Scope::Catalog, pulse);
        palette.input = "add the selected e-store service".to_string().into();
        assert_eq!(palette.chosen(), None, "no catalog here");
        palette.input = "sort by the next column".to_string().into();
        assert_eq!(
            palette.chosen(),
            Some(CommandId::ListSortNext),
            "lists are everyone's"
        );
        let mut palette = Palette::new(Scope::Hierarchy, pulse);
        palette.input = "activity".to_string().into();
        assert_eq!(palette.chosen(), Some(CommandId::Activity));
    }
}
