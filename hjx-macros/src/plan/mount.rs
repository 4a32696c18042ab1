//! The `script:` mount hook: `async fn mount(&mut self, cx: &Mount<AppState>) -> Result<(),
//! Refuse>`. Its signature is checked here, at its own tokens, and the app state it names is
//! kept for the `Mountable` impl.

use proc_macro2::{Ident, Span};
use syn::spanned::Spanned;
use syn::{FnArg, GenericArgument, PathArguments, ReturnType, Signature, Type};

use super::Planner;

/// The signature the hook must have, as error messages show it.
const EXPECTED: &str = "async fn mount(&mut self, cx: &Mount<AppState>) -> Result<(), Refuse>";

/// A component's mount hook.
pub(crate) struct MountHook {
    /// The function's name, where errors about its future point.
    pub(crate) ident: Ident,
    /// The app state its `&Mount<State>` names; `None` for `&Mount` alone (the state `()`).
    pub(crate) state: Option<Type>,
    /// Its return type, where an error about the future's output points.
    pub(crate) output: Span,
}

impl Planner<'_> {
    /// The `script:` function `mount`, if there is one with the hook's signature; an error at
    /// the offending token otherwise.
    pub(super) fn mount_hook(&mut self, fns: &[syn::ImplItemFn]) -> Option<MountHook> {
        let hook = fns.iter().find(|f| f.sig.ident == "mount")?;
        match hook_state(&hook.sig) {
            Ok(state) => Some(MountHook {
                ident: hook.sig.ident.clone(),
                state,
                output: match &hook.sig.output {
                    ReturnType::Type(_, ty) => ty.span(),
                    ReturnType::Default => hook.sig.ident.span(),
                },
            }),
            Err((span, problem)) => {
                self.errors
                    .at_rust(span, format!("the mount hook {problem}"))
                    .help(format!(
                        "a mount hook is `{EXPECTED}`, where `AppState` is the type given to `Live::with_state` (`&Mount` alone for an app without state)"
                    ));
                None
            }
        }
    }
}

/// The state a hook's signature names, or where and how it differs from [`EXPECTED`].
fn hook_state(sig: &Signature) -> Result<Option<Type>, (Span, &'static str)> {
    if sig.asyncness.is_none() {
        return Err((sig.fn_token.span, "must be an `async fn`"));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err((sig.generics.span(), "cannot be generic"));
    }
    let mut inputs = sig.inputs.iter();
    match inputs.next() {
        Some(FnArg::Receiver(receiver))
            if receiver.reference.is_some() && receiver.mutability.is_some() => {}
        Some(other) => return Err((other.span(), "takes `&mut self` first")),
        None => {
            return Err((
                sig.ident.span(),
                "takes `&mut self` and `cx: &Mount<AppState>`",
            ));
        }
    }
    let cx = match inputs.next() {
        Some(FnArg::Typed(cx)) => cx,
        Some(other) => {
            return Err((
                other.span(),
                "takes `cx: &Mount<AppState>` after `&mut self`",
            ));
        }
        None => {
            return Err((
                sig.inputs.span(),
                "takes `cx: &Mount<AppState>` after `&mut self`",
            ));
        }
    };
    if let Some(extra) = inputs.next() {
        return Err((
            extra.span(),
            "takes only `&mut self` and `cx: &Mount<AppState>`",
        ));
    }
    let state = match &*cx.ty {
        Type::Reference(reference) if reference.mutability.is_none() => {
            mount_state(&reference.elem)
        }
        _ => None,
    };
    let Some(state) = state else {
        return Err((cx.ty.span(), "takes its context as `cx: &Mount<AppState>`"));
    };
    if matches!(sig.output, ReturnType::Default) {
        return Err((sig.paren_token.span.close(), "returns `Result<(), Refuse>`"));
    }
    Ok(state)
}

/// `Some(state)` when `ty` is `Mount<State>` (`Some(None)` for `Mount` alone).
fn mount_state(ty: &Type) -> Option<Option<Type>> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if path.qself.is_some() || last.ident != "Mount" {
        return None;
    }
    match &last.arguments {
        PathArguments::None => Some(None),
        PathArguments::AngleBracketed(args) if args.args.len() == 1 => match args.args.first() {
            Some(GenericArgument::Type(state)) => Some(Some(state.clone())),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(sig: &str) -> Result<Option<String>, &'static str> {
        let sig: Signature = syn::parse_str(sig).expect("a signature");
        hook_state(&sig)
            .map(|state| state.map(|ty| quote::quote!(#ty).to_string()))
            .map_err(|(_, problem)| problem)
    }

    #[test]
    fn the_hook_names_its_state() {
        assert_eq!(
            state("async fn mount(&mut self, cx: &Mount<AppState>) -> Result<(), Refuse>"),
            Ok(Some("AppState".to_owned()))
        );
        assert_eq!(
            state("async fn mount(&mut self, cx: &hjx_runtime::Mount) -> Result<(), Refuse>"),
            Ok(None)
        );
    }

    #[test]
    fn a_wrong_signature_says_what_differs() {
        assert_eq!(
            state("fn mount(&mut self, cx: &Mount<A>) -> Result<(), Refuse>"),
            Err("must be an `async fn`")
        );
        assert_eq!(
            state("async fn mount(&self, cx: &Mount<A>) -> Result<(), Refuse>"),
            Err("takes `&mut self` first")
        );
        assert_eq!(
            state("async fn mount(&mut self, cx: Mount<A>) -> Result<(), Refuse>"),
            Err("takes its context as `cx: &Mount<AppState>`")
        );
        assert_eq!(
            state("async fn mount(&mut self, cx: &Mount<A>, x: u8) -> Result<(), Refuse>"),
            Err("takes only `&mut self` and `cx: &Mount<AppState>`")
        );
        assert_eq!(
            state("async fn mount(&mut self, cx: &Mount<A>)"),
            Err("returns `Result<(), Refuse>`")
        );
        assert_eq!(
            state("async fn mount<S>(&mut self, cx: &Mount<S>) -> Result<(), Refuse>"),
            Err("cannot be generic")
        );
    }
}
