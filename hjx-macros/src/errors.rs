//! The one error collector of an expansion.
//!
//! Every error, wherever the pipeline finds it, is a [`Diagnostic`]: a span, a message, a help
//! line and notes. The parser's diagnostics and the macro's own checks point at markup
//! positions; errors about the user's Rust (a type, an expression, a `script:` item) point at
//! the Rust tokens' spans. All of them wait here, in the order they were found, and
//! [`Errors::into_compile_errors`] turns them into `compile_error!`s in one place: a markup
//! position through [`Source::error`], so that it lands on the token (or, for a `.hjx` file, the
//! file's line and column) where the mistake stands.

use hjx_syntax::{Diagnostic, Diagnostics, Pos};
use proc_macro2::{Span, TokenStream};

use crate::source::Source;

/// The errors of one expansion.
#[derive(Default)]
pub(crate) struct Errors {
    list: Vec<Entry>,
}

enum Entry {
    /// At a position in the markup's text.
    Markup(Diagnostic),
    /// At the span of the user's own Rust tokens.
    Rust(Diagnostic<Span>),
    /// An error `syn` found in the user's Rust tokens, worded and spanned by `syn`.
    Syn(syn::Error),
}

impl Errors {
    /// Records an error at markup position `pos`, and returns it to add help or notes.
    pub(crate) fn at(&mut self, pos: &Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.list
            .push(Entry::Markup(Diagnostic::new(pos.clone(), message)));
        match self.list.last_mut() {
            Some(Entry::Markup(diagnostic)) => diagnostic,
            _ => unreachable!("an entry was just pushed"),
        }
    }

    /// Records an error at the span of the user's Rust tokens, and returns it to add help or
    /// notes.
    pub(crate) fn at_rust(
        &mut self,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic<Span> {
        self.list.push(Entry::Rust(Diagnostic::new(span, message)));
        match self.list.last_mut() {
            Some(Entry::Rust(diagnostic)) => diagnostic,
            _ => unreachable!("an entry was just pushed"),
        }
    }

    /// Records a diagnostic at a markup position, built elsewhere (by `hjx_syntax::check`).
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(Entry::Markup(diagnostic));
    }

    /// Records an error `syn` found while reading the user's Rust tokens.
    pub(crate) fn syn(&mut self, error: syn::Error) {
        self.list.push(Entry::Syn(error));
    }

    /// Records the parser's diagnostics.
    pub(crate) fn parsed(&mut self, diagnostics: Diagnostics) {
        self.list.extend(diagnostics.into_iter().map(Entry::Markup));
    }

    /// Whether no error was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The `compile_error!`s of every error, in the order they were found; markup positions
    /// are mapped through `source`.
    pub(crate) fn into_compile_errors(mut self, source: Option<&Source>) -> TokenStream {
        std::mem::take(&mut self.list)
            .into_iter()
            .map(|entry| {
                let error = match entry {
                    Entry::Markup(diagnostic) => match source {
                        Some(source) => source.error(&diagnostic.span, &diagnostic),
                        None => syn::Error::new(Span::call_site(), &diagnostic),
                    },
                    Entry::Rust(diagnostic) => syn::Error::new(diagnostic.span, &diagnostic),
                    Entry::Syn(error) => error,
                };
                error.into_compile_error()
            })
            .collect()
    }
}

/// Errors are never dropped unreported: an expansion that forgot them would compile markup
/// with mistakes in it.
impl Drop for Errors {
    fn drop(&mut self) {
        if !self.list.is_empty() && !std::thread::panicking() {
            panic!(
                "{} errors were collected but never reported",
                self.list.len()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_error_becomes_a_compile_error_in_order() {
        let mut errors = Errors::default();
        errors
            .at_rust(Span::call_site(), "first")
            .help("fix it")
            .note("a note");
        errors.syn(syn::Error::new(Span::call_site(), "second"));
        errors.push(Diagnostic::new(0..1, "third"));
        assert!(!errors.is_empty());
        let text = errors.into_compile_errors(None).to_string();
        let first = text.find("\"first\\nhelp: fix it\\nnote: a note\"");
        let second = text.find("\"second\"");
        let third = text.find("\"third\"");
        assert!(first < second && second < third, "{text}");
        assert!(first.is_some(), "{text}");
    }

    #[test]
    #[should_panic(expected = "never reported")]
    fn dropping_unreported_errors_is_a_bug() {
        let mut errors = Errors::default();
        errors.at_rust(Span::call_site(), "lost");
    }
}
