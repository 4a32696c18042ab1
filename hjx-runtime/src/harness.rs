//! A test harness for HJX apps: open a route of a [`Live`] app as a browser would, with its
//! state, path, query and cookies, then click, type, submit and read the page, with no browser
//! and no sockets. Enabled by the `harness` feature.
//!
//! A page is driven through the same code a socket drives: the route's mount, the session's
//! event handling, its async work, its navigation. What the page shows is read from a fresh
//! render of the session's state, with real CSS selectors.
//!
//! ```
//! use hjx_runtime::harness::TestApp;
//! use hjx_runtime::{Live, hjx};
//!
//! hjx! {
//!     component Counter
//!     state:
//!       count = 0
//!     layout:
//!       button.inc (on click -> increment): "Count: {{count}}"
//!     handlers:
//!       increment:
//!         set count = count + 1
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let app = TestApp::new(&Live::new().mount::<Counter>("/"));
//! let mut page = app.open("/").await.expect("the page opens");
//! page.click("button.inc").await;
//! page.click("button.inc").await;
//! assert_eq!(page.text("button.inc"), "Count: 2");
//! # }
//! ```
//!
//! A find that matches nothing panics with what the page holds, so a failing test says what
//! it saw: "no element matches `button.save`; the page's buttons: `Count: 2` (button.inc)".

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use serde::de::DeserializeOwned;

use crate::live::session::{AnySession, EventFailure};
use crate::model::event::{Event, EventKind, EventPayload};
use crate::model::patch::HydrationId;
use crate::serve::app::AppState;
use crate::serve::registry::Entry;
use crate::serve::router::Live;

mod dom;

use dom::Dom;

/// An app under test: opens its live routes as pages.
#[derive(Clone)]
pub struct TestApp {
    app: Arc<AppState>,
}

impl fmt::Debug for TestApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestApp")
            .field("sessions", &self.app.registry.len())
            .finish()
    }
}

/// Why a page did not open: its route is not live, or its mount refused it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// No live route matches the path.
    NotLive(String),
    /// The mount redirected (`303 See Other`) to this location.
    Redirect(String),
    /// The mount answered with this status (404, 403, 500, or 503 when the server is full).
    Status(u16),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::NotLive(path) => write!(f, "no live route matches {path}"),
            Refused::Redirect(to) => write!(f, "redirected to {to}"),
            Refused::Status(status) => write!(f, "answered {status}"),
        }
    }
}

impl std::error::Error for Refused {}

impl TestApp {
    /// The app `live` builds, for tests: the routes it mounts, with its state and configuration.
    pub fn new<S: Clone + Send + Sync + 'static>(live: &Live<S>) -> TestApp {
        TestApp {
            app: live.app_state(),
        }
    }

    /// Opens the page at `path` (with its query), as a first visit with no cookies.
    pub async fn open(&self, path: &str) -> Result<TestPage, Refused> {
        self.request(path).open().await
    }

    /// A request for the page at `path`, to give cookies and headers before opening it.
    pub fn request(&self, path: &str) -> Request {
        Request {
            app: self.clone(),
            path: path.to_owned(),
            headers: HeaderMap::new(),
        }
    }

    /// How many sessions the app holds.
    pub fn session_count(&self) -> usize {
        self.app.registry.len()
    }

    /// Opens `url` with `headers`, from the page of the session `from` (whose layout it keeps).
    async fn open_with(
        &self,
        url: &str,
        headers: HeaderMap,
        from: Option<Arc<dyn AnySession>>,
    ) -> Result<(Entry, String), Refused> {
        let Some(opening) = self.app.routes.open(url, headers, from, None) else {
            return Err(Refused::NotLive(url.to_owned()));
        };
        match opening.await {
            Ok(opened) => {
                let entry = self
                    .app
                    .registry
                    .get(opened.id)
                    .ok_or_else(|| Refused::Status(StatusCode::SERVICE_UNAVAILABLE.as_u16()))?;
                // Attached, as after a HELLO: frames for the page are queued, not dropped.
                if let Ok(mut receiver) = entry.session.queue_receiver().try_lock() {
                    drop(entry.session.hello(0, &mut receiver));
                }
                Ok((entry, url.to_owned()))
            }
            Err(response) if response.status() == StatusCode::SEE_OTHER => {
                let to = response
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|location| location.to_str().ok())
                    .unwrap_or_default();
                Err(Refused::Redirect(to.to_owned()))
            }
            Err(response) => Err(Refused::Status(response.status().as_u16())),
        }
    }
}

