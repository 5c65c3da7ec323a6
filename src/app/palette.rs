//! The `:` command palette: type to filter the registry by name, label or description; Enter
//! runs the highlighted command through the same dispatcher (and read-only gate) as its key.

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::commands::{COMMANDS, Command, CommandId, Scope};

#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: Input,
    pub selected: usize,
}

impl Palette {
    /// Commands runnable from the tree, matching the typed text (case-insensitive).
    pub fn matches(&self) -> Vec<&'static Command> {
        let needle = self.input.value().to_lowercase();
        COMMANDS
            .iter()
            .filter(|c| {
                matches!(c.scope, Scope::Global | Scope::Tree) && c.id != CommandId::Palette
            })
            .filter(|c| {
                needle.is_empty()
                    || [c.name, c.label, c.description]
                        .iter()
                        .any(|t| t.to_lowercase().contains(&needle))
            })
            .collect()
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
    }
}
