// A child's mount hook runs with its page's context, so it must take the page's app state: a
// child wanting a `Db` inside a page mounted with `Config` is an error at the child's tag.
use hjx_runtime::{Mount, Refuse, hjx};

#[derive(Clone)]
struct Db;

#[derive(Clone)]
struct Config;

hjx! {
    component Loader
    state:
      loaded = false
    layout:
      text: "{{loaded}}"
    script:
      async fn mount(&mut self, cx: &Mount<Db>) -> Result<(), Refuse> {
          let _db: &Db = cx.state();
          self.loaded = true;
          Ok(())
      }
}

hjx! {
    component Page
    state:
      ids: Vec<u64> = Vec::new()
    script:
      async fn mount(&mut self, cx: &Mount<Config>) -> Result<(), Refuse> {
          let _config: &Config = cx.state();
          Ok(())
      }
    layout:
      view:
        for (id in ids, key: id):
          Loader
}

fn main() {}