/// A page request being built: its cookies and headers.
#[derive(Debug)]
pub struct Request {
    app: TestApp,
    path: String,
    headers: HeaderMap,
}

impl Request {
    /// Sends the cookie `name=value` (added to the others).
    pub fn cookie(mut self, name: &str, value: &str) -> Request {
        let cookie = match self
            .headers
            .get(header::COOKIE)
            .and_then(|c| c.to_str().ok())
        {
            Some(cookies) => format!("{cookies}; {name}={value}"),
            None => format!("{name}={value}"),
        };
        if let Ok(cookie) = HeaderValue::from_str(&cookie) {
            self.headers.insert(header::COOKIE, cookie);
        }
        self
    }

    /// Sends the header `name: value`.
    ///
    /// # Panics
    ///
    /// When `name` or `value` cannot be a header.
    pub fn header(mut self, name: &str, value: &str) -> Request {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("a header name");
        let value = HeaderValue::from_str(value).expect("a header value");
        self.headers.insert(name, value);
        self
    }

    /// Opens the page: its mount runs with this request, its session starts.
    pub async fn open(self) -> Result<TestPage, Refused> {
        let (entry, url) = self
            .app
            .open_with(&self.path, self.headers.clone(), None)
            .await?;
        Ok(TestPage {
            app: self.app,
            entry,
            url,
            headers: self.headers,
            events: Vec::new(),
            typed: Vec::new(),
        })
    }
}

/// An event the server pushed to the page (`push_event`, a broadcast, a topic's message).
#[derive(Clone, Debug, PartialEq)]
pub struct PushedEvent {
    /// Its name (`hjx:<name>` on the page's `window`).
    pub name: String,
    /// Its data, as MessagePack.
    pub data: Vec<u8>,
}

/// One open page of an app: a session, driven by the methods a user's actions would send.
pub struct TestPage {
    app: TestApp,
    entry: Entry,
    url: String,
    headers: HeaderMap,
    events: Vec<PushedEvent>,
    /// What was typed into named fields, by name: the browser keeps it until the page changes.
    typed: Vec<(String, String)>,
}

impl fmt::Debug for TestPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestPage")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Drop for TestPage {
    fn drop(&mut self) {
        self.app.app.registry.remove(self.entry.session.id());
    }
}

/// How long [`TestPage::settle`] waits for async work before it fails the test.
const PATIENCE: Duration = Duration::from_secs(10);

impl TestPage {
    /// The page's HTML now: a fresh render of its session's state (its layout's too).
    pub fn html(&self) -> String {
        self.entry.session.render_now()
    }

    /// The URL the page is at: where it opened, navigated or moved its query to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The text of the first element `css` matches, whitespace as rendered.
    ///
    /// # Panics
    ///
    /// When nothing matches, saying what the page holds.
    pub fn text(&self, css: &str) -> String {
        Dom::new(&self.html()).find(css).text
    }

