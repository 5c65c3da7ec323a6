//! The `tenantdeck` command: the console (default), `demo` (console over an in-process
//! stand-in with demo data), `get`/`export` (lists for scripts), `apply` (bulk changes from a
//! file) and `sandbox` (the stand-in server on its own). Every failure ends in one plain line
//! on standard error and an exit code of `script::EXIT_*`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{CommandFactory, Parser};
use color_eyre::eyre::{Result, WrapErr, eyre};
use ratatui::crossterm::event::EventStream;

use tenantdeck::api::{self, Provider};
use tenantdeck::app::palette::ProfileChoice;
use tenantdeck::app::{self, App, SessionInfo};
use tenantdeck::bulk::journal;
use tenantdeck::bulk::worker::{WorkerSetup, spawn_worker};
use tenantdeck::config::{self, ClientSettings, Overrides, ProviderKind, ResolvedProfile};
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::providers::{self, Connected, metal::MetalClient, pulse::PulseClient};
use tenantdeck::sandbox::{self, Dialect, SandboxConfig, Seed};
use tenantdeck::script;
use tenantdeck::script::get::GetRequest;
use tenantdeck::{demo, logging, terminal};

mod cli;
use cli::{CacheAction, Cli, Command, DemoProvider, SeedArg};

/// Set by the end-to-end tests to make the console panic once it owns the terminal.
const TEST_PANIC_ENV: &str = "TENANTDECK_TEST_PANIC";

fn main() -> ExitCode {
    // Before the runtime starts its threads.
    tenantdeck::allocator::tune();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build();
    let verbose = std::env::args().any(|a| a == "--verbose");
    let outcome = match runtime {
        Ok(runtime) => runtime.block_on(run()),
        Err(error) => Err(eyre!(error).wrap_err("cannot start the async runtime")),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            let causes: Vec<String> = report.chain().map(|c| c.to_string()).collect();
            eprintln!("{}", script::error_line(&causes.join(": ")));
            if verbose {
                eprintln!("{report:?}");
            }
            ExitCode::from(script::exit_code_of(&report))
        }
    }
}

async fn run() -> Result<u8> {
    // Its panic report; errors print as one plain line (`main`).
    color_eyre::install()?;
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return Ok(parse_failure(&error)),
    };
    let _log = logging::init();
    let overrides = Overrides {
        profile: cli.profile,
        api_url: cli.api_url,
        reseller_id: cli.reseller_id,
        username: cli.username,
        // Offline is read-only: the gate refuses every change before it could be sent.
        read_only: cli.read_only || cli.offline,
        index_rate: cli.index_rate,
    };
    if matches!(cli.command, None | Some(Command::Demo { .. })) {
        // The user's keys and colours, before the first console is drawn (next to the config).
        let folder = config::config_path();
        app::commands::keymap::install(&folder.with_file_name("keymap.toml"))?;
        let no_color = tenantdeck::ui::theme::no_color_asked();
        tenantdeck::ui::theme::install(&folder.with_file_name("theme.toml"), no_color)?;
        terminal::capture_mouse(config::mouse_wanted(&folder).unwrap_or(true));
    }
    match cli.command {
        None => {
            let path = config::config_path();
            let file = config::load(&path)?;
            let profile = config::resolve(&file, &overrides, &path)?;
            let choices = file
                .profiles
                .iter()
                .map(|(name, p)| ProfileChoice {
                    name: name.clone(),
                    provider: p.provider.title().into(),
                    current: false,
                })
                .collect();
            let (read_only, index_rate) = (overrides.read_only, overrides.index_rate);
            let switch = |name: &str| {
                let chosen = Overrides {
                    profile: Some(name.to_string()),
                    read_only,
                    index_rate,
                    ..Overrides::default()
                };
                config::resolve(&file, &chosen, &path).map_err(|e| e.to_string())
            };
            let cache = if cli.offline {
                CacheUse::Offline
            } else {
                CacheUse::Keep
            };
            run_consoles(profile, true, choices, &switch, cache).await?;
        }
        Some(Command::Demo { orgs, provider }) => {
            run_demo(orgs, provider, &overrides).await?;
        }
        Some(Command::Get { list, output }) => {
            let request = list.request(output, terminal_width(), false);
            return run_get(&overrides, &request, None).await;
        }
        Some(Command::Export { list, output, file }) => {
            let format = output.unwrap_or_else(|| script::export::format_of(&file));
            let request = list.request(format, None, true);
            return run_get(&overrides, &request, Some(&file)).await;
        }
        Some(command @ Command::Apply { .. }) => {
            let request = command.apply_request().expect("an apply");
            return run_apply(&overrides, &request).await;
        }
        Some(Command::Sandbox {
            listen,
            dialect,
            db,
            seed,
            orgs,
            pace,
        }) => {
            let mut config = SandboxConfig::new(listen, db);
            config.dialect = cli::dialect(dialect);
            config.seed = match seed {
                SeedArg::Demo => Seed::Demo,
                SeedArg::Empty => Seed::Empty,
            };
            config.extra_orgs = orgs;
            config.pace = pace.config();
            run_sandbox(config).await?;
        }
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "tenantdeck", &mut script);
            script::print_bytes(&script)?;
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            script::print_bytes(&page)?;
        }
        Some(Command::Cache {
            action: CacheAction::Clear { profile },
        }) => cache_clear(profile.as_deref())?,
        Some(Command::Help { command }) => print_help(command.as_deref())?,
    }
    Ok(script::EXIT_OK)
}

