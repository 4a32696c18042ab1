//! Mount: what a component's page request knows, and the hook that loads its state from it.
//!
//! A component's `script:` may define `async fn mount(&mut self, cx: &Mount<AppState>) ->
//! Result<(), Refuse>`. The page request runs it once per session, before the first render, with
//! the app's state (set by [`Live::with_state`](crate::Live::with_state)), the route's path
//! parameters, the query string, the headers and the cookies; what it writes into `self` is in
//! the server-rendered HTML. The socket attaches to that same session later, and mount does not
//! run again. A mount can refuse the page instead: a redirect, not found, or forbidden.
//!
//! The hook runs on its own task with the instance it fills, before any session exists: no lock
//! is held across its awaits, and a panic in it answers 500 without touching other requests.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html as HtmlResponse, IntoResponse, Response};
use tokio::task::JoinHandle;

use crate::live::live_component::LiveComponent;
use crate::live::sync::lock;
use crate::live::sync::panic_message;
use crate::live::topics::{ReceiverFn, Topics, typed_receiver};
use crate::model::child::Mounter;
use crate::model::component::Component;
use crate::model::query::Query;
use crate::serve::page;

/// What a component's mount hook sees: the app state `S`, the route's path parameters, the
/// query string, the request headers and cookies.
///
/// ```text
/// async fn mount(&mut self, cx: &Mount<AppState>) -> Result<(), Refuse> {
///     let id: u64 = cx.param("id")?; // not a number: 404
///     self.title = cx.state().db.title(id).await.ok_or(Refuse::NotFound)?;
///     Ok(())
/// }
/// ```
pub struct Mount<S = ()> {
    state: Arc<S>,
    params: Vec<(String, String)>,
    query: Query,
    headers: HeaderMap,
    topics: Topics,
    /// The topics the hook subscribed to, each with its receiver (a `ReceiverFn<C>`, erased
    /// because `Mount` does not name the component).
    subscriptions: Mutex<Vec<(String, Box<dyn Any + Send>)>>,
}

impl<S> fmt::Debug for Mount<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mount")
            .field("params", &self.params)
            .field("query", &self.query)
            .finish_non_exhaustive()
    }
}

impl<S> Mount<S> {
    /// The context of one page request. `params` are the route's decoded path parameters,
    /// `query` the raw query string (without `?`).
    pub(crate) fn new(
        state: Arc<S>,
        params: Vec<(String, String)>,
        query: String,
        headers: HeaderMap,
        topics: Topics,
    ) -> Mount<S> {
        Mount {
            state,
            params,
            query: Query::new(query),
            headers,
            topics,
            subscriptions: Mutex::new(Vec::new()),
        }
    }

    /// The app's state, as given to [`Live::with_state`](crate::Live::with_state).
    pub fn state(&self) -> &S {
        &self.state
    }

    /// The app's topics, to publish from the mount (a session subscribes in `init`, which runs
    /// right after the mount, before the first render).
    pub fn topics(&self) -> &Topics {
        &self.topics
    }