    /// The attribute `name` of the first element `css` matches.
    ///
    /// # Panics
    ///
    /// When nothing matches, saying what the page holds.
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        Dom::new(&self.html()).find(css).attr(name)
    }

    /// How many elements `css` matches.
    pub fn count(&self, css: &str) -> usize {
        Dom::new(&self.html()).count(css)
    }

    /// The texts of every element `css` matches, in order.
    pub fn texts(&self, css: &str) -> Vec<String> {
        Dom::new(&self.html()).texts(css)
    }

    /// Whether the page's text contains `text`.
    pub fn contains(&self, text: &str) -> bool {
        Dom::new(&self.html()).text().contains(text)
    }

    /// Clicks the first element `css` matches.
    pub async fn click(&mut self, css: &str) {
        self.send(css, EventKind::Click, |_| EventPayload::None)
            .await;
    }

    /// Clicks the first element `css` matches whose text is `text` (`"button", "Save"`).
    ///
    /// # Panics
    ///
    /// When none has that text, with the texts of those `css` matches.
    pub async fn click_text(&mut self, css: &str, text: &str) {
        let found = Dom::new(&self.html()).find_text(css, text);
        let Some(hid) = found.attr("data-hid") else {
            panic!("`{css}` with the text `{text}` binds no event: its markup has no `on click`");
        };
        let selector = format!("{css}[data-hid=\"{hid}\"]");
        self.click(&selector).await;
    }

    /// Types `value` into the input or textarea `css` matches: an `input` event when the
    /// element binds one (the server's state then holds it, and the page shows what the server
    /// renders, as a browser shows the value a server sets); otherwise the field keeps what was
    /// typed, as in a browser, for [`value`](TestPage::value) and the form's next
    /// [`submit`](TestPage::submit).
    ///
    /// # Panics
    ///
    /// When nothing matches, or the element neither binds `input` nor has a `name`.
    pub async fn fill(&mut self, css: &str, value: &str) {
        let found = Dom::new(&self.html()).find(css);
        let binds = found
            .attr("data-on")
            .is_some_and(|on| on.split(' ').any(|kind| kind == "input"));
        if binds {
            self.send(css, EventKind::Input, |_| {
                EventPayload::Value(value.to_owned())
            })
            .await;
            return;
        }
        let Some(name) = found.attr("name") else {
            panic!(
                "`{css}` matches {}, which binds no `input` and has no `name`: typing into it \
                 reaches nothing",
                found.describe()
            );
        };
        self.typed.retain(|(field, _)| *field != name);
        self.typed.push((name, value.to_owned()));
    }

    /// What the field `css` matches holds: what was typed into it, or else its rendered value
    /// (a textarea's text).
    ///
    /// # Panics
    ///
    /// When nothing matches.
    pub fn value(&self, css: &str) -> String {
        let found = Dom::new(&self.html()).find(css);
        if let Some(name) = found.attr("name")
            && let Some((_, typed)) = self.typed.iter().find(|(field, _)| *field == name)
        {
            return typed.clone();
        }
        found.attr("value").unwrap_or(found.text)
    }

    /// Checks or unchecks the checkbox `css` matches (a `change` event).
    pub async fn check(&mut self, css: &str, checked: bool) {
        self.send(css, EventKind::Change, |_| EventPayload::Checked(checked))
            .await;
    }

    /// Chooses `value` in the select `css` matches (a `change` event).
    pub async fn select(&mut self, css: &str, value: &str) {
        self.send(css, EventKind::Change, |_| {
            EventPayload::Value(value.to_owned())
        })
        .await;
    }

    /// Presses `key` (the DOM's name: `Enter`, `Escape`, `a`) in the element `css` matches.
    pub async fn keydown(&mut self, css: &str, key: &str) {
        self.send(css, EventKind::Keydown, |_| {
            EventPayload::Key(key.to_owned())
        })
        .await;
    }

    /// Submits the form `css` matches, with the values its fields hold now (what was typed
    /// into them with [`fill`](TestPage::fill), or else what they render), each of `fields`
    /// (`name`, `value`) replacing or adding one, as typed by the user.
    pub async fn submit(&mut self, css: &str, fields: &[(&str, &str)]) {
        for (name, value) in fields {
            self.typed.retain(|(field, _)| field != name);
            self.typed.push(((*name).to_owned(), (*value).to_owned()));
        }
        let typed = self.typed.clone();
        self.send(css, EventKind::Submit, |form| {
            let mut values = form.form_fields();
            for (name, value) in &typed {
                match values.iter_mut().find(|(field, _)| field == name) {
                    Some(field) => field.1.clone_from(value),
                    None if form.has_field(name) => values.push((name.clone(), value.clone())),
                    None if fields.iter().any(|(field, _)| field == name) => {
                        values.push((name.clone(), value.clone()));
                    }
                    None => {}
                }
            }
            EventPayload::Form(values)
        })
        .await;
    }

    /// Waits until the async work the page's handlers started has delivered its changes.
    ///
    /// # Panics
    ///
    /// When work is still running after 10 seconds.
    pub async fn settle(&mut self) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while self.entry.session.work_pending() > 0 {
            assert!(
                tokio::time::Instant::now() < deadline,
                "async work of {} did not settle within {PATIENCE:?}",
                self.url
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        self.take_frames().await;
    }

    /// Waits until `ready` holds for the page (a message from another session has arrived, say),
    /// taking what the page is sent meanwhile.
    ///
    /// # Panics
    ///
    /// When it still does not after 10 seconds, with the page's text.
    pub async fn wait_until(&mut self, ready: impl Fn(&TestPage) -> bool) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            self.take_frames().await;
            if ready(self) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the page at {} did not get there within {PATIENCE:?}; it shows: {}",
                self.url,
                Dom::new(&self.html()).text()
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// Follows the link `css` matches, as a click on it does: a live route opens in place of
    /// this page (in the same layout, its state kept).
    ///
    /// # Panics
    ///
    /// When nothing matches, the element has no `href`, or its route does not open.
    pub async fn click_link(&mut self, css: &str) {
        let found = Dom::new(&self.html()).find(css);
        let Some(href) = found.attr("href") else {
            panic!("`{css}` matches {}, which has no `href`", found.describe());
        };
        self.go(&href).await;
    }

    /// Goes to `url` of the app, as live navigation does.
    ///
    /// # Panics
    ///
    /// When its route does not open (not live, not found, forbidden).
    pub async fn go(&mut self, url: &str) {
        self.follow(url).await;
        self.take_frames().await;
    }

    /// The events the server pushed to the page since it opened, oldest first.
    pub fn events(&self) -> &[PushedEvent] {
        &self.events
    }

    /// The data of each event named `name` the server pushed, decoded as `T`.
    ///
    /// # Panics
    ///
    /// When an event's data is not a `T`.
    pub fn events_named<T: DeserializeOwned>(&self, name: &str) -> Vec<T> {
        self.events
            .iter()
            .filter(|event| event.name == name)
            .map(|event| {
                rmp_serde::from_slice(&event.data)
                    .unwrap_or_else(|error| panic!("the data of `{name}` is not a T: {error}"))
            })
            .collect()
    }

    /// Sends an event of `kind` to the first element `css` matches, with the payload `payload`
    /// makes of it, then takes what the page is sent.
    async fn send(
        &mut self,
        css: &str,
        kind: EventKind,
        payload: impl FnOnce(&dom::Found) -> EventPayload,
    ) {
        let found = Dom::new(&self.html()).find(css);
        let Some(hid) = found.attr("data-hid").and_then(|hid| hid.parse().ok()) else {
            panic!(
                "`{css}` matches {}, which binds no event: its markup has no `on {kind}`",
                found.describe()
            );
        };
        let event = Event {
            hid: HydrationId(hid),
            kind,
            payload: payload(&found),
        };
        match self.entry.session.dispatch(&event) {
            // A REPLY handed back holds patches alone: the page is read from the state.
            Ok(_) => {}
            Err(EventFailure::NotBound(_)) => panic!(
                "`{css}` matches {}, which does not handle `{kind}`",
                found.describe()
            ),
            Err(EventFailure::Panicked(message)) => {
                panic!("the handler of `{kind}` on `{css}` panicked: {message}")
            }
        }
        self.take_frames().await;
    }

    /// Takes the frames queued for the page: keeps pushed events, follows navigation.
    async fn take_frames(&mut self) {
        loop {
            let mut navigate = None;
            if let Ok(mut receiver) = self.entry.session.queue_receiver().try_lock() {
                while let Ok(queued) = receiver.try_recv() {
                    let frames = crate::serve::frames::queued_frames(
                        &*self.entry.session,
                        queued,
                        &mut receiver,
                    );
                    for frame in frames {
                        match dom::server_frame(&frame) {
                            dom::ServerFrame::Event(event) => self.events.push(event),
                            dom::ServerFrame::Url(url) => self.url = url,
                            dom::ServerFrame::Navigate(url) => navigate = Some(url),
                            dom::ServerFrame::Other => {}
                        }
                    }
                }
            }
            let Some(url) = navigate else {
                return;
            };
            self.follow(&url).await;
        }
    }

    /// Opens `url` in place of this page, as the browser does for a navigation, following
    /// the redirects of mounts that refuse it.
    async fn follow(&mut self, url: &str) {
        let mut url = url.to_owned();
        for _ in 0..8 {
            let from = Some(self.entry.session.clone());
            match self.app.open_with(&url, self.headers.clone(), from).await {
                Ok((entry, opened)) => {
                    let old = std::mem::replace(&mut self.entry, entry);
                    self.app.app.registry.remove(old.session.id());
                    self.url = opened;
                    self.typed.clear();
                    return;
                }
                Err(Refused::Redirect(to)) => url = to,
                Err(refused) => panic!("the page navigated to {url}, which {refused}"),
            }
        }
        panic!("the page navigated to {url} through more than 8 redirects");
    }
}
