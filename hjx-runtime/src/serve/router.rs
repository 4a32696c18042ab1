//! Mounting components on an axum [`Router`], and serving it.
//!
//! [`Live`] collects the mounted components and builds a router with three kinds of route: each
//! component's page (`GET`), the content-hashed client script, and the WebSocket endpoint
//! `/hjx/live/<sid>`. The router is an ordinary `axum::Router`: add routes and tower layers to
//! it. [`serve`] runs it on an already-bound listener until a shutdown future resolves, then
//! closes every open socket with a going-away frame.

use std::fmt;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Extension;
use axum::Router;
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{ConnectInfo, Path, RawPathParams, RawQuery};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;

use crate::live::hub::Hub;
use crate::live::session::SessionStats;
use crate::live::session_id::SessionId;
use crate::live::topics::Topics;
use crate::model::child::Child;
use crate::serve::app::AppState;
use crate::serve::clients;
use crate::serve::config::Config;
use crate::serve::connection::serve_socket;
use crate::serve::log_limit::warn_limited;
use crate::serve::mount::{Mount, Mountable};
use crate::serve::navigate::{KeptHeaders, OpenFn, OpenRequest};
use crate::serve::open::{self, InLayout, NoLayout, Open, Wrap, busy, open_page, page_for};
use crate::serve::page;
use crate::serve::upgrade::Upgrade;

/// A live app under construction: components mounted on paths, and the app's state `S` that
/// their mount hooks see (`()` until [`Live::with_state`] gives one).
///
/// ```no_run
/// # use hjx_runtime::{Live, Mountable};
/// # async fn run<Counter: Mountable<()>>() -> std::io::Result<()> {
/// let live = Live::new().mount::<Counter>("/");
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
/// hjx_runtime::serve(listener, live, async { let _ = tokio::signal::ctrl_c().await; }).await
/// # }
/// ```
pub struct Live<S = ()> {
    pub(crate) app: Arc<AppState>,
    state: Arc<S>,
    router: Router,
}

impl<S> fmt::Debug for Live<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Live").finish_non_exhaustive()
    }
}

/// A handle on a running app, for shutdown and monitoring.
#[derive(Clone)]
pub struct LiveHandle {
    app: Arc<AppState>,
}

impl fmt::Debug for LiveHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveHandle")
            .field("sessions", &self.session_count())
            .finish_non_exhaustive()
    }
}

impl Default for Live {
    fn default() -> Live {
        Live::new()
    }
}

impl Live {
    /// An app with the default [`Config`] and no state.
    pub fn new() -> Live {
        Live::with_config(Config::default())
    }

