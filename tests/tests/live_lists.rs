//! `for` blocks served end to end: item events over the wire, keyed inserts and removes as
//! single operations, and a `shared:` list kept in step in every session.

use hjx_runtime::{Live, hjx};
use hjx_tests::client::{Frame, TestServer};

hjx! {
    component Board

    shared:
      notes: Vec<(u64, String)> = Vec::new()
      next: u64 = 1

    state:
      draft = ""

    layout:
      view:
        input (bind value <-> draft)
        button (on click -> add): "Add"
        ul:
          for (note in notes, key: note.0):
            li:
              text: "{{note.1}}"
              button (on click -> remove(note.0)): "x"

    handlers:
      add:
        set notes = [notes.clone(), vec![(next, draft.clone())]].concat()
        set next = next + 1
        set draft = String::new()
      remove(id: u64):
        set notes = notes.iter().filter(|n| n.0 != id).cloned().collect()
}

/// The ops of a PATCHES frame, as the test client lists them.
fn ops(frame: &Frame) -> Vec<(u32, String)> {
    match frame {
        Frame::Patches { texts, .. } => texts.clone(),
        other => panic!("expected PATCHES, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_list_inserts_and_removes_one_item_in_every_session() {
    let server = TestServer::start(Live::new().mount::<Board>("/")).await;
    let (page, mut a) = server.open("/").await;
    assert!(
        page.body.contains("<ul data-hid=\"3\"></ul>"),
        "{}",
        page.body
    );
    let (_, mut b) = server.open("/").await;

    a.input(1, "milk").await;
    a.click(2).await;
    let is_insert = |frame: &Frame| matches!(frame, Frame::Patches { texts, .. } if texts.iter().any(|(_, t)| t.starts_with("<op 4")));
    let mine = a.until(is_insert).await;
    let insert = ops(&mine)
        .into_iter()
        .find(|(_, t)| t.starts_with("<op 4"))
        .expect("an insert");
    assert_eq!(insert.0, 3, "inserted into the ul");
    assert!(
        insert
            .1
            .starts_with("<op 4 0 <li><span data-hid=\"4\">milk</span>"),
        "{insert:?}"
    );
    let theirs = b.until(is_insert).await;
    assert!(
        ops(&theirs)
            .iter()
            .any(|(hid, t)| *hid == 3 && t.contains(">milk</span>")),
        "{theirs:?}"
    );

    a.input(1, "eggs").await;
    a.click(2).await;
    let second = a.until(is_insert).await;
    assert!(
        ops(&second)
            .iter()
            .any(|(_, t)| t.starts_with("<op 4 1 ") && t.contains("eggs")),
        "appended after milk: {second:?}"
    );
    b.until(is_insert).await;

    // Session b removes milk through the item's own button: one remove op for everyone.
    b.click(5).await;
    let is_remove = |frame: &Frame| matches!(frame, Frame::Patches { texts, .. } if texts.iter().any(|(_, t)| t.starts_with("<op 5")));
    for client in [&mut a, &mut b] {
        let frame = client.until(is_remove).await;
        assert_eq!(ops(&frame), vec![(3, "<op 5 0>".to_owned())]);
    }

    // The removed item's button is gone: clicking it is refused with an error, state intact.
    b.click(5).await;
    let refused = b.until(|f| matches!(f, Frame::Error { .. })).await;
    assert_eq!(refused.error_code(), Some(6));
    a.click(7).await; // eggs' remove button in session a
    for client in [&mut a, &mut b] {
        let frame = client.until(is_remove).await;
        assert_eq!(ops(&frame), vec![(3, "<op 5 0>".to_owned())]);
    }
    server.shutdown().await;
}