/// The terminal's width when standard output is one (a table fits it).
fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    ratatui::crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| columns as usize)
}

/// A command line clap refused: help and the version print as clap prints them; a usage error
/// is one plain line like every other failure (scripts read one line; clap's own spans
/// several), with its hint, and exit code 2.
fn parse_failure(error: &clap::Error) -> u8 {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit();
    }
    // Clap's blocks (the error, a tip, the usage) joined by "; ", the lines of each by spaces.
    let rendered = error.render().to_string();
    let blocks: Vec<String> = rendered
        .split("\n\n")
        .map(|block| block.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .map(|block| block.trim().to_string())
        .filter(|block| !block.is_empty() && !block.starts_with("For more information"))
        .collect();
    let message = blocks.join("; ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    eprintln!("{}", script::error_line(message));
    script::EXIT_USAGE
}

/// `tenantdeck get` and `export`: the profile's client, the list written to standard output
/// or (export) to a file.
async fn run_get(overrides: &Overrides, request: &GetRequest, to: Option<&PathBuf>) -> Result<u8> {
    let path = config::config_path();
    let file = config::load(&path)?;
    let profile = config::resolve(&file, overrides, &path)?;
    let client = connect(&profile)?;
    let title = profile.client.provider().title();
    let outcome = match to {
        Some(target) => script::export::export(&client, title, request, target).await,
        None => {
            let out = std::io::BufWriter::new(std::io::stdout());
            script::get::get(&client, title, request, out, &|_, _| {}).await
        }
    };
    match outcome {
        Ok(_) => Ok(script::EXIT_OK),
        // The reader of the pipe had enough (`| head`): nothing went wrong.
        Err(failure) if failure.is_closed_pipe() => Ok(script::EXIT_OK),
        Err(failure) => {
            eprintln!("{}", script::error_line(&failure.to_string()));
            Ok(failure.code())
        }
    }
}

/// `tenantdeck apply`: the profile's client, the changes sent with the console's journal.
async fn run_apply(overrides: &Overrides, request: &script::apply::ApplyRequest) -> Result<u8> {
    let path = config::config_path();
    let file = config::load(&path)?;
    let profile = config::resolve(&file, overrides, &path)?;
    let client = Arc::new(connect(&profile)?);
    match script::apply::apply(client, &profile, request, &journal_path()).await {
        Ok(code) => Ok(code),
        Err(failure) => {
            eprintln!("{}", script::error_line(&failure.to_string()));
            Ok(failure.code())
        }
    }
}

/// `tenantdeck cache clear [--profile P]`: removes the cache files and says which.
fn cache_clear(profile: Option<&str>) -> Result<()> {
    let dir = api::disk_cache::cache_dir();
    let removed = api::disk_cache::clear(&dir, profile)
        .wrap_err_with(|| format!("cannot clear the cache in {}", dir.display()))?;
    let whose = profile.map_or("any profile".to_string(), |p| format!("profile {p}"));
    if removed.is_empty() {
        println!("no cache files of {whose} in {}", dir.display());
    }
    for file in &removed {
        println!("removed {}", file.display());
    }
    Ok(())
}

/// `tenantdeck help [COMMAND]`: the same text as `tenantdeck [COMMAND] --help`.
fn print_help(command: Option<&str>) -> Result<()> {
    let mut args = vec!["tenantdeck"];
    args.extend(command);
    args.push("--help");
    match Cli::command().try_get_matches_from(args) {
        // Asking for help always ends in clap's "error" that carries the text (or a real
        // error, such as an unknown subcommand, which prints and exits non-zero alike).
        Err(shown) => shown.exit(),
        Ok(_) => Ok(()),
    }
}

/// The bulk journal, in the data dir next to the log.
fn journal_path() -> PathBuf {
    logging::data_dir().join("journal.jsonl")
}

/// Runs the console on `first`, then on each profile the user switches to (`:profile`), until
/// they quit. A profile that cannot be resolved leaves them where they were, told why.
async fn run_consoles(
    first: ResolvedProfile,
    offer_resume: bool,
    choices: Vec<ProfileChoice>,
    switch: &dyn Fn(&str) -> std::result::Result<ResolvedProfile, String>,
    cache: CacheUse,
) -> Result<()> {
    terminal::restore_on_signals();
    let mut profile = first;
    let mut notice = None;
    // Taken when the first console is ready (so a refused start prints a plain line) and kept
    // across switches: the terminal stays the console's, and keys typed meanwhile are kept.
    let mut screen = None;
    loop {
        let current = profile.clone();
        let console = Console {
            offer_resume,
            choices: choices.clone(),
            notice: notice.take(),
            cache,
        };
        let Some(name) = run_console(profile, console, &mut screen).await? else {
            return Ok(());
        };
        // A profile whose client cannot even be made (a malformed URL) is refused here too:
        // the console stays on the one it was on.
        let checked =
            switch(&name).and_then(|next| connect(&next).map(|_| next).map_err(|e| e.to_string()));
        profile = match checked {
            Ok(next) => next,
            Err(why) => {
                notice = Some(format!("cannot switch to profile {name}: {why}"));
                current
            }
        };
    }
}

/// How one console starts besides its profile.
struct Console {
    /// Look in the journal for runs of this profile cut short by a crash (not for the demo,
    /// whose stand-ins and data are new each time).
    offer_resume: bool,
    /// The profiles `:profile` offers.
    choices: Vec<ProfileChoice>,
    /// Said in the status bar at start (why a switch did not happen).
    notice: Option<String>,
    cache: CacheUse,
}

/// Whether a console keeps its profile's disk cache (`api::disk_cache`).
#[derive(Clone, Copy, PartialEq)]
enum CacheUse {
    /// Not for the demo: its stand-ins are new each run, so a copy would never be seen again.
    Off,
    /// Kept, and shown at the next start while it revalidates.
    Keep,
    /// `--offline`: the cache is all there is; nothing is sent.
    Offline,
}

/// The console's disk cache, and what to say about it at start (a file set aside, offline).
/// Opened before the client is made, and its first list read ahead meanwhile.
fn open_cache(
    use_: CacheUse,
    profile: &ResolvedProfile,
) -> (Option<api::disk_cache::DiskCache>, Vec<String>) {
    let mut notes = Vec::new();
    if use_ == CacheUse::Off {
        return (None, notes);
    }
    let provider = profile.client.provider();
    let id = api::disk_cache::CacheIdentity {
        profile: &profile.name,
        provider: provider.key(),
        api_url: profile.client.base_url(),
        account: profile.client.account(),
    };
    let path = api::disk_cache::file_for(&api::disk_cache::cache_dir(), &id);
    let disk = match api::disk_cache::DiskCache::open(&path) {
        Ok(mut disk) => {
            notes.extend(disk.take_note());
            let capabilities = match provider {
                ProviderKind::Cloudmore => providers::cloudmore::CAPABILITIES,
                ProviderKind::Pulse => providers::pulse::CAPABILITIES,
                ProviderKind::Metal => providers::metal::CAPABILITIES,
            };
            disk.prefetch(&App::first_list(&capabilities));
            Some(disk)
        }
        Err(why) => {
            tracing::warn!(%why, "running without a disk cache");
            notes.push(why);
            None
        }
    };
    if use_ == CacheUse::Offline {
        notes.push("offline: showing what was cached; nothing is sent, changes are refused".into());
    }
    (disk, notes)
}

/// The profile's client, for whichever provider it speaks.
fn connect(profile: &ResolvedProfile) -> Result<Connected> {
    Ok(match &profile.client {
        ClientSettings::Cloudmore(config) => {
            let mut client = CloudmoreClient::new(config.clone()).map_err(|e| eyre!("{e}"))?;
            if let Some((command, timeout)) = profile.password_command.clone() {
                client = client.rereading_password(Arc::new(move || {
                    tenantdeck::secret_command::run(&command, "password_command", timeout)
                }));
            }
            Connected::Cloudmore(Arc::new(client))
        }
        ClientSettings::Pulse(config) => {
            let client = PulseClient::new(config.clone()).map_err(|e| eyre!("{e}"))?;
            Connected::Pulse(Arc::new(client))
        }
        ClientSettings::Metal(config) => {
            let client = MetalClient::new(config.clone()).map_err(|e| eyre!("{e}"))?;
            Connected::Metal(Arc::new(client))
        }
    })
}

/// The terminal while consoles run on it, and its key stream.
struct Screen {
    guard: terminal::TerminalGuard,
    input: EventStream,
}

/// One console on one profile; ends with the profile the user switched to, if they did.
async fn run_console(
    profile: ResolvedProfile,
    console: Console,
    screen: &mut Option<Screen>,
) -> Result<Option<String>> {
    let api_url = profile.client.base_url().to_string();
    tracing::info!(profile = %profile.name, api = %api_url, "starting console");
    let (disk, cache_notes) = open_cache(console.cache, &profile);
    let client = connect(&profile)?;
    let session = SessionInfo {
        profile: profile.name.clone(),
        api_url,
        reseller_id: profile.client.account().to_string(),
        reseller_name: profile.reseller_name.clone(),
        username: profile.client.username().to_string(),
        read_only: profile.read_only,
        inactive_after_days: profile.inactive_after_days,
        password_source: profile.password_source.clone(),
        password_rereads: profile.password_command.is_some(),
        provider: profile.client.provider().title(),
        provider_key: profile.client.provider().key(),
        capabilities: client.capabilities(),
    };
    let client = Arc::new(client);
    let options = api::ActorOptions {
        read_only: profile.read_only,
        disk,
        offline: console.cache == CacheUse::Offline,
        index: profile.index,
        ..api::ActorOptions::new(api::DEFAULT_FRESH_FOR)
    };
    let channels = api::spawn_actor_with(client.clone(), options);
    let path = journal_path();
    // The server `apply` journals under too, so each resumes the other's runs.
    let server = script::apply::journal_server(&profile);
    let mut startup = journal::upkeep::prepare(&path, journal::upkeep::ARCHIVE_AFTER)
        .wrap_err_with(|| format!("cannot read the bulk journal {}", path.display()))?;
    let interrupted = if console.offer_resume {
        startup.offer(&profile.name, &server)
    } else {
        Vec::new()
    };
    let journal = journal::Journal::open(&path)
        .wrap_err_with(|| format!("cannot open the bulk journal {}", path.display()))?
        .with_server(server);
    let bulk = spawn_worker(WorkerSetup {
        provider: client,
        journal: journal::JournalWriter::spawn(journal),
        profile: profile.name.clone(),
        concurrency: profile.bulk_concurrency,
        actor: channels.requests.clone(),
        journal_path: path.clone(),
        read_only: profile.read_only,
    });
    let mut app = App::new(session);
    app.offer_resume(interrupted);
    app.journal_notes(startup.notes);
    app.offer_profiles(console.choices);
    if let Some(notice) = console.notice {
        app.notice(notice);
    }
    if !cache_notes.is_empty() {
        app.notice(cache_notes.join("; "));
    }
    if screen.is_none() {
        let guard = terminal::TerminalGuard::enter().wrap_err("cannot set up the terminal")?;
        *screen = Some(Screen {
            guard,
            input: EventStream::new(),
        });
    }
    let Some(Screen { guard, input }) = screen.as_mut() else {
        unreachable!("set above");
    };
    if std::env::var_os(TEST_PANIC_ENV).is_some() {
        // Lets the end-to-end tests prove a panic restores the terminal.
        panic!("{TEST_PANIC_ENV} is set: panicking on purpose with the console up");
    }
    let result = app::event_loop::run(
        &mut guard.terminal,
        app,
        channels.requests,
        channels.events,
        bulk,
        input,
    )
    .await;
    if !matches!(result, Ok(Some(_))) {
        // Leaving for good (or on an error): give the terminal back before saying anything.
        *screen = None;
    }
    result.wrap_err("the console stopped on a terminal error")
}

async fn run_demo(extra_orgs: usize, open_on: DemoProvider, overrides: &Overrides) -> Result<()> {
    let read_only = overrides.read_only;
    let folder = tempfile::Builder::new()
        .prefix("tenantdeck-demo-")
        .tempdir()
        .wrap_err("cannot create a temporary folder for the demo database")?;
    // All three stand-ins, so that switching profiles finds the others running.
    let start = |dialect| demo::start_sandbox(folder.path(), dialect, extra_orgs);
    let cloudmore = start(Dialect::Cloudmore).await?;
    let pulse = start(Dialect::Pulse).await?;
    let metal = start(Dialect::Metal).await?;
    let mut demos = [
        demo::profile(Dialect::Cloudmore, &cloudmore, read_only),
        demo::profile(Dialect::Pulse, &pulse, read_only),
        demo::profile(Dialect::Metal, &metal, read_only),
    ];
    for demo in demos.iter_mut() {
        demo.index.rate = overrides.index_rate.unwrap_or(demo.index.rate);
    }
    let first = demos[open_on as usize].clone();
    let choices = demos
        .iter()
        .map(|p| ProfileChoice {
            name: p.name.clone(),
            provider: p.client.provider().title().into(),
            current: false,
        })
        .collect();
    let switch = |name: &str| {
        demos
            .iter()
            .find(|p| p.name == name)
            .cloned()
            .ok_or_else(|| format!("the demo has no profile {name}"))
    };
    let result = run_consoles(first, false, choices, &switch, CacheUse::Off).await;
    cloudmore.shutdown().await;
    pulse.shutdown().await;
    metal.shutdown().await;
    result
}

async fn run_sandbox(config: SandboxConfig) -> Result<()> {
    let db = config.db_path.clone();
    let sandbox = sandbox::start(config).await?;
    print!("{}", sandbox.printout(&db));
    tokio::signal::ctrl_c().await?;
    sandbox.shutdown().await;
    Ok(())
}
