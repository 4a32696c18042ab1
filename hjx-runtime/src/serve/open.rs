//! Opening a route's page: its layout, its mount, its session and its first render, for a page
//! request, a live navigation, or a session restored from a snapshot (a reconnecting socket, or
//! a page reloading under `hjx dev`).

use std::any::TypeId;
use std::future::Future;
use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html as HtmlResponse, IntoResponse, Response};

use crate::live::hub::Hub;
use crate::live::live_component;
use crate::live::saved::SavedSession;
use crate::live::session::{AnySession, Session};
use crate::live::session_id::SessionId;
use crate::model::child::Child;
use crate::model::layout::{Layout, LayoutSlot};
use crate::serve::app::AppState;
use crate::serve::durable;
use crate::serve::log_limit::warn_limited;
use crate::serve::mount::{self, Mount, Mountable, cookie};
use crate::serve::navigate::{Opened, path_and_query};
use crate::serve::page;
use crate::serve::rate::RateLimiter;

/// Logs (a few lines a window) that a page was refused at the session cap.
fn cap_reached(component: &'static str) {
    warn_limited!(component, "page refused: session cap reached");
}

/// The answer when the session cap is reached.
pub(crate) fn busy() -> Response {
    let mut response =
        (StatusCode::SERVICE_UNAVAILABLE, HtmlResponse(page::busy())).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    response
}

/// What a route puts around its page: nothing, or a layout.
pub(crate) trait Wrap<S>: Send + Sync + 'static {
    /// The layout for a page mounted with `cx`: the one of the page navigated from (`from`) when
    /// it is the same component, else a new one, mounted.
    fn layout(
        cx: &Mount<S>,
        from: Option<&Arc<dyn AnySession>>,
    ) -> impl Future<Output = Result<Option<Box<dyn LayoutSlot>>, Response>> + Send;

    /// The layout's styles, for the page.
    fn styles() -> String;

    /// Whether the layout uses the client's second file.
    fn needs_extras() -> bool;
}

/// No layout.
pub(crate) struct NoLayout;

impl<S: Send + Sync + 'static> Wrap<S> for NoLayout {
    async fn layout(
        _: &Mount<S>,
        _: Option<&Arc<dyn AnySession>>,
    ) -> Result<Option<Box<dyn LayoutSlot>>, Response> {
        Ok(None)
    }

    fn styles() -> String {
        String::new()
    }

    fn needs_extras() -> bool {
        false
    }
}

/// The layout `L`.
pub(crate) struct InLayout<L>(pub(crate) std::marker::PhantomData<fn() -> L>);

impl<S: Send + Sync + 'static, L: Child + Mountable<S>> Wrap<S> for InLayout<L> {
    async fn layout(
        cx: &Mount<S>,
        from: Option<&Arc<dyn AnySession>>,
    ) -> Result<Option<Box<dyn LayoutSlot>>, Response> {
        if let Some(from) = from
            && from.layout_type() == Some(TypeId::of::<L>())
            && let Some(layout) = from.take_layout()
        {
            return Ok(Some(layout));
        }
        let mounted = mount::run::<L, S>(cx.duplicate()).await?;
        Ok(Some(Box::new(Layout::new(mounted.component))))
    }

    fn styles() -> String {
        L::META.styles()
    }

    fn needs_extras() -> bool {
        L::META.needs_extras()
    }
}

/// Answers a page request with the page `open` gives, in its document.
pub(crate) async fn page_for(open: impl Future<Output = Result<Opened, Response>>) -> Response {
    match open.await {
        Ok(opened) => (
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            HtmlResponse(opened.document),
        )
            .into_response(),
        Err(response) => response,
    }
}

/// Where a page is opened from: its URL, the session navigated from, a saved session to open
/// again.
pub(crate) struct Open {
    pub(crate) url: String,
    pub(crate) from: Option<Arc<dyn AnySession>>,
    pub(crate) restore: Option<SavedSession>,
}

