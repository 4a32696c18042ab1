//! Printing the figures: one line per run on standard error as it ends, and a summary in
//! Markdown on standard output (medians of the runs, and ours / peer when the peer ran).

use std::time::Duration;

use super::args::Args;
use super::stats::{RunFigures, median};

/// How a summary row reads its figure.
type Figure = fn(&CounterFigures) -> f64;

/// The counter figures of one server.
#[derive(Debug)]
pub struct CounterFigures {
    /// `hjx` or `dioxus`.
    pub target: &'static str,
    /// Sessions open during the runs.
    pub sessions: usize,
    /// Server RSS before and after opening the sessions, when the server was spawned.
    pub rss: Option<(u64, u64)>,
    /// The timed runs.
    pub runs: Vec<RunFigures>,
}

impl CounterFigures {
    fn median_of(&self, figure: impl Fn(&RunFigures) -> f64) -> f64 {
        median(self.runs.iter().map(figure))
    }

    /// Server memory per idle session, in bytes.
    pub fn memory_per_session(&self) -> Option<f64> {
        self.rss
            .map(|(before, after)| (after as f64 - before as f64) / self.sessions.max(1) as f64)
    }
}

/// The broadcast figures of HJX.
#[derive(Debug)]
pub struct BroadcastFigures {
    /// Sessions patched by each change.
    pub sessions: usize,
    /// Server RSS before and after opening the sessions.
    pub rss: Option<(u64, u64)>,
    /// Per round, from the click to the last session's patch.
    pub to_last: Vec<Duration>,
    /// The server's CPU time over all rounds, when it was spawned.
    pub server_cpu: Option<Duration>,
    /// The load tool's own CPU time over all rounds (its sessions' waits and reads).
    pub client_cpu: Duration,
}

/// The machine and the run's settings.
pub fn machine(args: &Args) {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let pace = args
        .rate
        .map_or("closed loop".to_owned(), |rate| format!("{rate} clicks/s"));
    println!(
        "# hjx-load: {} sessions, {} run(s) of {:.0} s, {pace}; {cores} cores, {model}\n",
        args.sessions,
        args.runs,
        args.duration.as_secs_f64()
    );
}

/// One line for a finished run.
pub fn run_line(target: &str, run: usize, figures: &RunFigures) {
    eprintln!(
        "{target} run {run}: {} events ({} failed) in {:.2} s = {:.0}/s; p50 {:.3} ms, p99 {:.3} ms, \
         p999 {:.3} ms; {:.1} B up, {:.1} B down per event; CPU per event: server {:.2} µs, \
         load tool {:.2} µs",
        figures.events,
        figures.failed,
        figures.elapsed.as_secs_f64(),
        figures.events_per_second(),
        figures.latency_ms(0.5),
        figures.latency_ms(0.99),
        figures.latency_ms(0.999),
        figures.up_per_event(),
        figures.down_per_event(),
        figures.server_cpu_per_event_us(),
        figures.client_cpu_per_event_us(),
    );
}

/// The client script HJX serves, gzipped, in bytes.
pub fn hjx_client_gzip() -> usize {
    hjx_client::CLIENT_JS_GZIP.len()
}

