//! The command line, as clap reads it: the console's options, the subcommands and their
//! arguments, with the help texts and examples `--help` shows.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use tenantdeck::sandbox::{Dialect, PaceConfig};
use tenantdeck::script;
use tenantdeck::script::get::{GetRequest, Kind};
use tenantdeck::script::output::Format;

#[derive(Parser)]
#[command(
    name = "tenantdeck",
    version,
    about = "A keyboard-driven console for cloud service broker support staff",
    // Our own `help` (below) also answers `help --help`, which clap's built-in one refuses.
    disable_help_subcommand = true,
    after_help = script::EXIT_CODES_HELP
)]
pub(crate) struct Cli {
    /// Profile from the config file (default: its `default_profile`)
    #[arg(long)]
    pub(crate) profile: Option<String>,
    /// API base URL, overriding the profile
    #[arg(long)]
    pub(crate) api_url: Option<String>,
    /// Reseller id, overriding the profile
    #[arg(long)]
    pub(crate) reseller_id: Option<String>,
    /// Username, overriding the profile
    #[arg(long)]
    pub(crate) username: Option<String>,
    /// Refuse every command that changes data
    #[arg(long)]
    pub(crate) read_only: bool,
    /// Browse the profile's cache of an earlier run: nothing is sent, every change is refused
    #[arg(long)]
    pub(crate) offline: bool,
    /// On failure, print every cause in detail after the one-line message
    #[arg(long, global = true)]
    pub(crate) verbose: bool,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        #[command(flatten)]
        list: ListArgs,
        /// Output format
        #[arg(short, long, value_enum, default_value_t = Format::Table)]
        output: Format,
    },
    /// Write a list of the profile's provider to a file, with a progress bar; a kind that
    /// belongs to an organization is read for every organization unless --org names one
    #[command(after_help = EXPORT_EXAMPLES)]
    Export {
        #[command(flatten)]
        list: ListArgs,
        /// Output format (default: from the file's extension, else csv)
        #[arg(short, long, value_enum)]
        output: Option<Format>,
        /// The file to write (replaced only once the export is whole)
        #[arg(long, short = 'f')]
        file: PathBuf,
    },
    /// Print the completion script of a shell (e.g. `tenantdeck completions bash >
    /// ~/.local/share/bash-completion/completions/tenantdeck`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (e.g. `tenantdeck man > ~/.local/share/man/man1/tenantdeck.1`)
    Man,
    /// Manage the cache of what the console loaded (kept per profile and server)
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
    /// Print this help, or the help of the given subcommand
    Help {
        /// The subcommand to explain (demo, sandbox)
        command: Option<String>,
    },
}

/// What `tenantdeck cache` does.
#[derive(Subcommand)]
pub(crate) enum CacheAction {
    /// Remove the cache files of every profile, or of one
    Clear {
        /// Only this profile's
        #[arg(long)]
        profile: Option<String>,
    },
}

/// What `get` and `export` list.
#[derive(clap::Args)]
pub(crate) struct ListArgs {
    /// What to list; a provider lists what it has (Cloudmore: organizations, services,
    /// estore, subscriptions, users, administrators, roles, groups; Pulse: organizations;
    /// Metal: organizations, projects, members, invitations)
    #[arg(value_enum)]
    kind: Kind,
    /// The organization (or project) whose services, users, members… to list, by id or by
    /// name
    #[arg(long, value_name = "ID|NAME")]
    org: Option<String>,
    /// Only rows with a value containing this text (any case)
    #[arg(long)]
    filter: Option<String>,
    /// Only these columns, in this order (names as in the JSON output; `address.city`
    /// reaches into an object)
    #[arg(long, value_delimiter = ',')]
    columns: Option<Vec<String>>,
}

impl ListArgs {
    pub(crate) fn request(
        self,
        format: Format,
        width: Option<usize>,
        every_org: bool,
    ) -> GetRequest {
        GetRequest {
            kind: self.kind,
            org: self.org,
            filter: self.filter,
            format,
            columns: self.columns,
            width,
            every_org,
        }
    }
}

/// A real API's pace for the stand-in.
#[derive(clap::Args)]
pub(crate) struct PaceArgs {
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
    pub(crate) fn config(&self) -> PaceConfig {
        PaceConfig {
            latency: Duration::from_millis(self.latency_ms),
            jitter: Duration::from_millis(self.jitter_ms),
            rate_limit: self.rate_limit,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DialectArg {
    Cloudmore,
    Pulse,
    Metal,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SeedArg {
    Demo,
    Empty,
}

pub(crate) fn dialect(arg: DialectArg) -> Dialect {
    match arg {
        DialectArg::Cloudmore => Dialect::Cloudmore,
        DialectArg::Pulse => Dialect::Pulse,
        DialectArg::Metal => Dialect::Metal,
    }
}

/// The providers the console speaks, for `demo --provider` (in the order the demo starts
/// them).
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DemoProvider {
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

const EXPORT_EXAMPLES: &str = "Examples:
  tenantdeck export users -f all-users.csv
  tenantdeck export subscriptions --org \"Aalto Office Supplies\" -f aalto.json
  tenantdeck --profile metal export members -f members.jsonl

Exit codes: 0 ok, 1 API error, 2 usage or configuration, 3 sign-in refused or not allowed, \
4 not found";
