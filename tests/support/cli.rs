//! `tenantdeck sandbox` started as a person starts it, and what it prints read back.

/// `tenantdeck sandbox --dialect DIALECT` as a person starts it, on a free port with a new
/// database in `dir`: the running process and what it printed up to "Press Ctrl-C".
pub async fn sandbox_command(
    dialect: &str,
    dir: &tempfile::TempDir,
) -> (std::process::Child, SandboxPrintout) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tenantdeck"))
        .args([
            "sandbox",
            "--dialect",
            dialect,
            "--listen",
            "127.0.0.1:0",
            "--db",
        ])
        .arg(dir.path().join("cli.db"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = std::io::BufReader::new(child.stdout.take().expect("its output"));
    let lines = tokio::task::spawn_blocking(move || {
        let mut lines = Vec::new();
        for line in stdout.lines().map_while(Result::ok) {
            let done = line.starts_with("Press Ctrl-C");
            lines.push(line);
            if done {
                break;
            }
        }
        lines
    })
    .await
    .expect("the output is read");
    (child, SandboxPrintout { lines })
}

/// What `tenantdeck sandbox` printed.
pub struct SandboxPrintout {
    pub lines: Vec<String>,
}

impl SandboxPrintout {
    /// The first word after `label` on the first line that starts with it.
    pub fn value(&self, label: &str) -> String {
        let line = self
            .lines
            .iter()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} in {:?}", self.lines));
        line.trim_start()[label.len()..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    }
}
