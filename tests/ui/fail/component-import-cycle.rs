// Two .hjx files importing each other are reported as a cycle, not expanded forever.
use hjx_runtime::hjx;

hjx! {
    component Page
    imports:
      CycleA from "./components/CycleA.hjx"
    layout:
      CycleA
}

fn main() {}
