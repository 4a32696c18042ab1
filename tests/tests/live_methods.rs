//! Logic in methods over real sockets: a `script:` method (in a `.hjx` file) that writes a
//! `shared:` field patches every session's spots that read it, and the session's own state only
//! its own page.

use hjx_runtime::Live;
use hjx_tests::client::{Frame, TestServer, shows};
use hjx_tests::model::Model;

hjx_runtime::include_hjx!("../hjx/Votes.hjx");

/// Whether `frame` is a PATCHES frame inserting a list item whose HTML holds `text`.
fn inserts(frame: &Frame, text: &str) -> bool {
    matches!(frame, Frame::Patches { texts, .. } if texts.iter().any(|(_, t)| t.starts_with("<op 4 ") && t.contains(text)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_method_writing_a_shared_field_reaches_every_session() {
    let model = Model::<Votes>::default();
    let hid = |needle: &str| model.hid(needle).0;
    let (count, mine, draft, add) = (
        hid("class=\"count\""),
        hid("class=\"mine\""),
        hid("class=\"draft\""),
        hid("class=\"add\""),
    );
    let server = TestServer::start(Live::new().mount::<Votes>("/")).await;
    let (_, mut a) = server.open("/").await;
    let (_, mut b) = server.open("/").await;

    a.input(draft, "Tea").await;
    a.click(add).await;
    // Both sessions see the new count and the one inserted item.
    let seen_by_a = a.until(|f| shows(f, count, "1 options")).await;
    let seen_by_b = b.until(|f| shows(f, count, "1 options")).await;
    assert!(inserts(&seen_by_a, "Tea: 0"), "{seen_by_a:?}");
    assert!(inserts(&seen_by_b, "Tea: 0"), "{seen_by_b:?}");
    // The clicker's draft was cleared by the method: its own input only.
    assert!(shows(&seen_by_a, draft, "value="), "{seen_by_a:?}");
    assert!(!shows(&seen_by_b, draft, "value="), "{seen_by_b:?}");

    // A vote writes the shared option and the voter's own count: the other session gets the
    // option's new text, not the voter's count.
    let page = server.page("/").await;
    let start = page.body.find("Tea: 0").expect("the option is rendered");
    let button = page.body[start..]
        .split_once("data-hid=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .and_then(|(hid, _)| hid.parse::<u32>().ok())
        .expect("the option's button");
    b.click(button).await;
    let seen_by_b = b.until(|f| shows(f, mine, "You voted 1 times")).await;
    let seen_by_a = a
        .until(|f| matches!(f, Frame::Patches { texts, .. } if texts.iter().any(|(_, t)| t == "Tea: 1")))
        .await;
    assert!(
        !shows(&seen_by_a, mine, "You voted 1 times"),
        "{seen_by_a:?}"
    );
    assert!(
        matches!(&seen_by_b, Frame::Patches { texts, .. } if texts.iter().any(|(_, t)| t == "Tea: 1")),
        "{seen_by_b:?}"
    );
    server.shutdown().await;
}
