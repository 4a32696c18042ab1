//! Shared harness of the real-browser tests: headless Chromium (Debian's `chromium` and
//! `chromium-driver` packages, installed by `hjx-client/ci-install-chromium.sh`) driven over
//! WebDriver by fantoccini, everything on loopback.
//!
//! Under `CI=true` a test that cannot start Chromium fails; elsewhere it prints why and skips.

#![allow(dead_code, unreachable_pub)] // each browser test binary uses a different part

use std::future::Future;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use serde_json::{Value, json};
use tokio::sync::Semaphore;

/// How long a condition may take before a test gives up on it. Only an upper bound for
/// waiting: no test asserts that anything happens within a time.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// One browser at a time per test binary: the machines running these have few cores.
static ONE_BROWSER: Semaphore = Semaphore::const_new(1);

/// A headless Chromium session and the chromedriver process that serves it.
pub struct Browser {
    pub client: Client,
    driver: Child,
    driver_port: u16,
    profile: PathBuf,
}

fn find_binary(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Ok(path) = std::env::var(env) {
        return Some(PathBuf::from(path));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium profile; `Err` says why not.
    async fn start() -> Result<Browser, String> {
        let driver_bin = find_binary("CHROMEDRIVER", &["/usr/bin/chromedriver"])
            .ok_or("no chromedriver (apt-get install chromium-driver, or set CHROMEDRIVER)")?;
        let chrome_bin = find_binary(
            "CHROMIUM",
            &["/usr/bin/chromium", "/usr/lib/chromium/chromium"],
        )
        .ok_or("no chromium (apt-get install chromium, or set CHROMIUM)")?;
        let port = free_port().map_err(|e| format!("no free port: {e}"))?;
        let mut driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", driver_bin.display()))?;
        let deadline = Instant::now() + PATIENCE;
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if Instant::now() > deadline {
                let _ = driver.kill();
                return Err("chromedriver did not start listening".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile =
            std::env::temp_dir().join(format!("hjx-chromium-{}-{port}", std::process::id()));
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1024,768",
            &format!("--user-data-dir={}", profile.display()),
        ];
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": chrome_bin, "args": args }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match client {
            Ok(client) => Ok(Browser {
                client,
                driver,
                driver_port: port,
                profile,
            }),
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                let _ = std::fs::remove_dir_all(&profile);
                Err(format!("chromium did not start: {e}"))
            }
        }
    }

    /// Ends the browser session, then chromedriver, and removes the profile.
    async fn stop(mut self) {
        let _ = self.client.close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }

    /// Runs `js` (a function body, `arguments` available) and returns its value.
    pub async fn js(&self, js: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(js, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{js}"))
    }

    /// Waits until `js` (an expression) is truthy in the page and returns its value.
    pub async fn wait_for(&self, expr: &str) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let value = self
                .client
                .execute(&format!("return ({expr});"), vec![])
                .await;
            match value {
                Ok(v)
                    if !matches!(v, Value::Null | Value::Bool(false))
                        && v != json!(0)
                        && v != json!("") =>
                {
                    return v;
                }
                _ if Instant::now() > deadline => {
                    panic!("gave up waiting for `{expr}` (last: {value:?})")
                }
                _ => tokio::time::sleep(Duration::from_millis(25)).await,
            }
        }
    }

    /// The page's console messages at level SEVERE (errors, uncaught exceptions) since the
    /// last call, read through chromedriver's log endpoint (fantoccini has no call for it).
    pub async fn console_errors(&self) -> Vec<String> {
        let session = self
            .client
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("a session");
        let body = r#"{"type":"browser"}"#;
        let request = format!(
            "POST /session/{session}/se/log HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let port = self.driver_port;
        let raw = tokio::task::spawn_blocking(move || {
            use std::io::{Read, Write};
            let mut http = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("chromedriver");
            http.set_read_timeout(Some(PATIENCE)).expect("timeout");
            http.write_all(request.as_bytes()).expect("write");
            let mut raw = Vec::new();
            let mut buf = [0; 8192];
            // Read until the JSON body is complete (chromedriver may keep the socket open).
            while let Ok(n @ 1..) = http.read(&mut buf) {
                raw.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&raw);
                if let Some((_, body)) = text.split_once("\r\n\r\n")
                    && serde_json::from_str::<Value>(body).is_ok()
                {
                    break;
                }
            }
            String::from_utf8_lossy(&raw).into_owned()
        })
        .await
        .expect("log reader");
        let body = raw
            .split_once("\r\n\r\n")
            .map(|(_, b)| b)
            .unwrap_or_default();
        let log: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("log: {e}: {raw}"));
        log["value"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// The element matching a CSS selector.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}`: {e}"))
    }

    /// Clicks the element matching a CSS selector.
    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }

    /// Types into the element matching a CSS selector (WebDriver key codes allowed).
    pub async fn type_into(&self, css: &str, keys: &str) {
        self.find(css)
            .await
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("cannot type into `{css}`: {e}"));
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }
}

