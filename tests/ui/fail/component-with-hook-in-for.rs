// A component whose `script:` has a mount hook cannot stand inside `for`: its hooks run only
// for the component a page mounts, so the error says so at the component's tag.
use hjx_runtime::{Mount, Refuse, hjx};

hjx! {
    component Loader
    state:
      loaded = false
    layout:
      text: "{{loaded}}"
    script:
      async fn mount(&mut self, cx: &Mount) -> Result<(), Refuse> {
          let _ = cx;
          self.loaded = true;
          Ok(())
      }
}

hjx! {
    component Page
    state:
      ids: Vec<u64> = Vec::new()
    layout:
      view:
        for (id in ids, key: id):
          Loader
}

fn main() {}
