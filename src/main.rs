//! The `tenantdeck` command: the console (default), `demo` (console over an in-process
//! stand-in with demo data), `get` (a list for scripts) and `sandbox` (the stand-in server on
//! its own). Every failure ends in one plain line on standard error and an exit code of
//! `script::EXIT_*`.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use color_eyre::eyre::{Result, WrapErr, eyre};
use ratatui::crossterm::event::EventStream;

use tenantdeck::api::{self, Provider};
use tenantdeck::app::palette::ProfileChoice;
use tenantdeck::app::{self, App, SessionInfo};
use tenantdeck::bulk::journal;
use tenantdeck::bulk::worker::{WorkerSetup, spawn_worker};
use tenantdeck::config::{self, ClientSettings, Overrides, ResolvedProfile};
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::providers::{Connected, metal::MetalClient, pulse::PulseClient};
use tenantdeck::sandbox::{self, Dialect, PaceConfig, SandboxConfig, Seed};
use tenantdeck::script;
use tenantdeck::script::get::{GetRequest, Kind};
use tenantdeck::script::output::Format;
use tenantdeck::{demo, logging, terminal};

/// Set by the end-to-end tests to make the console panic once it owns the terminal.
const TEST_PANIC_ENV: &str = "TENANTDECK_TEST_PANIC";

#[derive(Parser)]
#[command(
    name = "tenantdeck",
    version,
    about = "A keyboard-driven console for cloud service broker support staff",
    // Our own `help` (below) also answers `help --help`, which clap's built-in one refuses.
    disable_help_subcommand = true,
    after_help = script::EXIT_CODES_HELP
)]
struct Cli {
    /// Profile from the config file (default: its `default_profile`)
    #[arg(long)]
    profile: Option<String>,
    /// API base URL, overriding the profile
    #[arg(long)]
    api_url: Option<String>,
    /// Reseller id, overriding the profile
    #[arg(long)]
    reseller_id: Option<String>,
    /// Username, overriding the profile
    #[arg(long)]
    username: Option<String>,
    /// Refuse every command that changes data
    #[arg(long)]
    read_only: bool,
    /// On failure, print every cause in detail after the one-line message
    #[arg(long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the stand-in APIs (Cloudmore, Pulse IoT Center, Equinix Metal) with demo data
    /// in-process and open the console on one of them
    Demo {
        /// Add this many synthetic organizations to each stand-in (try 100000)
        #[arg(long, default_value_t = 0)]
        orgs: usize,
        /// Which stand-in the console opens on
        #[arg(long, value_enum, default_value_t = DemoProvider::Cloudmore)]
        provider: DemoProvider,
    },
    /// Run a stand-in API server (Cloudmore, Pulse IoT Center with --dialect pulse, Equinix
    /// Metal with --dialect metal)
    Sandbox {
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1:8077")]
        listen: SocketAddr,
        /// Which provider's API to speak
        #[arg(long, value_enum, default_value_t = DialectArg::Cloudmore)]
        dialect: DialectArg,
        /// SQLite database file (created if missing; data survives restarts)
        #[arg(long)]
        db: PathBuf,
        /// Data to start a new database with
        #[arg(long, value_enum, default_value_t = SeedArg::Demo)]
        seed: SeedArg,
        /// Add this many synthetic organizations to a new database
        #[arg(long, default_value_t = 0)]
        orgs: usize,
        #[command(flatten)]
        pace: PaceArgs,
    },
    /// Print a list of the profile's provider (organizations, users, members…) for scripts
    #[command(after_help = GET_EXAMPLES)]
    Get {
        /// What to list; a provider lists what it has (Cloudmore: organizations, services,
        /// estore, subscriptions, users, administrators, roles, groups; Pulse: organizations;
        /// Metal: organizations, projects, members, invitations)
        #[arg(value_enum)]
        kind: Kind,
        /// The organization (or project) whose services, users, members… to list, by id or
        /// by name
        #[arg(long, value_name = "ID|NAME")]
        org: Option<String>,
        /// Only rows with a value containing this text (any case)
        #[arg(long)]
        filter: Option<String>,
        /// Output format
        #[arg(short, long, value_enum, default_value_t = Format::Table)]
        output: Format,
        /// Only these columns, in this order (names as in the JSON output; `address.city`
        /// reaches into an object)
        #[arg(long, value_delimiter = ',')]
        columns: Option<Vec<String>>,
    },
    /// Print the completion script of a shell (e.g. `tenantdeck completions bash >
    /// ~/.local/share/bash-completion/completions/tenantdeck`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (e.g. `tenantdeck man > ~/.local/share/man/man1/tenantdeck.1`)
    Man,
    /// Print this help, or the help of the given subcommand
    Help {
        /// The subcommand to explain (demo, sandbox)
        command: Option<String>,
    },
}

/// A real API's pace for the stand-in.
#[derive(clap::Args)]
struct PaceArgs {
    /// Every request waits this many milliseconds before it is answered
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// The wait varies by up to this many milliseconds either way
    #[arg(long, default_value_t = 0)]
    jitter_ms: u64,
    /// More than this many requests in one second answer 429 with Retry-After
    #[arg(long)]
    rate_limit: Option<u32>,
}

