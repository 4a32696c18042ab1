//! `handle`: the event dispatch table, one match arm per (element, event kind) binding, and
//! the handlers' methods the arms call.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, quote_spanned};

use super::{Cx, field_target, rt};
use crate::expr::{self, shared_ident};
use crate::plan::{Action, BindAction, Edit, FieldMask, Plan, StatementPlan};

impl Cx<'_> {
    /// Each handler, as a method of the component.
    pub(super) fn handler_fns(&self, shared_ty: &TokenStream) -> Vec<TokenStream> {
        let shared = shared_ident();
        self.plan
            .handlers
            .iter()
            .map(|handler| {
                let ident = &handler.ident;
                let body = handler
                    .body
                    .iter()
                    .map(|statement| self.statement(&handler.name, statement));
                let params = &handler.params;
                let doc = format!("Runs the `{}` handler.", handler.name);
                quote! {
                    #[doc = #doc]
                    #[allow(dead_code, unused_variables, clippy::all)]
                    fn #ident(&mut self, #shared: &mut #shared_ty, #(#params),*) { #(#body)* }
                }
            })
            .collect()
    }

    /// One statement of handler `handler`.
    fn statement(&self, handler: &str, statement: &StatementPlan) -> TokenStream {
        match statement {
            StatementPlan::Set { target, value } => quote!(#target = #value;),
            StatementPlan::Call(call) => quote!(#call;),
            StatementPlan::Edit { target, edit, span } => {
                // Spanned at the field: a field that is no collection is one error there.
                let span = *span;
                let collection = quote_spanned!(span=> ::hjx_runtime::__private::v1::Collection);
                match edit {
                    Edit::Push(value) => {
                        // The value first, so that it may read the field it goes into
                        // (`push todos <- Todo { id: todos.len() }`); named at the value, so
                        // that a value of another type is an error there.
                        let named =
                            proc_macro2::Ident::new("__hjx_value", crate::expr::expr_span(value));
                        let push = quote_spanned!(span=>
                            ::hjx_runtime::__private::v1::Push::push_item(&mut #target, #named);
                        );
                        quote!({ let #named = #value; #push })
                    }
                    Edit::RemoveAt(index) => {
                        quote_spanned!(span=> #collection::remove_at(&mut #target, #index);)
                    }
                    Edit::RemoveWhere(condition) => {
                        quote_spanned!(span=> #collection::remove_where(&mut #target, #condition);)
                    }
                }
            }
            StatementPlan::Emit { variant, value } => {
                let emit_enum = super::emit_enum(&self.plan.name);
                match value {
                    Some(value) => quote! {
                        self.__hjx_emits.push(#emit_enum::#variant(::core::clone::Clone::clone(&#value)));
                    },
                    // An event without a value carries `()`, so the parent matches every event
                    // by one pattern and its handler's parameter type is checked against `()`.
                    None => quote!(self.__hjx_emits.push(#emit_enum::#variant(()));),
                }
            }
            StatementPlan::Log(parts) => {
                let message = expr::format_parts(parts);
                quote!(
                    ::hjx_runtime::__private::v1::tracing::info!(handler = #handler, "{}", #message);
                )
            }
        }
    }

    /// The match arms of `handle`, one per binding; `event` names the event being handled.
    pub(super) fn handle_arms(&self, event: &Ident) -> Vec<TokenStream> {
        let rt = rt();
        let plan = self.plan;
        let shared = shared_ident();
        plan.bindings
            .iter()
            .map(|binding| {
                let hid = Literal::u32_unsuffixed(binding.hid);
                let kind = Ident::new(binding.kind, Span::call_site());
                let label = &binding.label;
                let mut writes = Vec::new();
                let actions: Vec<TokenStream> = binding
                    .actions
                    .iter()
                    .map(|action| match action {
                        Action::Handler { handler, args } => {
                            writes.push(self.action_writes(action));
                            let handler = &plan.handlers[*handler];
                            let ident = &handler.ident;
                            if args.is_empty() {
                                quote!(self.#ident(#shared);)
                            } else {
                                // What the arguments may name: the event's data and a form's fields.
                                let event_data = Ident::new("event", Span::call_site());
                                let form = Ident::new("form", Span::call_site());
                                // A bare `form` becomes the parameter's type (`Form<T>` or
                                // the pairs); `form` inside an expression is the pairs.
                                let other_args = args_besides_form(args);
                                let args: Vec<TokenStream> = args
                                    .iter()
                                    .map(|arg| form_arg(arg, &event_data).unwrap_or_else(|| quote!(#arg)))
                                    .collect();
                                let form_binding = expr::has_ident(quote!(#(#other_args)*), "form")
                                    .then(|| quote!(let #form = ::core::clone::Clone::clone(&#event_data.form);));
                                quote! {
                                    let #event_data = #rt::EventData::new(&#event.payload);
                                    #form_binding
                                    self.#ident(#shared, #(#args),*);
                                }
                            }
                        }
                        Action::Bind(bind) => {
                            writes.push(self.action_writes(action));
                            let this = Ident::new("self", Span::call_site());
                            bind_statement(plan, bind, &this, &quote!(#event.payload))
                        }
                    })
                    .collect();
                let Filtered {
                    flags,
                    actions,
                    dirty,
                    none_runs,
                } = filtered(actions, &writes, &binding.filters, &quote!(#event.payload));
                // A hook event that no binding of the element names is refused (a key that none
                // filters for runs nothing: the client sends only keys some binding wants).
                let refuse = none_runs.filter(|_| binding.kind == "Hook").map(|none| {
                    quote! {
                        if #none {
                            return ::core::result::Result::Err(#rt::EventError::NotBound {
                                hid: #event.hid,
                                kind: #event.kind,
                            });
                        }
                    }
                });
                // The element exists only while the regions around it show its branch.
                let guard = guard_tokens(self.shown(&binding.guards));
                quote! {
                    (#hid, #rt::EventKind::#kind) #guard => {
                        #(#flags)*
                        #refuse
                        #(#actions)*
                        ::core::result::Result::Ok(#rt::Handled { handler: #label, dirty: #rt::FieldSet(#dirty) })
                    }
                }
            })
            .collect()
    }

    /// The fields an action may write: its handler's (with the methods it calls), or the
    /// field a `bind` sets.
    fn action_writes(&self, action: &Action) -> FieldMask {
        match action {
            Action::Handler { handler, .. } => self.plan.handlers[*handler].writes,
            Action::Bind(bind) => FieldMask::bit(self.plan.fields[bind.field].bit),
        }
    }

    /// What `ComponentMeta::bindings` lists: each (element, event kind), its handler, and every
    /// field its actions may write.
    pub(super) fn binding_metas(&self) -> Vec<TokenStream> {
        let rt = rt();
        self.plan
            .bindings
            .iter()
            .map(|binding| {
                let hid = Literal::u32_unsuffixed(binding.hid);
                let kind = Ident::new(binding.kind, Span::call_site());
                let label = &binding.label;
                let writes = binding
                    .actions
                    .iter()
                    .fold(FieldMask::EMPTY, |all, action| all | self.action_writes(action));
                let writes = Literal::u128_unsuffixed(writes.bits());
                quote!(#rt::Binding { hid: #rt::HydrationId(#hid), kind: #rt::EventKind::#kind, handler: #label, writes: #rt::FieldSet(#writes) })
            })
            .collect()
    }
}

/// The statement of a `bind` action: the event's value (or checked state) written into the
/// field, on `this` (`self`, or a deferred call's receiver); `payload` is the event's payload.
pub(super) fn bind_statement(
    plan: &Plan,
    bind: &BindAction,
    this: &Ident,
    payload: &TokenStream,
) -> TokenStream {
    let rt = rt();
    let span = bind.span;
    let target = field_target(&plan.fields[bind.field], &shared_ident(), span, this);
    if bind.checked {
        // Spanned at the field, like the render's read: one error there for a field that is
        // no `bool`.
        let set = quote_spanned!(span=>
            ::hjx_runtime::__private::v1::BindChecked::bind_checked(&mut #target, *checked)
        );
        quote! {
            if let #rt::EventPayload::Checked(checked) = &#payload {
                #set;
            }
        }
    } else {
        // Spanned at the field, so that a field that is no `String` is reported there.
        let set = quote_spanned!(span=>
            ::hjx_runtime::__private::v1::BindValue::bind_value(&mut #target, value)
        );
        quote! {
            if let #rt::EventPayload::Value(value) = &#payload {
                #set;
            }
        }
    }
}

/// An argument that is the bare word `form`: the submitted form as the handler's parameter
/// type asks (`Form<T>` deserialized, or `Vec<(String, String)>`), through `FromForm`, spanned
/// at the word so a type that cannot take a form is reported there.
pub(super) fn form_arg(arg: &syn::Expr, event_data: &Ident) -> Option<TokenStream> {
    let syn::Expr::Path(path) = arg else {
        return None;
    };
    if path.qself.is_some() || !path.path.is_ident("form") {
        return None;
    }
    let span = expr::expr_span(arg);
    Some(quote_spanned!(span=>
        ::hjx_runtime::__private::v1::FromForm::from_form(&#event_data.form)
    ))
}

/// The arguments of a handler action that are not a bare `form`.
fn args_besides_form(args: &[syn::Expr]) -> Vec<&syn::Expr> {
    let event_data = Ident::new("event", Span::call_site());
    args.iter()
        .filter(|arg| form_arg(arg, &event_data).is_none())
        .collect()
}

/// `if a && b` for a match arm, or nothing when there is no condition.
pub(super) fn guard_tokens(conditions: Vec<TokenStream>) -> TokenStream {
    if conditions.is_empty() {
        TokenStream::new()
    } else {
        quote!(if #(#conditions)&&*)
    }
}

/// A binding's actions under their key filters (`on keydown.enter`): the client filters too,
/// but two bindings of one element share one event, and each runs only for its key.
pub(super) struct Filtered {
    /// `let` statements computing each filtered action's flag from the event.
    pub(super) flags: Vec<TokenStream>,
    /// The actions, each filtered one under its flag.
    pub(super) actions: Vec<TokenStream>,
    /// The fields written, as a `u128` expression: those of the actions that ran.
    pub(super) dirty: TokenStream,
    /// When every action is filtered: whether none of them runs for this event, as an
    /// expression (a key or hook event name that no binding of the element names).
    pub(super) none_runs: Option<TokenStream>,
}

/// Puts each of `actions` (which write `writes`) under its key filter, checked on `payload`.
pub(super) fn filtered(
    actions: Vec<TokenStream>,
    writes: &[FieldMask],
    filters: &[Option<hjx_syntax::modifiers::KeyFilter>],
    payload: &TokenStream,
) -> Filtered {
    let mut always = FieldMask::EMPTY;
    let mut flags = Vec::new();
    let mut sometimes = Vec::new();
    let actions = actions
        .into_iter()
        .zip(writes.iter().zip(filters))
        .enumerate()
        .map(
            |(a, (action, (writes, filter)))| match key_condition(filter.as_ref(), payload) {
                None => {
                    always |= *writes;
                    action
                }
                Some(condition) => {
                    let flag = Ident::new(&format!("__hjx_k{a}"), Span::mixed_site());
                    let bits = Literal::u128_unsuffixed(writes.bits());
                    flags.push(quote!(let #flag = #condition;));
                    sometimes.push(quote!(if #flag { #bits } else { 0 }));
                    quote!(if #flag { #action })
                }
            },
        )
        .collect();
    let none_runs = (!flags.is_empty() && filters.iter().all(Option::is_some)).then(|| {
        let names =
            (0..filters.len()).map(|a| Ident::new(&format!("__hjx_k{a}"), Span::mixed_site()));
        quote!(!(#(#names)||*))
    });
    if !always.is_empty() || sometimes.is_empty() {
        let always = Literal::u128_unsuffixed(always.bits());
        sometimes.insert(0, quote!(#always));
    }
    Filtered {
        flags,
        actions,
        dirty: quote!(#(#sometimes)|*),
        none_runs,
    }
}

/// Whether `payload` passes `filter`, as an expression; `None` when there is no filter.
pub(super) fn key_condition(
    filter: Option<&hjx_syntax::modifiers::KeyFilter>,
    payload: &TokenStream,
) -> Option<TokenStream> {
    let filter = filter?;
    let rt = rt();
    let key = match &filter.key {
        Some(key) => quote!(::core::option::Option::Some(#key)),
        None => quote!(::core::option::Option::None),
    };
    let held = Literal::u8_unsuffixed(filter.modifiers);
    Some(quote!(#rt::key_matches(&#payload, #key, #held)))
}
