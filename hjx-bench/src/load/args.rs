//! The load tool's command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// What to measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// Clicks on the Counter: events per second, round trips, bytes, memory per session.
    Counter,
    /// One shared change to every session: time until the last client has its patch.
    Broadcast,
    /// Counter and broadcast.
    All,
    /// Keystrokes in the tracker example's search box, on a list of `TRACKER_ITEMS` items: the
    /// round trip from a keystroke to its results.
    Search,
}

/// The parsed command line.
#[derive(Clone, Debug)]
pub struct Args {
    /// Sessions to open (`--sessions`, default 1000).
    pub sessions: usize,
    /// Length of one timed run (`--duration` seconds, default 10).
    pub duration: Duration,
    /// Timed runs per server; figures are their medians (`--runs`, default 3).
    pub runs: usize,
    /// Clicks per second over all sessions; closed loop (each session clicks again as soon as its
    /// patch arrives) when absent (`--rate`).
    pub rate: Option<f64>,
    /// The most clicks one run sends (`--max-events`, default 5,000,000).
    pub max_events: u64,
    /// What to measure (`--scenario counter|broadcast|all|search`, default all).
    pub scenario: Scenario,
    /// Broadcast rounds (`--rounds`, default 10).
    pub rounds: usize,
    /// Loopback source addresses to spread connections over (`--sources`, default 16).
    pub sources: usize,
    /// Worker threads of the load tool's own runtime (`--threads`, default 1).
    pub threads: usize,
    /// Sessions opened at once (`--open-concurrency`, default 64).
    pub open_concurrency: usize,
    /// The Dioxus LiveView peer's binary, to measure it in the same run (`--peer PATH`).
    pub peer: Option<PathBuf>,
    /// The HJX page the counter scenario opens and clicks (`--path`, default `/`).
    pub path: &'static str,
    /// The HJX server binary to spawn instead of `hjx-bench-server` (`--hjx-server PATH`): it
    /// must take `--port 0 --exit-with-stdin` and print `listening on http://<addr>/`.
    pub hjx_server: Option<PathBuf>,
    /// An HJX bench server already running (`--server ADDR`): no spawn, no memory figures.
    pub server: Option<SocketAddr>,
    /// Run as the bench server instead (`--serve`, with the server's own flags).
    pub serve: bool,
    /// Sample the server's RSS this often during each timed run (`--rss-every S`): the soak.
    pub rss_every: Option<Duration>,
    /// Plot the RSS samples of the last run to this PNG file (`--plot FILE`).
    pub plot: Option<PathBuf>,
    /// Offered rates to sweep, in clicks per second (`--sweep R1,R2,…`): the counter's runs at
    /// each rate in turn, both servers alternating, and each server's knee.
    pub sweep: Vec<f64>,
    /// The round-trip p99 a rate must keep to count as below the knee (`--knee-ms`, default 5).
    pub knee_ms: f64,
}

impl Default for Args {
    fn default() -> Args {
        Args {
            sessions: 1000,
            duration: Duration::from_secs(10),
            runs: 3,
            rate: None,
            max_events: 5_000_000,
            scenario: Scenario::All,
            rounds: 10,
            sources: 16,
            threads: 1,
            open_concurrency: 64,
            peer: None,
            path: "/",
            hjx_server: None,
            server: None,
            serve: false,
            rss_every: None,
            plot: None,
            sweep: Vec::new(),
            knee_ms: 5.0,
        }
    }
}

