// A `script:` method naming a field that neither `state:` nor `shared:` has: the error is at the
// name, with the closest field's name.
use hjx_runtime::hjx;

hjx! {
    component Poll
    state:
      draft = ""
    shared:
      options: Vec<String> = Vec::new()
    layout:
      button (on click -> add): "Add"
    handlers:
      add:
        call self.add_option()
    script:
      fn add_option(&mut self) {
          self.optoins.push(self.draft.clone());
      }
}

fn main() {}
