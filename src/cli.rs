//! The command line, as clap reads it: the console's options, the subcommands and their
//! arguments, with the help texts and examples `--help` shows.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use tenantdeck::sandbox::{Dialect, PaceConfig};
use tenantdeck::script;
use tenantdeck::script::apply::ApplyRequest;
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
    /// Requests a second the background indexer sends for the search (0 turns it off;
    /// default: the profile's `index_rate`, else 4)
    #[arg(long, global = true, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub(crate) index_rate: Option<u32>,
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
    #[command(after_help = DEMO_EXAMPLES)]
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
    #[command(after_help = SANDBOX_EXAMPLES)]
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
        /// Output format (all but the table are written a page at a time, none held whole)
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
    /// Apply changes from a CSV or JSON file in bulk, as the console's bulk runs do: a
    /// preview, a confirmation, then the run with a journal (resumable here or in the
    /// console), a progress bar and a results file next to the input (FILE.results.csv)
    #[command(after_help = APPLY_EXAMPLES)]
    Apply {
        /// The changes: CSV rows for one organization (Cloudmore: users to create; Metal:
        /// invitations), or JSON, an array of changes as the journal writes them; with
        /// --resume, only where the results go
        #[arg(
            long,
            short = 'f',
            value_name = "FILE",
            required_unless_present_any = ["resume", "retry_failed"]
        )]
        file: Option<PathBuf>,
        /// The organization a CSV file's rows go into, by id or by name
        #[arg(long, value_name = "ID|NAME")]
        org: Option<String>,
        /// Print the preview and stop: nothing is sent (allowed on a read-only profile)
        #[arg(long)]
        dry_run: bool,
        /// Requests in flight at once (default: the profile's bulk_concurrency)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
        concurrency: Option<u16>,
        /// Send without asking (needed when standard input is not a terminal)
        #[arg(short = 'y', long)]
        yes: bool,
        /// Continue a run cut short (by id, or the newest of this server): items of unknown
        /// outcome are checked against the API first, so nothing is made twice
        #[arg(long, value_name = "RUN_ID", num_args = 0..=1)]
        resume: Option<Option<String>>,
        /// Send the failed items of the run again, each checked first (with --resume, or
        /// alone for the newest run of this server with failures)
        #[arg(long)]
        retry_failed: bool,
    },
    /// Print the completion script of a shell (e.g. `tenantdeck completions bash >
    /// ~/.local/share/bash-completion/completions/tenantdeck`)
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (e.g. `tenantdeck man > ~/.local/share/man/man1/tenantdeck.1`)
    #[command(after_help = MAN_EXAMPLES)]
    Man,
    /// Manage the cache of what the console loaded (kept per profile and server)
    #[command(after_help = CACHE_EXAMPLES)]
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

impl Command {
    /// The request of an `apply` (None for the other subcommands).
    pub(crate) fn apply_request(&self) -> Option<ApplyRequest> {
        let Command::Apply {
            file,
            org,
            dry_run,
            concurrency,
            yes,
            resume,
            retry_failed,
        } = self
        else {
            return None;
        };
        Some(ApplyRequest {
            file: file.clone(),
            org: org.clone(),
            dry_run: *dry_run,
            concurrency: concurrency.map(usize::from),
            yes: *yes,
            resume: resume.clone(),
            retry_failed: *retry_failed,
        })
    }
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

const APPLY_EXAMPLES: &str = "Examples:
  tenantdeck apply -f new-users.csv --org \"Aalto Office Supplies\" --dry-run
  tenantdeck apply -f new-users.csv --org \"Aalto Office Supplies\" --yes
  tenantdeck --profile metal apply -f invites.csv --org Brightline -y
  tenantdeck apply -f changes.json --concurrency 4
  tenantdeck apply --resume --yes
  tenantdeck apply --resume 18c2f0a1b2c3d4e5-4d2 --retry-failed -f new-users.csv

Results: FILE.results.csv (or .json) next to the input, one row per item: target, outcome \
(ok, verified-done, failed, skipped, unknown, not-sent), created, message.

Exit codes: 0 every item done, 1 some failed, left out or not sent (or an API error), 2 usage \
or configuration (bad input, not confirmed, read-only profile), 3 sign-in refused, 4 nothing \
to resume or not found";

const DEMO_EXAMPLES: &str = "Examples:
  tenantdeck demo                        the Cloudmore console over demo data
  tenantdeck demo --provider pulse       open on Pulse IoT Center (P switches profiles)
  tenantdeck demo --orgs 100000          every stand-in with 100,000 more organizations
  tenantdeck --read-only demo            every change refused";

const SANDBOX_EXAMPLES: &str = "Examples:
  tenantdeck sandbox --db /tmp/cm.sqlite
  tenantdeck sandbox --dialect pulse --db /tmp/pulse.sqlite --listen 127.0.0.1:8078
  tenantdeck sandbox --db /tmp/big.sqlite --orgs 100000 --latency-ms 200";

const COMPLETIONS_EXAMPLES: &str = "Examples:
  tenantdeck completions bash > ~/.local/share/bash-completion/completions/tenantdeck
  tenantdeck completions zsh > ~/.zfunc/_tenantdeck
  tenantdeck completions fish > ~/.config/fish/completions/tenantdeck.fish";

const MAN_EXAMPLES: &str = "Examples:
  tenantdeck man > ~/.local/share/man/man1/tenantdeck.1 && man tenantdeck";

const CACHE_EXAMPLES: &str = "Examples:
  tenantdeck cache clear                 every profile's cache files
  tenantdeck cache clear --profile prod  only profile prod's
  tenantdeck --offline                   browse what the last run cached, sending nothing";
