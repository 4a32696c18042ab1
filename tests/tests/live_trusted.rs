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