impl PaceArgs {
    fn config(&self) -> PaceConfig {
        PaceConfig {
            latency: Duration::from_millis(self.latency_ms),
            jitter: Duration::from_millis(self.jitter_ms),
            rate_limit: self.rate_limit,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum DialectArg {
    Cloudmore,
    Pulse,
    Metal,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeedArg {
    Demo,
    Empty,
}

fn dialect(arg: DialectArg) -> Dialect {
    match arg {
        DialectArg::Cloudmore => Dialect::Cloudmore,
        DialectArg::Pulse => Dialect::Pulse,
        DialectArg::Metal => Dialect::Metal,
    }
}

/// The providers the console speaks, for `demo --provider` (in the order the demo starts
/// them).
#[derive(Clone, Copy, ValueEnum)]
enum DemoProvider {
    Cloudmore,
    Pulse,
    Metal,
}

const GET_EXAMPLES: &str = "Examples:
  tenantdeck get organizations
  tenantdeck get users --org \"Aalto Office Supplies\" -o csv > users.csv
  tenantdeck get organizations -o jsonl --columns id,name | jq -r .name
  tenantdeck --profile metal get members --org Brightline -o json

Exit codes: 0 ok, 1 API error, 2 usage or configuration, 3 sign-in refused or not allowed, \
4 not found";

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
    let cli = Cli::parse();
    let _log = logging::init();
    let overrides = Overrides {
        profile: cli.profile,
        api_url: cli.api_url,
        reseller_id: cli.reseller_id,
        username: cli.username,
        read_only: cli.read_only,
    };
    if matches!(cli.command, None | Some(Command::Demo { .. })) {
        // The user's keys and colours, before the first console is drawn (next to the config).
        let folder = config::config_path();
        app::commands::keymap::install(&folder.with_file_name("keymap.toml"))?;
        let no_color = tenantdeck::ui::theme::no_color_asked();
        tenantdeck::ui::theme::install(&folder.with_file_name("theme.toml"), no_color)?;
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
            let read_only = overrides.read_only;
            let switch = |name: &str| {
                let chosen = Overrides {
                    profile: Some(name.to_string()),
                    read_only,
                    ..Overrides::default()
                };
                config::resolve(&file, &chosen, &path).map_err(|e| e.to_string())
            };
            run_consoles(profile, true, choices, &switch).await?;
        }
        Some(Command::Demo { orgs, provider }) => {
            run_demo(orgs, provider, overrides.read_only).await?;
        }
        Some(Command::Get {
            kind,
            org,
            filter,
            output,
            columns,
        }) => {
            let request = GetRequest {
                kind,
                org,
                filter,
                format: output,
                columns,
                width: terminal_width(),
            };
            return run_get(&overrides, &request).await;
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
            config.dialect = self::dialect(dialect);
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

/// `tenantdeck get`: the profile's client, the list written to standard output.
async fn run_get(overrides: &Overrides, request: &GetRequest) -> Result<u8> {
    let path = config::config_path();
    let file = config::load(&path)?;
    let profile = config::resolve(&file, overrides, &path)?;
    let client = connect(&profile)?;
    let out = std::io::BufWriter::new(std::io::stdout());
    let title = profile.client.provider().title();
    match script::get::get(&client, title, request, out).await {
        Ok(_) => Ok(script::EXIT_OK),
        // The reader of the pipe had enough (`| head`): nothing went wrong.
        Err(failure) if failure.is_closed_pipe() => Ok(script::EXIT_OK),
        Err(failure) => {
            eprintln!("{}", script::error_line(&failure.to_string()));
            Ok(failure.code())
        }
    }
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
    let channels = api::spawn_actor_for(client.clone(), api::DEFAULT_FRESH_FOR, profile.read_only);
    let path = journal_path();
    let server = journal::Server {
        api_url: session.api_url.clone(),
        account: session.reseller_id.clone(),
        provider: session.provider_key.into(),
    };
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

async fn run_demo(extra_orgs: usize, open_on: DemoProvider, read_only: bool) -> Result<()> {
    let folder = tempfile::Builder::new()
        .prefix("tenantdeck-demo-")
        .tempdir()
        .wrap_err("cannot create a temporary folder for the demo database")?;
    // Both stand-ins, so that switching profiles finds the other one running.
    let start = |dialect| demo::start_sandbox(folder.path(), dialect, extra_orgs);
    let cloudmore = start(Dialect::Cloudmore).await?;
    let pulse = start(Dialect::Pulse).await?;
    let metal = start(Dialect::Metal).await?;
    let demos = [
        demo::profile(Dialect::Cloudmore, &cloudmore, read_only),
        demo::profile(Dialect::Pulse, &pulse, read_only),
        demo::profile(Dialect::Metal, &metal, read_only),
    ];
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
    let result = run_consoles(first, false, choices, &switch).await;
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
