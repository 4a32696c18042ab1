//! `hjx dev`: builds and runs the app, watches its `.rs` and `.hjx` files, and on every change
//! rebuilds it and restarts it; every open page reloads itself once the new server is up, with
//! its session's state (the server saves its sessions when it stops and reads them back when it
//! starts; a reloading page resumes its session). A failed build leaves the running server as it
//! was and shows the error in every open page, over the page, until a build succeeds.
//!
//! The pages hear of builds from a small server of the command's own on loopback (the reload
//! channel): the app, started with `HJX_DEV` set to its address, adds its script (`dev.js`) to
//! every page; the script listens to the channel's events (`fail`, `ok`, `reload`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

pub(crate) const HELP: &str = "\
hjx dev [--bin NAME | --example NAME] [--dev-port N]

In an app's folder (one with a Cargo.toml, as `hjx new` makes): builds and runs the app, then
watches its .rs, .hjx and Cargo.toml files. On every change it rebuilds the app and restarts
it; every open page reloads itself when the new server is up and comes back as it was (the
sessions' state is saved to target/hjx-dev when the server stops, and read back when it
starts). A build error is shown in the open pages, with its file, line and message, until the
next good build. The app reads its port from the PORT variable (an app made by `hjx new`
does), which is kept from one start to the next.

--bin NAME       the binary to run, when the package has several
--example NAME   run the package's example NAME instead of a binary
--dev-port N     the port of the reload channel on 127.0.0.1 (default: a free one)

Stop it with Ctrl-C.";

/// The script every page loads under `hjx dev`.
const DEV_JS: &str = include_str!("dev.js");

/// How often the watched files are looked at.
const POLL: Duration = Duration::from_millis(200);

/// Runs the command in the current folder.
pub(crate) fn run(args: &[String]) -> Result<bool, String> {
    let mut dev_port = 0;
    let mut target = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            flag @ ("--bin" | "--example") => {
                let name = args.next().ok_or_else(|| format!("{flag} needs a name"))?;
                target = vec![flag.to_owned(), name.clone()];
            }
            "--dev-port" => {
                let port = args.next().ok_or("--dev-port needs a number")?;
                dev_port = port
                    .parse()
                    .map_err(|_| format!("`{port}` is not a port number"))?;
            }
            other => {
                return Err(format!(
                    "unexpected argument `{other}` (see `hjx dev --help`)"
                ));
            }
        }
    }
    let dir = std::env::current_dir().map_err(|error| format!("no current folder: {error}"))?;
    if !dir.join("Cargo.toml").is_file() {
        return Err(
            "no Cargo.toml here: run `hjx dev` in an app's folder (`hjx new NAME` makes one)"
                .to_owned(),
        );
    }
    let watch = vec![
        dir.join("src"),
        dir.join("Cargo.toml"),
        dir.join("build.rs"),
    ];
    develop(&Project {
        dir,
        watch,
        target,
        target_dir: None,
        port: std::env::var("PORT").ok(),
        dev_port,
    })
}

/// An app under development.
pub(crate) struct Project {
    /// The folder with its Cargo.toml.
    pub(crate) dir: PathBuf,
    /// The files and folders whose `.rs`, `.hjx` and `.toml` files are watched.
    pub(crate) watch: Vec<PathBuf>,
    /// Which of its targets to build and run (`--bin NAME`, `--example NAME`), if not its one
    /// binary.
    pub(crate) target: Vec<String>,
    /// Where cargo builds it, when not where `CARGO_TARGET_DIR` (or its own `target`) says.
    pub(crate) target_dir: Option<PathBuf>,
    /// The port the app is started with first (`PORT`), if one is chosen.
    pub(crate) port: Option<String>,
    /// The reload channel's port (0: a free one).
    pub(crate) dev_port: u16,
}

/// Builds, runs, watches, rebuilds and restarts, until the command is stopped.
pub(crate) fn develop(project: &Project) -> Result<bool, String> {
    let channel = Channel::start(project.dev_port)?;
    eprintln!("hjx dev: reload channel at {}", channel.url);
    let target = project
        .target_dir
        .clone()
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from))
        .or_else(|| target_directory(&project.dir))
        .unwrap_or_else(|| project.dir.join("target"));
    let data_dir = target.join("hjx-dev");
    let mut port = project.port.clone();
    let mut app: Option<App> = None;
    let mut seen = scan(&project.watch);
    loop {
        let started = Instant::now();
        eprintln!("hjx dev: building…");
        match build(project, &target) {
            Ok(exe) => {
                channel.send("ok", "{}");
                if let Some(old) = app.take() {
                    old.stop();
                }
                match App::start(&exe, &project.dir, &channel.url, &data_dir, port.as_deref()) {
                    Ok(started_app) => {
                        port = Some(started_app.port.clone());
                        eprintln!(
                            "hjx dev: serving {} (built and started in {:.1} s)",
                            started_app.url,
                            started.elapsed().as_secs_f64()
                        );
                        app = Some(started_app);
                        channel.send("reload", "{}");
                    }
                    Err(error) => eprintln!("hjx dev: {error}"),
                }
            }
            Err(failure) => {
                eprintln!("hjx dev: the build failed; the running server is kept");
                channel.send("fail", &failure.to_string());
            }
        }
        // Wait for a change, then for the editor to finish writing.
        loop {
            thread::sleep(POLL);
            if let Some(running) = &mut app
                && let Ok(Some(status)) = running.child.try_wait()
            {
                eprintln!("hjx dev: the app exited ({status}); waiting for a change");
                app = None;
            }
            let now = scan(&project.watch);
            if now != seen {
                thread::sleep(POLL);
                seen = scan(&project.watch);
                break;
            }
        }
    }
}

