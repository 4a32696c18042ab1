//! A chat room: the messages are `shared:` (everyone sees every message), the name and the
//! draft are per session, and joining broadcasts a `user-joined` event to every client (the
//! browser dispatches it on `window` as `hjx:user-joined`).

use hjx_runtime::{Store, hjx};

hjx! {
    component Chat

    state:
      name = ""
      draft = ""

    shared:
      messages: Vec<String> = Vec::new()
      joined = 0

    script:
      fn init(store: Store<Self>) {
          let announcer = store.clone();
          store.on("join", move |chat, _event| {
              announcer.broadcast("user-joined", &chat.name);
          });
      }

    layout:
      view.chat:
        text.members: "{{joined}} joined"
        pre.log: "{{messages.join(\"\\n\")}}"
        input (placeholder="Your name" bind value <-> name)
        button (on click -> join): "Join"
        input (placeholder="Message" bind value <-> draft)
        button (on click -> send): "Send"

    handlers:
      join:
        set joined = joined + 1
        set messages = [messages.clone(), vec![format!("* {} joined", name)]].concat()
      send:
        set messages = [messages.clone(), vec![format!("{}: {}", name, draft)]].concat()
        set draft = String::new()
}
