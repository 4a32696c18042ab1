//! `hjx-load`: HJX under load over real WebSockets on loopback, and the Dioxus LiveView peer
//! measured the same way in the same run.
//!
//! For each server it spawns the server as a child process (so that it can read its memory from
//! `/proc`), opens the sessions, and then:
//! - counter: `--runs` timed runs of clicks on every session (closed loop, or `--rate` clicks per
//!   second), reporting events per second, round-trip p50/p99/p999, payload bytes up and down per
//!   click, and server memory per idle session (RSS after opening the sessions minus RSS before,
//!   divided by their number). Figures are the medians of the runs.
//! - broadcast (HJX): `--rounds` clicks on the SharedCounter, each patching every session; the
//!   time from the click to the moment the last session has read its patch.
//!
//! Every loop is bounded in count and time; the tool ends by itself.
//!
//! - [`args`]: the command line. [`net`]: loopback connections. [`process`]: the server child.
//! - [`session`]: one session for either server. [`wire`]: the HJX frames it writes and reads.
//! - [`stats`]: run figures and medians. [`report`]: printing them.

pub mod args;
pub mod net;
pub mod plot;
pub mod process;
pub mod report;
pub mod session;
pub mod stats;
pub mod wire;

use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::stream;

use self::args::{Args, Scenario};
use self::net::Sources;
use self::process::Server;
use self::report::{BroadcastFigures, CounterFigures};
use self::session::{Answer, Session, Target};
use self::stats::RunFigures;

/// Sessions opened before the memory baseline is read, so that one-time costs (the component's
/// hub, thread-local buffers, allocator arenas) are not charged to the measured sessions.
const WARM_SESSIONS: usize = 8;

/// Items in the tracker's database for the search scenario.
pub const TRACKER_ITEMS: usize = 1000;

/// Runs the tool with the command line `args` (without the program name).
pub fn main_with(args: impl IntoIterator<Item = String>) -> io::Result<()> {
    let args: Vec<String> = args.into_iter().collect();
    let parsed = match Args::parse(args.clone()) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    if parsed.serve {
        return crate::server::main_with(args);
    }
    crate::server::raise_nofile_limit();
    let runtime = if parsed.threads == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(parsed.threads)
            .enable_all()
            .build()?
    };
    runtime.block_on(run(parsed))
}

async fn run(args: Args) -> io::Result<()> {
    report::machine(&args);
    let sources = Sources::new(args.sources);
    let counters = match args.scenario {
        Scenario::Counter | Scenario::All => counter(&args, &sources).await?,
        Scenario::Search => search(&args, &sources).await?,
        Scenario::Broadcast => Vec::new(),
    };
    let broadcast = if matches!(args.scenario, Scenario::Broadcast | Scenario::All) {
        Some(broadcast(&args, &sources).await?)
    } else {
        None
    };
    report::summary(&args, &counters, broadcast.as_ref());
    Ok(())
}

/// One server under test and the sessions open on it.
struct Bench {
    target: Target,
    /// `None` for a server `--server` names: no memory or CPU figures then.
    server: Option<Server>,
    /// Sessions opened before the memory baseline; not part of the figures.
    warm: Vec<Session>,
    sessions: Vec<Session>,
    /// Server RSS before and after opening `sessions`.
    rss: Option<(u64, u64)>,
}

impl Bench {
    /// Starts the HJX server (or uses `--server`) and opens the sessions on `target`; the
    /// tracker search starts it with `--tracker TRACKER_ITEMS`.
    async fn hjx(args: &Args, sources: &Sources, target: Target) -> io::Result<Bench> {
        let (server, addr) = match args.server {
            Some(addr) => (None, addr),
            None => {
                let (program, mut flags) = process::hjx_server_command(args.hjx_server.as_deref())?;
                let items = TRACKER_ITEMS.to_string();
                if target == Target::TrackerSearch {
                    flags.extend(["--tracker", items.as_str()]);
                }
                let server = Server::spawn(&program, &flags).await?;
                let addr = server.addr;
                (Some(server), addr)
            }
        };
        Bench::open(args, sources, server, addr, target).await
    }

