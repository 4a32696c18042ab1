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
pub mod process;
pub mod report;
pub mod session;
pub mod stats;
pub mod wire;

use std::io;
use std::net::SocketAddr;
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
    let sources = Arc::new(Sources::new(args.sources));
    let mut counters = Vec::new();
    if args.scenario != Scenario::Broadcast {
        counters.push(counter_on_hjx(&args, &sources).await?);
        if let Some(peer) = &args.peer {
            counters.push(counter_on_dioxus(&args, &sources, peer).await?);
        }
    }
    let broadcast = if args.scenario != Scenario::Counter {
        Some(broadcast_on_hjx(&args, &sources).await?)
    } else {
        None
    };
    report::summary(&args, &counters, broadcast.as_ref());
    Ok(())
}

/// The HJX server: spawned, or the one `--server` names.
async fn hjx_server(args: &Args) -> io::Result<(Option<Server>, SocketAddr)> {
    if let Some(addr) = args.server {
        return Ok((None, addr));
    }
    let (program, flags) = process::hjx_server_command()?;
    let server = Server::spawn(&program, &flags).await?;
    let addr = server.addr;
    Ok((Some(server), addr))
}

async fn counter_on_hjx(args: &Args, sources: &Arc<Sources>) -> io::Result<CounterFigures> {
    let (server, addr) = hjx_server(args).await?;
    let figures = counter(
        args,
        sources,
        server.as_ref(),
        addr,
        Target::Hjx { path: "/" },
    )
    .await;
    if let Some(server) = server {
        server.stop().await;
    }
    figures
}

async fn counter_on_dioxus(
    args: &Args,
    sources: &Arc<Sources>,
    peer: &std::path::Path,
) -> io::Result<CounterFigures> {
    let server = Server::spawn(peer, &["--port", "0"]).await?;
    let element = find_dioxus_button(sources, server.addr).await?;
    eprintln!("dioxus: the + button is element {element}");
    let figures = counter(
        args,
        sources,
        Some(&server),
        server.addr,
        Target::Dioxus { element },
    )
    .await;
    server.stop().await;
    figures
}

/// Dioxus numbers elements at run time; the button is the element whose click is answered.
async fn find_dioxus_button(sources: &Sources, addr: SocketAddr) -> io::Result<u32> {
    for element in 1..=8 {
        let target = Target::Dioxus { element };
        let mut session = Session::open(sources, addr, target).await?;
        session.send_click().await?;
        let answer = session.next_patch(Duration::from_millis(500)).await;
        session.close().await;
        if answer == Answer::Patch {
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
    sources: &Arc<Sources>,
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

/// RSS after opening `count` idle sessions minus RSS before, per session.
async fn open_measured(
    args: &Args,
    sources: &Arc<Sources>,
    server: Option<&Server>,
    addr: SocketAddr,
    target: Target,
) -> io::Result<(Vec<Session>, Vec<Session>, Option<(u64, u64)>)> {
    let mut warm = open_sessions(args, sources, addr, target, WARM_SESSIONS).await?;
    for session in &mut warm {
        for _ in 0..10 {
            session.click().await;
        }
    }
    settle().await;
    let before = server.map(Server::rss).transpose()?;
    let sessions = open_sessions(args, sources, addr, target, args.sessions).await?;
    settle().await;
    let after = server.map(Server::rss).transpose()?;
    Ok((warm, sessions, before.zip(after)))
}

/// Lets the server finish what the last sessions started before memory is read.
async fn settle() {
    tokio::time::sleep(Duration::from_secs(1)).await;
}

async fn counter(
    args: &Args,
    sources: &Arc<Sources>,
    server: Option<&Server>,
    addr: SocketAddr,
    target: Target,
) -> io::Result<CounterFigures> {
    let (warm, mut sessions, rss) = open_measured(args, sources, server, addr, target).await?;
    let mut runs = Vec::new();
    for run in 1..=args.runs {
        let server_before = server.map(Server::cpu_time).transpose()?;
        let client_before = process::cpu_time_of("self")?;
        let (back, mut figures) = click_run(args, sessions).await;
        sessions = back;
        let server_after = server.map(Server::cpu_time).transpose()?;
        figures.server_cpu = server_before
            .zip(server_after)
            .map(|(before, after)| after.saturating_sub(before));
        figures.client_cpu = Some(process::cpu_time_of("self")?.saturating_sub(client_before));
        report::run_line(target.name(), run, &figures);
        runs.push(figures);
    }
    for session in warm.into_iter().chain(sessions) {
        session.close().await;
    }
    Ok(CounterFigures {
        target: target.name(),
        sessions: args.sessions,
        rss,
        runs,
    })
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
    (session, figures)
}

fn take_one(budget: &AtomicU64) -> bool {
    budget
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            left.checked_sub(1)
        })
        .is_ok()
}

async fn broadcast_on_hjx(args: &Args, sources: &Arc<Sources>) -> io::Result<BroadcastFigures> {
    let (server, addr) = hjx_server(args).await?;
    let target = Target::Hjx { path: "/shared" };
    let (warm, mut sessions, rss) =
        open_measured(args, sources, server.as_ref(), addr, target).await?;
    let mut to_last = Vec::new();
    for round in 1..=args.rounds {
        let (back, elapsed) = broadcast_round(sessions).await?;
        sessions = back;
        eprintln!(
            "broadcast round {round}: last of {} sessions patched after {:.2} ms",
            sessions.len(),
            elapsed.as_secs_f64() * 1000.0
        );
        to_last.push(elapsed);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for session in warm.into_iter().chain(sessions) {
        session.close().await;
    }
    if let Some(server) = server {
        server.stop().await;
    }
    Ok(BroadcastFigures {
        sessions: args.sessions,
        rss,
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
