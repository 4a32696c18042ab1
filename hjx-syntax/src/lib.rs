//! The `.hjx` markup language as a library: text in, a syntax tree with spans and diagnostics
//! out. It needs only `std`, so the `hjx!` macro, a command-line tool, a formatter and a
//! language server all share one parser and one set of messages.
//!
//! - [`parse`] reads a whole component into an [`ast::Component`]. Every node keeps the byte
//!   range ([`Pos`]) of the text it came from; [`line_column`] turns an offset into the line and
//!   column a user reads.
//! - Errors are [`Diagnostic`]s (span, message, help, notes), collected in [`Diagnostics`]: the
//!   parser recovers from each one and keeps going, so one run reports every mistake.
//! - It checks everything that needs no Rust types: the sections, their shapes, indentation,
//!   `{{ }}` in text while parsing, and in [`check`] the names (events, handlers, fields named
//!   by `set` and `bind`, duplicates, the props, events and slots of imported components).
//!   Names inside Rust expressions need a Rust parser, and types the compiler: the macro's.
//! - [`DOM_EVENTS`] lists the DOM events the markup can bind and [`fnv1a64`] is the project's
//!   one hash: facts shared by the macro, the runtime and the client.
//!
//! ```
//! let markup = "\
//! component Counter
//!
//! state:
//!   count = 0
//!
//! layout:
//!   button (on click -> increment): \"Count: {{count}}\"
//!
//! handlers:
//!   increment:
//!     set count = count + 1
//! ";
//! let (component, diagnostics) = hjx_syntax::parse(markup);
//! assert!(diagnostics.is_empty());
//! assert_eq!(component.name.unwrap().text, "Counter");
//! assert_eq!(component.handlers[0].name.text, "increment");
//!
//! // A mistake is reported at its token, with help, and the rest is still read.
//! let (component, diagnostics) = hjx_syntax::parse(&markup.replace("state:", "stat:"));
//! let error = diagnostics.iter().next().unwrap();
//! assert_eq!(&markup.replace("state:", "stat:")[error.span.clone()], "stat");
//! assert_eq!(error.to_string(), "unknown section `stat`\nhelp: did you mean `state:`?");
//! assert_eq!(hjx_syntax::line_column(markup, error.span.start).line, 3);
//! assert!(component.layout.is_some());
//! ```

pub mod ast;
pub mod check;
pub mod commands;
mod diag;
mod events;
mod hash;
mod lex;
mod location;
pub mod modifiers;
mod parse;

pub use ast::Pos;
pub use diag::{Diagnostic, Diagnostics, closest, unknown_help};
pub use events::{DOM_EVENTS, DomEvent, HOOK_EVENT, UPLOAD_EVENT};
pub use hash::{fnv1a64, fnv1a64_extend};
pub use lex::{matching_paren, split_top_level};
pub use location::{LineColumn, line_column};
pub use parse::{SECTIONS, parse};
