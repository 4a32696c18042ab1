//! A contact form (`ContactForm.hjx`): bound name, email and message fields with a live
//! preview, a typed submit (`Form<Message>`) validated in plain Rust with each error shown
//! beside its field, and the sent messages listed below.

use hjx_runtime::{Form, FormErrors, include_hjx};
use serde::Deserialize;

/// What the form submits, deserialized from its fields by name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Message {
    /// Who writes.
    pub name: String,
    /// Where to answer.
    pub email: String,
    /// What they wrote.
    pub message: String,
    /// How we did, 1 to 5; empty for none. Text that is not a number is a field error.
    pub rating: Option<u8>,
}

/// A message sent through the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// 1 for the first message of the session, and so on: the list's key.
    pub number: usize,
    /// Who wrote it.
    pub name: String,
    /// Where to answer.
    pub email: String,
    /// What they wrote.
    pub message: String,
    /// Their rating, if they gave one.
    pub rating: Option<u8>,
}

include_hjx!("ContactForm.hjx");

/// Whether `email` looks like an address: something, `@`, something with a dot.
pub fn email_ok(email: &str) -> bool {
    let email = email.trim();
    email
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.ends_with('.'))
}

/// The form's rules, beyond what deserializing checks: a name, a good email, a message, and a
/// rating from 1 to 5 when there is one. Each broken rule is an error of its field.
pub fn validate(form: &mut Form<Message>) {
    let blank =
        |form: &Form<Message>, name: &str| form.raw(name).unwrap_or_default().trim().is_empty();
    if blank(form, "name") {
        form.add_error("name", "Tell us your name.");
    }
    if !email_ok(form.raw("email").unwrap_or_default()) {
        form.add_error("email", "An email address has an @ and a dot after it.");
    }
    if blank(form, "message") {
        form.add_error("message", "Write a message.");
    }
    if let Some(rating) = form.value().and_then(|message| message.rating)
        && !(1..=5).contains(&rating)
    {
        form.add_error("rating", "must be from 1 to 5");
    }
}
