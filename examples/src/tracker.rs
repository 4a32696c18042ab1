//! `tracker`: a small issue tracker on SQLite. Pages: `/` lists the items, newest first, with a
//! search that updates as you type (async queries on a `Load` field); `/items/new` creates one
//! through a typed form; `/items/{id}` shows one with its comments, which appear at once in
//! every browser open on that item (a topic per item); `/signin` takes a name, kept in a cookie,
//! and every other page redirects there without it.
//!
//! The app's state is the database ([`Db`]); each page's mount hook reads the signed-in name and
//! loads what the page shows, so the server-rendered HTML already holds it.

use axum::Router;
use axum::extract::Form as PostedForm;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use hjx_runtime::{
    Config, Form, FormErrors, Head, Live, LiveHandle, Load, Mount, Query, Refuse, Store,
    include_hjx,
};
use serde::Deserialize;

pub mod db;

pub use db::{Comment, Db, Item, Summary, TITLE_MAX, TempDb};

/// The app's state: what every mount hook sees as `cx.state()`.
#[derive(Clone, Debug)]
pub struct Tracker {
    /// The database.
    pub db: Db,
}

/// The cookie that holds the signed-in name.
pub const USER_COOKIE: &str = "tracker_user";

/// The longest name `/signin` takes.
pub const NAME_MAX: usize = 40;

/// The longest comment a form takes.
pub const COMMENT_MAX: usize = 4000;

/// The signed-in name, from the cookie; refuses with a redirect to `/signin` (coming back to
/// `path` after) when there is none.
pub fn signed_in<S>(cx: &Mount<S>, path: &str) -> Result<String, Refuse> {
    cx.cookie(USER_COOKIE)
        .map(percent_decoded)
        .filter(|name| !name.trim().is_empty())
        .ok_or_else(|| Refuse::redirect(format!("/signin?next={}", percent_encoded(path))))
}

/// The topic of item `id`'s comments.
pub fn item_topic(id: i64) -> String {
    format!("item:{id}")
}

/// What `/items/new` submits. A field it does not have is an error of that field.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewItem {
    /// The title: 1 to [`TITLE_MAX`] characters.
    pub title: String,
    /// The body, may be empty.
    pub body: String,
}

/// What an item's comment form submits.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// The comment: 1 to [`COMMENT_MAX`] characters.
    pub comment: String,
}

/// The rules of a new item beyond its fields' types: a title, and not too long a one.
pub fn check_item(form: &mut Form<NewItem>) {
    check_text(
        form,
        "title",
        TITLE_MAX,
        "Give the item a title.",
        "A title",
    );
}

/// The rules of a comment: not empty, not too long.
pub fn check_comment(form: &mut Form<NewComment>) {
    check_text(
        form,
        "comment",
        COMMENT_MAX,
        "Write a comment first.",
        "A comment",
    );
}

/// Field `name` of `form`, trimmed, must not be empty (else `empty` is its error) nor longer
/// than `max` characters (else it says how long `what` may be).
fn check_text<T>(form: &mut Form<T>, name: &str, max: usize, empty: &str, what: &str) {
    let length = form.raw(name).unwrap_or_default().trim().chars().count();
    if length == 0 {
        form.add_error(name, empty);
    } else if length > max {
        form.add_error(
            name,
            format!("{what} has at most {max} characters; this one has {length}."),
        );
    }
}

/// The errors of `errors` that belong to none of `shown` (a field a forged submit added), as
/// one line; empty when there are none.
pub fn other_errors(errors: &FormErrors, shown: &[&str]) -> String {
    errors
        .iter()
        .filter(|(name, _)| !shown.contains(name))
        .map(|(name, message)| format!("`{name}` {message}."))
        .collect::<Vec<_>>()
        .join(" ")
}

include_hjx!("tracker/SignIn.hjx");
include_hjx!("tracker/ItemList.hjx");
include_hjx!("tracker/NewItemPage.hjx");
include_hjx!("tracker/ItemPage.hjx");

/// The tracker on `db`: its pages, and the `POST /signin` that sets the cookie. Serve the
/// router with [`hjx_runtime::serve_router`] and the handle.
pub fn app(db: Db) -> (Router, LiveHandle) {
    app_with(Config::default(), db)
}

/// [`app`] with a configuration of its own (limits, grace period).
pub fn app_with(config: Config, db: Db) -> (Router, LiveHandle) {
    let live = live(config, db);
    let router = live.router().route("/signin", post(sign_in));
    (router, live.handle())
}

/// The tracker's live pages on `db` (without the `POST /signin` route): what tests drive.
pub fn live(config: Config, db: Db) -> Live<Tracker> {
    Live::with_config(config)
        .with_state(Tracker { db })
        .mount::<SignIn>("/signin")
        .mount::<ItemList>("/")
        .mount::<NewItemPage>("/items/new")
        .mount::<ItemPage>("/items/{id}")
}

/// What `/signin` posts.
#[derive(Debug, Deserialize)]
struct SignInForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    next: String,
}

/// `POST /signin`: sets the cookie and goes on to `next`; an empty or too long name goes back to
/// the form, saying why.
async fn sign_in(PostedForm(form): PostedForm<SignInForm>) -> Response {
    let name = form.name.trim();
    // Only a path of this site: `//host` or `https://…` would send the user elsewhere.
    let next = if form.next.starts_with('/') && !form.next.starts_with("//") {
        form.next.as_str()
    } else {
        "/"
    };
    let back = |error: &str| format!("/signin?error={error}&next={}", percent_encoded(next));
    let (location, cookie) = if name.is_empty() {
        (back("empty"), None)
    } else if name.chars().count() > NAME_MAX {
        (back("long"), None)
    } else {
        let cookie = format!(
            "{USER_COOKIE}={}; Path=/; SameSite=Lax; HttpOnly; Max-Age=31536000",
            percent_encoded(name)
        );
        (next.to_owned(), Some(cookie))
    };
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    // Both values are percent-encoded ASCII, always valid in a header.
    if let Ok(location) = HeaderValue::try_from(location) {
        headers.insert(header::LOCATION, location);
    }
    if let Some(Ok(cookie)) = cookie.map(HeaderValue::try_from) {
        headers.insert(header::SET_COOKIE, cookie);
    }
    response
}

/// `text` with every byte but ASCII letters, digits and `-._~/` percent-encoded: safe in a
/// cookie, a query string and a `Location`.
pub fn percent_encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Undoes [`percent_encoded`]; a malformed escape is kept as written, and bytes that are not
/// UTF-8 are replaced.
pub fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_survive_the_cookie() {
        for name in ["Ada", "Grace Hopper", "Zoë; admin=1", "100%", ""] {
            let encoded = percent_encoded(name);
            assert!(encoded.bytes().all(|b| b.is_ascii_graphic()), "{encoded}");
            assert!(!encoded.contains(';'));
            assert_eq!(percent_decoded(&encoded), name);
        }
        assert_eq!(percent_decoded("%zz%4"), "%zz%4");
    }
}
