//! The runtime's tracing: a span per session (with its ID and component) and a span per event
//! recording the handler's name and the patch count. A test subscriber records span fields.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use hjx_runtime::Live;
use hjx_tests::client::{TestServer, shows};
use hjx_tests::components::Counter;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span's name and its fields' values.
type SpanRecord = (&'static str, HashMap<String, String>);

/// Every span's name and fields, by ID.
#[derive(Default)]
struct Recorder {
    next: AtomicU64,
    spans: Mutex<HashMap<u64, SpanRecord>>,
}

struct Fields<'a>(&'a mut HashMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Recorder {
    fn spans_named(&self, name: &str) -> Vec<HashMap<String, String>> {
        self.spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .filter(|(span, _)| *span == name)
            .map(|(_, fields)| fields.clone())
            .collect()
    }
}

struct Shared(Arc<Recorder>);

impl Subscriber for Shared {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let id = self.0.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = HashMap::new();
        attributes.record(&mut Fields(&mut fields));
        self.0
            .spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, (attributes.metadata().name(), fields));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some((_, fields)) = self
            .0
            .spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(&span.into_u64())
        {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_and_events_have_spans_with_handler_and_patch_count() {
    let recorder = Arc::new(Recorder::default());
    tracing::subscriber::set_global_default(Shared(recorder.clone())).expect("first subscriber");

    let server = TestServer::start(Live::new().mount::<Counter>("/")).await;
    let (page, mut client) = server.open("/").await;
    client.click(2).await;
    assert!(shows(&client.recv().await, 1, "Count: 1"));

    let sessions = recorder.spans_named("session");
    assert!(
        sessions.iter().any(
            |fields| fields.get("sid").map(String::as_str) == Some(page.sid())
                && fields.get("component").map(String::as_str) == Some("Counter")
        ),
        "{sessions:?}"
    );
    let events = recorder.spans_named("event");
    assert!(
        events.iter().any(
            |fields| fields.get("handler").map(String::as_str) == Some("increment")
                && fields.get("patches").map(String::as_str) == Some("1")
                && fields.get("hid").map(String::as_str) == Some("2")
        ),
        "{events:?}"
    );
    server.shutdown().await;
}
