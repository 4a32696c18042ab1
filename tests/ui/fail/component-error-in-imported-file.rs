// An error inside an imported .hjx file names that file, its line and column.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Broken from "./components/Broken.hjx"
    layout:
      Broken
}

fn main() {}
