// An import whose file does not exist is reported at its path.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Missing from "./components/Missing.hjx"
    layout:
      Missing
}

fn main() {}
