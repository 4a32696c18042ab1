use hjx_runtime::hjx;

hjx! {
    component Plan
    state:
      premium = false
    layout:
      text: "plan"
      else:
        text: "free"
}

fn main() {}
