// A method reaching `shared:` fields takes the shared value through a borrow of `self`.
use hjx_runtime::hjx;

hjx! {
    component Poll
    shared:
      options: Vec<String> = Vec::new()
    layout:
      text: "{{options.len()}}"
    script:
      fn into_options(self) -> Vec<String> {
          self.options
      }
}

fn main() {}