    /// Starts the Dioxus peer and opens the sessions.
    async fn dioxus(args: &Args, sources: &Sources, peer: &Path) -> io::Result<Bench> {
        let server = Server::spawn(peer, &["--port", "0"]).await?;
        let addr = server.addr;
        let element = find_dioxus_button(sources, addr).await?;
        eprintln!("dioxus: the + button is element {element}");
        Bench::open(
            args,
            sources,
            Some(server),
            addr,
            Target::Dioxus { element },
        )
        .await
    }

    /// Opens the warm-up sessions, reads RSS, opens the measured sessions, reads RSS again.
    async fn open(
        args: &Args,
        sources: &Sources,
        server: Option<Server>,
        addr: SocketAddr,
        target: Target,
    ) -> io::Result<Bench> {
        let mut warm = open_sessions(args, sources, addr, target, WARM_SESSIONS).await?;
        for session in &mut warm {
            for _ in 0..10 {
                session.click().await;
            }
        }
        settle().await;
        let before = server.as_ref().map(Server::rss).transpose()?;
        let sessions = open_sessions(args, sources, addr, target, args.sessions).await?;
        settle().await;
        let after = server.as_ref().map(Server::rss).transpose()?;
        Ok(Bench {
            target,
            server,
            warm,
            sessions,
            rss: before.zip(after),
        })
    }

    /// One timed run of clicks on every session, with the server's CPU time over it.
    async fn click_run(&mut self, args: &Args) -> io::Result<RunFigures> {
        let server = self.server.as_ref();
        let server_before = server.map(Server::cpu_time).transpose()?;
        let client_before = process::cpu_time_of("self")?;
        let sampler = args
            .rss_every
            .zip(server.and_then(Server::pid))
            .map(|(every, pid)| tokio::spawn(sample_rss(pid, every, args.duration)));
        let (back, mut figures) = click_run(args, std::mem::take(&mut self.sessions)).await;
        self.sessions = back;
        if let Some(sampler) = sampler {
            figures.rss_samples = sampler.await.unwrap_or_default();
        }
        let server_after = server.map(Server::cpu_time).transpose()?;
        figures.server_cpu = server_before
            .zip(server_after)
            .map(|(before, after)| after.saturating_sub(before));
        figures.client_cpu = Some(process::cpu_time_of("self")?.saturating_sub(client_before));
        Ok(figures)
    }

    /// Closes every session and stops the server.
    async fn close(self) {
        // All at once: each close waits at most a second, so this does too.
        let closing = self
            .warm
            .into_iter()
            .chain(self.sessions)
            .map(Session::close);
        futures_util::future::join_all(closing).await;
        if let Some(server) = self.server {
            server.stop().await;
        }
    }
}

/// The RSS of process `pid` every `every`, from the start until `duration` is over.
async fn sample_rss(pid: u32, every: Duration, duration: Duration) -> Vec<(f64, u64)> {
    let start = Instant::now();
    let mut samples = Vec::new();
    let mut ticks = tokio::time::interval(every);
    loop {
        ticks.tick().await;
        let at = start.elapsed();
        if at > duration + every / 2 {
            return samples;
        }
        if let Ok(rss) = process::rss_of(pid) {
            samples.push((at.as_secs_f64(), rss));
        }
    }
}

/// Dioxus numbers elements at run time, and answers a click on any element with an edits
/// message; the button is the element whose click is answered with the new count's text.
async fn find_dioxus_button(sources: &Sources, addr: SocketAddr) -> io::Result<u32> {
    for element in 1..=8 {
        let target = Target::Dioxus { element };
        let mut session = Session::open(sources, addr, target).await?;
        let answer = session.click_bytes(Duration::from_millis(500)).await;
        session.close().await;
        if answer.is_some_and(|bytes| bytes.windows(8).any(|text| text == b"Count: 1")) {
            return Ok(element);
        }
    }
    Err(io::Error::other(
        "no Dioxus element answered a click: has its event format changed?",
    ))
}

/// Opens `count` sessions, `--open-concurrency` at a time.
async fn open_sessions(
    args: &Args,
    sources: &Sources,
    addr: SocketAddr,
    target: Target,
    count: usize,
) -> io::Result<Vec<Session>> {
    let started = Instant::now();
    let opened: Vec<io::Result<Session>> = stream::iter(0..count)
        .map(|_| Session::open(sources, addr, target))
        .buffer_unordered(args.open_concurrency)
        .collect()
        .await;
    let sessions = opened.into_iter().collect::<io::Result<Vec<_>>>()?;
    eprintln!(
        "{}: opened {count} sessions in {:.1} s",
        target.name(),
        started.elapsed().as_secs_f64()
    );
    Ok(sessions)
}

