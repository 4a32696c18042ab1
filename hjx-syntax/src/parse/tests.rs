use super::*;

fn ok(text: &str) -> Component {
    let (component, diags) = parse(text);
    let diags = diags.into_vec();
    assert!(diags.is_empty(), "unexpected diagnostics: {diags:#?}");
    component
}

fn errors(text: &str) -> Vec<(String, String)> {
    let (_, diags) = parse(text);
    diags
        .into_vec()
        .into_iter()
        .map(|d| (text[d.span.clone()].to_owned(), d.to_string()))
        .collect()
}

/// The Counter as the example app writes it, `examples/src/counter.rs` being the one copy of
/// that component: the body of its `hjx! { … }`, unindented, is `.hjx` text.
fn counter() -> String {
    let file = include_str!("../../../examples/src/counter.rs");
    let body = file
        .split_once("hjx! {\n")
        .expect("counter.rs holds `hjx! {`")
        .1;
    let body = body
        .trim_end()
        .strip_suffix('}')
        .expect("`hjx! {` closes at the end");
    let lines: Vec<&str> = body
        .lines()
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .collect();
    lines.join("\n")
}

#[test]
fn parses_the_example_counter() {
    // A comment line among the statements is not one.
    let counter = counter().replace("    set count", "    # count the click\n    set count");
    let c = ok(&counter);
    assert_eq!(c.name.unwrap().text, "Counter");
    assert_eq!(c.state.len(), 1);
    assert!(matches!(&c.state[0].init, Init::Literal(Literal::Int(v, _)) if v == "0"));
    let layout = c.layout.unwrap();
    let Node::Element(view) = &layout.nodes[0] else {
        panic!()
    };
    assert_eq!(view.tag.text, "view");
    let Content::Children(children) = &view.content else {
        panic!("view has children")
    };
    assert_eq!(children.len(), 2);
    let Node::Element(button) = &children[1] else {
        panic!()
    };
    assert!(
        matches!(&button.args[0], Arg::On { event, handler, .. } if event.text == "click" && handler.text == "increment")
    );
    let Node::Element(text) = &children[0] else {
        panic!()
    };
    let Content::Text(template) = &text.content else {
        panic!("text has text")
    };
    assert!(
        matches!(&template.parts[..], [Part::Text(t), Part::Expr(e, pos)] if t == "Count: " && e == "count" && &counter[pos.clone()] == "count")
    );
    assert_eq!(c.handlers[0].statements.len(), 1);
    assert!(
        matches!(&c.handlers[0].statements[0], Statement::Set { field, value } if field.text == "count" && &counter[value.clone()] == "count + 1")
    );
}

#[test]
fn tailwind_classes_and_ids_are_accepted_as_written() {
    let c = ok(
        "component P\nlayout:\n  view#root.profile.md:w-1/2.space-y-1.5.hover:bg-primary/90.text-2xl:\n    text: \"x\"\n",
    );
    let Node::Element(view) = &c.layout.unwrap().nodes[0] else {
        panic!()
    };
    assert_eq!(view.id.as_ref().unwrap().text, "root");
    let classes: Vec<_> = view.classes.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        classes,
        [
            "profile",
            "md:w-1/2",
            "space-y-1.5",
            "hover:bg-primary/90",
            "text-2xl"
        ]
    );
    assert!(matches!(view.content, Content::Children(_)));
}

#[test]
fn state_literals_infer_their_types_and_typed_fields_keep_expressions() {
    let c = ok(
        "component S\nstate:\n  name = \"Ada\"\n  followers = 150\n  ratio = 0.5\n  premium = false\n  tags = [\"rust\", \"web\"]\n  limit: u32 = 10 * 2\nlayout:\n  view\n",
    );
    assert!(matches!(&c.state[0].init, Init::Literal(Literal::Str(v, _)) if v == "Ada"));
    assert!(matches!(&c.state[1].init, Init::Literal(Literal::Int(..))));
    assert!(matches!(
        &c.state[2].init,
        Init::Literal(Literal::Float(..))
    ));
    assert!(matches!(
        &c.state[3].init,
        Init::Literal(Literal::Bool(false, _))
    ));
    assert!(matches!(&c.state[4].init, Init::Literal(Literal::List(items, _)) if items.len() == 2));
    assert!(c.state[5].ty.is_some());
}

