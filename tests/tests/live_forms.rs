//! Typed forms over real sockets: a submit frame's fields reach the handler as `Form<T>`; a
//! field that does not parse comes back as an error shown beside it, a forged field is ignored,
//! and the session goes on.

use hjx_runtime::{Form, FormErrors, Live, hjx};
use hjx_tests::client::{Frame, TestServer, shows};
use serde::Deserialize;

/// What the form submits.
#[derive(Debug, Deserialize)]
pub struct Vote {
    title: String,
    votes: u32,
}

hjx! {
    component Votes

    state:
      errors: FormErrors = FormErrors::new()
      total: u32 = 0
      last = ""

    script:
      fn vote(&mut self, form: Form<Vote>) {
          match form.into_result() {
              Ok(vote) => {
                  self.total += vote.votes;
                  self.last = vote.title;
                  self.errors.clear();
              }
              Err(errors) => self.errors = errors,
          }
      }

    layout:
      form (on submit -> save(form)):
        input (name="title")
        input (name="votes")
        if (errors.has("votes")):
          text.error: "{{errors.message(\"votes\")}}"
      text: "{{total}} votes, last {{last}}"

    handlers:
      save(form: Form<Vote>):
        call self.vote(form)
}

/// Whether a patch frame carries `text` anywhere (an inserted region's HTML included).
fn carries(frame: &Frame, text: &str) -> bool {
    match frame {
        Frame::Patches { raw, .. } => raw
            .windows(text.len())
            .any(|window| window == text.as_bytes()),
        _ => false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_number_comes_back_as_its_field_error_and_a_good_submit_is_applied() {
    let server = TestServer::start(Live::new().mount::<Votes>("/")).await;
    let (page, mut client) = server.open("/").await;
    assert!(
        page.body
            .contains("<form data-hid=\"1\" data-on=\"submit\">")
    );
    assert!(
        page.body
            .contains("<span data-hid=\"4\">0 votes, last </span>"),
        "{}",
        page.body
    );

    client
        .submit(1, &[("title", "Tea"), ("votes", "abc")])
        .await;
    let frame = client.recv().await;
    assert!(carries(&frame, "must be a whole number"), "got {frame:?}");
    assert!(
        !carries(&frame, "<input"),
        "the inputs are not rendered again: {frame:?}"
    );

    // A forged field the form does not have is ignored; the good fields are applied.
    client
        .submit(1, &[("title", "Tea"), ("votes", "2"), ("admin", "yes")])
        .await;
    let frame = client
        .until(|frame| shows(frame, 4, "2 votes, last Tea"))
        .await;
    assert!(!carries(&frame, "must be a whole number"));

    // A form with no fields at all: errors, not a dropped event or a closed socket.
    client.submit(1, &[]).await;
    let frame = client.recv().await;
    assert!(carries(&frame, "is required"), "got {frame:?}");
    client.submit(1, &[("title", "Milk"), ("votes", "3")]).await;
    client
        .until(|frame| shows(frame, 4, "5 votes, last Milk"))
        .await;
    server.shutdown().await;
}
