// An import whose file declares another component name is reported at the imported name.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      Misnamed from "./components/Misnamed.hjx"
    layout:
      Misnamed
}

fn main() {}