/// The Markdown summary.
pub fn summary(args: &Args, counters: &[CounterFigures], broadcast: Option<&BroadcastFigures>) {
    if !counters.is_empty() {
        let mut header = "| figure (median of runs) |".to_owned();
        let mut rule = "| --- |".to_owned();
        for figures in counters {
            header.push_str(&format!(" {} |", figures.target));
            rule.push_str(" ---: |");
        }
        let ratio = counters.len() == 2;
        if ratio {
            header.push_str(" ours / peer |");
            rule.push_str(" ---: |");
        }
        println!("{header}\n{rule}");
        let rows: [(&str, Figure, usize); 10] = [
            (
                "events per second",
                |f| f.median_of(RunFigures::events_per_second),
                0,
            ),
            (
                "round trip p50 (ms)",
                |f| f.median_of(|r| r.latency_ms(0.5)),
                3,
            ),
            (
                "round trip p99 (ms)",
                |f| f.median_of(|r| r.latency_ms(0.99)),
                3,
            ),
            (
                "round trip p999 (ms)",
                |f| f.median_of(|r| r.latency_ms(0.999)),
                3,
            ),
            (
                "bytes up per click",
                |f| f.median_of(RunFigures::up_per_event),
                1,
            ),
            (
                "bytes down per click",
                |f| f.median_of(RunFigures::down_per_event),
                1,
            ),
            (
                "server CPU per event (µs)",
                |f| f.median_of(RunFigures::server_cpu_per_event_us),
                2,
            ),
            (
                "load tool CPU per event (µs)",
                |f| f.median_of(RunFigures::client_cpu_per_event_us),
                2,
            ),
            (
                "server memory per idle session (KiB)",
                |f| f.memory_per_session().unwrap_or(f64::NAN) / 1024.0,
                2,
            ),
            (
                "failed clicks (sum of runs)",
                |f| f.runs.iter().map(|r| r.failed as f64).sum(),
                0,
            ),
        ];
        for (name, figure, decimals) in &rows {
            let mut line = format!("| {name} |");
            let values: Vec<f64> = counters.iter().map(figure).collect();
            for value in &values {
                line.push_str(&format!(" {value:.decimals$} |"));
            }
            if ratio {
                // No ratio of two zeros (failed clicks) or of an unknown figure.
                let ours_over_peer = values[0] / values[1];
                if ours_over_peer.is_finite() {
                    line.push_str(&format!(" {ours_over_peer:.3} |"));
                } else {
                    line.push_str(" — |");
                }
            }
            println!("{line}");
        }
        println!(
            "\n{} sessions; HJX client script gzipped: {} bytes\n",
            args.sessions,
            hjx_client_gzip()
        );
    }
    for figures in counters {
        if let Some(last) = figures.runs.last() {
            soak(args, figures.target, last);
        }
    }
    if let Some(broadcast) = broadcast {
        let millis: Vec<f64> = broadcast
            .to_last
            .iter()
            .map(|elapsed| elapsed.as_secs_f64() * 1000.0)
            .collect();
        let max = millis.iter().copied().fold(0.0, f64::max);
        let min = millis.iter().copied().fold(f64::INFINITY, f64::min);
        let memory = broadcast.rss.map_or(f64::NAN, |(before, after)| {
            (after as f64 - before as f64) / broadcast.sessions.max(1) as f64 / 1024.0
        });
        let patches = (broadcast.sessions * broadcast.to_last.len()).max(1) as f64;
        let cpu_per_patch = broadcast
            .server_cpu
            .map_or(f64::NAN, |cpu| cpu.as_secs_f64() * 1e6 / patches);
        let tool_per_patch = broadcast.client_cpu.as_secs_f64() * 1e6 / patches;
        println!(
            "broadcast to {} sessions: click to last patch, median {:.2} ms (min {min:.2}, max \
             {max:.2}, {} rounds); server CPU {cpu_per_patch:.2} µs per session patched, load \
             tool CPU {tool_per_patch:.2} µs; memory per idle SharedCounter session {memory:.2} \
             KiB",
            broadcast.sessions,
            median(millis.iter().copied()),
            millis.len()
        );
    }
}

