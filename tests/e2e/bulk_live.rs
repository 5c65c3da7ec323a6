//! A bulk run of 20,000 items stays live, end to end: the real binary in a pseudo-terminal
//! against a stand-in this test owns (28,572 synthetic organizations, 70% of them active, each
//! write slowed so the run takes a while), sets every active synthetic organization inactive.
//! While it runs, the gauge is read again and again and must move on at least five times; `Esc`
//! then stops it: the result says so, and the API shows fewer organizations changed than the
//! run had items.

use std::time::{Duration, Instant};

use crate::pty::Console;
use crate::support;
use tenantdeck::api::{Resource, ResourceData};
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::sandbox::{self, Seed};

const ENTER: &str = "\r";
const ESC: &str = "\u{1b}";
const CTRL_A: &str = "\u{1}";
const WAIT: Duration = Duration::from_secs(120);
/// Synthetic organizations in the stand-in; seven in ten are active, so about 20,000 items.
const ORGS: usize = 28_572;

/// Synthetic organizations that are inactive now.
async fn inactive(client: &CloudmoreClient) -> usize {
    let ResourceData::Organizations(orgs) = client
        .fetch(&Resource::Organizations)
        .await
        .expect("the list")
    else {
        panic!("organizations");
    };
    orgs.iter()
        .filter(|o| o.name.starts_with("Synthetic Org") && !o.is_active)
        .count()
}

/// `N` of the gauge's `N/TOTAL · done …`, when the screen shows one.
fn answered(screen: &str) -> Option<(usize, usize)> {
    let at = screen.find(" · done ")?;
    let label = screen[..at].rsplit(' ').next()?;
    let (n, total) = label.split_once('/')?;
    Some((n.parse().ok()?, total.parse().ok()?))
}

/// Peak resident memory of a process, from /proc (Linux), for the log.
fn peak_memory_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[test]
fn a_run_of_twenty_thousand_items_shows_its_progress_and_esc_stops_it() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config(&dir, Seed::Demo);
    config.extra_orgs = ORGS;
    let stand = runtime.block_on(sandbox::start(config)).expect("stand-in");
    let client = support::client(&stand);
    let inactive_before = runtime.block_on(inactive(&client));
    let demo = stand.credentials().clone();
    let base_url = stand.base_url();
    let args = [
        "--api-url",
        &base_url,
        "--reseller-id",
        &demo.reseller_id,
        "--username",
        &demo.username,
    ];
    let env = [
        ("TENANTDECK_PASSWORD", demo.password.as_str()),
        ("TENANTDECK_CLIENT_SECRET", demo.client_secret.as_str()),
    ];
    let mut console = Console::start_with_env(&args, &env);
    console.wait_for("the organization tree", WAIT, |s| {
        s.contains("organizations")
    });
    console.type_keys("/Synthetic Org");
    console.type_keys(ENTER);
    console.wait_for_text(&format!("{} of", tenantdeck::ui::text::thousands(ORGS)));
    console.type_keys(CTRL_A);
    console.wait_for_text(&format!("{ORGS} marked"));
    // The first `x` loads every organization's full record (the API replaces whole records);
    // `x` again once they are in opens the preview.
    console.type_keys("x");
    let deadline = Instant::now() + WAIT;
    while !console.screen_text().contains("Bulk run") {
        assert!(Instant::now() < deadline, "{}", console.screen_text());
        std::thread::sleep(Duration::from_millis(500));
        console.type_keys("x");
    }
    let preview = console.wait_for_text(" items · ");
    let items: usize = preview
        .split(" items · ")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the item count");
    assert!(items >= 19_000, "about 20,000 items: {items}\n{preview}");

    // Each write now takes a while, so the run cannot end before it is looked at.
    stand
        .faults()
        .slow("/organizations/", Duration::from_millis(15));
    // More than 100 items: the count is typed to confirm (anything typed before is cleared).
    console.type_keys(&"\u{7f}".repeat(12));
    console.type_keys(&items.to_string());
    console.type_keys(ENTER);
    let mut seen = Vec::new();
    let deadline = Instant::now() + WAIT;
    while seen.len() < 6 {
        assert!(Instant::now() < deadline, "the gauge stalled at {seen:?}");
        let screen = console.screen_text();
        if let Some((n, total)) = answered(&screen) {
            assert_eq!(total, items);
            assert!(n < total, "the run ended before it could be watched");
            if seen.last() != Some(&n) {
                seen.push(n);
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("the gauge read {seen:?}");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "it only moves on");

    console.type_keys(ESC);
    let result = console.wait_for("the run to stop", WAIT, |s| s.contains("stopped: "));
    let (done, _) = answered(&result).expect("the gauge stays");
    if let Some(pid) = console.child.process_id()
        && let Some(peak) = peak_memory_mb(pid)
    {
        eprintln!("console peak memory: {peak:.0} MB");
    }
    stand.faults().clear();
    let changed = runtime.block_on(inactive(&client)) - inactive_before;
    eprintln!("stopped after {done} of {items}; {changed} organizations changed");
    assert!(changed > 0, "some were set inactive");
    assert!(changed < items, "Esc stopped the run: {changed} of {items}");
    assert!(changed <= done, "no more than the answered items changed");
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(20)), "clean exit");
}