/// Lets the server finish what the last sessions started before memory is read.
async fn settle() {
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// The counter scenario on HJX and, with `--peer`, on Dioxus: both servers hold their sessions
/// at once and their runs alternate (HJX, peer, HJX, peer, …), so that the noise of a shared
/// machine falls on both alike.
async fn counter(args: &Args, sources: &Sources) -> io::Result<Vec<CounterFigures>> {
    let target = Target::Hjx { path: args.path };
    let mut benches = vec![Bench::hjx(args, sources, target).await?];
    if let Some(peer) = &args.peer {
        benches.push(Bench::dioxus(args, sources, peer).await?);
    }
    if !args.sweep.is_empty() {
        sweep(args, benches).await?;
        return Ok(Vec::new());
    }
    timed_runs(args, benches).await
}

/// The counter at each rate of `--sweep` in turn, every bench's runs alternating at each rate;
/// prints the table of round trips per rate and each server's knee.
async fn sweep(args: &Args, mut benches: Vec<Bench>) -> io::Result<()> {
    let names: Vec<&'static str> = benches.iter().map(|bench| bench.target.name()).collect();
    let mut rows = Vec::new();
    for &rate in &args.sweep {
        let at = Args {
            rate: Some(rate),
            ..args.clone()
        };
        let mut runs: Vec<Vec<RunFigures>> = benches.iter().map(|_| Vec::new()).collect();
        for run in 1..=at.runs {
            for (bench, runs) in benches.iter_mut().zip(&mut runs) {
                let figures = bench.click_run(&at).await?;
                report::run_line(
                    &format!("{} @ {rate}/s", bench.target.name()),
                    run,
                    &figures,
                );
                runs.push(figures);
            }
        }
        rows.push((rate, runs));
    }
    report::sweep(args, &names, &rows);
    for bench in benches {
        bench.close().await;
    }
    Ok(())
}

/// The search scenario: keystrokes in the tracker's search box, timed as the counter's clicks
/// are (each answered by the frame with its results).
async fn search(args: &Args, sources: &Sources) -> io::Result<Vec<CounterFigures>> {
    let bench = Bench::hjx(args, sources, Target::TrackerSearch).await?;
    timed_runs(args, vec![bench]).await
}

/// `--runs` timed runs of every bench in turn; closes them after.
async fn timed_runs(args: &Args, mut benches: Vec<Bench>) -> io::Result<Vec<CounterFigures>> {
    let mut runs: Vec<Vec<RunFigures>> = benches.iter().map(|_| Vec::new()).collect();
    for run in 1..=args.runs {
        for (bench, runs) in benches.iter_mut().zip(&mut runs) {
            let figures = bench.click_run(args).await?;
            report::run_line(bench.target.name(), run, &figures);
            runs.push(figures);
        }
    }
    let mut figures = Vec::new();
    for (bench, runs) in benches.into_iter().zip(runs) {
        figures.push(CounterFigures {
            target: bench.target.name(),
            sessions: args.sessions,
            rss: bench.rss,
            runs,
        });
        bench.close().await;
    }
    Ok(figures)
}

/// One timed run: every session clicks until the duration is over (or the event budget spent).
async fn click_run(args: &Args, sessions: Vec<Session>) -> (Vec<Session>, RunFigures) {
    let count = sessions.len();
    let budget = Arc::new(AtomicU64::new(args.max_events));
    let start = Instant::now();
    let deadline = start + args.duration;
    let interval = args
        .rate
        .map(|rate| Duration::from_secs_f64(count as f64 / rate.max(1e-3)));
    let tasks: Vec<_> = sessions
        .into_iter()
        .enumerate()
        .map(|(index, session)| {
            let budget = budget.clone();
            // Paced sessions start spread over one interval, not all at once.
            let first =
                interval.map(|interval| start + interval.mul_f64(index as f64 / count as f64));
            tokio::spawn(session_clicks(session, deadline, budget, interval, first))
        })
        .collect();
    let mut sessions = Vec::with_capacity(count);
    let mut figures = RunFigures::default();
    for task in tasks {
        if let Ok((session, share)) = task.await {
            sessions.push(session);
            figures.absorb(share);
        }
    }
    figures.elapsed = start.elapsed();
    figures.latencies_us.sort_unstable();
    figures.session_medians_us.sort_unstable();
    (sessions, figures)
}

async fn session_clicks(
    mut session: Session,
    deadline: Instant,
    budget: Arc<AtomicU64>,
    interval: Option<Duration>,
    first: Option<Instant>,
) -> (Session, RunFigures) {
    let mut figures = RunFigures::default();
    let (up, down) = (session.bytes_up, session.bytes_down);
    let mut next = first;
    loop {
        if let Some(at) = next {
            tokio::time::sleep_until(at.into()).await;
        }
        if Instant::now() >= deadline || !take_one(&budget) {
            break;
        }
        let sent = Instant::now();
        match session.click().await {
            Answer::Patch => {
                let micros = sent.elapsed().as_micros();
                figures.events += 1;
                figures
                    .latencies_us
                    .push(u32::try_from(micros).unwrap_or(u32::MAX));
            }
            Answer::Failed => {
                figures.failed += 1;
                break;
            }
        }
        // A paced session that fell behind sends its next click at once.
        next = next.zip(interval).map(|(at, interval)| at + interval);
    }
    figures.bytes_up = session.bytes_up - up;
    figures.bytes_down = session.bytes_down - down;
    if !figures.latencies_us.is_empty() {
        figures.latencies_us.sort_unstable();
        let median = stats::quantile(&figures.latencies_us, 0.5) as u32;
        figures.session_medians_us.push(median);
    }
    (session, figures)
}

fn take_one(budget: &AtomicU64) -> bool {
    budget
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            left.checked_sub(1)
        })
        .is_ok()
}

