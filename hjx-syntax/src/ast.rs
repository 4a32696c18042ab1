//! The typed syntax tree of a component's markup.
//!
//! Every node keeps the byte range of the markup it came from, so that any later step can point
//! an error at the user's own token.

use std::ops::Range;

/// A byte range in the markup's text. [`line_column`](crate::line_column) turns its ends into
/// lines and columns.
pub type Pos = Range<usize>;

/// A name in the markup and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The name as written.
    pub text: String,
    /// Where it stands.
    pub pos: Pos,
}

/// A whole component.
#[derive(Debug, Default)]
pub struct Component {
    /// The name on the `component` line.
    pub name: Option<Name>,
    /// The `imports:` section.
    pub imports: Vec<Import>,
    /// The `state:` section: one value per session.
    pub state: Vec<Field>,
    /// The `shared:` section: one value for every session.
    pub shared: Vec<Field>,
    /// The `script:` section's Rust text.
    pub script: Option<Pos>,
    /// The `layout:` section.
    pub layout: Option<Layout>,
    /// The `style:` section's CSS text.
    pub style: Option<Pos>,
    /// The `handlers:` section.
    pub handlers: Vec<Handler>,
}

/// The `layout:` section.
#[derive(Debug)]
pub struct Layout {
    /// The top-level nodes.
    pub nodes: Vec<Node>,
}

/// `Card from "./components/Card.hjx"`. Parsed and checked for duplicates; instances of
/// imported components are resolved by the composition step.
#[derive(Debug)]
pub struct Import {
    /// The name the markup uses for the component.
    pub alias: Name,
    /// The file's path, relative to the importing file.
    pub path: String,
    /// Where the path's string literal stands, quotes included.
    pub path_pos: Pos,
}

/// A `state:` or `shared:` entry.
#[derive(Debug)]
pub struct Field {
    /// The field's name.
    pub name: Name,
    /// The written type, if any (`count: u32 = 0`).
    pub ty: Option<Pos>,
    /// The initial value.
    pub init: Init,
}

/// The initial value of a field.
#[derive(Debug)]
pub enum Init {
    /// A literal whose type decides the field's type when none is written.
    Literal(Literal),
    /// Any Rust expression (only with a written type).
    Expr(Pos),
}

/// A literal in a `state:` line.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// An integer, as written (`1_000`).
    Int(String, Pos),
    /// A floating-point number, as written.
    Float(String, Pos),
    /// A string, unescaped.
    Str(String, Pos),
    /// `true` or `false`.
    Bool(bool, Pos),
    /// `[1, 2, 3]`: literals of one kind.
    List(Vec<Literal>, Pos),
}

