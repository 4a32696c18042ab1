//! The `state:` and `shared:` fields: their types (written, or inferred from a literal), their
//! initial values, and their bits in the component's field mask.

use proc_macro2::{Ident, TokenStream};
use syn::Expr;

use super::*;
use hjx_syntax::ast::{self, Init, Literal};

impl Planner<'_> {
    pub(super) fn fields(&mut self, fields: &[ast::Field], shared: bool) {
        for field in fields {
            if let Some(first) = self.refs.iter().find(|f| f.name == field.name.text) {
                let section = if first.shared { "shared:" } else { "state:" };
                self.errors
                    .push(check::duplicate_field(&field.name, section));
                continue;
            }
            let span = self.source.span(&field.name.pos);
            let (ty, init) = match (&field.ty, &field.init) {
                (None, Init::Literal(lit)) => match self.literal(lit) {
                    Some((ty, init)) => (FieldType::Inferred(ty), init),
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
                        FieldInit::String(value)
                    } else {
                        FieldInit::Expr(value)
                    };
                    let ty = FieldType::Written(ty);
                    if shared && ty.is_load() {
                        self.error(
                            ty_pos,
                            "a `Load` field cannot be `shared:`: async work belongs to one session",
                        )
                        .help("declare it under `state:`: each session runs its own work");
                    }
                    (ty, init)
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
    fn literal(&mut self, lit: &Literal) -> Option<(Inferred, FieldInit)> {
        let lit_span = self.source.span(lit.pos());
        match lit {
            Literal::Int(text, _) | Literal::Float(text, _) => {
                let value: TokenStream = text.replace('_', "").parse().ok()?;
                let value = crate::source::respan(value, lit_span);
                // A number the lexer took but Rust does not read stays as written, for rustc
                // to report.
                let value = syn::parse2::<Expr>(value.clone()).unwrap_or(Expr::Verbatim(value));
                let ty = match lit {
                    Literal::Int(..) => Inferred::I64,
                    _ => Inferred::F64,
                };
                Some((ty, FieldInit::Expr(value)))
            }
            Literal::Str(value, _) => {
                let value = syn::LitStr::new(value, lit_span);
                Some((
                    Inferred::String,
                    FieldInit::String(Expr::Lit(syn::ExprLit {
                        attrs: Vec::new(),
                        lit: syn::Lit::Str(value),
                    })),
                ))
            }
            Literal::Bool(value, _) => Some((Inferred::Bool, FieldInit::Bool(*value))),
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
                let mut item_ty = None;
                for item in items {
                    let (ty, value) = self.literal(item)?;
                    item_ty = Some(ty);
                    values.push(value);
                }
                Some((Inferred::Vec(Box::new(item_ty?)), FieldInit::List(values)))
            }
        }
    }
}