    /// Subscribes the session this page starts to `topic` (`item:5`): each message of type `T`
    /// published to it runs `receive` on the session's instance, as
    /// [`Store::subscribe`](crate::Store::subscribe) does. The subscription starts with the
    /// session, right after the hook; a refused page starts none. `C` is the component being
    /// mounted (`|item: &mut Self, comment: &Comment|`); a receiver for another component is
    /// logged as an error and dropped.
    pub fn subscribe<C: Component, T: serde::de::DeserializeOwned + Send + Sync + 'static>(
        &self,
        topic: &str,
        receive: impl Fn(&mut C, &T) + Send + Sync + 'static,
    ) {
        let receiver: ReceiverFn<C> = typed_receiver(receive);
        lock(&self.subscriptions).push((topic.to_owned(), Box::new(receiver)));
    }

    /// How a child inside a keyed `for` of the page being mounted is mounted when its item
    /// appears, later: with a copy of this context (the subscriptions its hook makes are the
    /// page's, so they are not kept).
    pub(crate) fn mounter<C: Mountable<S>>(&self) -> Mounter<C>
    where
        S: Send + Sync + 'static,
    {
        let cx = Arc::new(self.duplicate());
        Arc::new(move |mut child: C| {
            let cx = cx.clone();
            Box::pin(async move {
                let outcome = Mountable::mount(&mut child, &cx).await;
                (child, outcome.map_err(|refuse| refuse.to_string()))
            })
        })
    }

    /// A copy of this context, with none of its subscriptions.
    pub(crate) fn duplicate(&self) -> Mount<S> {
        Mount::new(
            self.state.clone(),
            self.params.clone(),
            self.query.as_str().to_owned(),
            self.headers.clone(),
            self.topics.clone(),
        )
    }

    /// The subscriptions made by the hook, for component `C`.
    fn take_subscriptions<C: Component>(&self) -> Vec<(String, ReceiverFn<C>)> {
        let taken = std::mem::take(&mut *lock(&self.subscriptions));
        taken
            .into_iter()
            .filter_map(
                |(topic, receiver)| match receiver.downcast::<ReceiverFn<C>>() {
                    Ok(receiver) => Some((topic, *receiver)),
                    Err(_) => {
                        tracing::error!(
                            component = C::META.name,
                            topic,
                            "mount subscribed a receiver for another component: dropped"
                        );
                        None
                    }
                },
            )
            .collect()
    }

    /// The path parameter `name` (`{id}` in `/items/{id}`) parsed as `T`. A parameter that is
    /// missing or does not parse refuses the page as [`Refuse::NotFound`], so `?` turns
    /// `/items/abc` into a 404 for a `u64` id.
    pub fn param<T: FromStr>(&self, name: &str) -> Result<T, Refuse> {
        self.param_str(name)
            .and_then(|value| value.parse().ok())
            .ok_or(Refuse::NotFound)
    }

    /// The path parameter `name`, percent-decoded, as written in the URL.
    pub fn param_str(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The first value of the query parameter `name`, decoded (`?q=a+b` gives `a b`).
    pub fn query(&self, name: &str) -> Option<String> {
        self.query.get(name)
    }

    /// Every query parameter, decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query.pairs()
    }

    /// The raw query string, without the `?`; empty when there is none.
    pub fn query_string(&self) -> &str {
        self.query.as_str()
    }

    /// The request header `name` (case-insensitive), when present and readable as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// Every request header.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The value of the cookie `name`, from the request's `Cookie` headers.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        cookie(&self.headers, name)
    }
}

/// The value of the cookie `name` in `headers`' `Cookie` headers.
pub(crate) fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key.trim() == name).then(|| value.trim().trim_matches('"'))
        })
}

/// Why a mount refused its page: answered instead of the component.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refuse {
    /// `303 See Other` to this location (a sign-in page, say).
    Redirect(String),
    /// `404 Not Found`, with a small page saying so.
    NotFound,
    /// `403 Forbidden`, with a small page saying so.
    Forbidden,
    /// `500 Internal Server Error`: the page could not be loaded (its database is down, say).
    /// The reason is logged, never shown: the page says only that it could not be loaded.
    Failed(String),
}

impl Refuse {
    /// A `303 See Other` redirect to `location`.
    pub fn redirect(location: impl Into<String>) -> Refuse {
        Refuse::Redirect(location.into())
    }

    /// A `500` for `reason` (logged, not shown): `db.item(id).await.map_err(Refuse::failed)?`.
    pub fn failed(reason: impl fmt::Display) -> Refuse {
        Refuse::Failed(reason.to_string())
    }
}

impl fmt::Display for Refuse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refuse::Redirect(to) => write!(f, "redirect to {to}"),
            Refuse::NotFound => f.write_str("not found"),
            Refuse::Forbidden => f.write_str("forbidden"),
            Refuse::Failed(reason) => write!(f, "failed: {reason}"),
        }
    }
}

impl std::error::Error for Refuse {}

/// A component that can be mounted on an app whose state is `S`. `hjx!` implements it for every
/// component: for every `S` when neither the component nor a child it holds has a mount hook,
/// for the state their hooks name otherwise. Its mount runs the component's hook, then its
/// children's with the same context, in markup order.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be mounted on a `Live<{S}>`: its mount hook (or a child's) takes another app state",
    label = "mounted here",
    note = "the hook's `cx: &Mount<State>` names the app state; give the app that state with `Live::new().with_state(state)`"
)]
pub trait Mountable<S>: LiveComponent {
    /// Fills a new instance before its first render. The macro overrides it to call the
    /// `script:` function `async fn mount(&mut self, cx: &Mount<S>) -> Result<(), Refuse>`.
    fn mount(&mut self, cx: &Mount<S>) -> impl Future<Output = Result<(), Refuse>> + Send {
        let _ = cx;
        async { Ok(()) }
    }
}

