use hjx_runtime::{Component, hjx};

// A user's own types named like the ones generated code uses must not break it.
#[allow(dead_code)]
struct String;
#[allow(dead_code)]
struct Vec;
#[allow(dead_code)]
enum Option {
    Nothing,
}

hjx! {
    component Counter

    state:
      count = 0
      label: u32 = 7
      ratio = 0.5
      tags = ["rust", "web"]
      name: std::string::String = "Ada"

    style:
      .counter { padding: 24px; }
      @media (max-width: 600px) { .counter { padding: 8px; } }

    layout:
      view #root.counter.md:w-1/2.space-y-1.5.hover:bg-primary/90.text-2xl:
        text: "Count: {{count}} of {{tags.len()}}"
        input (bind value <-> name)
        button.primary (on click -> increment disabled title="Add {{label}}"): "+"

    handlers:
      increment:
        log "incrementing {{count}}"
        set count = count + i64::from(label)
        set ratio = ratio * 2.0
}

fn main() {
    let counter = Counter::default();
    let html = counter.render_to_string(&());
    assert!(html.contains("Count: 0 of 2"));
}
