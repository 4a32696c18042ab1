//! `hjx dev` end to end in headless Chromium: a new app is served; an edit to its `.hjx` file
//! rebuilds and restarts it, and the open page reloads itself showing the new text with the
//! counter's value kept; a syntax error shows the overlay over the page, with the file and
//! line; fixing it removes the overlay. The time from each save to the reloaded page is
//! printed (BENCHMARKS.md keeps the figures); nothing asserts a time.

#![cfg(unix)]

#[path = "../../tests/tests/browser_support/mod.rs"]
mod browser_support;

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use browser_support::with_browser;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The target folder the apps of the CLI's tests share.
fn shared_target() -> PathBuf {
    std::env::temp_dir().join("hjx-cli-tests-target")
}

/// Stops the `hjx dev` process group (the command and the app) when dropped.
struct Group(std::process::Child);

impl Drop for Group {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}

/// Replaces `from` with `to` in `file`, as an editor saves it.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{from} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_reloads_the_page_with_its_state_and_a_build_error_shows_over_it() {
    let dir = std::env::temp_dir().join(format!("hjx-cli-dev-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let checkout = workspace().canonicalize().expect("the workspace");
    let made = Command::new(env!("CARGO_BIN_EXE_hjx"))
        .args(["new", "devapp", "--path"])
        .arg(&checkout)
        .current_dir(&dir)
        .output()
        .expect("hjx new runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let app = dir.join("devapp");
    let page_file = app.join("src/App.hjx");

    let mut child = Command::new(env!("CARGO_BIN_EXE_hjx"))
        .arg("dev")
        .current_dir(&app)
        .env("PORT", "0")
        .env("CARGO_TARGET_DIR", shared_target())
        .env("CARGO_NET_OFFLINE", "true")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("hjx dev starts");
    let stderr = child.stderr.take().expect("stderr");
    let _group = Group(child);
    // Each "serving" line of the command's log: a build was started.
    let (served, serving) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("{line}");
            if let Some(url) = line.strip_prefix("hjx dev: serving ") {
                let url = url.split_whitespace().next().unwrap_or("").to_owned();
                if served.send(url).is_err() {
                    return;
                }
            }
        }
    });
    // The first build may compile the runtime: be patient.
    let url = serving
        .recv_timeout(Duration::from_secs(900))
        .expect("hjx dev serves the app");

    with_browser(|browser| async move {
        browser.goto(&url).await;
        for count in 1..=3 {
            browser.click("button").await;
            browser
                .wait_for(&format!(
                    "document.querySelector('button').textContent === 'Clicked {count} times'"
                ))
                .await;
        }
        let mut timings = Vec::new();
        // An edit: the page reloads (a marker set on the old page is gone) with the new text
        // and the count it had.
        for (from, to) in [("Clicked", "Pressed"), ("Pressed", "Tapped"), ("Tapped", "Hit")] {
            browser.js("window.__before_reload = true;", vec![]).await;
            let saved = Instant::now();
            edit(&page_file, from, to);
            browser
                .wait_for(&format!(
                    "!window.__before_reload && document.querySelector('button')?.textContent === '{to} 3 times'"
                ))
                .await;
            timings.push(saved.elapsed());
        }
        timings.sort();
        eprintln!(
            "save to reloaded page: {:?} (median {:.2} s)",
            timings,
            timings[timings.len() / 2].as_secs_f64()
        );
        // The page goes on working after the reloads.
        browser.click("button").await;
        browser
            .wait_for("document.querySelector('button').textContent === 'Hit 4 times'")
            .await;

        // A syntax error: the overlay names the file and line, over the page still served.
        edit(&page_file, "set count = count + 1", "set count = count +");
        let overlay = browser
            .wait_for("document.getElementById('hjx-dev-overlay')?.textContent")
            .await;
        let overlay = overlay.as_str().unwrap_or_default().to_owned();
        assert!(overlay.contains("Build failed"), "{overlay}");
        assert!(overlay.contains("App.hjx:"), "{overlay}");
        assert_eq!(
            browser
                .js("return document.querySelector('button').textContent;", vec![])
                .await,
            "Hit 4 times"
        );
        // Fixed: the overlay goes, the page reloads, and the count is still there.
        browser.js("window.__before_reload = true;", vec![]).await;
        edit(&page_file, "set count = count +", "set count = count + 1");
        browser
            .wait_for(
                "!window.__before_reload && !document.getElementById('hjx-dev-overlay') \
                 && document.querySelector('button')?.textContent === 'Hit 4 times'",
            )
            .await;
        browser.click("button").await;
        browser
            .wait_for("document.querySelector('button').textContent === 'Hit 5 times'")
            .await;
        browser
    })
    .await;
    let _ = std::fs::remove_dir_all(&dir);
}
