//! What generated code reaches, and nothing else: not a public API.
//!
//! The macro emits paths into the versioned module only (`::hjx_runtime::__private::v1::…`), so a
//! runtime that changes this surface bumps the version and old generated code fails loudly.

/// Version 1 of the generated-code surface.
pub mod v1 {
    pub use crate::live::live_component::{LiveComponent, start_child, start_items};
    pub use crate::live::store::{SharedStore, Store};
    pub use crate::model::child::{
        Child, Instance, KeyedInstances, Mounter, Mounting, PropHash, PropHashed, PropUnhashed,
        Slots, Starter,
    };
    pub use crate::model::collection::{Collection, Push};
    pub use crate::model::component::{Component, ComponentMeta, PatchScope, Tracked};
    pub use crate::model::event::{Binding, Event, EventError, EventKind, EventPayload, Handled};
    pub use crate::model::field_set::FieldSet;
    pub use crate::model::form::FromForm;
    pub use crate::model::head::Head;
    pub use crate::model::html::Html;
    pub use crate::model::list::{
        ItemCall, ItemMem, ItemRun, ListKey, ListMem, Reconcile, Step, items, key_hash, text_hash,
    };
    pub use crate::model::load::Work;
    pub use crate::model::patch::{HydrationId, PatchOp};
    pub use crate::model::query::Query;
    pub use crate::model::slots::SlotValues;
    pub use crate::model::snapshot::{
        RestoreField, RestoreNone, Restored, SaveField, SaveNone, Saved, shape,
    };
    pub use crate::model::stream::{Edit as StreamEdit, close_item, edit_op, open_item};
    pub use crate::model::upload::UploadLimits;
    pub use crate::serve::mount::{Mount, Mountable, Refuse};
    pub use ::core;
    pub use ::hjx_macros::include_hjx_spanned;
    pub use ::std::boxed::Box;
    pub use ::std::cell::{Cell, RefCell};
    pub use ::std::string::String;
    pub use ::std::vec::Vec;
    pub use ::tracing;

