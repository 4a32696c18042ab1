//! Component instances inside a keyed `for`, served end to end: a card's own event over the
//! wire patches only that card, a reorder moves the cards with their state, a removal drops
//! one, and an event a card emits runs the parent's handler with its item.

mod item_board;

use hjx_runtime::Live;
use hjx_tests::client::{Frame, TestServer, shows};
use hjx_tests::model;
use item_board::Board;

/// The hydration ID of the element with class `class` after the text `after`.
fn hid_after(html: &str, after: &str, class: &str) -> u32 {
    model::hid_after(html, after, &format!("class=\"{class}")).0
}

fn texts(frame: &Frame) -> Vec<(u32, String)> {
    match frame {
        Frame::Patches { texts, .. } => texts.clone(),
        other => panic!("expected PATCHES, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cards_in_a_list_keep_their_state_over_the_wire() {
    let server = TestServer::start(Live::new().mount::<Board>("/")).await;
    let (page, mut client) = server.open("/").await;
    let html = &page.body;
    let bump_two = hid_after(html, ">two<", "bump");
    let count_two = hid_after(html, ">two<", "count");
    let finish_three = hid_after(html, ">three<", "finish");
    let reverse = hid_after(html, "</ul>", "reverse");
    let drop = hid_after(html, "</ul>", "drop");
    let finished = hid_after(html, "</ul>", "finished");

    client.click(bump_two).await;
    let frame = client.until(|f| shows(f, count_two, "count 1")).await;
    assert_eq!(
        texts(&frame).len(),
        1,
        "only the card's own spot: {frame:?}"
    );

    client.click(reverse).await;
    let frame = client.until(|f| matches!(f, Frame::Patches { .. })).await;
    assert!(
        texts(&frame).iter().all(|(_, t)| t.starts_with("<op 6")),
        "a reorder only moves items: {frame:?}"
    );

    // The card moved with its item and kept its count; its elements kept their IDs.
    client.click(bump_two).await;
    client.until(|f| shows(f, count_two, "count 2")).await;

    // "three" is first now: dropping it removes one item, and its card with it.
    client.click(drop).await;
    let frame = client.until(|f| matches!(f, Frame::Patches { .. })).await;
    let ops = texts(&frame);
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert!(ops[0].1.starts_with("<op 5 0"), "{ops:?}");

    // An event of a dropped card is no longer bound.
    client.click(finish_three).await;
    let frame = client
        .until(|f| matches!(f, Frame::Patches { .. } | Frame::Error { .. }))
        .await;
    assert!(matches!(frame, Frame::Error { .. }), "{frame:?}");

    let finish_two = hid_after(&page.body, ">two<", "finish");
    client.click(finish_two).await;
    client.until(|f| shows(f, finished, "finished 1")).await;
    client.close().await;
    server.shutdown().await;
}