/// The usage text.
pub const USAGE: &str = "\
hjx-load: HJX (and optionally Dioxus LiveView) under load over loopback WebSockets

  --sessions N         sessions to open (default 1000)
  --duration S         seconds per timed run (default 10)
  --runs K             timed runs; figures are medians (default 3)
  --rate R             clicks per second over all sessions (default: closed loop)
  --max-events M       most clicks per run (default 5000000)
  --scenario X         counter | broadcast | all (default all) | search (the tracker example's
                       search as you type on 1,000 items; clicks are keystrokes)
  --rounds R           broadcast rounds (default 10)
  --sources K          loopback source addresses 127.0.0.1..K (default 16)
  --threads T          load tool worker threads (default 1)
  --open-concurrency C sessions opened at once (default 64)
  --peer PATH          Dioxus LiveView peer binary: measure it too, report ours / peer
  --path P             the HJX page the counter scenario drives (default /; /feed opens
                       10,000 lines as a stream, /feed-list the same as a keyed list)
  --hjx-server PATH    spawn this HJX server binary instead of hjx-bench-server
  --server ADDR        use a running hjx-bench-server (no memory or CPU figures)
  --rss-every S        sample the server's RSS every S seconds of each timed run (a soak:
                       with --rate, --duration 600 and --runs 1)
  --plot FILE          draw the last run's RSS samples as a PNG
  --sweep R1,R2,...    the counter at each offered rate in turn (both servers alternating);
                       reports p99 per rate and each server's knee
  --knee-ms MS         the p99 that bounds the knee (default 5)
";

impl Args {
    /// Parses `args` (without the program name).
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
        let mut parsed = Args::default();
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} takes a value"));
            match flag.as_str() {
                "--sessions" => parsed.sessions = number(&value()?)?,
                "--duration" => parsed.duration = Duration::from_secs_f64(number(&value()?)?),
                "--runs" => parsed.runs = number::<usize>(&value()?)?.max(1),
                "--rate" => parsed.rate = Some(number(&value()?)?),
                "--max-events" => parsed.max_events = number(&value()?)?,
                "--rounds" => parsed.rounds = number::<usize>(&value()?)?.max(1),
                "--sources" => parsed.sources = number(&value()?)?,
                "--threads" => parsed.threads = number::<usize>(&value()?)?.max(1),
                "--open-concurrency" => {
                    parsed.open_concurrency = number::<usize>(&value()?)?.max(1);
                }
                "--peer" => parsed.peer = Some(PathBuf::from(value()?)),
                // Parsed once per run of the tool: leaking it keeps `Target` `Copy`.
                "--path" => parsed.path = Box::leak(value()?.into_boxed_str()),
                "--hjx-server" => parsed.hjx_server = Some(PathBuf::from(value()?)),
                "--server" => parsed.server = Some(number(&value()?)?),
                "--rss-every" => {
                    parsed.rss_every = Some(Duration::from_secs_f64(number(&value()?)?));
                }
                "--plot" => parsed.plot = Some(PathBuf::from(value()?)),
                "--sweep" => {
                    parsed.sweep = value()?
                        .split(',')
                        .map(number::<f64>)
                        .collect::<Result<_, _>>()?;
                }
                "--knee-ms" => parsed.knee_ms = number(&value()?)?,
                "--scenario" => {
                    parsed.scenario = match value()?.as_str() {
                        "counter" => Scenario::Counter,
                        "broadcast" => Scenario::Broadcast,
                        "all" => Scenario::All,
                        "search" => Scenario::Search,
                        other => return Err(format!("unknown scenario {other:?}")),
                    };
                }
                "--serve" => parsed.serve = true,
                // The server's own flags, when run with --serve.
                "--port" if parsed.serve => {
                    value()?;
                }
                "--exit-with-stdin" if parsed.serve => {}
                "--tracker" if parsed.serve => {
                    value()?;
                }
                other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
            }
        }
        Ok(parsed)
    }
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{text:?} is not a valid number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        Args::parse(args.iter().map(|arg| (*arg).to_owned()))
    }

    #[test]
    fn flags_set_their_fields_and_unknown_ones_are_refused() {
        let args =
            parse(&["--sessions", "20", "--rate", "500", "--scenario", "counter"]).expect("valid");
        assert_eq!(args.sessions, 20);
        assert_eq!(args.rate, Some(500.0));
        assert_eq!(args.scenario, Scenario::Counter);
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--sessions"]).is_err());
        assert!(parse(&["--serve", "--port", "0", "--exit-with-stdin"]).is_ok_and(|a| a.serve));
    }
}
