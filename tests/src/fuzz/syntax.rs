//! The `syntax` target: [`hjx_syntax::parse`] and [`hjx_syntax::check::check`] on arbitrary text.

use hjx_syntax::Pos;
use hjx_syntax::ast::{Arg, Component, Content, Literal, Node, Part, Removal, Statement, Template};
use hjx_syntax::check::{Interface, check};

/// Parses `data` (invalid UTF-8 replaced) as a `.hjx` component, then runs the name checks
/// over the tree with every import standing for the component itself (so that props, slots and
/// emitted events of imports are checked too). Any text parses and checks without a panic, and
/// every byte range in the diagnostics and the tree is a slice of the text that a caller can
/// cut out and turn into a line and column.
pub fn syntax(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (component, mut diagnostics) = hjx_syntax::parse(&text);
    let itself = Interface::of(&component);
    let imports: Vec<(&str, &Interface)> = component
        .imports
        .iter()
        .map(|import| (import.alias.text.as_str(), &itself))
        .collect();
    for diagnostic in check(&component, &imports) {
        diagnostics.push(diagnostic);
    }
    for diagnostic in &diagnostics {
        check_span(&text, &diagnostic.span);
        let _ = hjx_syntax::line_column(&text, diagnostic.span.start);
        let _ = diagnostic.to_string();
    }
    let mut spans = Vec::new();
    component_spans(&component, &mut spans);
    for span in spans {
        check_span(&text, span);
    }
}

fn check_span(text: &str, span: &Pos) {
    assert!(
        text.get(span.clone()).is_some(),
        "span {span:?} is not a slice of the {}-byte text",
        text.len()
    );
}

fn component_spans<'a>(component: &'a Component, out: &mut Vec<&'a Pos>) {
    out.extend(component.name.iter().map(|name| &name.pos));
    for import in &component.imports {
        out.extend([&import.alias.pos, &import.path_pos]);
    }
    for field in component.state.iter().chain(&component.shared) {
        out.push(&field.name.pos);
        out.extend(&field.ty);
        match &field.init {
            hjx_syntax::ast::Init::Literal(literal) => literal_spans(literal, out),
            hjx_syntax::ast::Init::Expr(pos) => out.push(pos),
        }
    }
    out.extend(component.script.iter().chain(&component.style));
    if let Some(layout) = &component.layout {
        node_spans(&layout.nodes, out);
    }
    for handler in &component.handlers {
        out.push(&handler.name.pos);
        out.extend(&handler.params);
        for statement in &handler.statements {
            match statement {
                Statement::Set { field, value } => out.extend([&field.pos, value]),
                Statement::Log { message } => template_spans(message, out),
                Statement::Call { expr } => out.push(expr),
                Statement::Push { field, value } => out.extend([&field.pos, value]),
                Statement::Remove { field, which } => {
                    out.push(&field.pos);
                    match which {
                        Removal::At(pos) | Removal::Where(pos) => out.push(pos),
                    }
                }
                Statement::Emit { name, value } => {
                    out.push(&name.pos);
                    out.extend(value.iter().map(|value| &value.pos));
                }
            }
        }
    }
}

fn literal_spans<'a>(literal: &'a Literal, out: &mut Vec<&'a Pos>) {
    out.push(literal.pos());
    if let Literal::List(items, _) = literal {
        for item in items {
            literal_spans(item, out);
        }
    }
}

fn template_spans<'a>(template: &'a Template, out: &mut Vec<&'a Pos>) {
    out.push(&template.pos);
    for part in &template.parts {
        if let Part::Expr(_, pos) = part {
            out.push(pos);
        }
    }
}

fn node_spans<'a>(nodes: &'a [Node], out: &mut Vec<&'a Pos>) {
    for node in nodes {
        match node {
            Node::Element(element) => {
                out.extend([&element.tag.pos, &element.line]);
                out.extend(element.id.iter().chain(&element.classes).map(|n| &n.pos));
                for arg in &element.args {
                    match arg {
                        Arg::On {
                            event,
                            modifiers,
                            handler,
                            args,
                        } => {
                            out.extend([&event.pos, &handler.pos]);
                            out.extend(args);
                            for modifier in modifiers {
                                out.push(&modifier.name.pos);
                                out.extend(modifier.arg.iter().map(|arg| &arg.pos));
                            }
                        }
                        Arg::Bind { property, field } => out.extend([&property.pos, &field.pos]),
                        Arg::Attr { name, value } => {
                            out.push(&name.pos);
                            template_spans(value, out);
                        }
                        Arg::Flag(name) => out.push(&name.pos),
                    }
                }
                match &element.content {
                    Content::Empty => {}
                    Content::Text(template) => template_spans(template, out),
                    Content::Children(children) => node_spans(children, out),
                }
            }
            Node::If(chain) => {
                for branch in &chain.branches {
                    out.extend(&branch.condition);
                    node_spans(&branch.nodes, out);
                }
            }
            Node::For(each) => {
                out.push(&each.item.pos);
                out.extend(each.index.iter().map(|index| &index.pos));
                out.push(&each.iter);
                out.extend(&each.key);
                node_spans(&each.nodes, out);
            }
            Node::Slot(slot) => {
                out.push(&slot.keyword);
                out.extend(slot.name.iter().map(|name| &name.pos));
                node_spans(&slot.nodes, out);
            }
        }
    }
}
