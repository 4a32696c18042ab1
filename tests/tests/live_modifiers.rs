//! Event modifiers over real sockets: what an element tells the client (`data-on-<event>`,
//! `data-win`), and the key filters the server checks again, so that two bindings of one
//! element each run only for their key; modifier keys reach the handler; the new event kinds
//! (keyup, dblclick, mouseenter, mouseleave) are dispatched.

use hjx_runtime::{Live, hjx};
use hjx_tests::client::{Client, Frame, TestServer, carries};

hjx! {
    component Editor

    state:
      saves = 0
      cancels = 0
      stored = ""
      ups = 0
      opens = 0
      hovers = 0
      closes = 0
      searches = 0

    layout:
      view:
        input.draft (on keydown.enter -> save on keydown.escape -> cancel on keydown.ctrl.s -> store(event.key, event.ctrl))
        input.search (on input.debounce(300) -> search on keyup -> up)
        button.open (on dblclick -> open on mouseenter -> hover on mouseleave -> hover): "open"
        view.shortcuts (on keydown.window.escape -> close)
        text: "saves {{saves}} cancels {{cancels}} stored {{stored}} ups {{ups}} opens {{opens}} hovers {{hovers}} closes {{closes}}"

    handlers:
      save:
        set saves = saves + 1
      cancel:
        set cancels = cancels + 1
      store(key: String, ctrl: bool):
        set stored = format!("{key}:{ctrl}")
      search:
        set searches = searches + 1
      up:
        set ups = ups + 1
      open:
        set opens = opens + 1
      hover:
        set hovers = hovers + 1
      close:
        set closes = closes + 1
}

/// A key event `[1, hid, kind, key]`, or `[1, hid, kind, key, held]` when modifier keys are held.
fn key_frame(hid: u32, kind: u8, key: &str, held: u8) -> Vec<u8> {
    let mut frame = Vec::new();
    let len = if held == 0 { 4 } else { 5 };
    rmp::encode::write_array_len(&mut frame, len).expect("encode");
    rmp::encode::write_uint(&mut frame, 1).expect("encode");
    rmp::encode::write_uint(&mut frame, hid.into()).expect("encode");
    rmp::encode::write_uint(&mut frame, kind.into()).expect("encode");
    rmp::encode::write_str(&mut frame, key).expect("encode");
    if held != 0 {
        rmp::encode::write_uint(&mut frame, held.into()).expect("encode");
    }
    frame
}

/// `[1, hid, kind]`.
fn plain_frame(hid: u32, kind: u8) -> Vec<u8> {
    vec![0x93, 0x01, u8::try_from(hid).expect("small"), kind]
}

/// Sends `frame`, then a PING, and reads up to the PONG: the answer to `frame` is the frame
/// before it (a REPLY with its changes, or an ACK when it changed nothing).
async fn outcome(client: &mut Client, frame: &[u8]) -> Frame {
    client.send(frame).await;
    client.send(&[0x91, 0x02]).await;
    let mut did = Frame::Pong;
    loop {
        match client.recv().await {
            Frame::Pong => return did,
            other => did = other,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn elements_carry_their_modifiers_and_the_server_filters_keys_again() {
    let server = TestServer::start(Live::new().mount::<Editor>("/")).await;
    let (page, mut client) = server.open("/").await;
    let body = &page.body;
    assert!(
        body.contains(r#"data-on="keydown" data-on-keydown="enter/0 escape/0 s/1""#),
        "{body}"
    );
    assert!(
        body.contains(r#"data-on="input keyup" data-on-input="debounce:300""#),
        "{body}"
    );
    assert!(
        body.contains(r#"data-on="dblclick mouseenter mouseleave""#),
        "{body}"
    );
    // A window binding is not in `data-on` (its element need not have the focus); its filter
    // still goes with it.
    assert!(
        body.contains(
            r#"<div class="shortcuts" data-hid="4" data-on-keydown="escape/0" data-win="keydown">"#
        ),
        "{body}"
    );
    let draft = page.hid("<input class=\"draft\"");
    let search = page.hid("<input class=\"search\"");
    let open = page.hid("<button");
    let shortcuts = page.hid("<div class=\"shortcuts\"");

    // Two bindings on one element: each runs only for its key.
    let enter = outcome(&mut client, &key_frame(draft, 4, "Enter", 0)).await;
    assert!(carries(&enter, "saves 1 cancels 0"), "{enter:?}");
    let escape = outcome(&mut client, &key_frame(draft, 4, "Escape", 0)).await;
    assert!(carries(&escape, "saves 1 cancels 1"), "{escape:?}");
    // A key no binding asks for (a forged or stale frame) runs nothing.
    assert_eq!(
        outcome(&mut client, &key_frame(draft, 4, "a", 0)).await,
        Frame::Ack
    );
    // `s` without ctrl does not pass `ctrl.s`; with ctrl (and shift) it does, and the handler
    // sees the modifier.
    assert_eq!(
        outcome(&mut client, &key_frame(draft, 4, "s", 0)).await,
        Frame::Ack
    );
    let stored = outcome(&mut client, &key_frame(draft, 4, "S", 3)).await;
    assert!(carries(&stored, "stored S:true"), "{stored:?}");

    // The new kinds: keyup (7), dblclick (8), mouseenter (9), mouseleave (10).
    let up = outcome(&mut client, &key_frame(search, 7, "x", 0)).await;
    assert!(carries(&up, "ups 1"), "{up:?}");
    let dbl = outcome(&mut client, &plain_frame(open, 8)).await;
    assert!(carries(&dbl, "opens 1"), "{dbl:?}");
    let enter = outcome(&mut client, &plain_frame(open, 9)).await;
    assert!(carries(&enter, "hovers 1"), "{enter:?}");
    let leave = outcome(&mut client, &plain_frame(open, 10)).await;
    assert!(carries(&leave, "hovers 2"), "{leave:?}");
    let close = outcome(&mut client, &key_frame(shortcuts, 4, "Escape", 0)).await;
    assert!(carries(&close, "closes 1"), "{close:?}");
    server.shutdown().await;
}
