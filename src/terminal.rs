//! Puts the terminal into raw mode and the alternate screen (and mouse capture, when the
//! config's `mouse` is on), and guarantees it comes back: on normal exit (the guard's `Drop`),
//! on a panic (a chained hook restores first, then the previous hook reports), and on
//! SIGTERM/SIGHUP/SIGINT (restore, then exit). Every path goes through [`restore`], which
//! turns mouse capture off with the rest, so a shell is never left reporting clicks.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Whether the terminal is currently in console mode (so restoring twice is harmless).
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether the console captures the mouse (set from the config before it starts).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Asks for mouse capture in the consoles started after this (the config's `mouse`).
pub fn capture_mouse(on: bool) {
    MOUSE.store(on, Ordering::SeqCst);
}

/// Whether the console captures the mouse: the app ignores mouse events otherwise.
pub fn mouse_captured() -> bool {
    MOUSE.load(Ordering::SeqCst)
}

/// Mouse reports for presses, releases, drags and the wheel, in SGR form. Not crossterm's
/// `EnableMouseCapture`, which also asks for every motion (1003): each one would wake the
/// event loop and redraw.
struct MouseReports(bool);

impl crossterm::Command for MouseReports {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str(if self.0 {
            "\x1b[?1000h\x1b[?1002h\x1b[?1006h"
        } else {
            "\x1b[?1006l\x1b[?1002l\x1b[?1000l"
        })
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> io::Result<()> {
        Ok(())
    }
}

pub type ConsoleTerminal = Terminal<CrosstermBackend<Stdout>>;

/// Owns console mode; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: ConsoleTerminal,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut stdout = io::stdout();
        let mut entered = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste);
        if entered.is_ok() && mouse_captured() {
            entered = execute!(stdout, MouseReports(true));
        }
        if let Err(e) = entered {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore())?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves console mode if it is on. Safe to call from any thread, any number of times.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut stdout = io::stdout();
        if mouse_captured() {
            let _ = execute!(stdout, MouseReports(false));
        }
        let _ = execute!(stdout, DisableBracketedPaste, LeaveAlternateScreen, Show);
        let _ = disable_raw_mode();
        let _ = stdout.flush();
    }
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Restores the terminal and exits when the process is asked to stop. Must run inside a tokio
/// runtime; the exit code follows the shell convention 128 + signal number.
pub fn restore_on_signals() {
    use tokio::signal::unix::{SignalKind, signal};
    for (kind, number) in [
        (SignalKind::terminate(), 15),
        (SignalKind::hangup(), 1),
        (SignalKind::interrupt(), 2),
    ] {
        let Ok(mut stream) = signal(kind) else {
            continue;
        };
        tokio::spawn(async move {
            if stream.recv().await.is_some() {
                tracing::info!(signal = number, "stopping on signal");
                restore();
                std::process::exit(128 + number);
            }
        });
    }
}

/// Puts `text` on the terminal's clipboard with OSC 52, which terminals honour over SSH too.
/// Inside tmux the sequence is wrapped so tmux passes it to the outer terminal (it needs
/// `set -g allow-passthrough on` or `set-clipboard on`).
pub fn copy_to_clipboard(text: &str) -> io::Result<()> {
    let mut out = io::stdout();
    let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    out.write_all(osc52(text, in_tmux).as_bytes())?;
    out.flush()
}

/// The escape sequence that sets the clipboard to `text`.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let sequence = format!("\x1b]52;c;{encoded}\x07");
    if in_tmux {
        // tmux's passthrough: the inner ESCs doubled, the whole in a DCS.
        format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
    } else {
        sequence
    }
}

#[cfg(test)]
mod clipboard_tests {
    use super::osc52;

    #[test]
    fn the_clipboard_sequence_carries_the_text_in_base64_and_passes_through_tmux() {
        assert_eq!(osc52("id-1", false), "\x1b]52;c;aWQtMQ==\x07");
        assert_eq!(
            osc52("id-1", true),
            "\x1bPtmux;\x1b\x1b]52;c;aWQtMQ==\x07\x1b\\"
        );
    }
}
