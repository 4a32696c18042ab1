use hjx_runtime::hjx;

hjx! {
    component Plan
    state:
      premium = false
    layout:
      if premium:
        text: "premium"
}

fn main() {}
