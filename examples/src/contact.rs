//! A contact form (`ContactForm.hjx`): bound name, email and message fields, a live preview, a
//! submit button enabled only when the form is complete, and the sent messages listed below.

use hjx_runtime::include_hjx;

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
}

include_hjx!("ContactForm.hjx");

/// Whether `email` looks like an address: something, `@`, something with a dot.
pub fn email_ok(email: &str) -> bool {
    let email = email.trim();
    email
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.ends_with('.'))
}

/// Whether the form can be sent: a name, a good email and a message.
pub fn ready(name: &str, email: &str, message: &str) -> bool {
    !name.trim().is_empty() && email_ok(email) && !message.trim().is_empty()
}
