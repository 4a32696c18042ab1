//! The `state:` and `shared:` fields: their types (written, or inferred from a literal), their
//! initial values, and their bits in the component's field mask.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::Expr;

use super::*;
use hjx_syntax::ast::{self, Init, Literal};

impl Planner<'_> {
    pub(super) fn fields(&mut self, fields: &[ast::Field], shared: bool) {
        for field in fields {
            if let Some(first) = self.refs.iter().find(|f| f.name == field.name.text) {
                let section = if first.shared { "shared:" } else { "state:" };
                self.error(
                    &field.name.pos,
                    format!("field `{}` is declared twice", field.name.text),
                )
                .help(format!(
                    "the first `{}` is in `{section}`; rename or remove one",
                    field.name.text
                ));
                continue;
            }
            let span = self.source.span(&field.name.pos);
            let (ty, init) = match (&field.ty, &field.init) {
                (None, Init::Literal(lit)) => match self.literal(lit) {
                    Some(pair) => pair,
                    None => continue,
                },
                (Some(ty_pos), init) => {
                    let ty = match self
                        .source
                        .tokens(ty_pos)
                        .and_then(syn::parse2::<syn::Type>)
                    {
                        Ok(ty) => ty,
                        Err(err) => {
                            let message = format!(
                                "`{}` is not a Rust type: {err}",
                                &self.source.text[ty_pos.clone()]
                            );
                            self.error(ty_pos, message);
                            continue;
                        }
                    };
                    let value_pos = match init {
                        Init::Expr(pos) => pos.clone(),
                        Init::Literal(lit) => lit.pos().clone(),
                    };
                    let value = match self.source.tokens(&value_pos).and_then(syn::parse2::<Expr>) {
                        Ok(value) => value,
                        Err(err) => {
                            self.error(
                                &value_pos,
                                format!(
                                    "the initial value of `{}` is not a Rust expression: {err}",
                                    field.name.text
                                ),
                            );
                            continue;
                        }
                    };
                    let is_string_type = matches!(&ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "String"));
                    let is_str_lit =
                        matches!(&value, Expr::Lit(l) if matches!(l.lit, syn::Lit::Str(_)));
                    let init = if is_string_type && is_str_lit {
                        quote!(::std::string::String::from(#value))
                    } else {
                        quote!(#value)
                    };
                    (quote!(#ty), init)
                }
                (None, Init::Expr(_)) => continue,
            };
            let bit = self.refs.len() as u32;
            self.refs.push(FieldRef {
                name: field.name.text.clone(),
                bit,
                shared,
            });
            self.fields.push(FieldPlan {
                ident: Ident::new(&field.name.text, span),
                ty,
                init,
                shared,
                bit,
            });
        }
    }

    /// The type and initial value a literal decides.
    fn literal(&mut self, lit: &Literal) -> Option<(TokenStream, TokenStream)> {
        let lit_span = self.source.span(lit.pos());
        match lit {
            Literal::Int(text, _) => {
                let value: TokenStream = text.replace('_', "").parse().ok()?;
                let value = crate::source::respan(value, lit_span);
                Some((quote!(i64), value))
            }
            Literal::Float(text, _) => {
                let value: TokenStream = text.replace('_', "").parse().ok()?;
                let value = crate::source::respan(value, lit_span);
                Some((quote!(f64), value))
            }
            Literal::Str(value, _) => {
                let value = syn::LitStr::new(value, lit_span);
                Some((
                    quote!(::std::string::String),
                    quote!(::std::string::String::from(#value)),
                ))
            }
            Literal::Bool(value, _) => Some((
                quote!(bool),
                if *value { quote!(true) } else { quote!(false) },
            )),
            Literal::List(items, pos) => {
                let Some(first) = items.first() else {
                    self.error(pos, "cannot infer the type of an empty list")
                        .help("write its type: `name: Vec<String> = Vec::new()`");
                    return None;
                };
                let kind = std::mem::discriminant(first);
                if let Some(other) = items
                    .iter()
                    .find(|item| std::mem::discriminant(*item) != kind)
                {
                    self.error(other.pos(), "a list's items must all be of one type")
                        .help("make every item a number, a string or a bool, or write the field's type");
                    return None;
                }
                let mut values = Vec::new();
                let mut item_ty = quote!(());
                for item in items {
                    let (ty, value) = self.literal(item)?;
                    item_ty = ty;
                    values.push(value);
                }
                Some((
                    quote!(::std::vec::Vec<#item_ty>),
                    quote!(::std::vec![#(#values),*]),
                ))
            }
        }
    }
}
