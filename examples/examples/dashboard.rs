//! Run with `cargo run -p hjx-examples --example dashboard -- --port 3000`.
//!
//! The seed's Dashboard: `shared:` state that `init_shared` updates every second, seen by every
//! client, and a button whose clicks every client sees.

use std::time::Duration;

use hjx_runtime::{Live, SharedStore, hjx};

hjx! {
    component Dashboard

    shared:
      time = ""
      cpu = 0.0
      memory = 0.0
      clicks = 0

    script:
      fn init_shared(store: SharedStore<Self>) {
          // The first page already shows a reading; then one every second.
          store.set(|shared| shared.set_time(hjx_examples::system::sample().time));
          let ticker = store.clone();
          store.spawn(async move {
              let mut interval = tokio::time::interval(Duration::from_secs(1));
              loop {
                  interval.tick().await;
                  let sample = hjx_examples::system::sample();
                  ticker.set(|shared| {
                      shared.set_time(sample.time);
                      shared.set_cpu(sample.cpu);
                      shared.set_memory(sample.memory);
                  });
              }
          });
      }

    layout:
      view.container:
        text: "Server Time: {{time}}"
        text: "CPU: {{format!(\"{:.0}\", cpu)}}%"
        text: "Memory: {{format!(\"{:.1}\", memory)}}%"
        button (on click -> bump): "Clicked {{clicks}} times"

    handlers:
      bump:
        set clicks = clicks + 1
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    hjx_examples::run(Live::new().mount::<Dashboard>("/")).await
}