    /// An app with this configuration and no state.
    pub fn with_config(config: Config) -> Live {
        let app = Arc::new(AppState::new(config));
        if app.durable.is_some() {
            app.spawn_snapshots();
        }
        let socket_app = app.clone();
        let router = Router::new()
            .route(
                &page::client_path(),
                get(|headers: HeaderMap| async move {
                    script(&headers, hjx_client::CLIENT_JS, hjx_client::CLIENT_JS_GZIP)
                }),
            )
            .route(
                &page::extras_path(),
                get(|headers: HeaderMap| async move {
                    script(&headers, hjx_client::EXTRAS_JS, hjx_client::EXTRAS_JS_GZIP)
                }),
            )
            .route(
                "/hjx/live/{sid}",
                get(move |upgrade, path, peer, headers| {
                    live_socket(socket_app.clone(), upgrade, path, peer, headers)
                }),
            );
        Live {
            app,
            state: Arc::new(()),
            router,
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Live<S> {
    /// The app's state (a database pool, configuration), which every mount hook sees as
    /// `cx.state()`. Give it before mounting the components whose hooks take it: a component is
    /// mounted with the state the app has at that point, and its hook's `&Mount<State>` must name
    /// that state's type.
    pub fn with_state<T: Clone + Send + Sync + 'static>(self, state: T) -> Live<T> {
        Live {
            app: self.app,
            state: Arc::new(state),
            router: self.router,
        }
    }

    /// Serves component `C` at `path`, in axum's path syntax (`/items/{id}`): `GET` runs its
    /// mount hook, renders its page and starts a session.
    pub fn mount<C: Mountable<S>>(self, path: &str) -> Live<S> {
        self.route::<C, NoLayout>(path)
    }

    /// Serves component `C` at `path` inside the layout `L`: a component whose markup has a
    /// `slot`, where the page renders. The layout is mounted with the first page of a session
    /// (its mount hook sees the same request), and keeps its state while live navigation moves
    /// between routes mounted in the same layout: an open menu stays open, a counter keeps
    /// counting.
    pub fn mount_in<L, C>(self, path: &str) -> Live<S>
    where
        L: Child + Mountable<S>,
        C: Mountable<S>,
    {
        const {
            assert!(
                has_default_slot(L::SLOTS),
                "a layout places its page with `slot` in its markup"
            );
        }
        self.route::<C, InLayout<L>>(path)
    }

    fn route<C: Mountable<S>, W: Wrap<S>>(mut self, path: &str) -> Live<S> {
        let hub = Arc::new(Hub::<C>::new(
            self.app.shutdown.listener(),
            self.app.topics.clone(),
        ));
        if let Some(durable) = &self.app.durable {
            durable.add_hub(&hub);
        }
        self.app.add_hub(&hub);
        let app = Arc::downgrade(&self.app);
        let state = self.state.clone();
        let open: OpenFn = Arc::new(move |request: OpenRequest| {
            let app = app.upgrade();
            let hub = hub.clone();
            let state = state.clone();
            Box::pin(async move {
                let Some(app) = app else {
                    return Err(busy());
                };
                let cx = Mount::new(
                    state,
                    request.params,
                    request.query,
                    request.headers,
                    app.topics.clone(),
                );
                let open = Open {
                    url: request.url,
                    from: request.from,
                    restore: request.restore,
                };
                open_page::<C, S, W>(&app, hub, cx, open).await
            })
        });
        self.app.routes.add(path, open.clone());
        if C::META.needs_extras() || W::needs_extras() {
            self.app
                .extras
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let app = Arc::downgrade(&self.app);
        self.router = self.router.route(
            path,
            get(
                move |uri: Uri,
                      params: Result<RawPathParams, RawPathParamsRejection>,
                      RawQuery(query): RawQuery,
                      peer: Option<Extension<ConnectInfo<SocketAddr>>>,
                      headers: HeaderMap| {
                    let open = open.clone();
                    let app = app.upgrade();
                    async move {
                        let resume = match &app {
                            Some(app) => {
                                let peer = peer.map(|Extension(ConnectInfo(peer))| peer);
                                if let Some(refused) = refuse_page(app, peer, &headers) {
                                    return refused;
                                }
                                open::dev_resume(app, &headers, uri.path())
                            }
                            None => None,
                        };
                        // Path parameters that are not UTF-8 are left out: reading one refuses
                        // 404.
                        let params = params.map_or_else(|_| Vec::new(), |params| owned(&params));
                        let request = OpenRequest {
                            params,
                            url: uri.path_and_query().map_or_else(
                                || uri.path().to_owned(),
                                |url| url.as_str().to_owned(),
                            ),
                            query: query.unwrap_or_default(),
                            headers,
                            from: None,
                            restore: None,
                        };
                        let Some(saved) = resume else {
                            return page_for(open(request)).await;
                        };
                        // Only a page resuming its session (under `hjx dev`) keeps a copy of
                        // its request, for the fresh page it gives way to if it cannot resume.
                        let fresh = OpenRequest {
                            params: request.params.clone(),
                            url: request.url.clone(),
                            query: request.query.clone(),
                            headers: request.headers.clone(),
                            from: None,
                            restore: None,
                        };
                        match open(OpenRequest {
                            restore: Some(saved),
                            ..request
                        })
                        .await
                        {
                            Err(_) => page_for(open(fresh)).await,
                            answer => page_for(async { answer }).await,
                        }
                    }
                },
            ),
        );
        self
    }

    /// Adds `html` to the head of every page of the app, as written: stylesheets, scripts, a
    /// favicon (`<link rel="icon" href="/icon.svg">`; without one, pages carry an empty icon so
    /// that browsers do not ask for `/favicon.ico`). It is the app author's own markup, never
    /// user input: nothing in it is escaped.
    pub fn head(self, html: &str) -> Live<S> {
        self.app.add_head(html);
        self
    }

    /// The router, to serve or to extend with routes and layers.
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// The app's shared state, for the test harness.
    #[cfg_attr(not(feature = "harness"), allow(dead_code))]
    pub(crate) fn app_state(&self) -> Arc<AppState> {
        self.app.clone()
    }

    /// A handle for shutdown and monitoring.
    pub fn handle(&self) -> LiveHandle {
        LiveHandle {
            app: self.app.clone(),
        }
    }
}

impl LiveHandle {
    /// Closes every socket with a going-away frame, waits for them to close (at most 5 s), and
    /// ends every session, stopping the tasks their stores started.
    pub async fn shutdown(&self) {
        self.app.shut_down(Duration::from_secs(5)).await;
    }

    /// The number of live sessions, attached or in their grace period.
    pub fn session_count(&self) -> usize {
        self.app.registry.len()
    }

    /// The app's topics: publish to subscribed sessions from app code (a background job, a
    /// webhook handler).
    pub fn topics(&self) -> Topics {
        self.app.topics.clone()
    }

    /// What a session reports about its socket and queue; `None` for an unknown session.
    pub fn session_stats(&self, sid: &str) -> Option<SessionStats> {
        self.app.registry.stats(SessionId::parse(sid)?)
    }
}

/// Serves `live` on `listener` until `shutdown` resolves (or the process gets SIGTERM), then
/// closes every socket with a going-away frame, waits for them, and writes the sessions'
/// snapshot when they are durable ([`Config::data_dir`]).
pub async fn serve<S, F>(listener: TcpListener, live: Live<S>, shutdown: F) -> io::Result<()>
where
    S: Clone + Send + Sync + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    let handle = live.handle();
    serve_router(listener, live.router(), handle, shutdown).await
}

/// Like [`serve`], for a router extended with routes or layers of its own.
pub async fn serve_router<F>(
    listener: TcpListener,
    router: Router,
    handle: LiveHandle,
    shutdown: F,
) -> io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let app = handle.app.clone();
    let stop = async move {
        // SIGTERM (a deployment's stop, `hjx dev`'s restart) shuts down as `shutdown` does.
        tokio::select! {
            () = shutdown => {}
            () = terminated() => tracing::info!("SIGTERM: shutting down"),
        }
    };
    crate::serve::listen::accept_loop(listener, router, app, stop).await;
    handle.shutdown().await;
    Ok(())
}

/// Resolves when the process is asked to terminate (SIGTERM); never elsewhere.
async fn terminated() {
    #[cfg(unix)]
    if let Ok(mut signal) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    {
        signal.recv().await;
        return;
    }
    std::future::pending::<()>().await;
}

fn owned(params: &RawPathParams) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect()
}

