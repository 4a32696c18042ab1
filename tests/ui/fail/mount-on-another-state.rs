use hjx_runtime::{Live, Mount, Refuse, hjx};

#[derive(Clone)]
struct Db;

hjx! {
    component Item

    state:
      title = ""

    script:
      async fn mount(&mut self, cx: &Mount<Db>) -> Result<(), Refuse> {
          let _db: &Db = cx.state();
          self.title = "loaded".to_owned();
          Ok(())
      }

    layout:
      view:
        text: "{{title}}"
}

fn main() {
    // The app has no state, but the hook wants a `Db`.
    let _ = Live::new().mount::<Item>("/items/{id}");
}
