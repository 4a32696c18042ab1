//! The server under test as a child process: spawned, waited for, its memory read from
//! `/proc/<pid>/status`, and stopped when the load tool is done with it.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long a server may take to print its address.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running server process.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Server {
    /// Runs `program args…` and waits for its `listening on http://<addr>/` line. Its standard
    /// input stays open: a server started with `--exit-with-stdin` ends when the load tool does.
    pub async fn spawn(program: &Path, args: &[&str]) -> io::Result<Server> {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| io::Error::other(format!("{}: {error}", program.display())))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| io::Error::other("no stdout"))?;
        let mut lines = BufReader::new(stdout).lines();
        let addr = tokio::time::timeout(START_TIMEOUT, async {
            while let Some(line) = lines.next_line().await? {
                if let Some(rest) = line.strip_prefix("listening on http://") {
                    return rest
                        .trim_end_matches('/')
                        .parse::<SocketAddr>()
                        .map_err(io::Error::other);
                }
            }
            Err(io::Error::other("server exited before listening"))
        })
        .await
        .map_err(|_| io::Error::other("server did not start in time"))??;
        // Keep draining its output so that a chatty server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Server { child, addr })
    }

    /// The process's ID, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// The process's resident memory in bytes (`VmRSS`).
    pub fn rss(&self) -> io::Result<u64> {
        let pid = self
            .child
            .id()
            .ok_or_else(|| io::Error::other("server has exited"))?;
        rss_of(pid)
    }

    /// The CPU time (user + system) the process has used.
    pub fn cpu_time(&self) -> io::Result<Duration> {
        let pid = self
            .child
            .id()
            .ok_or_else(|| io::Error::other("server has exited"))?;
        cpu_time_of(&pid.to_string())
    }

    /// Stops the server and waits for it.
    pub async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
    }
}

/// `VmRSS` of process `pid`, in bytes.
pub fn rss_of(pid: u32) -> io::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map(|kib| kib * 1024)
        .ok_or_else(|| io::Error::other("no VmRSS line"))
}

/// Clock ticks per second of `/proc/<pid>/stat` times: `USER_HZ`, 100 on every Linux
/// architecture the load tool runs on.
const TICKS_PER_SECOND: u64 = 100;

/// The CPU time (user + system) of process `pid` (`self` for this process), from
/// `/proc/<pid>/stat`; 10 ms resolution.
pub fn cpu_time_of(pid: &str) -> io::Result<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name (field 2) may hold spaces; the fields after it are space separated.
    let after_name = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .ok_or_else(|| io::Error::other("malformed stat"))?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line: indexes 11 and 12 after the name, where
    // the state (field 3) is index 0.
    let ticks = |at: usize| fields.get(at).and_then(|value| value.parse::<u64>().ok());
    let (Some(user), Some(system)) = (ticks(11), ticks(12)) else {
        return Err(io::Error::other("no utime/stime in stat"));
    };
    Ok(Duration::from_millis(
        (user + system) * 1000 / TICKS_PER_SECOND,
    ))
}

/// The HJX bench server: `chosen` if given, else `hjx-bench-server` beside this executable when
/// it was built, else this executable itself in server mode (the same code,
/// `hjx_bench::server`).
pub fn hjx_server_command(chosen: Option<&Path>) -> io::Result<(PathBuf, Vec<&'static str>)> {
    if let Some(chosen) = chosen {
        return Ok((chosen.to_owned(), vec!["--port", "0", "--exit-with-stdin"]));
    }
    let me = std::env::current_exe()?;
    let sibling = me.with_file_name("hjx-bench-server");
    if sibling.exists() {
        Ok((sibling, vec!["--port", "0", "--exit-with-stdin"]))
    } else {
        Ok((me, vec!["--serve", "--port", "0", "--exit-with-stdin"]))
    }
}
