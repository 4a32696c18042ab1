#[doc = "The `Counter` component, compiled from its markup: one value per session."]
pub struct Counter {
    #[doc = "The `count` field."]
    pub count: i64,
    __hjx_dirty: ::hjx_runtime::__private::v1::FieldSet,
    __hjx_at: ::hjx_runtime::__private::v1::Cell<u32>,
    __hjx_next: ::hjx_runtime::__private::v1::Cell<u32>,
    __hjx_class: ::hjx_runtime::__private::v1::String,
    __hjx_sent: [::hjx_runtime::__private::v1::Cell<u64>; 1usize],
}
#[automatically_derived]
impl ::core::default::Default for Counter {
    fn default() -> Self {
        Self {
            count: 0,
            __hjx_dirty: ::hjx_runtime::__private::v1::FieldSet::EMPTY,
            __hjx_at: ::hjx_runtime::__private::v1::Cell::new(0),
            __hjx_next: ::hjx_runtime::__private::v1::Cell::new(3),
            __hjx_class: ::hjx_runtime::__private::v1::String::new(),
            __hjx_sent: [const { ::hjx_runtime::__private::v1::Cell::new(0) }; 1usize],
        }
    }
}
#[allow(dead_code, clippy::all)]
impl Counter {
    #[doc = "Sets `count`, recording the change so that the page is patched."]
    pub fn set_count(&mut self, value: i64) {
        self.count = value;
        self.__hjx_dirty
            .insert(::hjx_runtime::__private::v1::FieldSet::bit(0));
    }
}
#[automatically_derived]
impl ::hjx_runtime::__private::v1::Tracked for Counter {
    fn take_dirty(&mut self) -> ::hjx_runtime::__private::v1::FieldSet {
        ::core::mem::take(&mut self.__hjx_dirty)
    }
}
#[automatically_derived]
impl ::core::fmt::Debug for Counter {
    fn fmt(&self, __hjx_f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        #[allow(unused_imports)]
        use ::hjx_runtime::__private::v1::{DebugOpaque as _, DebugViaDebug as _};
        __hjx_f
            .debug_struct("Counter")
            .field(
                "count",
                (&::hjx_runtime::__private::v1::DebugField(&self.count)).debug_field(),
            )
            .finish()
    }
}
#[automatically_derived]
impl ::core::fmt::Debug for CounterEmit {
    fn fmt(&self, __hjx_f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        #[allow(unused_imports)]
        use ::hjx_runtime::__private::v1::{DebugOpaque as _, DebugViaDebug as _};
        match *self {}
    }
}
#[doc = "The events `Counter` emits to the component whose markup uses it."]
#[allow(non_camel_case_types, dead_code)]
pub enum CounterEmit {}
#[doc(hidden)]
impl Counter {
    #[doc = "Runs the `increment` handler."]
    #[allow(dead_code, unused_variables, clippy::all)]
    fn __hjx_on_increment(&mut self, __hjx_shared: &mut ()) {
        self.count = self.count + 1;
    }
    #[allow(unused_variables, clippy::all)]
    fn __hjx_render_in(
        &self,
        __hjx_shared: &(),
        __hjx_html: &mut ::hjx_runtime::__private::v1::Html,
        __hjx_slots: &::hjx_runtime::__private::v1::Slots<'_>,
    ) {
        __hjx_html.reserve(130usize);
        __hjx_html.raw("<div class=\"counter");
        if !self.__hjx_class.is_empty() {
            __hjx_html.raw(" ");
            __hjx_html.text(&self.__hjx_class);
        }
        __hjx_html.raw("\"><span data-hid=\"");
        __hjx_html.number(self.__hjx_at.get() + 1);
        __hjx_html.raw("\">");
        self.__hjx_sent[0].set(__hjx_html.spot(
            |mut __hjx_text: &mut ::hjx_runtime::__private::v1::String| {
                __hjx_text.push_str("Count: ");
                {
                    use ::hjx_runtime::__private::v1::{PushDisplay as _, PushInt as _};
                    (&::hjx_runtime::__private::v1::shown(&&(self.count))).push_to(&mut __hjx_text);
                }
            },
        ));
        __hjx_html.raw("</span><button data-hid=\"");
        __hjx_html.number(self.__hjx_at.get() + 2);
        __hjx_html.raw("\" data-on=\"click\">+</button></div>");
    }
    #[allow(unused_variables, clippy::all)]
    fn __hjx_patch_in(
        &self,
        __hjx_shared: &(),
        __hjx_dirty: ::hjx_runtime::__private::v1::FieldSet,
        __hjx_scope: ::hjx_runtime::__private::v1::PatchScope,
        __hjx_out: &mut ::hjx_runtime::__private::v1::Vec<::hjx_runtime::__private::v1::PatchOp>,
        __hjx_slots: &::hjx_runtime::__private::v1::Slots<'_>,
    ) {
        if __hjx_dirty.intersects(::hjx_runtime::__private::v1::FieldSet(1))
            && __hjx_scope != ::hjx_runtime::__private::v1::PatchScope::SharedOnly
        {
            let __hjx_t: ::hjx_runtime::__private::v1::String = {
                let mut __hjx_text = ::hjx_runtime::__private::v1::String::with_capacity(23usize);
                __hjx_text.push_str("Count: ");
                {
                    use ::hjx_runtime::__private::v1::{PushDisplay as _, PushInt as _};
                    (&::hjx_runtime::__private::v1::shown(&&(self.count))).push_to(&mut __hjx_text);
                }
                __hjx_text
            };
            let __hjx_h = ::hjx_runtime::__private::v1::text_hash(&__hjx_t);
            if self.__hjx_sent[0].replace(__hjx_h) != __hjx_h {
                __hjx_out.push(::hjx_runtime::__private::v1::PatchOp::SetText {
                    hid: ::hjx_runtime::__private::v1::HydrationId(self.__hjx_at.get() + 1),
                    text: __hjx_t,
                });
            }
        }
    }
}
#[automatically_derived]
impl ::hjx_runtime::__private::v1::Component for Counter {
    type Shared = ();
    const META: &'static ::hjx_runtime::__private::v1::ComponentMeta =
        &::hjx_runtime::__private::v1::ComponentMeta {
            name: "Counter",
            scope: "",
            style: "",
            fields: &["count"],
            shared: ::hjx_runtime::__private::v1::FieldSet(0),
            bindings: &[::hjx_runtime::__private::v1::Binding {
                hid: ::hjx_runtime::__private::v1::HydrationId(2),
                kind: ::hjx_runtime::__private::v1::EventKind::Click,
                handler: "increment",
                writes: ::hjx_runtime::__private::v1::FieldSet(1),
            }],
            children: &[],
            extras: false,
        };
    fn render(
        &self,
        __hjx_shared: &Self::Shared,
        __hjx_html: &mut ::hjx_runtime::__private::v1::Html,
    ) {
        self.__hjx_next.set(self.__hjx_at.get() + 3);
        self.__hjx_render_in(__hjx_shared, __hjx_html, &|_, _| {});
    }
    #[allow(unused_variables, unreachable_code, clippy::all)]
    fn handle(
        &mut self,
        __hjx_shared: &mut Self::Shared,
        __hjx_event: &::hjx_runtime::__private::v1::Event,
    ) -> ::core::result::Result<
        ::hjx_runtime::__private::v1::Handled,
        ::hjx_runtime::__private::v1::EventError,
    > {
        match (
            __hjx_event.hid.0.wrapping_sub(self.__hjx_at.get()),
            __hjx_event.kind,
        ) {
            (2, ::hjx_runtime::__private::v1::EventKind::Click) => {
                self.__hjx_on_increment(__hjx_shared);
                ::core::result::Result::Ok(::hjx_runtime::__private::v1::Handled {
                    handler: "increment",
                    dirty: ::hjx_runtime::__private::v1::FieldSet(1),
                })
            }
            _ => ::core::result::Result::Err(::hjx_runtime::__private::v1::EventError::NotBound {
                hid: __hjx_event.hid,
                kind: __hjx_event.kind,
            }),
        }
    }
    fn patch(
        &self,
        __hjx_shared: &Self::Shared,
        __hjx_dirty: ::hjx_runtime::__private::v1::FieldSet,
        __hjx_scope: ::hjx_runtime::__private::v1::PatchScope,
        __hjx_out: &mut ::hjx_runtime::__private::v1::Vec<::hjx_runtime::__private::v1::PatchOp>,
    ) {
        self.__hjx_patch_in(
            __hjx_shared,
            __hjx_dirty,
            __hjx_scope,
            __hjx_out,
            &|_, _| {},
        );
    }
    const SHARED_READ_PER_SESSION: ::hjx_runtime::__private::v1::FieldSet =
        ::hjx_runtime::__private::v1::FieldSet(0);
    const SHAPE: u64 = ::hjx_runtime::__private::v1::shape(18185879100141992661u64, &[]);
    #[allow(clippy::needless_borrow)]
    fn save(&self, out: &mut ::hjx_runtime::__private::v1::Vec<u8>) -> bool {
        #[allow(unused_imports)]
        use ::hjx_runtime::__private::v1::{SaveField as _, SaveNone as _};
        true && (&::hjx_runtime::__private::v1::Saved(&self.count)).save_field(out)
    }
    #[allow(clippy::needless_borrow)]
    fn restore(&mut self, input: &mut &[u8]) -> bool {
        #[allow(unused_imports)]
        use ::hjx_runtime::__private::v1::{RestoreField as _, RestoreNone as _};
        true && (&mut ::hjx_runtime::__private::v1::Restored(&mut self.count)).restore_field(input)
    }
}
#[automatically_derived]
impl ::hjx_runtime::__private::v1::LiveComponent for Counter {}
#[automatically_derived]
impl<S> ::hjx_runtime::__private::v1::Mountable<S> for Counter {}
#[automatically_derived]
impl ::hjx_runtime::__private::v1::Child for Counter {
    type Emit = CounterEmit;
    const HIDS: u32 = 3;
    const SLOTS: &'static [&'static str] = &[];
    const MOUNTS: bool = false;
    const INITS: bool = false;
    fn swap_state(&mut self, other: &mut Self) {
        ::core::mem::swap(&mut self.count, &mut other.count);
    }
    fn hid_cells(
        &self,
    ) -> (
        &::hjx_runtime::__private::v1::Cell<u32>,
        &::hjx_runtime::__private::v1::Cell<u32>,
    ) {
        (&self.__hjx_at, &self.__hjx_next)
    }
    fn render_child(
        &self,
        html: &mut ::hjx_runtime::__private::v1::Html,
        slots: &::hjx_runtime::__private::v1::Slots<'_>,
    ) {
        self.__hjx_render_in(&(), html, slots);
    }
    fn patch_child(
        &self,
        dirty: ::hjx_runtime::__private::v1::FieldSet,
        out: &mut ::hjx_runtime::__private::v1::Vec<::hjx_runtime::__private::v1::PatchOp>,
        slots: &::hjx_runtime::__private::v1::Slots<'_>,
    ) {
        self.__hjx_patch_in(
            &(),
            dirty,
            ::hjx_runtime::__private::v1::PatchScope::All,
            out,
            slots,
        );
    }
    fn handle_child(
        &mut self,
        event: &::hjx_runtime::__private::v1::Event,
    ) -> ::core::result::Result<
        ::hjx_runtime::__private::v1::Handled,
        ::hjx_runtime::__private::v1::EventError,
    > {
        ::hjx_runtime::__private::v1::Component::handle(self, &mut (), event)
    }
    fn take_emits(&mut self) -> ::hjx_runtime::__private::v1::Vec<CounterEmit> {
        ::hjx_runtime::__private::v1::Vec::new()
    }
    fn set_class(&mut self, class: ::hjx_runtime::__private::v1::String) {
        self.__hjx_class = class;
    }
}
#[automatically_derived]
impl ::hjx_runtime::__private::v1::Embeddable for Counter {}