#[test]
fn args_parse_attributes_flags_and_bindings() {
    let text = "component F\nlayout:\n  input.field (bind value <-> name title=\"Hi {{name}}\" disabled on keydown->key)\n";
    let c = ok(text);
    let Node::Element(input) = &c.layout.unwrap().nodes[0] else {
        panic!()
    };
    assert!(
        matches!(&input.args[0], Arg::Bind { property, field } if property.text == "value" && field.text == "name")
    );
    assert!(
        matches!(&input.args[1], Arg::Attr { name, value } if name.text == "title" && value.parts.len() == 2)
    );
    assert!(matches!(&input.args[2], Arg::Flag(name) if name.text == "disabled"));
    assert!(
        matches!(&input.args[3], Arg::On { event, handler, .. } if event.text == "keydown" && handler.text == "key")
    );
}

#[test]
fn escapes_in_text_are_decoded_and_positions_map_back() {
    let text = "component E\nlayout:\n  text: \"say \\\"{{ name }}\\\"\"\n";
    let c = ok(text);
    let Node::Element(el) = &c.layout.unwrap().nodes[0] else {
        panic!()
    };
    let Content::Text(t) = &el.content else {
        panic!()
    };
    assert!(matches!(&t.parts[0], Part::Text(s) if s == "say \""));
    assert!(
        matches!(&t.parts[1], Part::Expr(e, pos) if e == " name " && &text[pos.clone()] == " name ")
    );
}

#[test]
fn reports_every_error_with_its_token_and_help() {
    let text = "component Bad\nstat:\n  x = 1\nstate:\n  count = 0\n    deeper = 1\nlayout:\n  view\n    text: \"{{count\"\nhandlers:\n  go:\n    sett count = 1\n";
    let errs = errors(text);
    assert!(
        errs.iter().any(|(at, msg)| at == "stat"
            && msg.contains("unknown section `stat`")
            && msg.contains("`state:`")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|(at, msg)| at == "deeper = 1" && msg.contains("unexpected indented line")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|(at, msg)| at == "view" && msg.contains("no `:`")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|(at, msg)| at == "{{" && msg.contains("unclosed `{{`")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|(at, msg)| at == "sett" && msg.contains("did you mean `set`")),
        "{errs:#?}"
    );
}

#[test]
fn bad_indentation_says_what_was_expected() {
    let errs = errors("component I\nlayout:\n  view:\n       text: \"x\"\n");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(
        errs[0].1.contains("indented 7 spaces, expected 4"),
        "{errs:#?}"
    );
}

#[test]
fn missing_component_line_and_inference_failures_are_reported() {
    let errs = errors("state:\n  items = []\n  when = now()\nlayout:\n  view\n");
    assert!(
        errs.iter()
            .any(|(_, m)| m.contains("missing `component` line")),
        "{errs:#?}"
    );
    assert!(
        errs.iter().any(|(at, m)| at == "now()"
            && m.contains("cannot infer a type")
            && m.contains("when: Type = now()")),
        "{errs:#?}"
    );
}

#[test]
fn comments_and_script_and_style_bodies() {
    let text = "// a counter\ncomponent C\nscript:\n  #[derive(Debug)]\n  struct X;\nstyle:\n  #root { color: red; }\nlayout:\n  # comment\n  view\n";
    let c = ok(text);
    assert_eq!(
        text[c.script.unwrap()].trim(),
        "#[derive(Debug)]\n  struct X;"
    );
    assert_eq!(text[c.style.unwrap()].trim(), "#root { color: red; }");
}

#[test]
fn if_else_if_else_chains_group_into_one_node() {
    let text = "component C\nstate:\n  n = 0\nlayout:\n  if (n > 1):\n    text: \"many\"\n  else if (n == 1):\n    text: \"one\"\n  else:\n    text: \"none\"\n  text: \"after\"\n";
    let c = ok(text);
    let nodes = c.layout.unwrap().nodes;
    assert_eq!(nodes.len(), 2);
    let Node::If(if_node) = &nodes[0] else {
        panic!("an if")
    };
    let conditions: Vec<_> = if_node
        .branches
        .iter()
        .map(|b| b.condition.clone().map(|p| &text[p]))
        .collect();
    assert_eq!(conditions, [Some("n > 1"), Some("n == 1"), None]);
}

