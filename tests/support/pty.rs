//! Drives the real `tenantdeck` binary in a pseudo-terminal and reads its screen through a
//! terminal emulator (vt100), the way a person would see it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;

pub struct Console {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    _data_dir: tempfile::TempDir,
}

/// Whether the status line shows no spinner, so no read or save is on its way (the spinner's
/// glyphs are braille cells, `ui::theme::spinner`).
pub fn idle(screen: &str) -> bool {
    !screen
        .chars()
        .any(|c| ('\u{2800}'..='\u{28ff}').contains(&c))
}

impl Console {
    /// Starts `tenantdeck ARGS` with a private data dir and no config file.
    pub fn start(args: &[&str]) -> Console {
        Console::start_with_env(args, &[])
    }

    /// [`Console::start`] with extra environment variables (credentials for `--api-url`).
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Console {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let data_dir = tempfile::tempdir().unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_tenantdeck"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("TENANTDECK_DATA_DIR", data_dir.path());
        command.env("TENANTDECK_CONFIG", data_dir.path().join("absent.toml"));
        command.cwd(data_dir.path());
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pty.slave.spawn_command(command).expect("the binary starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (screen_in, raw_in) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                screen_in.lock().unwrap().process(&buffer[..n]);
                raw_in.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        Console {
            master: pty.master,
            writer,
            child,
            screen,
            raw,
            _data_dir: data_dir,
        }
    }

    /// The console against a stand-in, signed in as its main reseller, with `data_dir` as its
    /// data dir when given (to share a journal between two starts), else a private one.
    pub fn on_stand_in(
        handle: &tenantdeck::sandbox::SandboxHandle,
        data_dir: Option<&Path>,
    ) -> Console {
        Console::on_stand_in_with(handle, data_dir, &[])
    }

    /// [`Console::on_stand_in`] with more arguments (`--offline`).
    pub fn on_stand_in_with(
        handle: &tenantdeck::sandbox::SandboxHandle,
        data_dir: Option<&Path>,
        more: &[&str],
    ) -> Console {
        let demo = handle.credentials();
        let base_url = handle.base_url();
        let mut args = vec![
            "--api-url",
            base_url.as_str(),
            "--reseller-id",
            demo.reseller_id.as_str(),
            "--username",
            demo.username.as_str(),
        ];
        args.extend_from_slice(more);
        let data = data_dir.map(|d| d.to_string_lossy().into_owned());
        let mut env = vec![
            ("TENANTDECK_PASSWORD", demo.password.as_str()),
            ("TENANTDECK_CLIENT_SECRET", demo.client_secret.as_str()),
        ];
        if let Some(data) = &data {
            env.push(("TENANTDECK_DATA_DIR", data.as_str()));
        }
        Console::start_with_env(&args, &env)
    }

    pub fn data_dir(&self) -> &Path {
        self._data_dir.path()
    }

    pub fn screen_text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `test`; fails with the last screen after `timeout`.
    pub fn wait_for(&self, what: &str, timeout: Duration, test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let text = self.screen_text();
            if test(&text) {
                return text;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen was:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_for_text(&self, needle: &str) -> String {
        self.wait_for(&format!("'{needle}'"), Duration::from_secs(20), |s| {
            s.contains(needle)
        })
    }

    pub fn type_keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the process to end and returns whether it exited successfully.
    pub fn wait_exit(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread catch the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.success();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the console did not exit; screen:\n{}", self.screen_text());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn tty_path(&self) -> PathBuf {
        self.master.tty_name().expect("the pty has a name")
    }

    /// The terminal's line settings as `stty -a` prints them.
    pub fn stty(&self) -> String {
        let output = std::process::Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(self.tty_path())
            .output()
            .expect("stty runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Asserts the console left the terminal as it found it: cooked mode with echo, the
    /// alternate screen left, the cursor shown.
    pub fn assert_restored(&self) {
        let stty = self.stty();
        let flags: Vec<&str> = stty.split_whitespace().collect();
        assert!(flags.contains(&"icanon"), "canonical mode restored: {stty}");
        assert!(flags.contains(&"echo"), "echo restored: {stty}");
        let raw = self.raw_output();
        let last = |pattern: &[u8]| raw.windows(pattern.len()).rposition(|w| w == pattern);
        let entered = last(b"\x1b[?1049h").expect("the console used the alternate screen");
        let left = last(b"\x1b[?1049l").expect("the console left the alternate screen");
        assert!(
            left > entered,
            "left the alternate screen after entering it"
        );
        assert!(
            last(b"\x1b[?25h").is_some_and(|shown| shown > entered),
            "cursor shown again"
        );
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