/// Where cargo builds the package in `dir`: its workspace's target folder, as `cargo metadata`
/// says.
fn target_directory(dir: &Path) -> Option<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(dir)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let metadata: Value = serde_json::from_slice(&output.stdout).ok()?;
    metadata["target_directory"].as_str().map(PathBuf::from)
}

/// What each watched file was when last looked at.
fn scan(paths: &[PathBuf]) -> Vec<(PathBuf, SystemTime, u64)> {
    fn walk(path: &Path, out: &mut Vec<(PathBuf, SystemTime, u64)>) {
        let Ok(meta) = std::fs::metadata(path) else {
            return;
        };
        if meta.is_dir() {
            let Ok(entries) = std::fs::read_dir(path) else {
                return;
            };
            let mut entries: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
            entries.sort();
            for entry in entries {
                let hidden = entry
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with('.'));
                if !hidden && entry.file_name().is_some_and(|name| name != "target") {
                    walk(&entry, out);
                }
            }
        } else if path
            .extension()
            .is_some_and(|ext| ext == "rs" || ext == "hjx" || ext == "toml")
        {
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            out.push((path.to_owned(), modified, meta.len()));
        }
    }
    let mut out = Vec::new();
    for path in paths {
        walk(path, &mut out);
    }
    out
}

/// A failed build: the first error, for the pages' overlay.
struct Failure {
    file: String,
    line: u64,
    column: u64,
    message: String,
    rendered: String,
}

impl std::fmt::Display for Failure {
    /// As the JSON the overlay reads.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let json = serde_json::json!({
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "rendered": self.rendered,
        });
        write!(f, "{json}")
    }
}

impl Failure {
    /// A failure that is no compiler diagnostic: cargo could not run, or built no binary.
    fn plain(file: String, message: String) -> Failure {
        Failure {
            file,
            line: 0,
            column: 0,
            message,
            rendered: String::new(),
        }
    }
}

/// Builds the app in `dir`; its executable, or the first error. Every diagnostic is printed as
/// cargo prints it.
fn build(project: &Project, target: &Path) -> Result<PathBuf, Failure> {
    let dir = &project.dir;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["build", "--message-format=json"])
        .args(&project.target)
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .stderr(Stdio::inherit())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(error) => {
            return Err(Failure::plain(
                String::new(),
                format!("cannot run cargo: {error}"),
            ));
        }
    };
    let mut exe = None;
    let mut first_error = None;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                if let Some(path) = message["executable"].as_str() {
                    exe = Some(PathBuf::from(path));
                }
            }
            Some("compiler-message") => {
                let diagnostic = &message["message"];
                let rendered = diagnostic["rendered"].as_str().unwrap_or_default();
                eprint!("{rendered}");
                if first_error.is_none() && diagnostic["level"] == "error" {
                    first_error = Some(failure_of(diagnostic));
                }
            }
            _ => {}
        }
    }
    let manifest = || dir.join("Cargo.toml").display().to_string();
    match (output.status.success(), exe, first_error) {
        (true, Some(exe), _) => Ok(exe),
        (true, None, _) => Err(Failure::plain(
            manifest(),
            "the package has no binary to run".to_owned(),
        )),
        (false, _, Some(failure)) => Err(failure),
        (false, _, None) => Err(Failure::plain(
            manifest(),
            "cargo build failed (see the terminal)".to_owned(),
        )),
    }
}

