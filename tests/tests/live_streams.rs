//! Streams served end to end: a `for` over a `Stream<…>` field renders its items once, sends one
//! operation per edit (append, prepend, replace, remove, clear, and the trim a limit asks for),
//! and keeps nothing of an item once it is sent; a `shared:` stream's edit reaches every page
//! as one encoding.

use hjx_runtime::Live;
use hjx_tests::client::{Client, Frame, TestServer, hid_of};
use hjx_tests::streams::Feed;

/// The ops of a PATCHES frame, as the test client lists them.
fn ops(frame: &Frame) -> Vec<(u32, String)> {
    match frame {
        Frame::Patches { texts, .. } => texts.clone(),
        other => panic!("expected PATCHES, got {other:?}"),
    }
}

/// Clicks the button of class `label` and returns the answer's ops.
async fn click(client: &mut Client, body: &str, label: &str) -> Vec<(u32, String)> {
    client
        .click(hid_of(body, &format!("<button class=\"{label}\"")))
        .await;
    ops(&client.recv().await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_stream_sends_one_operation_per_edit() {
    let server = TestServer::start(Live::new().mount::<Feed>("/")).await;
    let (page, mut client) = server.open("/").await;
    let body = page.body;
    let ul = hid_of(&body, "<ul");
    // The page shows the seeded items, each in a wrapper addressed by the list and its key.
    let wrapper = format!("<hjx-item data-hid=\"{ul}.");
    assert_eq!(body.matches(&wrapper).count(), 2, "{body}");
    assert!(body.contains("<li>1: line 1</li></hjx-item>"), "{body}");
    assert!(
        !body.contains("<li data-hid"),
        "items take no hydration IDs: {body}"
    );

    // An append is one insert at the end (index -1), with the item's HTML.
    let added = click(&mut client, &body, "add").await;
    assert_eq!(added.len(), 1, "{added:?}");
    assert_eq!(added[0].0, ul);
    assert!(added[0].1.starts_with("<op 4 -1 <hjx-item"), "{added:?}");
    assert!(
        added[0].1.ends_with("<li>3: line 3</li></hjx-item>>"),
        "{added:?}"
    );

    // A prepend is one insert at the start.
    let first = click(&mut client, &body, "first").await;
    assert!(first[0].1.starts_with("<op 4 0 <hjx-item"), "{first:?}");
    assert!(first[0].1.contains("0: zero"), "{first:?}");

    // A replace sets the content of the item with that key, escaped.
    let edited = click(&mut client, &body, "edit").await;
    assert_eq!(edited.len(), 1, "{edited:?}");
    let item = edited[0].1["<item ".len()..]
        .split(' ')
        .next()
        .unwrap_or_default();
    assert!(
        body.contains(&format!("<hjx-item data-hid=\"{item}\"><li>1: line 1</li>")),
        "the replace addresses item 1 ({item}): {body}"
    );
    assert!(
        edited[0].1.ends_with(" <li>1: edited &lt;b&gt;</li>>"),
        "{edited:?}"
    );

    // A remove names the item alone.
    let dropped = click(&mut client, &body, "drop").await;
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert!(
        dropped[0].1.starts_with(&format!("<remove {ul}.")),
        "{dropped:?}"
    );

    // A clear empties the list.
    let wiped = click(&mut client, &body, "wipe").await;
    assert_eq!(wiped, vec![(ul, String::new())]);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_stream_reaches_every_page_and_keeps_its_limit() {
    let server = TestServer::start(Live::new().mount::<Feed>("/")).await;
    let (page, mut a) = server.open("/").await;
    let (_, mut b) = server.open("/").await;
    let ol = hid_of(&page.body, "<ol");
    for n in 1..=3u64 {
        let on_a = click(&mut a, &page.body, "post").await;
        let on_b = ops(&b.recv().await);
        assert_eq!(on_a, on_b, "both pages get the same operations");
        assert!(
            on_a[0].1.contains(&format!("<li>news {n}</li>")),
            "{on_a:?}"
        );
        if n == 3 {
            // Past the limit of 2, the oldest goes.
            assert_eq!(on_a.last(), Some(&(ol, "<op 5 0>".to_owned())), "{on_a:?}");
        } else {
            assert_eq!(on_a.len(), 1, "{on_a:?}");
        }
    }
    // A page opened now starts without the news sent before: the stream kept none of them.
    let late = server.page("/").await;
    assert!(!late.body.contains("news "), "{}", late.body);
    server.shutdown().await;
}
