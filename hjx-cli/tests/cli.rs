//! The `hjx` command end to end: `check` prints exactly the expected report for broken files,
//! `fmt` formats a messy file into the canonical layout and keeps every example file as it is,
//! `new` starts an app whose test passes at once, and every command has `--help` and fails with
//! one clear line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn hjx(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hjx"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("hjx runs")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The target folder the apps these tests build share, so that the second builds little.
fn shared_target() -> PathBuf {
    std::env::temp_dir().join("hjx-cli-tests-target")
}

/// A fresh folder under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hjx-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

#[test]
fn check_reports_every_error_with_its_line_and_caret() {
    let out = hjx(&["check", "broken"], &fixtures());
    assert_eq!(out.status.code(), Some(1));
    let expected = std::fs::read_to_string(fixtures().join("broken.expected")).expect("expected");
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "5 errors in 2 files\n"
    );
}

#[test]
fn the_examples_check_clean_and_are_formatted() {
    for dir in ["examples", "template", "tests/tests"] {
        let out = hjx(&["check", dir], &workspace());
        assert!(
            out.status.success(),
            "{dir}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let out = hjx(&["fmt", "--check", dir], &workspace());
        assert!(
            out.status.success(),
            "run `hjx fmt {dir}`; these differ:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn fmt_writes_the_canonical_layout_and_check_lists_what_differs() {
    let dir = scratch("fmt");
    std::fs::copy(fixtures().join("messy.hjx"), dir.join("Messy.hjx")).expect("copy");
    let out = hjx(&["fmt", "--check", "."], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "./Messy.hjx\n");
    assert!(hjx(&["fmt"], &dir).status.success());
    let formatted = std::fs::read_to_string(dir.join("Messy.hjx")).expect("read");
    let expected = std::fs::read_to_string(fixtures().join("messy.formatted.hjx")).expect("read");
    assert_eq!(formatted, expected);
    assert!(
        hjx(&["fmt", "--check"], &dir).status.success(),
        "idempotent"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn every_command_has_help_and_errors_are_one_line() {
    for command in ["check", "dev", "fmt", "new", "run"] {
        let out = hjx(&[command, "--help"], &workspace());
        assert!(out.status.success(), "{command} --help");
        assert!(String::from_utf8_lossy(&out.stdout).starts_with(&format!("hjx {command}")));
    }
    for (args, message) in [
        (
            vec!["frobnicate"],
            "error: unknown command `frobnicate`; the commands are check, dev, fmt, new and run (see `hjx --help`)\n",
        ),
        (
            vec!["dev"],
            "error: no Cargo.toml here: run `hjx dev` in an app's folder (`hjx new NAME` makes one)\n",
        ),
        (
            vec!["dev", "--port", "80"],
            "error: unexpected argument `--port` (see `hjx dev --help`)\n",
        ),
        (
            vec!["check", "no/such/dir"],
            "error: no/such/dir is neither a file nor a folder\n",
        ),
        (
            vec!["fmt", "--write"],
            "error: unknown option `--write` (see `hjx fmt --help`)\n",
        ),
        (
            vec!["new"],
            "error: give the app a name: `hjx new my-app`\n",
        ),
        (
            vec!["new", "9lives"],
            "error: `9lives` cannot name a package: use letters, digits, `-` and `_`, starting with a letter\n",
        ),
    ] {
        let out = hjx(&args, &fixtures());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), message, "{args:?}");
    }
}

#[test]
fn new_starts_an_app_whose_test_passes() {
    let dir = scratch("new");
    let checkout = workspace().canonicalize().expect("the workspace");
    let out = hjx(
        &[
            "new",
            "hello-app",
            "--path",
            &checkout.display().to_string(),
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = dir.join("hello-app");
    let manifest = std::fs::read_to_string(app.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"hello-app\""), "{manifest}");
    // Built offline, against this checkout.
    let test = Command::new(env!("CARGO"))
        .args(["test", "--offline", "--quiet"])
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", shared_target())
        .output()
        .expect("cargo runs");
    assert!(
        test.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
    assert!(String::from_utf8_lossy(&test.stdout).contains("1 passed"));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[cfg(unix)]
#[test]
fn run_serves_one_hjx_file_with_its_imports_and_serves_it_again_when_edited() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;

    // A copy of the fixture, to edit.
    let dir = scratch("run");
    for file in ["Hello.hjx", "Badge.hjx"] {
        std::fs::copy(fixtures().join("serve").join(file), dir.join(file)).expect("copy");
    }
    let checkout = workspace().canonicalize().expect("the workspace");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hjx"))
        .args(["run", "Hello.hjx", "--port", "0", "--path"])
        .arg(&checkout)
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", shared_target())
        .env("CARGO_NET_OFFLINE", "true")
        .stdout(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("hjx run starts");
    let group = child.id();
    let stop = || {
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{group}")])
            .status();
    };
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    let url = lines.find(|line| line.starts_with("http://"));
    let Some(url) = url else {
        stop();
        panic!("hjx run printed no URL: {:?}", child.wait());
    };
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let page = get(&addr);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("<h1>Hello from a file</h1>"), "{page}");
    assert!(
        page.contains("A badge, imported"),
        "the import is served too: {page}"
    );
    // An edit to the imported file: the server is rebuilt and started again, on the same port.
    let badge = dir.join("Badge.hjx");
    let text = std::fs::read_to_string(&badge).expect("read");
    std::fs::write(&badge, text.replace("A badge, ", "An edited badge, ")).expect("write");
    let again = lines.find(|line| line.starts_with("http://"));
    let page = get(&addr);
    stop();
    let _ = child.wait();
    assert_eq!(again.as_deref(), Some(url.as_str()));
    assert!(page.contains("An edited badge, imported"), "{page}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// GETs `/` from `addr`.
fn get(addr: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("the app listens");
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut page = String::new();
    stream.read_to_string(&mut page).expect("response");
    page
}