    /// How the children of a keyed `for` of the page being mounted by `cx` are mounted when
    /// their items appear.
    pub fn mounter<C: Mountable<S>, S: Send + Sync + 'static>(
        cx: &Mount<S>,
    ) -> crate::model::child::Mounter<C> {
        cx.mounter()
    }

    /// An event's data as handler arguments name it: `event.value`, `event.key`,
    /// `event.checked`, and `form` (a submitted form's fields).
    #[derive(Debug, Default)]
    pub struct EventData {
        /// The input's value (`input`, `change`), or a hook event's value; empty otherwise.
        pub value: String,
        /// The key pressed or released (`keydown`, `keyup`), as the DOM's `key`; empty otherwise.
        pub key: String,
        /// Whether ctrl was held (`keydown`, `keyup`).
        pub ctrl: bool,
        /// Whether shift was held.
        pub shift: bool,
        /// Whether alt was held.
        pub alt: bool,
        /// Whether meta (⌘, the Windows key) was held.
        pub meta: bool,
        /// Whether a checkbox is checked (`change`).
        pub checked: bool,
        /// A submitted form's fields, in document order.
        pub form: Vec<(String, String)>,
        /// The files that arrived from a file input (`upload`).
        pub files: Vec<crate::UploadedFile>,
    }

    impl EventData {
        /// The data of `payload`, each field defaulted when the event does not carry it.
        pub fn new(payload: &EventPayload) -> EventData {
            let mut data = EventData::default();
            match payload {
                EventPayload::None => {}
                EventPayload::Value(value) => data.value = value.clone(),
                EventPayload::Checked(checked) => data.checked = *checked,
                EventPayload::Key(key) => data.key = key.clone(),
                EventPayload::KeyHeld { key, held } => {
                    data.key = key.clone();
                    data.ctrl = held & 1 != 0;
                    data.shift = held & 2 != 0;
                    data.alt = held & 4 != 0;
                    data.meta = held & 8 != 0;
                }
                EventPayload::Form(fields) => data.form = fields.clone(),
                EventPayload::Files(files) => data.files = files.clone(),
                EventPayload::Hook { name, value } => {
                    data.key = name.clone();
                    data.value = value.clone();
                }
            }
            data
        }
    }

    /// What `bind value <-> field` can write the input's value into.
    #[diagnostic::on_unimplemented(
        message = "`bind value` needs a `String` field, but this field is `{Self}`",
        label = "bound to a text input here",
        note = "bind a `String` field and convert it in a handler, or use `on input -> handler`"
    )]
    pub trait BindValue {
        /// Stores the input's value.
        fn bind_value(&mut self, value: &str);
    }

    impl BindValue for String {
        fn bind_value(&mut self, value: &str) {
            self.clear();
            self.push_str(value);
        }
    }

    /// What `bind checked <-> field` reads and writes: a checkbox's state.
    #[diagnostic::on_unimplemented(
        message = "`bind checked` needs a `bool` field, but this field is `{Self}`",
        label = "bound to a checkbox here",
        note = "bind a `bool` field, or use `on change -> handler` and read `event.checked`"
    )]
    pub trait BindChecked {
        /// Whether the checkbox shows as checked.
        fn is_checked(&self) -> bool;
        /// Stores the checkbox's new state.
        fn bind_checked(&mut self, checked: bool);
    }

    impl BindChecked for bool {
        fn is_checked(&self) -> bool {
            *self
        }
        fn bind_checked(&mut self, checked: bool) {
            *self = checked;
        }
    }

    /// The value a child's event carries, as the parent's handler takes it (`P`): only the
    /// value itself, of the handler's parameter type. An event emitted without a value carries
    /// `()`.
    #[diagnostic::on_unimplemented(
        message = "the event carries `{Self}`, but its handler takes a `{P}`",
        label = "the handler of this event takes a `{P}`",
        note = "the handler's one parameter is the emitted value itself, of its type; an event emitted without a value (`emit name`) carries `()`, so its handler takes no parameter"
    )]
    pub trait EventValue<P> {
        /// The value, as the handler's parameter.
        fn into_param(self) -> P;
    }

    impl<T> EventValue<T> for T {
        fn into_param(self) -> T {
            self
        }
    }

    /// A component that can stand in another component's markup: `hjx!` implements it for
    /// every component without `shared:` fields.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be used inside another component's markup",
        label = "used as a child component here",
        note = "a child component is one compiled by `hjx!` or `include_hjx!` without `shared:` fields"
    )]
    pub trait Embeddable: Child {}

    /// Checks, at the tag that names it, that `C` can be a child component.
    pub fn embeddable<C: Embeddable>() {}

    /// A `{{ }}` value as `Display`: the one bound generated code puts on it, in render and
    /// patch alike, so that a value without `Display` is reported once, at its expression.
    pub fn shown<'a, T: ::core::fmt::Display + ?Sized>(value: &'a &'a T) -> Shown<'a, T> {
        Shown(value, value)
    }

    /// A field or value printed by a generated `Debug` impl: with its own `Debug` when its type
    /// has one ([`DebugViaDebug`]), as `..` otherwise ([`DebugOpaque`]). Generated code calls
    /// `(&DebugField(&value)).debug_field()` with both traits in scope; method lookup tries the
    /// `Debug` impl first and falls back by autoref.
    #[derive(Debug)]
    pub struct DebugField<'a, T>(pub &'a T);

    /// The choice of [`DebugField`] for a type with `Debug`.
    pub trait DebugViaDebug {
        /// The value, to format with its own `Debug`.
        fn debug_field(&self) -> &dyn ::core::fmt::Debug;
    }

    impl<T: ::core::fmt::Debug> DebugViaDebug for DebugField<'_, T> {
        fn debug_field(&self) -> &dyn ::core::fmt::Debug {
            self.0
        }
    }

    /// The choice of [`DebugField`] for a type without `Debug`.
    pub trait DebugOpaque {
        /// A stand-in that prints `..`.
        fn debug_field(&self) -> &dyn ::core::fmt::Debug;
    }

    impl<T> DebugOpaque for &DebugField<'_, T> {
        fn debug_field(&self) -> &dyn ::core::fmt::Debug {
            &Opaque
        }
    }

    /// What a value without `Debug` prints as.
    struct Opaque;

    impl ::core::fmt::Debug for Opaque {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.write_str("..")
        }
    }

    /// Whether a key event passes the key filter of its binding (`on keydown.enter`): the key
    /// `key` (the DOM's, lowercased; `None` for any) with at least the modifier keys `held`.
    /// Any other event passes.
    pub fn key_matches(payload: &EventPayload, key: Option<&str>, held: u8) -> bool {
        let (pressed, pressed_held) = match payload {
            EventPayload::Key(pressed) => (pressed.as_str(), 0),
            EventPayload::KeyHeld { key, held } => (key.as_str(), *held),
            // A hook's event runs the binding of its name, as written.
            EventPayload::Hook { name, .. } => return key == Some(name.as_str()),
            _ => return true,
        };
        ::hjx_syntax::modifiers::key_matches(key, held, pressed, pressed_held)
    }

    /// What `html="{{…}}"` accepts: a `TrustedHtml`, nothing else.
    #[diagnostic::on_unimplemented(
        message = "`html=` needs a `TrustedHtml`, but this is `{Self}`",
        label = "not trusted HTML",
        note = "wrap HTML the app has sanitized in `TrustedHtml::from_sanitized`; anything else belongs in `{{{{ }}}}`, which escapes it"
    )]
    pub trait Trusted {
        /// The markup.
        fn markup(&self) -> &str;
    }

    impl Trusted for crate::TrustedHtml {
        fn markup(&self) -> &str {
            self.as_str()
        }
    }

    /// The markup of `html="{{…}}"`.
    pub fn trusted<T: Trusted + ?Sized>(html: &T) -> &str {
        html.markup()
    }

    /// A `{{ }}` value on its way into a text, from [`shown`]: the value itself, to write
    /// integers and strings directly, and the same value as `Display` for any other type.
    /// Generated code calls `(&shown(&&value)).push_to(out)` with [`PushInt`] and
    /// [`PushDisplay`] in scope: method lookup takes a direct impl for the value's type first and
    /// falls back by autoref to `Display`, which needs no bound of its own, so that a value
    /// without `Display` stays one error, at `shown`.
    pub struct Shown<'a, T: ?Sized>(pub &'a T, pub &'a dyn ::core::fmt::Display);

    impl<T: ?Sized> ::core::fmt::Display for Shown<'_, T> {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            self.1.fmt(f)
        }
    }

    impl<T: ?Sized> ::core::fmt::Debug for Shown<'_, T> {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.debug_tuple("Shown")
                .field(&format_args!("{}", self.1))
                .finish()
        }
    }

    /// The choice of [`Shown`] for integers and strings: written without `core::fmt`.
    pub trait PushInt {
        /// Appends the value's text to `out`.
        fn push_to(&self, out: &mut String);
    }

    /// The choice of [`Shown`] for any other value: its `Display`.
    pub trait PushDisplay {
        /// Appends the value's text to `out`.
        fn push_to(&self, out: &mut String);
    }

    impl<T: ?Sized> PushDisplay for &Shown<'_, T> {
        fn push_to(&self, out: &mut String) {
            push_display(out, self.1);
        }
    }

    /// Integers, as `Display` writes them, and references to them: unsigned ones, then signed.
    macro_rules! push_int {
        ($($int:ty),*) => {$(
            impl PushInt for Shown<'_, $int> {
                fn push_to(&self, out: &mut String) {
                    crate::model::html::push_integer(out, *self.0 as u64, false);
                }
            }
            impl PushInt for Shown<'_, &$int> {
                fn push_to(&self, out: &mut String) {
                    crate::model::html::push_integer(out, **self.0 as u64, false);
                }
            }
        )*};
        (signed $($int:ty),*) => {$(
            impl PushInt for Shown<'_, $int> {
                fn push_to(&self, out: &mut String) {
                    crate::model::html::push_integer(out, self.0.unsigned_abs() as u64, *self.0 < 0);
                }
            }
            impl PushInt for Shown<'_, &$int> {
                fn push_to(&self, out: &mut String) {
                    crate::model::html::push_integer(out, self.0.unsigned_abs() as u64, **self.0 < 0);
                }
            }
        )*};
    }
    // `usize` and `isize` are at most 64 bits on every target the runtime builds for.
    push_int!(u8, u16, u32, u64, usize);
    push_int!(signed i8, i16, i32, i64, isize);

    /// Strings, pushed as they are.
    macro_rules! push_str {
        ($($str:ty),*) => {$(
            impl PushInt for Shown<'_, $str> {
                fn push_to(&self, out: &mut String) {
                    out.push_str(self.0);
                }
            }
        )*};
    }
    push_str!(str, String, &str, &String);

    /// Appends a value formatted with `Display` to `out`.
    pub fn push_display<T: ::core::fmt::Display + ?Sized>(out: &mut String, value: &T) {
        use ::core::fmt::Write;
        // Writing into a String cannot fail.
        let _ = write!(out, "{value}");
    }
}
