//! `Store::current` over real sockets: a `script:` method reaches its own session's store, sends
//! its page an event of its own and sends the page elsewhere (EVENT, then NAVIGATE, after the
//! event's patches), and, from async work it started,
//! changes its state and publishes when the work is done.

use std::time::Duration;

use hjx_runtime::{Live, Load, Store, hjx};
use hjx_tests::client::{Frame, TestServer, shows};

hjx! {
    component Editor

    state:
      draft = "unsaved"
      saving: Load<u32> = Load::idle()
      outside = false

    script:
      fn go(&mut self, replace: bool) {
          self.draft = "leaving".to_owned();
          let page = Store::<Self>::current().expect("inside an event");
          page.push_event("leaving", &[1, 2]);
          if replace { page.redirect("/b?x=1"); } else { page.navigate("/a"); }
      }
      fn save(&mut self) {
          let page = Store::<Self>::current();
          self.saving.start(async move {
              tokio::time::sleep(Duration::from_millis(20)).await;
              if let Some(page) = page {
                  page.set(|editor| editor.draft.clear());
                  page.navigate("/saved/7");
              }
              Ok(7)
          });
      }
      fn init(_store: Store<Self>) {
          // Outside an event there is no current session.
          assert!(Store::<Self>::current().is_none());
      }

    layout:
      view:
        text: "{{draft}}"
        button (on click -> push): "push"
        button (on click -> replace): "replace"
        button (on click -> save): "save"
        text: "{{saving}}"

    handlers:
      push:
        call self.go(false)
      replace:
        call self.go(true)
      save:
        call self.save()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_method_navigates_its_page_after_the_events_patches() {
    assert!(Store::<Editor>::current().is_none());
    let server = TestServer::start(Live::new().mount::<Editor>("/")).await;
    let (_page, mut client) = server.open("/").await;

    client.click(2).await;
    let patches = client.recv().await;
    assert!(shows(&patches, 1, "leaving"), "{patches:?}");
    // An event for this page alone, then the navigation, both after the patches.
    assert_eq!(
        client.recv().await,
        Frame::Event {
            name: "leaving".into(),
            data: vec![0x92, 0x01, 0x02]
        }
    );
    assert_eq!(
        client.recv().await,
        Frame::Navigate {
            url: "/a".into(),
            replace: false,
            load: false
        }
    );

    client.click(3).await;
    let redirect = client
        .until(|frame| matches!(frame, Frame::Navigate { .. }))
        .await;
    assert_eq!(
        redirect,
        Frame::Navigate {
            url: "/b?x=1".into(),
            replace: true,
            load: false
        }
    );
    // The session lives on: the next event is served.
    client.click(4).await;
    let loading = client.recv().await;
    assert!(shows(&loading, 5, "loading"), "{loading:?}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_reaches_its_session_through_the_store_it_took() {
    let server = TestServer::start(Live::new().mount::<Editor>("/")).await;
    let (_page, mut client) = server.open("/").await;
    client.click(4).await;
    assert!(shows(&client.recv().await, 5, "loading"));
    // From the finished work: the draft cleared, then the page sent on, then the result.
    let cleared = client.recv().await;
    assert!(shows(&cleared, 1, ""), "{cleared:?}");
    assert_eq!(
        client.recv().await,
        Frame::Navigate {
            url: "/saved/7".into(),
            replace: false,
            load: false
        }
    );
    let done = client.recv().await;
    assert!(shows(&done, 5, "7"), "{done:?}");
    server.shutdown().await;
}