/// A component instance filled by its mount hook, with the topics the hook subscribed to.
pub(crate) struct Mounted<C> {
    pub(crate) component: C,
    pub(crate) subscriptions: Vec<(String, ReceiverFn<C>)>,
}

/// Runs `C`'s mount hook on a new instance, on a task of its own (a panic in it answers 500 and
/// touches nothing else). The instance, filled; or the page to answer instead. The task is
/// aborted if the request's future is dropped before the mount ends.
pub(crate) async fn run<C: Mountable<S>, S: Send + Sync + 'static>(
    cx: Mount<S>,
) -> Result<Mounted<C>, Response> {
    let mut task = AbortOnDrop(tokio::spawn(async move {
        let mut component = C::default();
        let outcome = Mountable::mount(&mut component, &cx).await;
        outcome.map(|()| Mounted {
            component,
            subscriptions: cx.take_subscriptions::<C>(),
        })
    }));
    let mounted = (&mut task.0).await;
    match mounted {
        Ok(Ok(mounted)) => Ok(mounted),
        Ok(Err(Refuse::Failed(reason))) => {
            tracing::error!(component = C::META.name, %reason, "mount failed");
            Err(server_error())
        }
        Ok(Err(refuse)) => {
            tracing::debug!(component = C::META.name, %refuse, "mount refused the page");
            Err(refusal(&refuse))
        }
        Err(failed) => {
            let reason = if failed.is_panic() {
                panic_message(&*failed.into_panic())
            } else {
                "cancelled".to_owned()
            };
            tracing::error!(component = C::META.name, %reason, "mount failed");
            Err(server_error())
        }
    }
}

/// The 500 page.
fn server_error() -> Response {
    answer(
        StatusCode::INTERNAL_SERVER_ERROR,
        page::notice("Server error", "This page could not be loaded."),
    )
}

/// A task that is aborted when its handle is dropped.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The page answered for a refusal: a 303 with its `Location`, or a small 404 or 403 page.
fn refusal(refuse: &Refuse) -> Response {
    match refuse {
        Refuse::Redirect(to) => match HeaderValue::try_from(to.as_str()) {
            Ok(location) => {
                let mut response = answer(
                    StatusCode::SEE_OTHER,
                    page::notice("See other", &format!("This page is at {to}.")),
                );
                response.headers_mut().insert(header::LOCATION, location);
                response
            }
            Err(_) => {
                tracing::error!(location = %to, "mount redirected to a location that is not a valid header");
                server_error()
            }
        },
        Refuse::NotFound => answer(
            StatusCode::NOT_FOUND,
            page::notice("Not found", "There is nothing at this address."),
        ),
        Refuse::Forbidden => answer(
            StatusCode::FORBIDDEN,
            page::notice("Forbidden", "You do not have access to this page."),
        ),
        Refuse::Failed(_) => server_error(),
    }
}

fn answer(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        HtmlResponse(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> Mount<u32> {
        let mut headers = HeaderMap::new();
        headers.insert("x-team", HeaderValue::from_static("blue"));
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; user=ann"));
        headers.append(header::COOKIE, HeaderValue::from_static("theme=\"dark\""));
        Mount::new(
            Arc::new(7),
            vec![("id".to_owned(), "42".to_owned())],
            "q=a+b%21&page=2&q=second".to_owned(),
            headers,
            Topics::in_memory(),
        )
    }

    #[test]
    fn params_parse_or_refuse_as_not_found() {
        let cx = cx();
        assert_eq!(*cx.state(), 7);
        assert_eq!(cx.param::<u64>("id"), Ok(42));
        assert_eq!(cx.param::<u8>("id"), Ok(42));
        assert_eq!(cx.param::<bool>("id"), Err(Refuse::NotFound));
        assert_eq!(cx.param::<u64>("missing"), Err(Refuse::NotFound));
        assert_eq!(cx.param_str("id"), Some("42"));
    }

    #[test]
    fn query_headers_and_cookies_are_read() {
        let cx = cx();
        assert_eq!(cx.query("q").as_deref(), Some("a b!"));
        assert_eq!(cx.query("page").as_deref(), Some("2"));
        assert_eq!(cx.query("none"), None);
        assert_eq!(cx.query_pairs().len(), 3);
        assert_eq!(cx.header("X-Team"), Some("blue"));
        assert_eq!(cx.cookie("user"), Some("ann"));
        assert_eq!(cx.cookie("a"), Some("1"));
        assert_eq!(cx.cookie("theme"), Some("dark"));
        assert_eq!(cx.cookie("us"), None);
    }
}
