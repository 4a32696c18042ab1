//! Nothing unchanged on the wire: a spot outside list items that reads a per-session field sends
//! its text (or attribute, or flag) only when it differs from what the page shows. A vote
//! patches every page's count but not another voter's unchanged "You haven't voted yet."; adding
//! a chore leaves the unchanged "all done" checkbox out; and an event from the checkbox itself,
//! which the page changed, gets it sent back as the server has it.

use hjx_runtime::{Live, hjx};
use hjx_tests::client::{Client, Frame, TestServer, change_frame, hid_of, shows};

hjx! {
    component Chores

    shared:
      votes: u32 = 0

    state:
      voted = false
      done: Vec<bool> = Vec::new()

    layout:
      view:
        text: "Votes: {{votes}}"
        text: "{{status(voted, votes)}}"
        button (on click -> vote): "Vote"
        input (type="checkbox" checked="{{!done.is_empty() && done.iter().all(|d| *d)}}" title="{{done.len()}} chores" on change -> toggle_all)
        button (on click -> add): "Add"

    handlers:
      vote:
        set voted = true
        set votes = votes + 1
      add:
        set done = done.iter().copied().chain([false]).collect()
      toggle_all:
        set done = done.clone()
}

/// What a page says of its own vote.
fn status(voted: bool, votes: u32) -> String {
    if voted {
        format!("You and {} more voted.", votes - 1)
    } else {
        "You haven't voted yet.".to_owned()
    }
}

/// The hydration IDs of the operations of a PATCHES (or REPLY) frame.
fn patched(frame: &Frame) -> Vec<u32> {
    match frame {
        Frame::Patches { texts, .. } => texts.iter().map(|(hid, _)| *hid).collect(),
        other => panic!("not PATCHES: {other:?}"),
    }
}

async fn page(server: &TestServer) -> (String, Client) {
    let (page, client) = server.open("/").await;
    (page.body, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vote_patches_the_count_but_not_another_pages_unchanged_text() {
    let server = TestServer::start(Live::new().mount::<Chores>("/")).await;
    let (body, mut voter) = page(&server).await;
    let (_, mut other) = page(&server).await;
    let status = hid_of(&body, "<span") + 1;
    let vote = hid_of(&body, "<button");

    voter.click(vote).await;
    let own = voter
        .until(|frame| shows(frame, status, "You and 0 more voted."))
        .await;
    assert!(shows(&own, status - 1, "Votes: 1"), "{own:?}");
    let seen = other
        .until(|frame| shows(frame, status - 1, "Votes: 1"))
        .await;
    assert!(
        !patched(&seen).contains(&status),
        "the other page's status did not change, and was sent: {seen:?}"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_flag_is_left_out_and_the_pages_own_change_is_answered() {
    let server = TestServer::start(Live::new().mount::<Chores>("/")).await;
    let (body, mut client) = page(&server).await;
    let checkbox = hid_of(&body, "<input");
    let add = checkbox + 1;
    for chores in ["1 chores", "2 chores"] {
        client.click(add).await;
        let reply = client.recv().await;
        assert!(hjx_tests::client::carries(&reply, chores), "{reply:?}");
        // The title changed (one operation for the checkbox's element); its flag did not.
        assert_eq!(patched(&reply), vec![checkbox], "{reply:?}");
    }

    // The page ticks the box: the server's answer sends the flag back as it has it (false).
    client.send(&change_frame(checkbox, true)).await;
    let answer = client.recv().await;
    let ops = patched(&answer);
    assert!(
        ops.contains(&checkbox),
        "the box the page ticked was not set back: {answer:?}"
    );
    server.shutdown().await;
}
