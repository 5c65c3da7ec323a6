//! The `tenantdeck` command: the console (default), `demo` (console over an in-process
//! stand-in with demo data) and `sandbox` (the stand-in server on its own).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use color_eyre::eyre::{Result, WrapErr, eyre};

use tenantdeck::api::{self, CloudmoreClient};
use tenantdeck::app::{self, App, SessionInfo};
use tenantdeck::bulk::journal;
use tenantdeck::bulk::worker::{WorkerSetup, spawn_worker};
use tenantdeck::config::{self, Overrides, ResolvedProfile};
use tenantdeck::sandbox::{self, Dialect, PaceConfig, SandboxConfig, Seed};
use tenantdeck::{logging, terminal};

/// Set by the end-to-end tests to make the console panic once it owns the terminal.
const TEST_PANIC_ENV: &str = "TENANTDECK_TEST_PANIC";

#[derive(Parser)]
#[command(
    name = "tenantdeck",
    version,
    about = "A keyboard-driven console for cloud service broker support staff",
    // Our own `help` (below) also answers `help --help`, which clap's built-in one refuses.
    disable_help_subcommand = true
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
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the stand-in API with demo data in-process and open the console on it
    Demo {
        /// Add this many synthetic organizations (try 100000)
        #[arg(long, default_value_t = 0)]
        orgs: usize,
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

fn main() -> Result<()> {
    // Before the runtime starts its threads.
    tenantdeck::allocator::tune();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime")?
        .block_on(run())
}

async fn run() -> Result<()> {
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
    match cli.command {
        None => {
            let path = config::config_path();
            let file = config::load(&path)?;
            let profile = config::resolve(&file, &overrides, &path)?;
            run_console(profile, true).await
        }
        Some(Command::Demo { orgs }) => run_demo(orgs, overrides.read_only).await,
        Some(Command::Sandbox {
            listen,
            dialect,
            db,
            seed,
            orgs,
            pace,
        }) => {
            let mut config = SandboxConfig::new(listen, db);
            config.dialect = match dialect {
                DialectArg::Cloudmore => Dialect::Cloudmore,
                DialectArg::Pulse => Dialect::Pulse,
                DialectArg::Metal => Dialect::Metal,
            };
            config.seed = match seed {
                SeedArg::Demo => Seed::Demo,
                SeedArg::Empty => Seed::Empty,
            };
            config.extra_orgs = orgs;
            config.pace = pace.config();
            run_sandbox(config).await
        }
        Some(Command::Help { command }) => print_help(command.as_deref()),
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

/// `offer_resume`: look in the journal for runs of this profile cut short by a crash (not for
/// the demo, whose stand-in and data are new each time).
async fn run_console(profile: ResolvedProfile, offer_resume: bool) -> Result<()> {
    tracing::info!(profile = %profile.name, api = %profile.client.base_url, "starting console");
    let session = SessionInfo {
        profile: profile.name.clone(),
        api_url: profile.client.base_url.clone(),
        reseller_id: profile.client.reseller_id.clone(),
        reseller_name: profile.reseller_name.clone(),
        username: profile.client.username.clone(),
        read_only: profile.read_only,
        inactive_after_days: profile.inactive_after_days,
        password_source: profile.password_source.clone(),
        password_rereads: profile.password_command.is_some(),
    };
    let mut client = CloudmoreClient::new(profile.client).map_err(|e| eyre!("{e}"))?;
    if let Some((command, timeout)) = profile.password_command {
        client = client.rereading_password(Arc::new(move || {
            tenantdeck::secret_command::run(&command, "password_command", timeout)
        }));
    }
    let client = Arc::new(client);
    let channels = api::spawn_actor_for(client.clone(), api::DEFAULT_FRESH_FOR, profile.read_only);
    let path = journal_path();
    let server = journal::Server {
        api_url: session.api_url.clone(),
        reseller_id: session.reseller_id.clone(),
    };
    let mut startup = journal::upkeep::prepare(&path, journal::upkeep::ARCHIVE_AFTER)
        .wrap_err_with(|| format!("cannot read the bulk journal {}", path.display()))?;
    let interrupted = if offer_resume {
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
    terminal::restore_on_signals();
    let mut guard = terminal::TerminalGuard::enter().wrap_err("cannot set up the terminal")?;
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
    )
    .await;
    drop(guard);
    result.wrap_err("the console stopped on a terminal error")
}

async fn run_demo(extra_orgs: usize, read_only: bool) -> Result<()> {
    let folder = tempfile::Builder::new()
        .prefix("tenantdeck-demo-")
        .tempdir()
        .wrap_err("cannot create a temporary folder for the demo database")?;
    let mut config = SandboxConfig::new(
        "127.0.0.1:0".parse().expect("valid address"),
        folder.path().join("demo.sqlite"),
    );
    config.extra_orgs = extra_orgs;
    let sandbox = sandbox::start(config).await?;
    let profile = ResolvedProfile {
        name: "demo".into(),
        client: tenantdeck::demo::client_config(&sandbox, std::time::Duration::from_secs(30)),
        reseller_name: Some(sandbox.credentials().reseller_name.clone()),
        read_only,
        inactive_after_days: 90,
        bulk_concurrency: tenantdeck::bulk::runner::DEFAULT_CONCURRENCY,
        password_source: "the demo's own credentials".into(),
        password_command: None,
    };
    let result = run_console(profile, false).await;
    sandbox.shutdown().await;
    result
}

async fn run_sandbox(config: SandboxConfig) -> Result<()> {
    let db = config.db_path.clone();
    let sandbox = sandbox::start(config).await?;
    let name = match sandbox.dialect() {
        Dialect::Cloudmore => "Cloudmore",
        Dialect::Pulse => "VMware Pulse IoT Center",
        Dialect::Metal => "Equinix Metal",
    };
    println!("tenantdeck stand-in {name} API");
    let api_root = match sandbox.dialect() {
        Dialect::Metal => sandbox::METAL_BASE_PATH,
        _ => "",
    };
    println!("  base URL:  {}{api_root}", sandbox.base_url());
    println!("  database:  {}", db.display());
    for account in sandbox.pulse_accounts() {
        let scope = account
            .tenant_name
            .as_deref()
            .unwrap_or("operator, every tenant");
        println!("  account:   {scope}");
        println!("    username:      {}", account.username);
        println!(
            "    password:      {}   (demo credentials)",
            account.password
        );
    }
    for account in sandbox.metal_accounts() {
        println!("  user:      {} <{}>", account.full_name, account.email);
        println!("    X-Auth-Token:  {}   (demo credentials)", account.token);
    }
    for reseller in sandbox.resellers() {
        println!(
            "  reseller:  {} ({})",
            reseller.reseller_name, reseller.reseller_id
        );
        println!("    username:      {}", reseller.username);
        println!(
            "    password:      {}   (demo credentials)",
            reseller.password
        );
        println!("    client id:     {}", reseller.client_id);
        println!("    client secret: {}", reseller.client_secret);
    }
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    sandbox.shutdown().await;
    Ok(())
}