/// Runs a test body with a fresh browser, and always shuts the browser down afterwards,
/// even when the body panics. Skips (outside CI) or fails (under `CI=true`) without Chromium.
pub async fn with_browser<F, Fut>(test: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = Browser>,
{
    with_browsers(1, |mut browsers| async move {
        let browser = browsers.pop().expect("one browser");
        vec![test(browser).await]
    })
    .await;
}

/// As [`with_browser`], with `count` browsers at once, each with a profile (cookies, storage)
/// of its own: several users of one app.
pub async fn with_browsers<F, Fut>(count: usize, test: F)
where
    F: FnOnce(Vec<Browser>) -> Fut,
    Fut: Future<Output = Vec<Browser>>,
{
    let _one = ONE_BROWSER.acquire().await.expect("semaphore never closes");
    let mut browsers = Vec::with_capacity(count);
    for _ in 0..count {
        match Browser::start().await {
            Ok(browser) => browsers.push(browser),
            Err(why) => {
                for browser in browsers {
                    browser.stop().await;
                }
                if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                    panic!("CI=true and the browser test cannot start Chromium: {why}")
                }
                eprintln!("skipping browser test: {why}");
                return;
            }
        }
    }
    // The body gets the browsers by value and hands them back; on panic they are lost, so keep
    // what is needed to clean up regardless.
    let mut cleanups = Vec::with_capacity(count);
    for browser in &browsers {
        cleanups.push((
            browser.driver.id(),
            browser.driver_port,
            browser.profile.clone(),
            browser.client.session_id().await.ok().flatten(),
        ));
    }
    match AssertUnwindSafe(test(browsers)).catch_unwind().await {
        Ok(browsers) => {
            for browser in browsers {
                browser.stop().await;
            }
        }
        Err(panic) => {
            for (driver_pid, port, profile, session) in cleanups {
                // End the session by hand (that quits Chromium), then chromedriver, then the
                // profile.
                if let (Some(session), Ok(mut http)) =
                    (session, TcpStream::connect((Ipv4Addr::LOCALHOST, port)))
                {
                    use std::io::{Read, Write};
                    // chromedriver may keep the connection open: read its answer, not to the end.
                    let _ = http.set_read_timeout(Some(Duration::from_secs(10)));
                    let _ = write!(
                        http,
                        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    );
                    let _ = http.read(&mut [0; 1024]);
                }
                let _ = Command::new("kill").arg(driver_pid.to_string()).status();
                let _ = std::fs::remove_dir_all(profile);
            }
            std::panic::resume_unwind(panic)
        }
    }
}

/// Compares the live component DOM with a server render, both with `data-hid` removed (list
/// items get their hydration IDs at run time, so a fresh render may number them differently):
/// the markup, with attributes in sorted order (a patch appends a new attribute last), and the
/// form state that lives in properties (`value`, `checked`). Returns `true` or the difference.
const SAME_AS_RENDER_BUT_HIDS: &str = r#"
const sorted = (from) => {
  const box = document.createElement('div');
  box.append(...[...from.childNodes].map(n => n.cloneNode(true)));
  for (const el of box.querySelectorAll('*')) {
    const attrs = [...el.attributes].filter(a => a.name !== 'data-hid').map(a => [a.name, a.value]).sort();
    for (const a of [...el.attributes]) el.removeAttribute(a.name);
    for (const [name, value] of attrs) el.setAttribute(name, value);
  }
  return box.innerHTML;
};
const root = document.querySelector('[data-hjx-root]');
const render = document.createElement('template');
render.innerHTML = arguments[0];
const live = sorted(root), fresh = sorted(render.content);
if (live !== fresh) return 'DOM:    ' + live + '\nrender: ' + fresh;
for (const input of root.querySelectorAll('input')) {
  const name = input.className || input.name || input.type;
  if (input.type !== 'checkbox' && input.value !== (input.getAttribute('value') || '')) return 'value of ' + name + ': ' + input.value;
  if (input.checked !== input.hasAttribute('checked')) return 'checked of ' + name;
}
return true;
"#;

impl Browser {
    /// Waits until the live DOM, hydration IDs aside, equals `render` (invariant 1, convergence);
    /// panics with the last difference after [`PATIENCE`].
    pub async fn converges_to(&self, render: &str, step: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let verdict = self.js(SAME_AS_RENDER_BUT_HIDS, vec![json!(render)]).await;
            if verdict == json!(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "after {step}: the DOM does not converge to the render\n{}",
                verdict.as_str().unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
