//! The move picker: every loaded organization in tree order, narrowed as the user types,
//! with the targets a move may not go to greyed out with the reason, before anything is sent
//! (a cycle, the depth limit of the provider, the parent it already has; the rules are
//! [`MoveFacts::check`], the facts read off the index in steps up the row's own ancestors).
//! For several organizations (`M` on marks) a target is refused
//! only when it is refused for all of them; the preview lists the others' reasons.
//!
//! The reasons are worked out for the rows on screen only, once each, when they are drawn or
//! picked: a picker over 100,000 organizations checks the targets it shows, not all of them
//! (a new window costs one pass over the parent links, like the search itself).

use std::cell::RefCell;
use std::collections::HashMap;

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::index::{NodeId, NodeIndex};
use crate::app::viewport::Viewport;
use crate::domain::hierarchy::MoveFacts;

#[derive(Debug)]
pub struct MovePicker {
    /// The ids of the organizations to move.
    pub moving: Vec<String>,
    /// Those found in the index, with the height of the subtree below each (worked out once:
    /// a row is then checked in steps up its own ancestors, not over the whole hierarchy).
    moving_nodes: Vec<(NodeId, usize)>,
    /// What the title says moves ("Depot", "3 organizations").
    pub what: String,
    pub search: Input,
    /// Every node in tree order, with its depth.
    order: Vec<(NodeId, u16)>,
    /// Positions into `order` that match the search.
    matches: Vec<u32>,
    pub selected: usize,
    viewport: Viewport,
    /// Why a target is refused (`None`: allowed), for the rows checked so far (filled as
    /// rows are drawn).
    refused: RefCell<HashMap<NodeId, Option<String>>>,
    max_depth: Option<usize>,
}

/// One row of the picker as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct PickerRow {
    pub depth: u16,
    pub name: String,
    /// Its parent's name while a search is typed (the rows above it are then not shown).
    pub within: Option<String>,
    pub refused: Option<String>,
    pub selected: bool,
}

impl MovePicker {
    pub fn new(
        moving: Vec<String>,
        what: String,
        index: &NodeIndex,
        max_depth: Option<usize>,
    ) -> MovePicker {
        let mut order = Vec::with_capacity(index.len());
        let mut stack: Vec<(NodeId, u16)> = index.roots().iter().rev().map(|&r| (r, 0)).collect();
        while let Some((n, depth)) = stack.pop() {
            order.push((n, depth));
            if order.len() > index.len() {
                break; // a parent loop in damaged data
            }
            stack.extend(index.children(n).iter().rev().map(|&c| (c, depth + 1)));
        }
        let moving_nodes = moving
            .iter()
            .filter_map(|id| index.find(id))
            .map(|n| (n, subtree_height(index, n)))
            .collect();
        let picker = MovePicker {
            moving,
            moving_nodes,
            what,
            search: Input::default(),
            matches: (0..order.len() as u32).collect(),
            order,
            selected: 0,
            viewport: Viewport::new(12),
            refused: RefCell::new(HashMap::new()),
            max_depth,
        };
        picker.check_window(index);
        picker
    }

    /// A key typed into the search.
    pub fn edit(&mut self, event: &Event, index: &NodeIndex) {
        if self.search.handle_event(event).is_some_and(|c| c.value) {
            let needle = self.search.value().to_lowercase();
            self.matches = (0..self.order.len() as u32)
                .filter(|&p| index.lower_name(self.order[p as usize].0).contains(&needle))
                .collect();
            self.selected = 0;
            self.viewport.reset();
            self.check_window(index);
        }
    }

    pub fn move_by(&mut self, delta: isize, index: &NodeIndex) {
        let last = self.matches.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.window(self.viewport.height());
        self.check_window(index);
    }

    /// The selected target.
    pub fn target(&self) -> Option<NodeId> {
        let &p = self.matches.get(self.selected)?;
        Some(self.order[p as usize].0)
    }

    /// Why the selected target is refused, if it is (as far as it was checked).
    pub fn refusal(&self) -> Option<String> {
        self.refused.borrow().get(&self.target()?)?.clone()
    }

    /// Works out the refusals of the rows in view.
    fn check_window(&self, index: &NodeIndex) {
        let range = self.window(self.viewport.height());
        let wanted: Vec<NodeId> = {
            let refused = self.refused.borrow();
            range
                .filter_map(|pos| self.matches.get(pos))
                .map(|&p| self.order[p as usize].0)
                .filter(|n| !refused.contains_key(n))
                .collect()
        };
        if wanted.is_empty() {
            return;
        }
        for target in wanted {
            let above: Vec<NodeId> = index.ancestors(target).collect();
            let mut first = None;
            let mut any_ok = false;
            for &(moving, height) in &self.moving_nodes {
                let facts = MoveFacts {
                    below_itself: target == moving || above.contains(&moving),
                    same_parent: index.parent(moving) == Some(target),
                    parent_depth: above.len(),
                    height,
                };
                match facts.check(self.max_depth) {
                    Ok(()) => any_ok = true,
                    Err(why) => {
                        first.get_or_insert(why.to_string());
                    }
                }
            }
            self.refused
                .borrow_mut()
                .insert(target, if any_ok { None } else { first });
        }
    }

    /// The positions to draw in `height` lines, scrolled to keep the selection in view.
    fn window(&self, height: usize) -> std::ops::Range<usize> {
        self.viewport
            .window(self.selected, self.matches.len(), height)
    }

    /// The rows to draw in `height` lines, each checked (rows new to the window are checked
    /// here, once).
    pub fn rows(&self, height: usize, index: &NodeIndex) -> Vec<PickerRow> {
        self.window(height);
        self.check_window(index);
        let refused = self.refused.borrow();
        self.window(height)
            .map(|pos| {
                let (n, depth) = self.order[self.matches[pos] as usize];
                let searching = !self.search.value().is_empty();
                let within = index.parent(n).filter(|_| searching);
                PickerRow {
                    depth: if searching { 0 } else { depth },
                    name: index.node(n).name.clone(),
                    within: within.map(|p| index.node(p).name.clone()),
                    refused: refused.get(&n).cloned().flatten(),
                    selected: pos == self.selected,
                }
            })
            .collect()
    }

    /// "12 of 208".
    pub fn count_text(&self) -> String {
        format!("{} of {}", self.matches.len(), self.order.len())
    }

    /// Checks the selected target now (Enter), whatever was drawn.
    pub fn check_selected(&mut self, index: &NodeIndex) -> Option<String> {
        self.target()?;
        // The selection is always inside the window.
        self.check_window(index);
        self.refusal()
    }
}

/// Levels below `n` in its subtree (a leaf: 0), bounded so a parent loop cannot hang.
fn subtree_height(index: &NodeIndex, n: NodeId) -> usize {
    let mut level = vec![n];
    let mut height = 0;
    for _ in 0..index.len() {
        level = level
            .iter()
            .flat_map(|&m| index.children(m).iter().copied())
            .collect();
        if level.is_empty() {
            break;
        }
        height += 1;
    }
    height
}
