//! A chat room: the messages are `shared:` (everyone sees every message), the name and the
//! draft are per session, and joining broadcasts a `user-joined` event to every client (the
//! browser dispatches it on `window` as `hjx:user-joined`).
//!
//! It is written to hold under load: the log is a keyed list that a message is appended to in
//! place (one insert on the wire, the same bytes for every page, however long the log), the
//! history keeps the last [`HISTORY`] messages (the oldest leaves as one remove), and a message
//! or a name longer than its bound is refused with the reason beside the box.

use std::collections::VecDeque;

use hjx_runtime::{Store, hjx};

/// How many messages the room keeps.
pub const HISTORY: usize = 200;
/// The longest message, in characters.
pub const MAX_MESSAGE: usize = 500;
/// The longest name, in characters.
pub const MAX_NAME: usize = 40;

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    /// Its key in the keyed list: lines are numbered as they are posted.
    pub id: u64,
    /// What it says: `name: text`, or `* name joined`.
    pub text: String,
}

hjx! {
    component Chat

    state:
      name = ""
      draft = ""
      problem = ""

    shared:
      lines: VecDeque<Line> = VecDeque::new()
      next_id: u64 = 1
      joined = 0

    script:
      fn init(store: Store<Self>) {
          let announcer = store.clone();
          store.on("join", move |chat, _event| {
              if chat.problem.is_empty() {
                  announcer.broadcast("user-joined", &chat.name);
              }
          });
      }

      /// Appends `text` to the log, as one more keyed line; the oldest leaves past the history.
      fn post(&mut self, text: String) {
          self.lines.push_back(Line { id: self.next_id, text });
          self.next_id += 1;
          while self.lines.len() > HISTORY {
              self.lines.pop_front();
          }
      }

      fn join_room(&mut self) {
          let name = self.name.trim().to_owned();
          if name.is_empty() || name.chars().count() > MAX_NAME {
              self.problem = format!("A name has 1 to {MAX_NAME} characters.");
              return;
          }
          self.problem.clear();
          self.joined += 1;
          self.post(format!("* {name} joined"));
      }

      fn send_draft(&mut self) {
          let text = self.draft.trim().to_owned();
          if text.is_empty() {
              return;
          }
          if text.chars().count() > MAX_MESSAGE {
              self.problem = format!("A message has at most {MAX_MESSAGE} characters.");
              return;
          }
          self.problem.clear();
          let line = format!("{}: {}", self.name.trim(), text);
          self.post(line);
          self.draft.clear();
      }

    layout:
      view.chat:
        text.members: "{{joined}} joined"
        ol.log:
          for (line in lines, key: line.id):
            li: "{{line.text}}"
        input.name (placeholder="Your name" maxlength="40" bind value <-> name)
        button.join (on click -> join): "Join"
        input.draft (placeholder="Message" maxlength="500" bind value <-> draft on keydown.enter -> send)
        button.send (on click -> send): "Send"
        if (!problem.is_empty()):
          p.problem: "{{problem}}"

    handlers:
      join:
        call self.join_room()
      send:
        call self.send_draft()
}
