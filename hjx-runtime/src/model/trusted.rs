//! [`TrustedHtml`]: markup the application vouches for, the one way to put HTML into a page
//! rather than text.
//!
//! Everything `{{ }}` shows is escaped. An element whose content is HTML the app has already
//! made safe (Markdown rendered by a trusted renderer, HTML passed through a sanitizer such as
//! `ammonia`) names it with `html="{{body}}"`, where `body` is a `TrustedHtml`: the only way to
//! get one is [`TrustedHtml::from_sanitized`], so the decision is explicit in the code that
//! makes it, and a plain `String` there is a compile error.

use std::fmt;

/// HTML the application has made safe itself: written into the page as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct TrustedHtml(String);

impl TrustedHtml {
    /// Wraps `html`, which the caller vouches for: sanitized, or rendered from trusted input.
    /// Never pass user input here unsanitized: whatever it holds runs in every reader's page.
    pub fn from_sanitized(html: impl Into<String>) -> TrustedHtml {
        TrustedHtml(html.into())
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The markup itself; `{{ }}` escapes it like any text, so only `html=` inserts it as HTML.
impl fmt::Display for TrustedHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
