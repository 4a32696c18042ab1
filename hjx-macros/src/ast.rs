//! The typed syntax tree of a component's markup.
//!
//! Every node keeps the byte range of the markup it came from, so that any later step can point
//! an error at the user's own token.

use std::ops::Range;

/// A byte range in the markup's text.
pub(crate) type Pos = Range<usize>;

/// A name in the markup and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Name {
    pub(crate) text: String,
    pub(crate) pos: Pos,
}

/// A whole component.
#[derive(Debug, Default)]
pub(crate) struct Component {
    pub(crate) name: Option<Name>,
    pub(crate) imports: Vec<Import>,
    pub(crate) state: Vec<Field>,
    pub(crate) shared: Vec<Field>,
    pub(crate) script: Option<Pos>,
    pub(crate) layout: Option<Layout>,
    pub(crate) style: Option<Pos>,
    pub(crate) handlers: Vec<Handler>,
}

/// The `layout:` section.
#[derive(Debug)]
pub(crate) struct Layout {
    pub(crate) nodes: Vec<Node>,
}

/// `Card from "./components/Card.hjx"`. Parsed and checked for duplicates; instances of
/// imported components are resolved by the composition step.
#[derive(Debug)]
#[allow(dead_code)]
pub(crate) struct Import {
    pub(crate) alias: Name,
    pub(crate) path: String,
    pub(crate) path_pos: Pos,
}

/// A `state:` or `shared:` entry.
#[derive(Debug)]
pub(crate) struct Field {
    pub(crate) name: Name,
    /// The written type, if any (`count: u32 = 0`).
    pub(crate) ty: Option<Pos>,
    pub(crate) init: Init,
}

/// The initial value of a field.
#[derive(Debug)]
pub(crate) enum Init {
    /// A literal whose type decides the field's type when none is written.
    Literal(Literal),
    /// Any Rust expression (only with a written type).
    Expr(Pos),
}

/// A literal in a `state:` line.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Literal {
    Int(String, Pos),
    Float(String, Pos),
    Str(String, Pos),
    Bool(bool, Pos),
    List(Vec<Literal>, Pos),
}

impl Literal {
    pub(crate) fn pos(&self) -> &Pos {
        match self {
            Literal::Int(_, pos)
            | Literal::Float(_, pos)
            | Literal::Str(_, pos)
            | Literal::Bool(_, pos)
            | Literal::List(_, pos) => pos,
        }
    }
}

/// A node of the layout tree.
#[derive(Debug)]
pub(crate) enum Node {
    Element(Element),
    If(If),
    For(For),
    Slot(SlotNode),
}

/// `slot` or `slot name`: in a component, where its parent's content goes; as the child of a
/// component instance, with children, the content for the child's slot of that name.
#[derive(Debug)]
pub(crate) struct SlotNode {
    pub(crate) name: Option<Name>,
    pub(crate) keyword: Pos,
    pub(crate) nodes: Vec<Node>,
}

/// `for (item in expr):`, `for (item, index in expr):`, optionally `, key: expr`.
#[derive(Debug)]
pub(crate) struct For {
    pub(crate) item: Name,
    pub(crate) index: Option<Name>,
    /// The iterated expression's text range.
    pub(crate) iter: Pos,
    /// The key expression's text range.
    pub(crate) key: Option<Pos>,
    pub(crate) nodes: Vec<Node>,
}

/// `if (cond):` with its `else if (cond):` and `else:` branches.
#[derive(Debug)]
pub(crate) struct If {
    pub(crate) branches: Vec<Branch>,
}

/// One branch of an `if`: its condition (none for `else`) and its nodes.
#[derive(Debug)]
pub(crate) struct Branch {
    /// The condition's text range, inside the parentheses.
    pub(crate) condition: Option<Pos>,
    pub(crate) nodes: Vec<Node>,
}

/// `tag#id.class (args): "text"` with its children.
#[derive(Debug)]
pub(crate) struct Element {
    pub(crate) tag: Name,
    pub(crate) id: Option<Name>,
    pub(crate) classes: Vec<Name>,
    pub(crate) args: Vec<Arg>,
    pub(crate) content: Content,
    /// The whole line, for messages about the node as a whole.
    pub(crate) line: Pos,
}

/// What an element holds.
#[derive(Debug)]
pub(crate) enum Content {
    Empty,
    Text(Template),
    Children(Vec<Node>),
}

/// One argument inside a node's parentheses.
#[derive(Debug)]
pub(crate) enum Arg {
    /// `on click -> handler` or `on input -> handler(event.value)`: the arguments' text range,
    /// inside the parentheses.
    On {
        event: Name,
        handler: Name,
        args: Option<Pos>,
    },
    /// `bind value <-> field`
    Bind { property: Name, field: Name },
    /// `name="value"`, the value possibly with `{{ }}`.
    Attr { name: Name, value: Template },
    /// A bare word: a boolean attribute.
    Flag(Name),
}

/// A string with `{{ expr }}` holes.
#[derive(Clone, Debug)]
pub(crate) struct Template {
    pub(crate) parts: Vec<Part>,
    /// The literal, quotes included.
    pub(crate) pos: Pos,
}

/// A piece of a template.
#[derive(Clone, Debug)]
pub(crate) enum Part {
    Text(String),
    /// A Rust expression: its text (unescaped) and where it stands.
    Expr(String, Pos),
}

/// A `handlers:` entry.
#[derive(Debug)]
pub(crate) struct Handler {
    pub(crate) name: Name,
    /// `typed(value: String):`: the parameters' text range, inside the parentheses.
    pub(crate) params: Option<Pos>,
    pub(crate) statements: Vec<Statement>,
}

/// A statement of a handler.
#[derive(Debug)]
pub(crate) enum Statement {
    /// `set field = expr`
    Set { field: Name, value: Pos },
    /// `log "message"`
    Log { message: Template },
    /// `call self.method(…)`: a Rust expression run for its effect.
    Call { expr: Pos },
    /// `emit name` or `emit name(value)`
    Emit { name: Name, value: Option<Name> },
}
