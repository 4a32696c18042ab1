//! [`Head`]: what a component puts in its page's `<head>`: the title, the description and the
//! language.
//!
//! A component's `script:` may define `fn head(&self) -> Head`; the page is rendered with it,
//! and after every change the title is computed again and, when it differs, patched (the
//! `<title>` carries the hydration ID 0), so `Head::title(format!("{} · Tracker", self.title))`
//! follows the fields it reads.

/// A page's title, description and language; each unset part keeps the default (the title is
/// the component's name, no description, no `lang`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Head {
    /// `<title>`.
    pub title: Option<String>,
    /// `<meta name="description">`.
    pub description: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
}

impl Head {
    /// A head with this title.
    pub fn title(title: impl Into<String>) -> Head {
        Head {
            title: Some(title.into()),
            ..Head::default()
        }
    }

    /// With this description.
    pub fn description(mut self, description: impl Into<String>) -> Head {
        self.description = Some(description.into());
        self
    }

    /// With this language (`en`, `fr-CA`).
    pub fn lang(mut self, lang: impl Into<String>) -> Head {
        self.lang = Some(lang.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_set_one_by_one() {
        let head = Head::title("Item 5").description("An item").lang("en");
        assert_eq!(head.title.as_deref(), Some("Item 5"));
        assert_eq!(head.description.as_deref(), Some("An item"));
        assert_eq!(head.lang.as_deref(), Some("en"));
        assert_eq!(Head::default().title, None);
    }
}
