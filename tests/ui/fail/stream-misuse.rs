use hjx_runtime::{Stream, hjx};

pub struct Line {
    pub id: u64,
    pub text: String,
}

pub struct Group {
    pub lines: Vec<Line>,
}

hjx! {
    component Log

    shared:
      news: Stream<Line> = Stream::new()

    state:
      lines: Stream<Line> = Stream::new()
      groups: Vec<Group> = Vec::new()
      me = "ann"

    layout:
      view:
        for (line, i in lines):
          button (on click -> pick(line.id)): "{{line.text}}"
        for (item in news, key: item.id):
          p: "{{item.text}} for {{me}}"
        for (group in groups):
          for (line in lines, key: line.id):
            p: "{{line.text}}"

    handlers:
      pick(id: u64):
        log "{{id}}"
}

fn main() {}
