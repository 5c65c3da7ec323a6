//! `tenantdeck get` as a script runs it: the built binary with a config file and secrets in the
//! environment, against a stand-in started by the test, read back from standard output, with
//! the exit codes `--help` promises and one plain line on standard error.

use std::process::Output;

use serde_json::Value;
use tenantdeck::sandbox::{SandboxHandle, Seed};

use crate::metal_support as metal;
use crate::support;

/// The binary as a script runs it: `config` as its config file (in `folder`, private), its
/// data dir (journal, log) `folder`, no secrets from the test's own environment, `env` set.
pub(crate) fn command(
    folder: &std::path::Path,
    config: &str,
    env: Vec<(&'static str, String)>,
    args: &[String],
) -> std::process::Command {
    let path = folder.join("config.toml");
    std::fs::write(&path, config).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tenantdeck"));
    command
        .args(args)
        .env("TENANTDECK_CONFIG", &path)
        .env("TENANTDECK_DATA_DIR", folder)
        .env_remove("TENANTDECK_PASSWORD")
        .env_remove("TENANTDECK_CLIENT_SECRET")
        .env_remove("TENANTDECK_TOKEN")
        .envs(env);
    command
}

/// Runs the binary with `config` and `env` in a folder of its own, from a blocking thread (the
/// stand-in runs on the test's runtime).
async fn run(config: String, env: Vec<(&'static str, String)>, args: &[&str]) -> Output {
    let folder = tempfile::tempdir().unwrap();
    run_in(folder.path(), config, env, args).await
}

/// [`run`] with `folder` as its data dir, which outlives the run (the journal of `apply`).
pub(crate) async fn run_in(
    folder: &std::path::Path,
    config: String,
    env: Vec<(&'static str, String)>,
    args: &[&str],
) -> Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let folder = folder.to_path_buf();
    tokio::task::spawn_blocking(move || command(&folder, &config, env, &args).output().unwrap())
        .await
        .unwrap()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub(crate) fn metal_config(handle: &SandboxHandle) -> String {
    format!(
        "[profiles.m]\nprovider = \"metal\"\napi_url = \"{}{}\"\n",
        handle.base_url(),
        tenantdeck::sandbox::METAL_BASE_PATH
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn metal_lists_stream_as_json_lines_and_failures_have_their_exit_codes() {
    let stand_in = metal::start(Seed::Demo).await;
    let token = stand_in.account(metal::MAIN).token;
    let config = metal_config(&stand_in.handle);
    let env = || vec![("TENANTDECK_TOKEN", token.clone())];
    let get = |args: &'static [&'static str]| run(config.clone(), env(), args);

    let orgs = get(&["--profile", "m", "get", "organizations", "-o", "jsonl"]).await;
    assert!(orgs.status.success(), "{}", stderr(&orgs));
    let rows: Vec<Value> = stdout(&orgs)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expected = stand_in
        .as_user(metal::MAIN)
        .all("/organizations?per_page=1000", "organizations")
        .await;
    assert_eq!(rows.len(), expected.len(), "every organization, no project");
    assert!(rows.iter().all(|r| r["kind"] == "organization"));

    let members = get(&[
        "--profile",
        "m",
        "get",
        "members",
        "--org",
        "brightline hosting",
        "-o",
        "csv",
        "--columns",
        "email,roles",
    ])
    .await;
    assert!(members.status.success(), "{}", stderr(&members));
    let csv = stdout(&members);
    assert_eq!(csv.lines().next(), Some("email,roles"));
    assert!(csv.contains("morgan.lee@brightline.example,owner"), "{csv}");

    let usage = get(&["--profile", "m", "get", "users"]).await;
    assert_eq!(usage.status.code(), Some(2));
    assert_eq!(
        stderr(&usage).trim(),
        "tenantdeck: error: Equinix Metal has no users; it has: organizations, projects, members, invitations"
    );
    let missing = get(&[
        "--profile",
        "m",
        "get",
        "members",
        "--org",
        "nothing like it",
    ])
    .await;
    assert_eq!(missing.status.code(), Some(4), "{}", stderr(&missing));

    let refused = run(
        config.clone(),
        vec![("TENANTDECK_TOKEN", "not-a-token".into())],
        &["--profile", "m", "get", "organizations"],
    )
    .await;
    assert_eq!(refused.status.code(), Some(3), "{}", stderr(&refused));
    assert_eq!(stderr(&refused).lines().count(), 1, "{}", stderr(&refused));
    assert!(stdout(&refused).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn cloudmore_users_of_an_organization_named_as_people_say_it() {
    let stand_in = support::start(Seed::Demo).await;
    let (config, env) = cloudmore_profile(&stand_in.handle);
    let users = run(
        config.clone(),
        env.clone(),
        &[
            "--profile",
            "c",
            "get",
            "users",
            "--org",
            "Aalto Office Supplies",
            "-o",
            "json",
        ],
    )
    .await;
    assert!(users.status.success(), "{}", stderr(&users));
    let rows: Value = serde_json::from_str(&stdout(&users)).unwrap();
    let rows = rows.as_array().expect("a JSON array");
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|u| u["email"].as_str().is_some_and(|e| e.contains('@')))
    );

    let groups = run(
        config.clone(),
        env.clone(),
        &["--profile", "c", "get", "groups", "-o", "csv"],
    )
    .await;
    assert!(groups.status.success(), "{}", stderr(&groups));
    let text = stdout(&groups);
    assert!(
        text.starts_with("id,name,membersCount,description"),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.contains(",Key accounts,12,")),
        "{text}"
    );

    let table = run(
        config,
        env,
        &[
            "--profile",
            "c",
            "get",
            "organizations",
            "--filter",
            "aalto",
        ],
    )
    .await;
    assert!(table.status.success(), "{}", stderr(&table));
    let text = stdout(&table);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("id "), "{text}");
    assert!(
        lines
            .iter()
            .skip(1)
            .all(|l| l.to_lowercase().contains("aalto")),
        "{text}"
    );
    assert!(lines.len() >= 2, "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn completions_and_the_manual_page_know_every_subcommand_and_help_shows_examples() {
    for shell in ["bash", "zsh", "fish"] {
        let output = run(String::new(), Vec::new(), &["completions", shell]).await;
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        for word in ["get", "demo", "sandbox", "org", "jsonl"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    let man = run(String::new(), Vec::new(), &["man"]).await;
    assert!(
        stdout(&man).contains(".TH tenantdeck 1"),
        "{}",
        stdout(&man)
    );
    let help = run(String::new(), Vec::new(), &["help", "get"]).await;
    let text = stdout(&help);
    assert!(
        text.contains("Examples:") && text.contains("4 not found"),
        "{text}"
    );
    for command in [
        "demo",
        "sandbox",
        "get",
        "export",
        "apply",
        "completions",
        "man",
        "cache",
    ] {
        let help = run(String::new(), Vec::new(), &[command, "--help"]).await;
        let text = stdout(&help);
        assert!(text.contains("Examples:"), "{command}: {text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn export_reads_every_organization_into_a_file_and_a_failure_leaves_the_old_one() {
    let stand_in = metal::start(Seed::Demo).await;
    let token = stand_in.account(metal::MAIN).token;
    let config = metal_config(&stand_in.handle);
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("members.jsonl");
    let path = file.to_str().unwrap().to_string();
    let env = vec![("TENANTDECK_TOKEN", token.clone())];
    let args = ["--profile", "m", "export", "members", "-f", &path];
    let output = run(config.clone(), env.clone(), &args).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&file).unwrap();
    let rows: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(stderr(&output).contains(&format!("wrote {} rows to", rows.len())));

    // One organization's part is what `get` says of it alone.
    let one = run(
        config.clone(),
        env.clone(),
        &[
            "--profile",
            "m",
            "get",
            "members",
            "--org",
            "Brightline Hosting",
            "-o",
            "jsonl",
        ],
    )
    .await;
    let alone: Vec<Value> = stdout(&one)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let part: Vec<&Value> = rows
        .iter()
        .filter(|r| r["organizationName"] == "Brightline Hosting")
        .collect();
    assert_eq!(part.len(), alone.len());
    let organizations: std::collections::HashSet<&str> = rows
        .iter()
        .filter_map(|r| r["organizationId"].as_str())
        .collect();
    assert!(
        organizations.len() > 5,
        "every organization's members: {}",
        organizations.len()
    );

    let refused = run(config, vec![("TENANTDECK_TOKEN", "wrong".into())], &args).await;
    assert_eq!(refused.status.code(), Some(3));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text,
        "the old file stays whole"
    );
}

/// A Cloudmore profile `c` over `handle`, with its secrets for the environment.
pub(crate) fn cloudmore_profile(handle: &SandboxHandle) -> (String, Vec<(&'static str, String)>) {
    let demo = handle.credentials().clone();
    let config = format!(
        "[profiles.c]\napi_url = \"{}\"\nreseller_id = \"{}\"\nusername = \"{}\"\nclient_id = \"{}\"\n",
        handle.base_url(),
        demo.reseller_id,
        demo.username,
        demo.client_id
    );
    let env = vec![
        ("TENANTDECK_PASSWORD", demo.password),
        ("TENANTDECK_CLIENT_SECRET", demo.client_secret),
    ];
    (config, env)
}

/// Every organization's services, as `(organization, service, status)` sorted.
async fn exported_services(handle: &SandboxHandle) -> Vec<(String, String, String)> {
    let (config, env) = cloudmore_profile(handle);
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("services.jsonl");
    let path = file.to_str().unwrap().to_string();
    let output = run(
        config,
        env,
        &["--profile", "c", "export", "services", "-f", &path],
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&file).unwrap();
    let mut rows: Vec<(String, String, String)> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| {
            let text = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (text("organizationName"), text("name"), text("status"))
        })
        .collect();
    rows.sort();
    rows
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_against_a_server_that_throttles_waits_its_turn_and_loses_nothing() {
    let calm = support::start(Seed::Demo).await;
    let expected = exported_services(&calm.handle).await;
    assert!(expected.len() > 50, "{} services", expected.len());
    // The same demo data behind 20 ms of latency and a limit of 60 requests a second: 429s
    // with Retry-After are waited out, never retried in a loop, and every row still comes.
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config(&dir, Seed::Demo);
    config.pace.latency = std::time::Duration::from_millis(20);
    config.pace.rate_limit = Some(60);
    let rude = tenantdeck::sandbox::start(config).await.unwrap();
    assert_eq!(exported_services(&rude).await, expected);
}