async fn broadcast(args: &Args, sources: &Sources) -> io::Result<BroadcastFigures> {
    let mut bench = Bench::hjx(args, sources, Target::Hjx { path: "/shared" }).await?;
    let mut to_last = Vec::new();
    let cpu_before = bench.server.as_ref().map(Server::cpu_time).transpose()?;
    let client_before = process::cpu_time_of("self")?;
    for round in 1..=args.rounds {
        let (back, elapsed) = broadcast_round(std::mem::take(&mut bench.sessions)).await?;
        bench.sessions = back;
        eprintln!(
            "broadcast round {round}: last of {} sessions patched after {:.2} ms",
            bench.sessions.len(),
            elapsed.as_secs_f64() * 1000.0
        );
        to_last.push(elapsed);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let cpu_after = bench.server.as_ref().map(Server::cpu_time).transpose()?;
    let client_cpu = process::cpu_time_of("self")?.saturating_sub(client_before);
    let rss = bench.rss;
    bench.close().await;
    Ok(BroadcastFigures {
        sessions: args.sessions,
        rss,
        server_cpu: cpu_before
            .zip(cpu_after)
            .map(|(before, after)| after.saturating_sub(before)),
        client_cpu,
        to_last,
    })
}

/// Session 0 clicks; every session waits for its patch. Returns the time from the click to the
/// last patch read.
async fn broadcast_round(mut sessions: Vec<Session>) -> io::Result<(Vec<Session>, Duration)> {
    if sessions.is_empty() {
        return Ok((sessions, Duration::ZERO));
    }
    let mut clicker = sessions.remove(0);
    let waiting: Vec<_> = sessions
        .into_iter()
        .map(|mut session| {
            tokio::spawn(async move {
                let answer = session.next_patch(session::ANSWER_TIMEOUT).await;
                (session, answer, Instant::now())
            })
        })
        .collect();
    let sent = Instant::now();
    let own = clicker.click().await;
    let mut last = Instant::now();
    let mut failed = usize::from(own != Answer::Patch);
    let mut back = vec![clicker];
    for task in waiting {
        let (session, answer, at) = task.await.map_err(io::Error::other)?;
        failed += usize::from(answer != Answer::Patch);
        last = last.max(at);
        back.push(session);
    }
    if failed > 0 {
        return Err(io::Error::other(format!(
            "{failed} sessions got no broadcast patch"
        )));
    }
    Ok((back, last - sent))
}
