//! Switching profiles in a running console (`P`, `:profile NAME`, `:ctx`): the profiles the
//! palette offers, and the hand-over to the caller, which starts the console on the chosen
//! one (`main::run_consoles`).

use super::{App, palette};

impl App {
    /// Says `text` in the status bar (at start: why a profile switch did not happen).
    pub fn notice(&mut self, text: String) {
        self.flash_error(text);
    }

    /// Lists these profiles in the palette (`:profile NAME`, `:ctx`, `P`).
    pub fn offer_profiles(&mut self, profiles: Vec<palette::ProfileChoice>) {
        self.profiles = profiles;
    }

    /// Leaves this profile for `name`: the event loop ends and the caller starts the console on
    /// it. Not while a bulk run is going (its progress would have no screen).
    pub(crate) fn switch_profile(&mut self, name: &str) {
        if name == self.session.profile {
            self.flash_info(format!("already on profile {name}"));
        } else if self.bulk_running() {
            self.flash_error(
                "a bulk run is going: stop it (Esc) or let it finish before switching",
            );
        } else {
            self.switch_to = Some(name.to_string());
            self.quit = true;
        }
    }

    /// The profile to switch to, once the event loop has ended for it.
    pub fn take_switch(&mut self) -> Option<String> {
        self.switch_to.take()
    }
}
