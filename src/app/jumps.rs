//! Jumps: `t` (show in tree) leaves the screens for the tree, and `Ctrl-O` (or `Esc` in the
//! tree with nothing left to clear) goes back to where the jump started, with its screens,
//! the tree's filter and selection as they were.

use super::cloudmore::tree::TreePlace;
use super::{App, Mode};
use crate::app::screen::Screen;

/// Jumps remembered; older ones are dropped.
const KEPT: usize = 20;

/// Where a jump started: the screens above the tree, and the tree's filter and selection.
#[derive(Debug)]
pub(crate) struct Jump {
    screens: Vec<Screen>,
    place: TreePlace,
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
        if self.jumps.len() == KEPT {
            self.jumps.remove(0);
        }
        let screens = self.screens.split_off(1);
        self.jumps.push(Jump { screens, place });
        self.mode = Mode::Browse;
    }

    /// Back to where the last jump started: the screens on top of the tree since then give way
    /// to the ones that were there.
    pub(crate) fn jump_back(&mut self) {
        if !matches!(self.mode, Mode::Browse | Mode::Filter) {
            return;
        }
        let Some(jump) = self.jumps.pop() else {
            self.flash_info("no jump to go back to (t on a user's subscription jumps to the tree)");
            return;
        };
        self.mode = Mode::Browse;
        self.screens.truncate(1);
        if let Some(Screen::Tree(tree)) = self.screens.first_mut() {
            tree.return_to(&jump.place, &self.store);
        }
        self.screens.extend(jump.screens);
        if let Some(screen) = self.screens.last_mut() {
            screen.state_mut().sync(&self.store);
        }
    }
}