/// Whether `slots` has the default slot (`""`).
const fn has_default_slot(slots: &[&str]) -> bool {
    let mut i = 0;
    while i < slots.len() {
        if slots[i].is_empty() {
            return true;
        }
        i += 1;
    }
    false
}

/// Serves the client's script, `js` or its gzipped bytes `gzip` as the browser accepts.
fn script(headers: &HeaderMap, js: &'static str, gzipped: &'static [u8]) -> Response {
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(',')
                .any(|coding| coding.trim().starts_with("gzip"))
        });
    let mut response = if gzip {
        (
            [(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))],
            gzipped,
        )
            .into_response()
    } else {
        js.into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    response
}

/// The answer refusing a page request, if it is refused: its host is not served (421), or its
/// address has spent its budget of new sessions (429).
fn refuse_page(app: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> Option<Response> {
    if !clients::host_allowed(&app.config, headers) {
        return Some(wrong_host(headers));
    }
    let address = clients::client_address(&app.config, peer, headers);
    if !app.clients.admit_session(address, &app.config) {
        warn_limited!(
            ?address,
            "page refused: too many new sessions from one address"
        );
        let mut response = (
            StatusCode::TOO_MANY_REQUESTS,
            "too many new pages from your address; try again in a minute",
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        return Some(response);
    }
    None
}

/// The answer to a request for a host the app does not serve.
fn wrong_host(headers: &HeaderMap) -> Response {
    warn_limited!(
        host = ?headers.get(header::HOST),
        "request refused: a host this app does not serve"
    );
    (
        StatusCode::MISDIRECTED_REQUEST,
        "this server does not serve that host",
    )
        .into_response()
}

async fn live_socket(
    app: Arc<AppState>,
    upgrade: Upgrade,
    Path(sid): Path<String>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Response {
    if !clients::host_allowed(&app.config, &headers) {
        return wrong_host(&headers);
    }
    let peer = peer.map(|Extension(ConnectInfo(peer))| peer);
    let address = clients::client_address(&app.config, peer, &headers);
    if !origin_allowed(&headers, &app.config.allowed_origins) {
        warn_limited!(
            origin = ?headers.get(header::ORIGIN),
            "socket refused: cross-origin handshake"
        );
        return (StatusCode::FORBIDDEN, "cross-origin WebSocket refused").into_response();
    }
    // Frames past the configured limit get a clear ERROR from the session; only frames far past
    // it are cut off by the WebSocket itself, unread.
    let hard_limit = app.config.max_frame.saturating_mul(4).max(4096);
    upgrade.on_upgrade(hard_limit, move |socket| {
        serve_socket(
            app,
            sid,
            address,
            KeptHeaders::of(&headers),
            Box::new(socket),
        )
    })
}

/// Browsers always send `Origin` on a WebSocket handshake; it must name the page's own host or
/// an allowed origin. Clients without one (not browsers) cannot be hijacked and are let in.
fn origin_allowed(headers: &HeaderMap, allowed: &[String]) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if allowed
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(origin))
    {
        return true;
    }
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok());
    matches!((origin_host, host), (Some(origin_host), Some(host)) if origin_host.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(origin: Option<&'static str>, host: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static(host));
        if let Some(origin) = origin {
            headers.insert(header::ORIGIN, HeaderValue::from_static(origin));
        }
        headers
    }

    #[test]
    fn same_host_or_allowed_origins_pass_and_others_are_refused() {
        let allowed = ["https://app.example".to_owned()];
        assert!(origin_allowed(
            &headers(Some("http://a:3000"), "a:3000"),
            &[]
        ));
        assert!(origin_allowed(&headers(None, "a:3000"), &[]));
        assert!(origin_allowed(
            &headers(Some("https://app.example"), "a"),
            &allowed
        ));
        assert!(!origin_allowed(
            &headers(Some("http://evil.example"), "a:3000"),
            &allowed
        ));
        assert!(!origin_allowed(
            &headers(Some("http://a:3001"), "a:3000"),
            &[]
        ));
        assert!(!origin_allowed(&headers(Some("null"), "a:3000"), &[]));
    }
}
