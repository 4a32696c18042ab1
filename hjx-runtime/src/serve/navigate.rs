//! Live navigation: the app's live routes, matched against a URL the page asks for over its
//! socket, and the page each one opens.
//!
//! A click on a link to another live route of the app sends NAVIGATE `[3, url]`. The server
//! matches the URL against the routes the app mounted (axum's path syntax: `/items/{id}`,
//! `/files/{*path}`), runs that component's mount with the socket's request headers (its
//! cookies), and answers NAVIGATED `[9, url, sid, token, title, html]`: the new session's page,
//! which the same socket then serves. The old session ends: the user has left it.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, PoisonError, RwLock};

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;

use crate::live::saved::SavedSession;
use crate::live::session::AnySession;
use crate::live::session_id::SessionId;

/// A page opened for a route: its new session, and what the page shows.
pub(crate) struct Opened {
    pub(crate) id: SessionId,
    pub(crate) token: String,
    /// For a navigation: the component's HTML, with its scoped style before it.
    pub(crate) html: String,
    pub(crate) title: String,
    /// For a page request: the whole document.
    pub(crate) document: String,
}

/// The request headers of a socket's handshake that the pages it navigates to are mounted with
/// (their cookies): every one but the handshake's own, copied into one string. Keeping the
/// parsed headers would keep the request's whole read buffer, which their values share, for
/// the socket's life (9 KiB an idle session, measured).
pub(crate) struct KeptHeaders(Box<str>);

impl KeptHeaders {
    pub(crate) fn of(headers: &HeaderMap) -> KeptHeaders {
        let mut kept = String::new();
        for (name, value) in headers {
            let handshake = name.as_str().starts_with("sec-websocket-")
                || name == header::UPGRADE
                || name == header::CONNECTION;
            if let (false, Ok(value)) = (handshake, value.to_str()) {
                kept.push_str(name.as_str());
                kept.push('\n');
                kept.push_str(value);
                kept.push('\n');
            }
        }
        KeptHeaders(kept.into_boxed_str())
    }

    /// The headers, for a mount.
    pub(crate) fn to_map(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        let mut lines = self.0.split('\n');
        while let (Some(name), Some(value)) = (lines.next(), lines.next()) {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                map.append(name, value);
            }
        }
        map
    }
}

/// A page being opened: the page, or the answer a refused mount gives instead.
pub(crate) type Opening = Pin<Box<dyn Future<Output = Result<Opened, Response>> + Send>>;

/// What opening a route's page is given.
pub(crate) struct OpenRequest {
    /// The route's path parameters, decoded.
    pub(crate) params: Vec<(String, String)>,
    /// The page's URL: its path and query.
    pub(crate) url: String,
    /// The query string, without `?`.
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
    /// The session of the page navigated from, whose layout the new page keeps if it has the
    /// same.
    pub(crate) from: Option<Arc<dyn AnySession>>,
    /// A session saved by a snapshot, opened again under its ID with its state.
    pub(crate) restore: Option<SavedSession>,
}

/// Opens a route's page.
pub(crate) type OpenFn = Arc<dyn Fn(OpenRequest) -> Opening + Send + Sync>;

/// One piece of a route's path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    /// `{name}`: one segment.
    Param(String),
    /// `{*name}`: the rest of the path.
    Rest(String),
}

/// The app's live routes, in the order they were mounted.
pub(crate) struct Routes {
    routes: RwLock<Vec<(Vec<Segment>, OpenFn)>>,
    /// Their patterns, space-separated, as every page's script tag carries them.
    patterns: RwLock<Arc<str>>,
}

impl Default for Routes {
    fn default() -> Routes {
        Routes {
            routes: RwLock::default(),
            patterns: RwLock::new(Arc::from("")),
        }
    }
}

impl Routes {
    pub(crate) fn add(&self, pattern: &str, open: OpenFn) {
        self.routes
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .push((parse(pattern), open));
        let mut patterns = self
            .patterns
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        *patterns = if patterns.is_empty() {
            Arc::from(pattern)
        } else {
            Arc::from(format!("{patterns} {pattern}"))
        };
    }

