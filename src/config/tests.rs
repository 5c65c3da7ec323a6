//! Tests of profiles: parsing with lines, per-provider keys, overrides and where secrets come from.

use super::*;

fn path() -> PathBuf {
    PathBuf::from("/tmp/config.toml")
}

fn cloudmore(resolved: &ResolvedProfile) -> &ClientConfig {
    match &resolved.client {
        ClientSettings::Cloudmore(config) => config,
        other => panic!("not a Cloudmore profile: {other:?}"),
    }
}

#[test]
fn malformed_config_names_file_and_line() {
    let err = parse(
        "default_profile = \"a\"\n[profiles.a]\napi_url = = 3\n",
        &path(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("/tmp/config.toml: line 3"), "{err}");
}

#[test]
fn a_password_in_the_file_is_refused_with_advice() {
    let err = parse("[profiles.a]\npassword = \"hunter2\"\n", &path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains(PASSWORD_ENV), "{err}");
    assert!(
        !err.contains("hunter2"),
        "the secret must not be echoed: {err}"
    );
}

#[test]
fn no_profile_suggests_demo_and_names_the_path() {
    let err = resolve(&ConfigFile::default(), &Overrides::default(), &path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("/tmp/config.toml"));
    assert!(err.contains("tenantdeck demo"));
}

#[test]
fn flags_override_the_profile_and_commands_supply_secrets() {
    let file = parse(
        "[profiles.a]\napi_url = \"http://x\"\nreseller_id = \"r\"\nusername = \"u@x.com\"\npassword_command = \"printf 'pw\\\\n'\"\nclient_secret_command = \"echo cs\"\n",
        &path(),
    )
    .unwrap();
    let overrides = Overrides {
        username: Some("other@x.com".into()),
        ..Default::default()
    };
    let no_env = |_: &str| None;
    let resolved = resolve_with_env(&file, &overrides, &path(), &no_env).unwrap();
    assert_eq!(cloudmore(&resolved).username, "other@x.com");
    assert_eq!(cloudmore(&resolved).password.expose(), "pw");
    assert_eq!(cloudmore(&resolved).client_secret.expose(), "cs");
    assert_eq!(cloudmore(&resolved).client_id, CLOUDMORE_CLIENT_ID);
    assert_eq!(resolved.inactive_after_days, 90);
    assert_eq!(resolved.bulk_concurrency, 8);
    assert_eq!(cloudmore(&resolved).max_in_flight, 8);

    let env = |name: &str| (name == PASSWORD_ENV).then(|| "from-env".to_string());
    let resolved = resolve_with_env(&file, &overrides, &path(), &env).unwrap();
    assert_eq!(
        cloudmore(&resolved).password.expose(),
        "from-env",
        "the variable wins"
    );
    assert_eq!(cloudmore(&resolved).client_secret.expose(), "cs");
}

#[test]
fn the_profile_says_where_its_password_came_from() {
    let file = parse(
        "[profiles.a]\napi_url = \"http://x\"\nreseller_id = \"r\"\nusername = \"u@x.com\"\npassword_command = \"printf pw\"\nclient_secret_command = \"echo cs\"\n",
        &path(),
    )
    .unwrap();
    let no_env = |_: &str| None;
    let resolved = resolve_with_env(&file, &Overrides::default(), &path(), &no_env).unwrap();
    assert_eq!(resolved.password_source, "password_command (printf pw)");
    assert_eq!(
        resolved.password_command.map(|(c, _)| c).as_deref(),
        Some("printf pw")
    );
    let env = |name: &str| (name == PASSWORD_ENV).then(|| "from-env".to_string());
    let resolved = resolve_with_env(&file, &Overrides::default(), &path(), &env).unwrap();
    assert_eq!(resolved.password_source, PASSWORD_ENV);
    assert!(resolved.password_command.is_none(), "the variable wins");
}

#[test]
fn a_missing_secret_names_the_variable_and_a_failing_command_hides_its_output() {
    let file = parse(
        "[profiles.a]\napi_url = \"http://x\"\nreseller_id = \"r\"\nusername = \"u@x.com\"\nclient_secret_command = \"echo leaked; exit 3\"\n",
        &path(),
    )
    .unwrap();
    let no_env = |_: &str| None;
    let err = resolve_with_env(&file, &Overrides::default(), &path(), &no_env)
        .unwrap_err()
        .to_string();
    assert!(err.contains(PASSWORD_ENV), "{err}");
    let env = |name: &str| (name == PASSWORD_ENV).then(|| "pw".to_string());
    let err = resolve_with_env(&file, &Overrides::default(), &path(), &env)
        .unwrap_err()
        .to_string();
    assert!(err.contains("client_secret_command failed"), "{err}");
    assert!(
        !err.contains("leaked"),
        "standard output is never echoed: {err}"
    );
}

#[test]
fn max_in_flight_is_read_from_the_profile() {
    let file = parse(
        "[profiles.a]\napi_url = \"http://x\"\nreseller_id = \"r\"\nusername = \"u@x.com\"\nmax_in_flight = 3\n",
        &path(),
    )
    .unwrap();
    let env = |_: &str| Some("secret".to_string());
    let resolved = resolve_with_env(&file, &Overrides::default(), &path(), &env).unwrap();
    assert_eq!(cloudmore(&resolved).max_in_flight, 3);
}

#[test]
fn unknown_profile_lists_the_known_ones() {
    let file = parse("[profiles.a]\n[profiles.b]\n", &path()).unwrap();
    let overrides = Overrides {
        profile: Some("c".into()),
        ..Default::default()
    };
    let err = resolve(&file, &overrides, &path()).unwrap_err().to_string();
    assert!(err.contains("known: a, b"), "{err}");
}

#[test]
fn a_profile_without_a_provider_is_cloudmore_and_a_pulse_one_needs_no_reseller() {
    let file = parse(
        "[profiles.c]\napi_url = \"http://x\"\nreseller_id = \"r\"\nusername = \"u\"\n\n[profiles.p]\nprovider = \"pulse\"\napi_url = \"http://iot\"\nusername = \"ops\"\n",
        &path(),
    )
    .unwrap();
    let env = |_: &str| Some("secret".to_string());
    let pick = |name: &str| Overrides {
        profile: Some(name.into()),
        ..Default::default()
    };
    let cloudmore = resolve_with_env(&file, &pick("c"), &path(), &env).unwrap();
    assert_eq!(cloudmore.client.provider(), ProviderKind::Cloudmore);
    assert_eq!(cloudmore.client.account(), "r");
    let pulse = resolve_with_env(&file, &pick("p"), &path(), &env).unwrap();
    match &pulse.client {
        ClientSettings::Pulse(config) => {
            assert_eq!(config.base_url, "http://iot");
            assert_eq!(config.username, "ops");
            assert_eq!(config.password.expose(), "secret");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(pulse.client.account(), "ops");
    let no_password = |_: &str| None;
    let err = resolve_with_env(&file, &pick("p"), &path(), &no_password)
        .unwrap_err()
        .to_string();
    assert!(err.contains(PASSWORD_ENV), "{err}");
}

#[test]
fn a_key_the_provider_has_no_use_for_is_refused_with_its_line() {
    let text = "[profiles.iot]\nprovider = \"pulse\"\napi_url = \"http://iot\"\nusername = \"ops\"\nreseller_id = \"r\"\n";
    let err = parse(text, &path()).unwrap_err().to_string();
    assert!(err.starts_with("/tmp/config.toml: line 5"), "{err}");
    assert!(err.contains("reseller_id"), "{err}");
    assert!(err.contains("pulse"), "{err}");
    let err = parse("[profiles.a]\ntoken_command = \"pass metal\"\n", &path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("token_command"), "{err}");
    let err = parse("[profiles.a]\nprovider = \"vmware\"\n", &path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("cloudmore"), "names the choices: {err}");
}

fn metal(resolved: &ResolvedProfile) -> &MetalConfig {
    match &resolved.client {
        ClientSettings::Metal(config) => config,
        other => panic!("not a Metal profile: {other:?}"),
    }
}

#[test]
fn a_metal_profile_resolves_its_url_and_its_token_from_the_variable_or_the_command() {
    let file = parse(
        "[profiles.m]\nprovider = \"metal\"\napi_url = \"http://metal/metal/v1\"\ntoken_command = \"echo tok-$((40 + 2))\"\nmax_in_flight = 2\ntimeout_secs = 7\n\n[profiles.d]\nprovider = \"metal\"\n",
        &path(),
    )
    .unwrap();
    let pick = |name: &str| Overrides {
        profile: Some(name.into()),
        ..Default::default()
    };
    let no_env = |_: &str| None;
    let resolved = resolve_with_env(&file, &pick("m"), &path(), &no_env).unwrap();
    assert_eq!(resolved.client.provider(), ProviderKind::Metal);
    let config = metal(&resolved);
    assert_eq!(config.base_url, "http://metal/metal/v1");
    assert_eq!(config.token.expose(), "tok-42");
    assert_eq!((config.max_in_flight, config.timeout.as_secs()), (2, 7));
    assert_eq!(config.per_page, metal::DEFAULT_PER_PAGE);
    assert_eq!(resolved.client.account(), "m", "the profile labels the key");
    assert_eq!(
        resolved.password_source,
        "token_command (echo tok-$((40 + 2)))"
    );
    assert!(resolved.password_command.is_none());
    assert!(!format!("{resolved:?}").contains("tok-42"), "never printed");

    let env = |name: &str| (name == TOKEN_ENV).then(|| "tok-env".to_string());
    let resolved = resolve_with_env(&file, &pick("m"), &path(), &env).unwrap();
    assert_eq!(
        metal(&resolved).token.expose(),
        "tok-env",
        "the variable wins"
    );
    assert_eq!(resolved.password_source, TOKEN_ENV);
    let default = resolve_with_env(&file, &pick("d"), &path(), &env).unwrap();
    assert_eq!(metal(&default).base_url, "https://api.equinix.com/metal/v1");
    let passwords = |name: &str| (name == PASSWORD_ENV).then(|| "pw".to_string());
    let err = resolve_with_env(&file, &pick("d"), &path(), &passwords)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(TOKEN_ENV) && err.contains("token_command"),
        "{err}"
    );
    let reseller = Overrides {
        reseller_id: Some("r".into()),
        ..pick("d")
    };
    let err = resolve_with_env(&file, &reseller, &path(), &env)
        .unwrap_err()
        .to_string();
    assert!(err.contains("--reseller-id"), "{err}");
}

#[test]
fn a_failing_token_command_hides_its_output() {
    let file = parse(
        "[profiles.m]\nprovider = \"metal\"\ntoken_command = \"echo leaked-token; exit 3\"\n",
        &path(),
    )
    .unwrap();
    let no_env = |_: &str| None;
    let err = resolve_with_env(&file, &Overrides::default(), &path(), &no_env)
        .unwrap_err()
        .to_string();
    assert!(err.contains("token_command failed"), "{err}");
    assert!(!err.contains("leaked-token"), "{err}");
}

#[test]
fn a_reseller_given_on_the_command_line_to_a_pulse_profile_is_refused() {
    let file = parse(
        "[profiles.p]\nprovider = \"pulse\"\napi_url = \"http://iot\"\nusername = \"ops\"\n",
        &path(),
    )
    .unwrap();
    let env = |_: &str| Some("secret".to_string());
    let overrides = Overrides {
        reseller_id: Some("r".into()),
        ..Default::default()
    };
    let err = resolve_with_env(&file, &overrides, &path(), &env)
        .unwrap_err()
        .to_string();
    assert!(err.contains("--reseller-id"), "{err}");
}

#[test]
fn client_auth_is_form_unless_the_profile_says_basic_and_a_typo_names_key_and_line() {
    let profile = |extra: &str| {
        format!(
            "[profiles.a]\napi_url = \"http://x\"\nreseller_id = \"r\"\nusername = \"u@x.com\"\npassword_command = \"printf pw\"\nclient_secret_command = \"echo cs\"\n{extra}"
        )
    };
    let no_env = |_: &str| None;
    let resolved = |text: &str| {
        let file = parse(text, &path()).unwrap();
        resolve_with_env(&file, &Overrides::default(), &path(), &no_env).unwrap()
    };
    assert_eq!(
        cloudmore(&resolved(&profile(""))).client_auth,
        ClientAuth::Form
    );
    assert_eq!(
        cloudmore(&resolved(&profile("client_auth = \"basic\"\n"))).client_auth,
        ClientAuth::Basic
    );
    let err = parse(&profile("client_auth = \"header\"\n"), &path())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("/tmp/config.toml: line 7"), "{err}");
    assert!(err.contains("client_auth"), "{err}");
    assert!(err.contains("\"form\" or \"basic\""), "{err}");
}
