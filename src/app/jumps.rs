//! Jumps: `t` (show in tree) leaves the screens for the tree, `Enter` in the search (`Ctrl-K`)
//! for a hit's own screen, and `Ctrl-O` (or `Esc` on the root with nothing left to clear) goes
//! back to where the jump started, with its screens, the root's filter and selection as they
//! were.

use super::cloudmore::tree::TreePlace;
use super::{App, Mode};
use crate::app::list_view::ListView;
use crate::app::screen::Screen;

/// Jumps remembered; older ones are dropped.
const KEPT: usize = 20;

/// Where a jump left the root screen.
#[derive(Debug)]
pub(crate) enum RootPlace {
    Tree(TreePlace),
    /// A provider's hierarchy: its filter and the selected node.
    Hierarchy {
        filter: String,
        selected: Option<String>,
    },
}

/// Where a jump started: the screens above the root, and the root's place.
#[derive(Debug)]
pub(crate) struct Jump {
    screens: Vec<Screen>,
    place: RootPlace,
}

impl App {
    /// To the tree with the path to a subscription opened and the subscription selected (once
    /// its list is there). The tree filter is cleared so the organization shows; where the
    /// jump started is kept for [`App::jump_back`].
    pub(crate) fn reveal(&mut self, org: &str, service: &str, subscription: &str) {
        let Some(Screen::Tree(tree)) = self.screens.first_mut() else {
            return;
        };
        let place = tree.reveal(org, service, subscription, &mut self.store);
        self.remember_jump(RootPlace::Tree(place));
    }

    /// Keeps where a jump starts (the root's place taken by the caller): the screens above
    /// the root are set aside for [`App::jump_back`].
    pub(crate) fn remember_jump(&mut self, place: RootPlace) {
        if self.jumps.len() == KEPT {
            self.jumps.remove(0);
        }
        let screens = self.screens.split_off(1);
        self.jumps.push(Jump { screens, place });
        self.mode = Mode::Browse;
        self.detail_cursor = None;
    }

    /// Back to where the last jump started: the screens on top of the root since then give
    /// way to the ones that were there.
    pub(crate) fn jump_back(&mut self) {
        if !matches!(self.mode, Mode::Browse | Mode::Filter) {
            return;
        }
        let Some(jump) = self.jumps.pop() else {
            self.flash_info(
                "no jump to go back to (t on a user's subscription, or Enter in the search, jumps)",
            );
            return;
        };
        self.mode = Mode::Browse;
        self.search.close();
        self.screens.truncate(1);
        match (self.screens.first_mut(), &jump.place) {
            (Some(Screen::Tree(tree)), RootPlace::Tree(place)) => {
                tree.return_to(place, &self.store)
            }
            (Some(Screen::Hierarchy(root)), RootPlace::Hierarchy { filter, selected }) => {
                root.table.filter = filter.as_str().into();
                root.table.refresh();
                if let Some(id) = selected {
                    root.table.select_id(id);
                }
            }
            _ => {}
        }
        self.screens.extend(jump.screens);
        if let Some(screen) = self.screens.last_mut() {
            screen.state_mut().sync(&self.store);
        }
    }

    /// Where the root is now, its filter cleared so whatever a jump looks for shows.
    pub(crate) fn leave_root(&mut self) -> Option<RootPlace> {
        match self.screens.first_mut()? {
            Screen::Tree(tree) => Some(RootPlace::Tree(tree.leave(&self.store))),
            Screen::Hierarchy(root) => {
                let filter = root.table.filter_text().to_string();
                let selected = root.table.selected_id().map(str::to_string);
                ListView::clear_filter(&mut root.table, &self.store);
                Some(RootPlace::Hierarchy { filter, selected })
            }
            _ => None,
        }
    }
}