    /// The patterns, space-separated, for the client to tell live links from others.
    pub(crate) fn patterns(&self) -> Arc<str> {
        self.patterns
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The page for `url` (a path with an optional query: `/items/5?tab=x`), opened with
    /// `headers` from the page of session `from`, or restoring the saved session `restore`;
    /// `None` when no live route matches it.
    pub(crate) fn open(
        &self,
        url: &str,
        headers: HeaderMap,
        from: Option<Arc<dyn AnySession>>,
        restore: Option<SavedSession>,
    ) -> Option<Opening> {
        let (path, query) = path_and_query(url);
        if !path.starts_with('/') || path.starts_with("//") {
            return None;
        }
        let routes = self.routes.read().unwrap_or_else(PoisonError::into_inner);
        // As in axum, a literal segment wins over a parameter (`/items/new` over `/items/{id}`).
        let (params, open) = routes
            .iter()
            .filter_map(|(pattern, open)| Some((matches(pattern, path)?, open, pattern)))
            .max_by_key(|(_, _, pattern)| {
                pattern
                    .iter()
                    .filter(|segment| matches!(segment, Segment::Literal(_)))
                    .count()
            })
            .map(|(params, open, _)| (params, open.clone()))?;
        let url = if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        };
        Some(open(OpenRequest {
            params,
            url,
            query: query.to_owned(),
            headers,
            from,
            restore,
        }))
    }
}

/// The path and the query (without `?`) of a URL of this app, its `#fragment` left out.
pub(crate) fn path_and_query(url: &str) -> (&str, &str) {
    let url = url.split_once('#').map_or(url, |(url, _)| url);
    url.split_once('?').unwrap_or((url, ""))
}

fn parse(pattern: &str) -> Vec<Segment> {
    pattern
        .split('/')
        .skip(1)
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => match name.strip_prefix('*') {
                    Some(rest) => Segment::Rest(rest.to_owned()),
                    None => Segment::Param(name.to_owned()),
                },
                None => Segment::Literal(segment.to_owned()),
            },
        )
        .collect()
}

/// The decoded path parameters when `path` matches `pattern`.
fn matches(pattern: &[Segment], path: &str) -> Option<Vec<(String, String)>> {
    let mut parts = path.split('/').skip(1);
    let mut params = Vec::new();
    for (i, segment) in pattern.iter().enumerate() {
        match segment {
            Segment::Rest(name) => {
                let rest: Vec<&str> = parts.by_ref().collect();
                let rest = rest.join("/");
                if rest.is_empty() && i > 0 {
                    return None;
                }
                params.push((name.clone(), decode(&rest)?));
                return Some(params);
            }
            Segment::Literal(literal) => {
                if parts.next()? != literal {
                    return None;
                }
            }
            Segment::Param(name) => {
                let part = parts.next().filter(|part| !part.is_empty())?;
                params.push((name.clone(), decode(part)?));
            }
        }
    }
    parts.next().is_none().then_some(params)
}

/// Percent-decodes a path segment; `None` when it is not UTF-8.
fn decode(part: &str) -> Option<String> {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(pattern: &str, path: &str) -> Option<Vec<(String, String)>> {
        matches(&parse(pattern), path)
    }

    #[test]
    fn kept_headers_are_the_requests_but_the_handshakes() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("user=ann; theme=dark"),
        );
        headers.append("x-team", HeaderValue::from_static("blue"));
        headers.insert("sec-websocket-key", HeaderValue::from_static("abc"));
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        let kept = KeptHeaders::of(&headers).to_map();
        assert_eq!(kept.len(), 2);
        assert_eq!(kept.get(header::COOKIE).unwrap(), "user=ann; theme=dark");
        assert_eq!(kept.get("x-team").unwrap(), "blue");
    }

    #[test]
    fn routes_match_as_axum_matches_them() {
        assert_eq!(find("/", "/"), Some(vec![]));
        assert_eq!(find("/", "/x"), None);
        assert_eq!(
            find("/items/{id}", "/items/5"),
            Some(vec![("id".to_owned(), "5".to_owned())])
        );
        assert_eq!(find("/items/{id}", "/items/"), None);
        assert_eq!(find("/items/{id}", "/items/5/more"), None);
        assert_eq!(find("/items/new", "/items/new"), Some(vec![]));
        assert_eq!(
            find("/items/{id}", "/items/a%20b"),
            Some(vec![("id".to_owned(), "a b".to_owned())])
        );
        assert_eq!(
            find("/files/{*path}", "/files/a/b.txt"),
            Some(vec![("path".to_owned(), "a/b.txt".to_owned())])
        );
        assert_eq!(find("/items/{id}", "/items/%FF"), None);
    }
}
