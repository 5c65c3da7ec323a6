//! Each failure of `get` through the real binary, per provider: its exit code (0 ok, 1 API
//! error, 2 usage, 3 sign-in refused, 4 not found) and one plain line on standard error, as
//! the README promises scripts. What the rows are is checked in-process
//! (`tests/contract/script_kinds.rs`); here only what a process shows.

use std::process::Output;

use tenantdeck::sandbox::{SandboxHandle, Seed};

use crate::get::{cloudmore_profile, metal_config, run_in, stderr, stdout};
use crate::metal_support as metal;
use crate::pulse_support as pulse;
use crate::support;

/// One run of the binary and what it must end with.
struct Exit {
    why: &'static str,
    args: &'static [&'static str],
    /// The secret given instead of the right one (a refused sign-in).
    wrong_secret: bool,
    /// Requests whose path contains this answer 500, every retry too.
    failing: Option<&'static str>,
    code: i32,
    /// A piece of the one line on standard error.
    says: &'static str,
}

const fn exit(why: &'static str, args: &'static [&'static str], code: i32) -> Exit {
    Exit {
        why,
        args,
        wrong_secret: false,
        failing: None,
        code,
        says: "",
    }
}

/// A profile over one stand-in: its config, its secret's variable and the right secret.
struct Profile<'a> {
    handle: &'a SandboxHandle,
    config: String,
    env: Vec<(&'static str, String)>,
    secret: &'static str,
}

/// Runs every `exit` with `profile`, each in a folder of its own, and checks how it ended.
async fn check(profile: &Profile<'_>, exits: &[Exit]) {
    for exit in exits {
        let mut env = profile.env.clone();
        if exit.wrong_secret {
            env.retain(|(name, _)| *name != profile.secret);
            env.push((profile.secret, "not-the-secret".into()));
        }
        if let Some(path) = exit.failing {
            profile.handle.fail_next(path, 500, 1000);
        }
        let folder = tempfile::tempdir().unwrap();
        let output = run_in(folder.path(), profile.config.clone(), env, exit.args).await;
        profile.handle.faults().clear();
        assert_eq!(
            output.status.code(),
            Some(exit.code),
            "{}: {}",
            exit.why,
            stderr(&output)
        );
        if exit.code == 0 {
            assert!(
                stderr(&output).is_empty(),
                "{}: {}",
                exit.why,
                stderr(&output)
            );
        } else {
            assert_one_plain_line(exit, &output);
        }
    }
}

/// Standard error is `tenantdeck: error: …` on one line, with no escape sequence (colour),
/// and nothing went to standard output a script would read as rows.
fn assert_one_plain_line(exit: &Exit, output: &Output) {
    let text = stderr(output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{}: {text}", exit.why);
    assert!(
        lines[0].starts_with("tenantdeck: error: "),
        "{}: {text}",
        exit.why
    );
    assert!(!text.contains('\u{1b}'), "{}: {text:?}", exit.why);
    assert!(lines[0].contains(exit.says), "{}: {text}", exit.why);
    assert!(
        stdout(output).is_empty(),
        "{}: {}",
        exit.why,
        stdout(output)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_cloudmore_failure_of_get_has_its_exit_code_and_one_plain_line() {
    let stand_in = support::start(Seed::Demo).await;
    let (config, env) = cloudmore_profile(&stand_in.handle);
    let profile = Profile {
        handle: &stand_in.handle,
        config,
        env,
        secret: "TENANTDECK_PASSWORD",
    };
    let orgs = &["--profile", "c", "get", "organizations", "-o", "json"];
    let exits = [
        exit("a list", orgs, 0),
        Exit {
            failing: Some("/organizations"),
            says: "500",
            ..exit("the API answers 500", orgs, 1)
        },
        Exit {
            says: "<KIND>",
            ..exit("no kind", &["--profile", "c", "get"], 2)
        },
        Exit {
            says: "widgets",
            ..exit("an unknown kind", &["--profile", "c", "get", "widgets"], 2)
        },
        Exit {
            says: "xml",
            ..exit(
                "an unknown format",
                &["--profile", "c", "get", "roles", "-o", "xml"],
                2,
            )
        },
        Exit {
            says: "nosuch",
            ..exit(
                "a column no row has",
                &["--profile", "c", "get", "roles", "--columns", "id,nosuch"],
                2,
            )
        },
        Exit {
            says: "--org",
            ..exit(
                "users of no organization",
                &["--profile", "c", "get", "users"],
                2,
            )
        },
        Exit {
            wrong_secret: true,
            ..exit("a wrong password", orgs, 3)
        },
        Exit {
            says: "nothing like it",
            ..exit(
                "an unknown organization",
                &["--profile", "c", "get", "users", "--org", "nothing like it"],
                4,
            )
        },
    ];
    check(&profile, &exits).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_pulse_failure_of_get_has_its_exit_code_and_one_plain_line() {
    let stand_in = pulse::start(Seed::Demo).await;
    let operator = stand_in.operator();
    let config = format!(
        "[profiles.p]\nprovider = \"pulse\"\napi_url = \"{}\"\nusername = \"{}\"\n",
        stand_in.handle.base_url(),
        operator.username
    );
    let profile = Profile {
        handle: &stand_in.handle,
        config,
        env: vec![("TENANTDECK_PASSWORD", operator.password.clone())],
        secret: "TENANTDECK_PASSWORD",
    };
    let orgs = &["--profile", "p", "get", "organizations", "-o", "csv"];
    let exits = [
        exit("a list", orgs, 0),
        Exit {
            failing: Some("/api/organizations"),
            ..exit("the API answers 500", orgs, 1)
        },
        Exit {
            says: "has no users",
            ..exit(
                "a kind Pulse has not",
                &["--profile", "p", "get", "users"],
                2,
            )
        },
        Exit {
            wrong_secret: true,
            ..exit("a wrong password", orgs, 3)
        },
        Exit {
            says: "nothing like it",
            ..exit(
                "an unknown organization",
                &[
                    "--profile",
                    "p",
                    "get",
                    "organizations",
                    "--org",
                    "nothing like it",
                ],
                4,
            )
        },
    ];
    check(&profile, &exits).await;
}

/// Metal's usage, refused token and unknown organization are in `get.rs`; its API error here.
#[tokio::test(flavor = "multi_thread")]
async fn a_metal_api_error_ends_get_with_exit_code_one() {
    let stand_in = metal::start(Seed::Demo).await;
    let profile = Profile {
        handle: &stand_in.handle,
        config: metal_config(&stand_in.handle),
        env: vec![("TENANTDECK_TOKEN", stand_in.account(metal::MAIN).token)],
        secret: "TENANTDECK_TOKEN",
    };
    let projects = &["--profile", "m", "get", "projects", "-o", "yaml"];
    let exits = [
        exit("a list", projects, 0),
        Exit {
            failing: Some("/organizations"),
            ..exit("the API answers 500", projects, 1)
        },
    ];
    check(&profile, &exits).await;
}