/// The overlay's view of a compiler error: an error of `hjx!` names its `.hjx` file, line and
/// column first (`./App.hjx:9:12: unknown field …`); any other points at its primary span.
fn failure_of(diagnostic: &Value) -> Failure {
    let message = diagnostic["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let rendered = diagnostic["rendered"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let first_line = message.lines().next().unwrap_or_default();
    let mut parts = first_line.splitn(4, ':');
    if let (Some(file), Some(line), Some(column), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
        && file.ends_with(".hjx")
        && let (Ok(line), Ok(column)) = (line.parse(), column.parse())
    {
        return Failure {
            file: file.to_owned(),
            line,
            column,
            message: rest.trim().to_owned(),
            rendered,
        };
    }
    let spans = diagnostic["spans"].as_array().cloned().unwrap_or_default();
    let span = spans
        .iter()
        .find(|span| span["is_primary"] == true)
        .or(spans.first());
    Failure {
        file: span
            .and_then(|span| span["file_name"].as_str())
            .unwrap_or_default()
            .to_owned(),
        line: span
            .and_then(|span| span["line_start"].as_u64())
            .unwrap_or(0),
        column: span
            .and_then(|span| span["column_start"].as_u64())
            .unwrap_or(0),
        message,
        rendered,
    }
}

/// The running app.
struct App {
    child: Child,
    url: String,
    port: String,
}

impl App {
    /// Starts `exe` and waits for it to print its URL: it is then listening.
    fn start(
        exe: &Path,
        dir: &Path,
        channel: &str,
        data_dir: &Path,
        port: Option<&str>,
    ) -> Result<App, String> {
        let mut command = Command::new(exe);
        command
            .current_dir(dir)
            .env("HJX_DEV", channel)
            .env("HJX_DATA_DIR", data_dir)
            .stdout(Stdio::piped());
        if let Some(port) = port {
            command.env("PORT", port);
        }
        let mut child = command
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", exe.display()))?;
        let stdout = child.stdout.take().ok_or("the app has no output")?;
        let (found, url) = mpsc::channel();
        // Echoes the app's output, and passes on the first URL it prints.
        thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                println!("{line}");
                if let Some(at) = line.find("http://")
                    && let Some(sender) = found.take()
                {
                    let url: String = line[at..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_owned();
                    let _ = sender.send(url);
                }
            }
        });
        let Ok(url) = url.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the app printed no URL (http://…) within 60 s of starting".to_owned());
        };
        let port = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .and_then(|host| host.rsplit(':').next())
            .unwrap_or("")
            .to_owned();
        Ok(App { child, url, port })
    }

    /// Stops the app as a deployment would (SIGTERM: it saves its sessions), and waits for it.
    fn stop(mut self) {
        let pid = self.child.id().to_string();
        let asked = Command::new("kill")
            .args(["-TERM", &pid])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        while asked && Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The reload channel: serves `dev.js` and the event stream every page listens to.
struct Channel {
    url: String,
    state: Arc<Mutex<ChannelState>>,
}

#[derive(Default)]
struct ChannelState {
    /// The pages listening.
    listeners: Vec<Sender<String>>,
    /// The last build's failure, for a page that connects while it stands.
    failure: Option<String>,
}

impl Channel {
    fn start(port: u16) -> Result<Channel, String> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|error| format!("cannot listen on 127.0.0.1:{port}: {error}"))?;
        let addr = listener
            .local_addr()
            .map_err(|error| format!("no address: {error}"))?;
        let state = Arc::new(Mutex::new(ChannelState::default()));
        let shared = state.clone();
        thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let state = shared.clone();
                thread::spawn(move || serve(stream, &state));
            }
        });
        Ok(Channel {
            url: format!("http://{addr}"),
            state,
        })
    }

    /// Sends the event `name` to every page; a `fail` stands until the next `ok`.
    fn send(&self, name: &str, data: &str) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        match name {
            "fail" => state.failure = Some(data.to_owned()),
            "ok" => state.failure = None,
            _ => {}
        }
        let event = format!("event: {name}\ndata: {data}\n\n");
        state
            .listeners
            .retain(|listener| listener.send(event.clone()).is_ok());
    }
}

/// Serves one request of the reload channel.
fn serve(mut stream: TcpStream, state: &Mutex<ChannelState>) {
    let mut request = [0; 2048];
    let read = stream.read(&mut request).unwrap_or(0);
    let request = String::from_utf8_lossy(&request[..read]);
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    if path.starts_with("/dev.js") {
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/javascript\r\nCache-Control: no-store\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{DEV_JS}",
            DEV_JS.len()
        );
        return;
    }
    if !path.starts_with("/events") {
        let _ = write!(
            stream,
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        return;
    }
    let (sender, events): (Sender<String>, Receiver<String>) = mpsc::channel();
    {
        let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(failure) = &state.failure {
            let _ = sender.send(format!("event: fail\ndata: {failure}\n\n"));
        }
        state.listeners.push(sender);
    }
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Access-Control-Allow-Origin: *\r\nConnection: keep-alive\r\n\r\n: hjx dev\n\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    loop {
        // A comment now and then finds a page that has gone, so its thread ends.
        let event = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => event,
            Err(mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_owned(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if stream.write_all(event.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
    }
}
