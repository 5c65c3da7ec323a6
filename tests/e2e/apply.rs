//! `tenantdeck apply` as a script runs it, against a stand-in this test owns: the preview of a
//! dry run sends nothing, a real run lands every change, a run killed with SIGKILL mid-way
//! resumes with nothing lost or doubled, bad input and a refused sign-in have their exit codes,
//! and a run journaled as the console journals it is resumed here. Results are read back
//! through the API and from the results file, never taken from the command's word.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use tenantdeck::api::{Mutation, Resource, ResourceData};
use tenantdeck::bulk::journal::{self, Entry, ItemState, Journal, JournalWriter, Outcome, Server};
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::sandbox::{SandboxHandle, Seed};

use crate::get::{cloudmore_profile, command, metal_config, run_in, stderr, stdout};
use crate::metal_support as metal;
use crate::pty::Console;
use crate::support;

const ORG: &str = "Aalto Office Supplies";

/// Runs `tenantdeck --profile c ARGS` on `handle` with `folder` as its data dir and current
/// folder (a resume without `-f` writes its results there).
async fn apply(handle: &SandboxHandle, folder: &Path, args: &[&str]) -> Output {
    let (config, env) = cloudmore_profile(handle);
    apply_with(folder, config, env, args).await
}

async fn apply_with(
    folder: &Path,
    config: String,
    env: Vec<(&'static str, String)>,
    args: &[&str],
) -> Output {
    let mut all = vec!["--profile".to_string(), "c".to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    let folder = folder.to_path_buf();
    tokio::task::spawn_blocking(move || {
        command(&folder, &config, env, &all)
            .current_dir(&folder)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// A CSV of `count` new users named `{tag}NN@apply.example`.
fn users_csv(tag: &str, count: usize) -> String {
    let mut text = String::from("username,first name,last name,email,role\n");
    for n in 0..count {
        let name = format!("{tag}{n:02}@apply.example");
        text.push_str(&format!(
            "{name},Apply,Test {n:02},{name},Organization User\n"
        ));
    }
    text
}

async fn org_id(client: &CloudmoreClient, name: &str) -> String {
    let ResourceData::Organizations(orgs) = client.fetch(&Resource::Organizations).await.unwrap()
    else {
        panic!("organizations");
    };
    orgs.into_iter()
        .find(|o| o.name == name)
        .expect(name)
        .id
        .to_string()
}

/// How many users of `org` have each of the `count` names the CSV of `tag` makes.
async fn times_each(client: &CloudmoreClient, org: &str, tag: &str, count: usize) -> Vec<usize> {
    let users = Resource::Users {
        org: org.to_string(),
    };
    let ResourceData::Users(users) = client.fetch(&users).await.unwrap() else {
        panic!("users");
    };
    (0..count)
        .map(|n| format!("{tag}{n:02}@apply.example"))
        .map(|name| {
            users
                .iter()
                .filter(|u| u.username.eq_ignore_ascii_case(&name))
                .count()
        })
        .collect()
}

/// The outcome column of a results file, row by row.
fn outcomes(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("target,outcome,created,message"));
    lines
        .map(|l| l.split(',').nth(1).unwrap_or_default().to_string())
        .collect()
}

/// The requests that could change something: every one but reads and the sign-in.
fn writes(handle: &SandboxHandle) -> usize {
    handle
        .request_log()
        .iter()
        .filter(|line| !line.starts_with("GET ") && !line.contains("/connect/token"))
        .count()
}

fn server(handle: &SandboxHandle) -> Server {
    Server {
        api_url: handle.base_url(),
        account: handle.credentials().reseller_id.clone(),
        provider: "cloudmore".into(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_prints_the_preview_and_sends_nothing_then_apply_lands_every_change() {
    let stand_in = support::stand_in().await;
    let handle = &stand_in.handle;
    let client = support::client(handle);
    let org = org_id(&client, ORG).await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("new-users.csv");
    let mut csv = users_csv("dry", 5);
    csv.push_str("not-an-address,No,Body,nobody@apply.example,\n");
    std::fs::write(&file, &csv).unwrap();
    let path = file.to_str().unwrap();
    let before = writes(handle);

    let dry = apply(
        handle,
        folder.path(),
        &["apply", "-f", path, "--org", ORG, "--dry-run"],
    )
    .await;
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    let text = stdout(&dry);
    for n in 0..5 {
        let line = format!("+ create user dry{n:02}@apply.example: created (Organization User)");
        assert!(text.contains(&line), "{text}");
    }
    assert!(text.contains("- left out not-an-address: row 7"), "{text}");
    assert!(text.contains("5 of 5 to send, 1 left out"), "{text}");
    assert!(text.contains("dry run: nothing was sent"), "{text}");
    // A read-only profile previews, and refuses to send.
    let read_only =
        |last: &'static str| vec!["--read-only", "apply", "-f", path, "--org", ORG, last];
    let dry_ro = apply(handle, folder.path(), &read_only("--dry-run")).await;
    assert_eq!(dry_ro.status.code(), Some(0), "{}", stderr(&dry_ro));
    let refused = apply(handle, folder.path(), &read_only("--yes")).await;
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("read-only"),
        "{}",
        stderr(&refused)
    );
    // No terminal to ask on and no --yes: nothing is sent.
    let unasked = apply(handle, folder.path(), &["apply", "-f", path, "--org", ORG]).await;
    assert_eq!(unasked.status.code(), Some(2));
    assert!(stderr(&unasked).contains("--yes"), "{}", stderr(&unasked));
    assert_eq!(writes(handle), before, "nothing was sent");
    assert_eq!(times_each(&client, &org, "dry", 5).await, [0; 5]);

    let real = apply(
        handle,
        folder.path(),
        &["apply", "-f", path, "--org", ORG, "-y"],
    )
    .await;
    // One row was left out, so not everything is done: exit code 1.
    assert_eq!(real.status.code(), Some(1), "{}", stderr(&real));
    assert_eq!(times_each(&client, &org, "dry", 5).await, [1; 5]);
    let results = folder.path().join("new-users.csv.results.csv");
    assert_eq!(
        outcomes(&results),
        ["ok", "ok", "ok", "ok", "ok", "skipped"],
        "{}",
        stderr(&real)
    );
    assert!(
        stderr(&real).contains("5 ok, 1 skipped"),
        "{}",
        stderr(&real)
    );
}

/// Users the killed run creates.
const KILLED: usize = 60;

/// A stand-in whose every request takes 150 ms: with two in flight, a run of [`KILLED`] items
/// lasts seconds. Its database lives in `dir`.
async fn slow_stand_in(dir: &tempfile::TempDir) -> SandboxHandle {
    let mut config = support::config(dir, Seed::Demo);
    config.pace.latency = Duration::from_millis(150);
    tenantdeck::sandbox::start(config).await.unwrap()
}

/// Starts `apply -f path --yes --concurrency 2` on `handle` in the background and returns it
/// once the journal shows 10 items done.
async fn started_run(handle: &SandboxHandle, folder: &Path, path: &str) -> std::process::Child {
    let (config, env) = cloudmore_profile(handle);
    let args: Vec<String> = ["--profile", "c", "apply", "-f", path, "--org", ORG]
        .iter()
        .chain(&["--yes", "--concurrency", "2"])
        .map(|a| a.to_string())
        .collect();
    let mut child = command(folder, &config, env, &args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let journal_path = folder.join("journal.jsonl");
    let finished = |run: &journal::RunRecord| {
        run.count(|s| matches!(s, ItemState::Finished(Outcome::Ok { .. })))
    };
    let started = Instant::now();
    loop {
        let done = journal::read(&journal_path)
            .unwrap()
            .last()
            .map_or(0, finished);
        if done >= 10 {
            return child;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the run is slow"
        );
        assert!(child.try_wait().unwrap().is_none(), "ended too soon");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_apply_killed_mid_way_resumes_with_nothing_lost_or_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let handle = slow_stand_in(&dir).await;
    let client = support::client(&handle);
    let org = org_id(&client, ORG).await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("many.csv");
    std::fs::write(&file, users_csv("kill", KILLED)).unwrap();
    let path = file.to_str().unwrap().to_string();
    let journal_path = folder.path().join("journal.jsonl");

    let mut child = started_run(&handle, folder.path(), &path).await;
    child.kill().unwrap(); // SIGKILL: no chance to write anything more.
    child.wait().unwrap();
    let cut = journal::read(&journal_path).unwrap().pop().unwrap();
    let pending = cut.count(|s| matches!(s, ItemState::Pending));
    assert!(
        cut.is_interrupted() && pending > 0,
        "killed mid-way: {pending} pending"
    );
    // The console's startup would offer it too.
    let mut startup = journal::upkeep::prepare(&journal_path, journal::upkeep::ARCHIVE_AFTER)
        .expect("the journal reads");
    let offered = startup.offer("c", &server(&handle));
    assert_eq!(offered.len(), 1, "the console offers the CLI's run");
    assert_eq!(offered[0].run, cut.run);

    let resumed = apply(
        &handle,
        folder.path(),
        &["apply", "--resume", "-y", "-f", &path],
    )
    .await;
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    assert_eq!(times_each(&client, &org, "kill", KILLED).await, [1; KILLED]);
    let results = outcomes(&folder.path().join("many.csv.results.csv"));
    assert_eq!(results.len(), KILLED);
    assert!(
        results.iter().all(|o| o == "ok" || o == "verified-done"),
        "{results:?}"
    );
    let run = journal::read(&journal_path).unwrap().pop().unwrap();
    assert_eq!(run.run, cut.run, "the same run was resumed, not a new one");
    assert!(!run.is_interrupted());

    let again = apply(&handle, folder.path(), &["apply", "--resume", "-y"]).await;
    assert_eq!(again.status.code(), Some(4), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("nothing to resume"),
        "{}",
        stderr(&again)
    );
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_and_a_refused_sign_in_have_their_exit_codes() {
    let stand_in = support::stand_in().await;
    let handle = &stand_in.handle;
    let folder = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let file = folder.path().join(name);
        std::fs::write(&file, text).unwrap();
        file.to_str().unwrap().to_string()
    };
    let cases = [
        (
            write(
                "short.csv",
                "username,email\na@apply.example,a@apply.example\nb@x\n",
            ),
            "line 3: 1 fields, but the header has 2",
        ),
        (
            write(
                "typo.csv",
                "username,emial\na@apply.example,a@apply.example\n",
            ),
            "line 1: unknown column \"emial\"",
        ),
        (
            write("bad.json", r#"[{"kind": "deleteUser", "org": "o"}]"#),
            "change 1: missing field `user`",
        ),
    ];
    let before = writes(handle);
    for (path, message) in &cases {
        let mut args = vec!["apply", "-f", path, "-y"];
        if path.ends_with(".csv") {
            args.extend(["--org", ORG]);
        }
        let output = apply(handle, folder.path(), &args).await;
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let text = stderr(&output);
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            text.contains(path.as_str()) && text.contains(message),
            "{text}"
        );
    }
    let json = write(
        "one.json",
        r#"[{"kind": "deleteUser", "org": "o", "user": "u"}]"#,
    );
    let misled = apply(handle, folder.path(), &["apply", "-f", &json, "--org", ORG]).await;
    assert_eq!(misled.status.code(), Some(2), "{}", stderr(&misled));
    assert!(stderr(&misled).contains("--org is for a CSV file"));
    let csv = write("ok.csv", &users_csv("nobody", 2));
    let nowhere = apply(
        handle,
        folder.path(),
        &["apply", "-f", &csv, "--org", "No such org"],
    )
    .await;
    assert_eq!(nowhere.status.code(), Some(4), "{}", stderr(&nowhere));
    assert_eq!(writes(handle), before, "nothing was sent");

    // A wrong password: the run stops at the first refusal instead of trying every item.
    let org = org_id(&support::client(handle), ORG).await;
    let changes: Vec<serde_json::Value> = (0..20)
        .map(|n| {
            serde_json::json!({
                "kind": "deleteUser", "org": org, "user": format!("no-such-user-{n}")
            })
        })
        .collect();
    let json = write("deletes.json", &serde_json::to_string(&changes).unwrap());
    let (config, mut env) = cloudmore_profile(handle);
    env.retain(|(name, _)| *name != "TENANTDECK_PASSWORD");
    env.push(("TENANTDECK_PASSWORD", "wrong".into()));
    let args = ["apply", "-f", &json, "-y", "--concurrency", "1"];
    let refused = apply_with(folder.path(), config, env, &args).await;
    assert_eq!(refused.status.code(), Some(3), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("sign-in refused"),
        "{}",
        stderr(&refused)
    );
    let run = journal::read(&folder.path().join("journal.jsonl"))
        .unwrap()
        .pop()
        .unwrap();
    let tried = run.count(|s| !matches!(s, ItemState::Pending));
    assert!(tried <= 2, "stopped at the first refusal: {tried} tried");
    // A JSON input gets JSON results.
    let results = std::fs::read_to_string(folder.path().join("deletes.json.results.json"));
    let results: serde_json::Value = serde_json::from_str(&results.unwrap()).unwrap();
    let rows = results.as_array().expect("an array");
    assert_eq!(rows.len(), 20);
    let unsent = rows.iter().filter(|r| r["outcome"] == "not-sent").count();
    assert_eq!(unsent, 20 - tried, "{results}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_journaled_as_the_console_journals_it_is_resumed_by_the_cli() {
    let stand_in = support::stand_in().await;
    let handle = &stand_in.handle;
    let client = support::client(handle);
    let org = org_id(&client, ORG).await;
    let roles = Resource::OrganizationRoles { org: org.clone() };
    let ResourceData::Roles(roles) = client.fetch(&roles).await.unwrap() else {
        panic!("roles");
    };
    // The console's import and the worker's start of a run, on the data dir the CLI uses.
    let plan =
        tenantdeck::bulk::import::users_from_csv(&users_csv("console", 6), &org, &roles).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("journal.jsonl");
    let journal = JournalWriter::spawn(Journal::open(&path).unwrap().with_server(server(handle)));
    let run = tenantdeck::bulk::worker::new_run_id();
    let record = tenantdeck::bulk::runner::begin_with(&journal, &run, "c", plan.into())
        .await
        .unwrap();
    // Its first item was sent and the console died before the answer was journaled.
    let start = Entry::Start {
        run: run.clone(),
        item: 0,
        at: tenantdeck::domain::dates::now_timestamp(),
    };
    journal.append(&start).await.unwrap();
    let Mutation::CreateUser { .. } = &record.items[0].mutation else {
        panic!("a create");
    };
    client.mutate(&record.items[0].mutation).await.unwrap();
    drop(journal);

    let resumed = apply(handle, folder.path(), &["apply", "--resume", &run, "--yes"]).await;
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    assert!(stdout(&resumed).contains("+ checked first: create user console00"));
    assert_eq!(times_each(&client, &org, "console", 6).await, [1; 6]);
    let results = outcomes(
        &folder
            .path()
            .join(format!("tenantdeck-run-{run}.results.csv")),
    );
    assert_eq!(results, ["verified-done", "ok", "ok", "ok", "ok", "ok"]);
    let states = journal::read(&path).unwrap().pop().unwrap().states;
    assert!(
        states
            .iter()
            .all(|s| matches!(s, ItemState::Finished(Outcome::Ok { .. }))),
        "{states:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_stops_the_launching_and_the_results_say_what_was_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let handle = slow_stand_in(&dir).await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("stopped.csv");
    std::fs::write(&file, users_csv("stop", KILLED)).unwrap();
    let path = file.to_str().unwrap().to_string();
    let mut child = started_run(&handle, folder.path(), &path).await;
    let pid = child.id().to_string();
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(interrupted.success());
    // Off the runtime: the stand-in answers the items in flight meanwhile.
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert_eq!(status.code(), Some(1), "not everything was sent");
    let results = outcomes(&folder.path().join("stopped.csv.results.csv"));
    let unsent = results.iter().filter(|o| *o == "not-sent").count();
    assert!(
        unsent > 0 && results.iter().all(|o| o == "ok" || o == "not-sent"),
        "the items in flight were answered before it ended: {results:?}"
    );
    let run = journal::read(&folder.path().join("journal.jsonl"))
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(run.count(|s| matches!(s, ItemState::Pending)), unsent);
    assert_eq!(run.count(|s| matches!(s, ItemState::Unknown)), 0);
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn metal_invitations_from_a_csv_land_in_the_organization() {
    let stand_in = metal::start(Seed::Demo).await;
    let token = stand_in.account(metal::MAIN).token;
    let config = metal_config(&stand_in.handle);
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("invites.csv");
    let csv = "email,roles\nfirst@invite.example,collaborator\nsecond@invite.example,admin\n";
    std::fs::write(&file, csv).unwrap();
    let path = file.to_str().unwrap();
    let org = "Brightline Hosting";
    let args = ["--profile", "m", "apply", "-f", path, "--org", org, "-y"];
    let env = vec![("TENANTDECK_TOKEN", token)];
    let output = run_in(folder.path(), config, env, &args).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let api = stand_in.as_user(metal::MAIN);
    let id = api.org_named(org).await["id"].as_str().unwrap().to_string();
    let invited = api
        .all(&format!("/organizations/{id}/invitations"), "invitations")
        .await;
    for email in ["first@invite.example", "second@invite.example"] {
        let times = invited.iter().filter(|i| i["invitee"] == email).count();
        assert_eq!(times, 1, "{email} invited once: {invited:?}");
    }
    assert_eq!(
        outcomes(&folder.path().join("invites.csv.results.csv")),
        ["ok", "ok"]
    );
}

#[test]
fn on_a_terminal_apply_asks_first_and_sends_only_on_yes() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand_in = runtime.block_on(support::stand_in());
    let handle = &stand_in.handle;
    let client = support::client(handle);
    let org = runtime.block_on(org_id(&client, ORG));
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("asked.csv");
    std::fs::write(&file, users_csv("asked", 3)).unwrap();
    let args = ["apply", "-f", file.to_str().unwrap(), "--org", ORG];
    let wait = Duration::from_secs(30);

    let mut declined = Console::on_stand_in_with(handle, None, &args);
    declined.wait_for("the question", wait, |s| s.contains("[y/N]"));
    declined.type_keys("\r");
    assert!(!declined.wait_exit(wait), "no answer is no");
    assert!(declined.screen_text().contains("not confirmed"));
    assert_eq!(
        runtime.block_on(times_each(&client, &org, "asked", 3)),
        [0; 3]
    );

    let mut confirmed = Console::on_stand_in_with(handle, None, &args);
    let question = confirmed.wait_for("the question", wait, |s| s.contains("[y/N]"));
    assert!(
        question.contains("Send 3 changes to Cloudmore at"),
        "{question}"
    );
    confirmed.type_keys("y\r");
    assert!(confirmed.wait_exit(wait), "{}", confirmed.screen_text());
    assert!(confirmed.screen_text().contains("3 ok; results in"));
    assert_eq!(
        runtime.block_on(times_each(&client, &org, "asked", 3)),
        [1; 3]
    );
}
