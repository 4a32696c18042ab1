//! Handlers with parameters: bindings pass the event's data (`event.value`, `event.key`,
//! `form`), and `call` runs a `script:` method whose writes are known at compile time.

use hjx_runtime::{
    Component, Event, EventKind, EventPayload, FieldSet, HydrationId, PatchOp, PatchScope, hjx,
};

hjx! {
    component Chat

    state:
      draft = ""
      last_key = ""
      messages: Vec<String> = Vec::new()
      sent = 0

    script:
      fn send(&mut self) {
          let text = std::mem::take(&mut self.draft);
          self.messages.push(text);
          self.count_sent();
      }

      fn count_sent(&mut self) {
          self.sent += 1;
      }

    layout:
      form (on submit -> submitted(form)):
        input (bind value <-> draft on keydown -> key(event.key))
        text: "{{messages.len()}} messages, {{sent}} sent, last key {{last_key}}"
        text: "draft: {{draft}}"
        button (on click -> send_now): "Send"

    handlers:
      key(pressed: String):
        set last_key = pressed
      submitted(fields: Vec<(String, String)>):
        set draft = fields.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>().join(" ")
        call self.send()
      send_now:
        call self.send()
}

fn event(hid: u32, kind: EventKind, payload: EventPayload) -> Event {
    Event {
        hid: HydrationId(hid),
        kind,
        payload,
    }
}

#[test]
fn keydown_passes_the_key_to_the_handler() {
    let mut chat = Chat::default();
    let handled = chat
        .handle(
            &mut (),
            &event(2, EventKind::Keydown, EventPayload::Key("Enter".into())),
        )
        .unwrap();
    assert_eq!(handled.handler, "key");
    assert_eq!(chat.last_key, "Enter");
    let mut ops = Vec::new();
    chat.patch(&(), handled.dirty, PatchScope::All, &mut ops);
    assert_eq!(
        ops,
        vec![PatchOp::SetText {
            hid: HydrationId(3),
            text: "0 messages, 0 sent, last key Enter".into()
        }]
    );
}

#[test]
fn bound_input_and_keydown_share_the_element() {
    let mut chat = Chat::default();
    chat.handle(
        &mut (),
        &event(2, EventKind::Input, EventPayload::Value("hi".into())),
    )
    .unwrap();
    assert_eq!(chat.draft, "hi");
    assert!(
        chat.render_to_string(&())
            .contains("value=\"hi\" data-hid=\"2\" data-on=\"input keydown\"")
    );
}

#[test]
fn call_writes_what_the_script_method_reaches() {
    let mut chat = Chat::default();
    chat.set_draft("hello".into());
    let handled = chat
        .handle(&mut (), &event(5, EventKind::Click, EventPayload::None))
        .unwrap();
    assert_eq!(chat.messages, ["hello"]);
    // `send` mentions draft and messages, and reaches `sent` through `count_sent`.
    let fields = Chat::META.fields;
    let written: Vec<&str> = (0..fields.len())
        .filter(|&i| handled.dirty.intersects(FieldSet::bit(i as u32)))
        .map(|i| fields[i])
        .collect();
    assert_eq!(written, ["draft", "messages", "sent"]);
}

#[test]
fn submit_passes_the_form_fields() {
    let mut chat = Chat::default();
    let form = EventPayload::Form(vec![
        ("draft".into(), "from".into()),
        ("x".into(), "form".into()),
    ]);
    let handled = chat
        .handle(&mut (), &event(1, EventKind::Submit, form))
        .unwrap();
    assert_eq!(handled.handler, "submitted");
    assert_eq!(chat.messages, ["from form"]);
    assert_eq!(chat.sent, 1);
}

hjx! {
    component Letter

    state:
      body = "Dear <Ada>"
      tone = "warm"

    layout:
      view:
        textarea (bind value <-> body)
        select (bind value <-> tone):
          option (value="warm"): "Warm"
          option (value="formal"): "Formal"
        text: "{{tone}}: {{body}}"

    handlers:
      clear:
        set body = String::new()
}

#[test]
fn a_bound_textarea_renders_its_value_as_content_and_patches_the_property() {
    let mut letter = Letter::default();
    assert_eq!(
        letter.render_to_string(&()),
        "<div><textarea data-hid=\"1\" data-on=\"input\">Dear &lt;Ada&gt;</textarea>\
         <select value=\"warm\" data-hid=\"2\" data-on=\"input\"><option value=\"warm\">Warm</option>\
         <option value=\"formal\">Formal</option></select><span data-hid=\"3\">warm: Dear &lt;Ada&gt;</span></div>"
    );
    let event = |hid, value: &str| Event {
        hid: HydrationId(hid),
        kind: EventKind::Input,
        payload: EventPayload::Value(value.to_owned()),
    };
    let handled = letter.handle(&mut (), &event(1, "Hi")).expect("bound");
    assert_eq!(letter.body, "Hi");
    let handled_select = letter.handle(&mut (), &event(2, "formal")).expect("bound");
    assert_eq!(letter.tone, "formal");
    let mut ops = Vec::new();
    letter.patch(
        &(),
        handled.dirty.union(handled_select.dirty),
        PatchScope::All,
        &mut ops,
    );
    assert_eq!(
        ops,
        vec![
            PatchOp::SetAttr {
                hid: HydrationId(1),
                name: "value",
                value: "Hi".into()
            },
            PatchOp::SetAttr {
                hid: HydrationId(2),
                name: "value",
                value: "formal".into()
            },
            PatchOp::SetText {
                hid: HydrationId(3),
                text: "formal: Hi".into()
            },
        ]
    );
}
