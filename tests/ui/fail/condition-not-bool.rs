use hjx_runtime::hjx;

hjx! {
    component Plan
    state:
      followers = 0
    layout:
      if (followers):
        text: "popular"
}

fn main() {}
