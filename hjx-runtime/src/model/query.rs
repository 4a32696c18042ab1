//! A page's query string, as a component's hooks read it.

use std::fmt;

/// The query string of a page's URL (without the `?`), decoded on demand: what a `script:`
/// hook `fn params(&mut self, query: &Query)` is told when the page's query changes without a
/// remount (a link to `?q=bug` on the same page, back and forward between such links).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Query {
    raw: String,
}

impl fmt::Debug for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Query").field(&self.raw).finish()
    }
}

impl Query {
    /// The query string `raw` (without the `?`).
    pub fn new(raw: impl Into<String>) -> Query {
        Query { raw: raw.into() }
    }

    /// The first value of the parameter `name`, decoded (`?q=a+b` gives `a b`).
    pub fn get(&self, name: &str) -> Option<String> {
        self.pairs()
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// Every parameter, decoded, in order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        serde_urlencoded::from_str(&self.raw).unwrap_or_default()
    }

    /// The raw query string, without the `?`; empty when there is none.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_decoded_in_order() {
        let query = Query::new("q=a+b%21&page=2&q=second");
        assert_eq!(query.get("q").as_deref(), Some("a b!"));
        assert_eq!(query.get("page").as_deref(), Some("2"));
        assert_eq!(query.get("none"), None);
        assert_eq!(query.pairs().len(), 3);
        assert_eq!(query.as_str(), "q=a+b%21&page=2&q=second");
    }
}
