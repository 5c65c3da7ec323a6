//! The layering rules of DESIGN.md, checked on the source tree: `domain` and `api` never touch
//! the terminal, `ui` never touches HTTP or the database, `sandbox` never touches the console,
//! and the lock file holds exactly one crossterm.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Files under `src/<layer>` (folder) or `src/<layer>.rs` that mention any forbidden crate path.
fn violations(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    if src.join(layer).is_dir() {
        rust_files(&src.join(layer), &mut files);
    }
    let single = src.join(format!("{layer}.rs"));
    if single.is_file() {
        files.push(single);
    }
    assert!(!files.is_empty(), "layer {layer} has no source files");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in forbidden {
                let used =
                    code.contains(&format!("{name}::")) || code.contains(&format!("use {name}"));
                if used {
                    found.push(format!(
                        "{}:{}: {}",
                        file.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn domain_and_api_know_nothing_of_the_terminal() {
    for layer in ["domain", "api"] {
        let found = violations(
            layer,
            &[
                "ratatui",
                "crossterm",
                "tui_input",
                "crate::ui",
                "crate::app",
            ],
        );
        assert!(
            found.is_empty(),
            "{layer} imports the terminal:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn ui_knows_nothing_of_http_or_storage() {
    let found = violations("ui", &["reqwest", "axum", "rusqlite", "crate::sandbox"]);
    assert!(
        found.is_empty(),
        "ui imports HTTP or storage:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_stand_in_knows_nothing_of_the_console() {
    let found = violations(
        "sandbox",
        &[
            "crate::ui",
            "crate::app",
            "ratatui",
            "crossterm",
            "crate::api",
        ],
    );
    assert!(
        found.is_empty(),
        "sandbox imports the console:\n{}",
        found.join("\n")
    );
}

#[test]
fn exactly_one_crossterm_in_the_lock_file() {
    let lock =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    let count = lock.matches("name = \"crossterm\"\n").count();
    assert_eq!(count, 1, "crossterm versions in Cargo.lock");
}
