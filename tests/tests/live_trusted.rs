//! Trusted HTML: `html="{{body}}"` with a `TrustedHtml` writes the markup as it is and patches
//! it with one ReplaceHtml; the same value through `{{ }}` stays escaped text.

use hjx_runtime::{Live, TrustedHtml, hjx};
use hjx_tests::client::{Frame, TestServer};

hjx! {
    component Article

    state:
      body: TrustedHtml = TrustedHtml::from_sanitized("<em>first</em>")

    layout:
      view:
        view.body (html="{{body}}")
        text.source: "{{body}}"
        button (on click -> edit): "edit"

    handlers:
      edit:
        set body = TrustedHtml::from_sanitized("<strong>second</strong> & more")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trusted_html_is_written_as_is_and_text_stays_escaped() {
    let server = TestServer::start(Live::new().mount::<Article>("/")).await;
    let (page, mut client) = server.open("/").await;
    let body = &page.body;
    assert!(
        body.contains(r#"<div class="body" data-hid="1"><em>first</em></div>"#),
        "{body}"
    );
    assert!(
        body.contains(r#"<span class="source" data-hid="2">&lt;em&gt;first&lt;/em&gt;</span>"#),
        "{body}"
    );
    client.click(page.hid("<button")).await;
    let Frame::Patches { texts, raw, .. } = client.recv().await else {
        panic!("patches")
    };
    assert_eq!(
        texts,
        [
            (1, "<strong>second</strong> & more".to_owned()),
            (2, "<strong>second</strong> & more".to_owned())
        ]
    );
    // Op 3 (ReplaceHtml) for the trusted element, op 0 (SetText, shown as text) for the other.
    assert_eq!(&raw[3..5], &[0x03, 0x01]);
    server.shutdown().await;
}

/// A note of a list, its text as trusted HTML.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    id: u32,
    html: TrustedHtml,
}

/// Two notes; the second edited or not.
fn sample_notes(edited: bool) -> Vec<Note> {
    let second = if edited {
        "<u>two, edited</u>"
    } else {
        "<i>two</i>"
    };
    vec![
        Note {
            id: 1,
            html: TrustedHtml::from_sanitized("<b>one</b>"),
        },
        Note {
            id: 2,
            html: TrustedHtml::from_sanitized(second),
        },
    ]
}

hjx! {
    component Notes

    state:
      notes: Vec<Note> = sample_notes(false)

    layout:
      view:
        ul:
          for (note in notes, key: note.id):
            li (html="{{note.html}}")
        button (on click -> edit): "edit"

    handlers:
      edit:
        set notes = sample_notes(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trusted_html_in_list_items_patches_only_the_item_that_changed() {
    let server = TestServer::start(Live::new().mount::<Notes>("/")).await;
    let (page, mut client) = server.open("/").await;
    assert!(page.body.contains("><b>one</b></li>"), "{}", page.body);
    assert!(page.body.contains("><i>two</i></li>"), "{}", page.body);
    client.click(page.hid("<button")).await;
    let Frame::Patches { texts, raw, .. } = client.recv().await else {
        panic!("patches")
    };
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert_eq!(texts[0].1, "<u>two, edited</u>");
    assert_eq!(raw[3], 0x03, "a ReplaceHtml");
    server.shutdown().await;
}
