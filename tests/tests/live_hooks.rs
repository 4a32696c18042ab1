//! Hook events over real sockets: `on hook.<name>` bindings of one element each run only for
//! their name, with the value as `event.value`; a name no binding has is refused and the
//! session carries on; a page of an app with hooks or client commands loads the second file.

use hjx_runtime::{Live, hjx};
use hjx_tests::client::{Frame, TestServer, carries, hid_of};

hjx! {
    component Map
    state:
      pins: Vec<String> = Vec::new()
      zoom = 0
    layout:
      view:
        div.map (hook="Leaflet" on hook.pin -> pin(event.value) on hook.zoom -> zoomed)
        button.legend (on click -> js.toggle(".legend-body")): "Legend"
        text: "pins {{pins.join(\"|\")}} zoom {{zoom}}"
    handlers:
      pin(at: String):
        set pins = [pins.clone(), vec![at]].concat()
      zoomed:
        set zoom = zoom + 1
}

/// `[1, hid, 11, name, value]`.
fn hook_frame(hid: u32, name: &str, value: &str) -> Vec<u8> {
    let mut frame = hjx_tests::client::event_frame(hid, 11, 2);
    rmp::encode::write_str(&mut frame, name).expect("write");
    rmp::encode::write_str(&mut frame, value).expect("write");
    frame
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_hook_event_runs_its_own_binding() {
    let server = TestServer::start(Live::new().mount::<Map>("/")).await;
    let (page, mut client) = server.open("/").await;
    assert!(
        page.body.contains(r#"data-hook="Leaflet""#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"data-js-click="[[&quot;toggle&quot;,&quot;.legend-body&quot;]]""#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!("/hjx/extras-{}.js", hjx_client::EXTRAS_HASH)),
        "the page loads the second file"
    );
    let map = hid_of(&page.body, "<div class=\"map");

    client.send(&hook_frame(map, "pin", "51.5,-0.1")).await;
    let frame = client.recv().await;
    assert!(carries(&frame, "pins 51.5,-0.1 zoom 0"), "{frame:?}");
    client.send(&hook_frame(map, "zoom", "")).await;
    let frame = client.recv().await;
    assert!(carries(&frame, "pins 51.5,-0.1 zoom 1"), "{frame:?}");

    // A name no binding has is refused; the session goes on.
    client.send(&hook_frame(map, "pan", "x")).await;
    assert!(matches!(client.recv().await, Frame::Error { code: 6, .. }));
    client.send(&hook_frame(map, "pin", "48.9,2.4")).await;
    let frame = client.recv().await;
    assert!(
        carries(&frame, "pins 51.5,-0.1|48.9,2.4 zoom 1"),
        "{frame:?}"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_without_hooks_or_commands_does_not_load_the_second_file() {
    let server = TestServer::start(Live::new().mount::<hjx_examples::counter::Counter>("/")).await;
    let page = server.page("/").await;
    assert!(!page.body.contains("/hjx/extras-"), "{}", page.body);
    server.shutdown().await;
}