/// The RSS samples of a run (`--rss-every`): each one, the spread after the first minute (the
/// warm-up), whether any click failed; and the plot, with `--plot`.
fn soak(args: &Args, target: &str, run: &RunFigures) {
    if run.rss_samples.is_empty() {
        return;
    }
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    println!("\n{target}: server RSS during the run (seconds, MiB)");
    for (at, rss) in &run.rss_samples {
        println!("  {at:>6.0} {:>8.1}", mib(*rss));
    }
    let settled: Vec<f64> = run
        .rss_samples
        .iter()
        .filter(|(at, _)| *at >= 60.0)
        .map(|(_, rss)| mib(*rss))
        .collect();
    if let (Some(low), Some(high)) = (
        settled.iter().copied().reduce(f64::min),
        settled.iter().copied().reduce(f64::max),
    ) {
        println!(
            "  after the first minute: {low:.1}–{high:.1} MiB ({:+.1}%); {} clicks answered, {} failed",
            (high - low) / low * 100.0,
            run.events,
            run.failed
        );
    }
    if let Some(path) = &args.plot {
        let points: Vec<(f64, f64)> = run
            .rss_samples
            .iter()
            .map(|(at, rss)| (*at, mib(*rss)))
            .collect();
        let x_max = args.duration.as_secs_f64().max(1.0);
        let y_top = points.iter().map(|(_, y)| *y).fold(0.0, f64::max);
        let y_step = if y_top > 500.0 {
            100.0
        } else if y_top > 100.0 {
            50.0
        } else {
            10.0
        };
        let y_max = ((y_top * 1.2) / y_step).ceil() * y_step;
        let x_step = if x_max > 300.0 { 60.0 } else { 10.0 };
        match crate::load::plot::line_plot(path, &points, (x_max, x_step), (y_max, y_step)) {
            Ok(()) => println!("  plot: {} (x: seconds, y: MiB)", path.display()),
            Err(error) => eprintln!("cannot write the plot {}: {error}", path.display()),
        }
    }
}

/// The sweep's table: for each offered rate, each server's median (over the runs) round trip
/// p50 and p99, the p99 of its sessions' own medians, its CPU per event and the load tool's
/// share of the two cores; then each server's knee, the highest rate whose p99 stays within
/// `--knee-ms`.
pub fn sweep(args: &Args, names: &[&str], rows: &[(f64, Vec<Vec<RunFigures>>)]) {
    let cores = std::thread::available_parallelism().map_or(1, usize::from) as f64;
    println!();
    println!(
        "| offered /s | server | answered /s | p50 ms | p99 ms | p99 of session medians ms | server CPU µs/event | load tool, share of the {cores} cores |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut knees: Vec<Option<f64>> = names.iter().map(|_| None).collect();
    for (rate, runs) in rows {
        for ((name, runs), knee) in names.iter().zip(runs).zip(&mut knees) {
            let of = |figure: fn(&RunFigures) -> f64| median(runs.iter().map(figure));
            let p99 = of(|run| run.latency_ms(0.99));
            let tool = of(|run| {
                run.client_cpu.map_or(f64::NAN, |cpu| {
                    cpu.as_secs_f64() / run.elapsed.as_secs_f64().max(1e-9)
                })
            }) / cores;
            let failed: u64 = runs.iter().map(|run| run.failed).sum();
            println!(
                "| {rate:.0} | {name} | {:.0} | {:.2} | {p99:.2} | {:.2} | {:.2} | {:.0} %{} |",
                of(RunFigures::events_per_second),
                of(|run| run.latency_ms(0.5)),
                of(RunFigures::fairness_ms),
                of(RunFigures::server_cpu_per_event_us),
                tool * 100.0,
                if failed > 0 {
                    format!(" ({failed} clicks failed)")
                } else {
                    String::new()
                },
            );
            if p99 <= args.knee_ms && failed == 0 {
                *knee = Some(knee.map_or(*rate, |known: f64| known.max(*rate)));
            }
        }
    }
    println!();
    for (name, knee) in names.iter().zip(&knees) {
        match knee {
            Some(rate) => println!(
                "knee of {name}: {rate:.0} clicks/s offered (the highest swept rate with p99 ≤ {} ms)",
                args.knee_ms
            ),
            None => println!(
                "knee of {name}: below every swept rate (p99 > {} ms at each)",
                args.knee_ms
            ),
        }
    }
    if let [Some(ours), Some(peer)] = knees.as_slice() {
        println!(
            "knee ratio, {} / {}: {:.2}",
            names[0],
            names[1],
            ours / peer
        );
    }
}