impl Literal {
    /// Where the literal stands.
    pub fn pos(&self) -> &Pos {
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
pub enum Node {
    /// An element or a component instance.
    Element(Element),
    /// An `if` chain.
    If(If),
    /// A `for` loop.
    For(For),
    /// A slot, or the content for a child's slot.
    Slot(SlotNode),
}

/// `slot` or `slot name`: in a component, where its parent's content goes; as the child of a
/// component instance, with children, the content for the child's slot of that name.
#[derive(Debug)]
pub struct SlotNode {
    /// The slot's name; `None` for the default slot.
    pub name: Option<Name>,
    /// Where the `slot` keyword stands.
    pub keyword: Pos,
    /// The content given to a child's slot.
    pub nodes: Vec<Node>,
}

/// `for (item in expr):`, `for (item, index in expr):`, optionally `, key: expr`.
#[derive(Debug)]
pub struct For {
    /// The name each item is bound to.
    pub item: Name,
    /// The name the item's index is bound to.
    pub index: Option<Name>,
    /// The iterated expression's text range.
    pub iter: Pos,
    /// The key expression's text range.
    pub key: Option<Pos>,
    /// The markup repeated for each item.
    pub nodes: Vec<Node>,
}

/// `if (cond):` with its `else if (cond):` and `else:` branches.
#[derive(Debug)]
pub struct If {
    /// The `if`, each `else if` and the `else`, in order.
    pub branches: Vec<Branch>,
}

/// One branch of an `if`: its condition (none for `else`) and its nodes.
#[derive(Debug)]
pub struct Branch {
    /// The condition's text range, inside the parentheses.
    pub condition: Option<Pos>,
    /// The markup shown while the branch holds.
    pub nodes: Vec<Node>,
}

/// `tag#id.class (args): "text"` with its children.
#[derive(Debug)]
pub struct Element {
    /// The tag, or the name of a component.
    pub tag: Name,
    /// The `#id`.
    pub id: Option<Name>,
    /// The `.class` names.
    pub classes: Vec<Name>,
    /// The arguments in parentheses.
    pub args: Vec<Arg>,
    /// The text or the children.
    pub content: Content,
    /// The whole line, for messages about the node as a whole.
    pub line: Pos,
}

/// What an element holds.
#[derive(Debug)]
pub enum Content {
    /// Nothing.
    Empty,
    /// `: "text"`.
    Text(Template),
    /// Indented children.
    Children(Vec<Node>),
}

/// One argument inside a node's parentheses.
#[derive(Debug)]
pub enum Arg {
    /// `on click -> handler` or `on input -> handler(event.value)`: the arguments' text range,
    /// inside the parentheses.
    On {
        /// The DOM event, or the event a component emits.
        event: Name,
        /// What follows the event's name, each after a `.`: `debounce(300)`, `enter`, `window`.
        modifiers: Vec<Modifier>,
        /// The handler run.
        handler: Name,
        /// The arguments passed to the handler.
        args: Option<Pos>,
    },
    /// `bind value <-> field`
    Bind {
        /// `value` or `checked`.
        property: Name,
        /// The field bound.
        field: Name,
    },
    /// `name="value"`, the value possibly with `{{ }}`.
    Attr {
        /// The attribute's name.
        name: Name,
        /// The attribute's value.
        value: Template,
    },
    /// A bare word: a boolean attribute.
    Flag(Name),
}

/// One modifier of an event binding: `debounce(300)` (with its argument) or `enter`.
#[derive(Clone, Debug)]
pub struct Modifier {
    /// Its name.
    pub name: Name,
    /// The text between its parentheses, if it has them.
    pub arg: Option<Name>,
}

/// A string with `{{ expr }}` holes.
#[derive(Clone, Debug)]
pub struct Template {
    /// Its text and expressions, in order.
    pub parts: Vec<Part>,
    /// The literal, quotes included.
    pub pos: Pos,
}

/// A piece of a template.
#[derive(Clone, Debug)]
pub enum Part {
    /// Literal text, unescaped.
    Text(String),
    /// A Rust expression: its text (unescaped) and where it stands.
    Expr(String, Pos),
}

/// A `handlers:` entry.
#[derive(Debug)]
pub struct Handler {
    /// The handler's name.
    pub name: Name,
    /// `typed(value: String):`: the parameters' text range, inside the parentheses.
    pub params: Option<Pos>,
    /// Its statements, in order.
    pub statements: Vec<Statement>,
}

/// A statement of a handler.
#[derive(Debug)]
pub enum Statement {
    /// `set field = expr`
    Set {
        /// The field written.
        field: Name,
        /// The new value's Rust expression.
        value: Pos,
    },
    /// `log "message"`
    Log {
        /// The message, possibly with `{{ }}`.
        message: Template,
    },
    /// `call self.method(…)`: a Rust expression run for its effect.
    Call {
        /// The expression's text range.
        expr: Pos,
    },
    /// `push field <- expr`: appends a value to a collection field in place.
    Push {
        /// The collection field.
        field: Name,
        /// The appended value's Rust expression.
        value: Pos,
    },
    /// `remove field at index` or `remove field where |item| predicate`: removes from a
    /// collection field in place.
    Remove {
        /// The collection field.
        field: Name,
        /// Which items go.
        which: Removal,
    },
    /// `emit name` or `emit name(value)`
    Emit {
        /// The event's name.
        name: Name,
        /// The field or parameter whose value the event carries.
        value: Option<Name>,
    },
}

/// Which items a `remove` statement takes out of its collection.
#[derive(Debug)]
pub enum Removal {
    /// `at index`: the item at a position (a `usize` Rust expression); none when out of range.
    At(Pos),
    /// `where predicate`: every item a Rust closure `|item| …` returns `true` for.
    Where(Pos),
}