#[test]
fn else_without_if_and_a_branch_after_else_are_errors() {
    let errs = errors(
        "component C\nlayout:\n  else:\n    text: \"x\"\n  if (true):\n    text: \"a\"\n  else:\n    text: \"b\"\n  else if (false):\n    text: \"c\"\n  if true:\n    text: \"d\"\n",
    );
    assert!(
        errs.iter()
            .any(|(at, m)| at == "else" && m.contains("`else` without `if`")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|(at, m)| at == "else if" && m.contains("after `else:`")),
        "{errs:#?}"
    );
    assert!(
        errs.iter().any(|(_, m)| m.contains("`if (condition):`")),
        "{errs:#?}"
    );
}

#[test]
fn handlers_take_parameters_and_bindings_pass_arguments() {
    let text = "component C\nstate:\n  s = \"\"\nlayout:\n  input (on keydown -> key(event.key, 2) on input -> typed(event.value))\nhandlers:\n  key(k: String, n: u8):\n    set s = k\n  typed(v: String):\n    call self.save(v)\n";
    let c = ok(text);
    let Node::Element(input) = &c.layout.unwrap().nodes[0] else {
        panic!()
    };
    let Arg::On {
        handler,
        args: Some(args),
        ..
    } = &input.args[0]
    else {
        panic!("{:?}", input.args)
    };
    assert_eq!(
        (handler.text.as_str(), &text[args.clone()]),
        ("key", "event.key, 2")
    );
    assert_eq!(
        &text[c.handlers[0].params.clone().unwrap()],
        "k: String, n: u8"
    );
    assert!(
        matches!(&c.handlers[1].statements[0], Statement::Call { expr } if &text[expr.clone()] == "self.save(v)")
    );
}

#[test]
fn push_and_remove_edit_a_collection_in_place() {
    let text = "component C\nstate:\n  xs = [1]\nlayout:\n  view: \"x\"\nhandlers:\n  h(i: usize):\n    push xs <- i as i64 + 1\n    remove xs at i\n    remove xs where |x| *x > 2\n";
    let c = ok(text);
    let [push, at, by] = &c.handlers[0].statements[..] else {
        panic!("{:?}", c.handlers[0].statements)
    };
    assert!(
        matches!(push, Statement::Push { field, value } if field.text == "xs" && &text[value.clone()] == "i as i64 + 1")
    );
    assert!(
        matches!(at, Statement::Remove { which: Removal::At(i), .. } if &text[i.clone()] == "i")
    );
    assert!(
        matches!(by, Statement::Remove { field, which: Removal::Where(w) } if field.text == "xs" && &text[w.clone()] == "|x| *x > 2")
    );
    let bad = "component C\nstate:\n  xs = [1]\nlayout:\n  view: \"x\"\nhandlers:\n  h:\n    push xs 3\n    remove xs\n    psh xs <- 1\n";
    let errs = errors(bad);
    assert!(
        errs.iter()
            .any(|(_, m)| m.contains("`push <field> <- <expression>`")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|(_, m)| m.contains("`remove <field> at <index>`")),
        "{errs:#?}"
    );
    assert!(errs.iter().any(|(_, m)| m.contains("`push`")), "{errs:#?}");
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "",
        "\n\n",
        "component",
        "component X\nlayout:\n  (",
        "component X\nlayout:\n  v (\"",
        "component X\nlayout:\n  t: \"{{",
        "component X\nstate:\n  a: = 1\n  b: Vec<u8>\n  c = [1, [2]]\n  d = \"x",
        "component X\nlayout:\n  a (on) (bind)\n  b (on click ->)\n  c (x=1 y=)\n",
        "\tcomponent X",
        "component X\n  layout:\nlayout:\n\tview",
        "component X\nlayout:\n  t: \"\\u{zz}\\",
    ] {
        let _ = parse(text);
    }
}

#[test]
fn a_misspelt_or_indented_section_is_one_error_not_also_a_missing_layout() {
    let errs = errors("component Counter\nlayuot:\n  view: \"x\"\n");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].1.contains("did you mean `layout:`"), "{errs:#?}");
    let errs = errors("component Counter\nlayout\n  view: \"x\"\n");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].1.contains("needs a `:`"), "{errs:#?}");
    let errs = errors("component Counter\n  layout:\n    view: \"x\"\n");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].1.contains("unexpected indented line"), "{errs:#?}");
    assert!(
        errs[0].1.contains("`component` line's indentation"),
        "{errs:#?}"
    );
    let errs = errors("component Counter\nstate:\n  count = 0\n");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].0, "Counter");
    assert!(errs[0].1.contains("no `layout:` section"), "{errs:#?}");
}