/// Mounts `C` for a page request (or a navigation from the session `from`, or a session saved
/// by a snapshot), in its layout `W`, starts its session and renders its page.
pub(crate) async fn open_page<C: Mountable<S>, S: Send + Sync + 'static, W: Wrap<S>>(
    app: &Arc<AppState>,
    hub: Arc<Hub<C>>,
    cx: Mount<S>,
    open: Open,
) -> Result<Opened, Response> {
    let Open { url, from, restore } = open;
    // On several nodes, the first page of a component waits for its shared value.
    hub.ready().await;
    live_component::start_shared(&hub);
    // Checked before the mount too, so that a full server does not run mounts' queries.
    if !app.registry.has_room() {
        cap_reached(C::META.name);
        return Err(busy());
    }
    let mut layout = W::layout(&cx, from.as_ref()).await?;
    let mount::Mounted {
        mut component,
        subscriptions,
    } = match mount::run::<C, S>(cx).await {
        Ok(mounted) => mounted,
        Err(refused) => {
            // The page navigated from keeps the layout it lent.
            if let (Some(layout), Some(from)) = (layout, &from) {
                from.put_layout(layout);
            }
            return Err(refused);
        }
    };
    let id = match &restore {
        Some(saved) => durable::restore(&mut component, saved).ok_or_else(durable::gone)?,
        None => SessionId::random(),
    };
    // A restored page's layout comes back as it was too, when its build has the same shape.
    if let (Some(saved), Some(layout)) = (
        restore.as_ref().and_then(|saved| saved.layout.as_ref()),
        layout.as_mut(),
    ) && !layout.restore(saved.shape, &saved.state)
    {
        tracing::warn!(
            component = C::META.name,
            "a saved layout does not fit its component: it starts anew"
        );
    }
    let config = &app.config;
    let rate = RateLimiter::new(config.rate_per_second, config.rate_burst);
    let session = Session::new(id, hub.clone(), config.outbox(), component, &url);
    if !app.registry.insert(session.clone(), rate) {
        cap_reached(C::META.name);
        return Err(busy());
    }
    hub.insert(id, session.clone());
    if let Some(layout) = layout {
        session.set_layout(layout);
    }
    if restore.is_some() {
        session.mark_stale();
    }
    let _entered = session.span.enter();
    for (topic, receiver) in subscriptions {
        session.subscribe(&topic, Some(receiver));
    }
    live_component::start_session(&session);
    let (body, head) = session.render_page();
    let token = app.signer.sign(id);
    tracing::debug!("page rendered");
    let style = C::META.styles() + &W::styles();
    let title = page::title(C::META, head.as_ref()).to_owned();
    // A page request gets the document; a navigation, the page with its style.
    let (document, html) = if from.is_some() {
        let html = if style.is_empty() {
            body
        } else {
            format!("<style>{}</style>{body}", page::style_text(&style))
        };
        (String::new(), html)
    } else {
        let app_head = app.head();
        let parts = page::HeadParts {
            component: head.as_ref(),
            app: &app_head,
            extras: app.extras.load(std::sync::atomic::Ordering::Relaxed),
            style: &style,
        };
        let routes = app.routes.patterns();
        let document = page::document(C::META, &parts, &body, &id.to_string(), &token, &routes);
        (document, String::new())
    };
    Ok(Opened {
        id,
        token,
        html,
        title,
        document,
    })
}

/// The cookie a page reloading under `hjx dev` sets: its session's token.
const RESUME_COOKIE: &str = "hjx-resume";

/// Under `hjx dev`, the session a reloading page asks to resume (by its token in the
/// `hjx-resume` cookie) when it is of the page at `path`: taken from the running sessions
/// (saved, then ended) or from the last snapshot. `None` when not in development.
pub(crate) fn dev_resume(app: &AppState, headers: &HeaderMap, path: &str) -> Option<SavedSession> {
    app.config.dev.as_ref()?;
    let token = cookie(headers, RESUME_COOKIE)?;
    let id = app.signer.verify(token).ok()?;
    let fits = |saved: &SavedSession| path_and_query(&saved.url).0 == path;
    if let Some(session) = app.registry.find(id) {
        let saved = session.save().filter(fits)?;
        app.registry.remove(id);
        return Some(saved);
    }
    app.durable.as_ref()?.take(id, fits)
}
