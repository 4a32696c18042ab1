//! Planning handlers: their parameters and statements, the arguments bindings pass them, and
//! the fields a `call` may write, found from the `script:` methods it reaches.

use proc_macro2::Ident;
use syn::Expr;

use super::*;
use crate::expr;
use hjx_syntax::ast::{self, Pos, Removal, Statement};

impl Planner<'_> {
    pub(super) fn handlers(&mut self, handlers: &[ast::Handler]) -> Vec<HandlerPlan> {
        let mut plans: Vec<HandlerPlan> = Vec::new();
        for handler in handlers {
            if plans.iter().any(|p| p.name == handler.name.text) {
                self.errors.push(check::duplicate_handler(&handler.name));
                continue;
            }
            let span = self.source.span(&handler.name.pos);
            let params = self.params(handler);
            self.locals = params
                .iter()
                .filter_map(|p| match &*p.pat {
                    syn::Pat::Ident(ident) => Some(ident.ident.to_string()),
                    _ => None,
                })
                .collect();
            self.handler_arity
                .push((handler.name.text.clone(), params.len()));
            let mut body = Vec::new();
            let mut writes = FieldMask::EMPTY;
            for statement in &handler.statements {
                match statement {
                    Statement::Set { field, value } => {
                        let Some((target, bit, value)) = self.field_write(field, value, "in `set`")
                        else {
                            continue;
                        };
                        writes |= bit;
                        body.push(StatementPlan::Set { target, value });
                    }
                    Statement::Push { field, value } => {
                        let Some((target, bit, value)) =
                            self.field_write(field, value, "in `push`")
                        else {
                            continue;
                        };
                        writes |= bit;
                        let edit = Edit::Push(value);
                        let span = self.source.span(&field.pos);
                        body.push(StatementPlan::Edit { target, edit, span });
                    }
                    Statement::Remove { field, which } => {
                        let (Removal::At(pos) | Removal::Where(pos)) = which;
                        let Some((target, bit, value)) =
                            self.field_write(field, pos, "in `remove`")
                        else {
                            continue;
                        };
                        writes |= bit;
                        let edit = match which {
                            Removal::At(_) => Edit::RemoveAt(value),
                            Removal::Where(_) => Edit::RemoveWhere(value),
                        };
                        let span = self.source.span(&field.pos);
                        body.push(StatementPlan::Edit { target, edit, span });
                    }
                    Statement::Call { expr } => {
                        let text = self.source.text[expr.clone()].to_owned();
                        let Some((mut call, _)) = self.expr(&text, expr, false) else {
                            continue;
                        };
                        writes |= self.call_writes(&mut call);
                        body.push(StatementPlan::Call(call));
                    }
                    Statement::Emit { name, value } => {
                        if let Some(statement) = self.emit_statement(name, value.as_ref(), &params)
                        {
                            body.push(statement);
                        }
                    }
                    Statement::Log { message } => {
                        let Some((parts, _)) = self.template(message, true) else {
                            continue;
                        };
                        body.push(StatementPlan::Log(parts));
                    }
                }
            }
            self.locals.clear();
            plans.push(HandlerPlan {
                params,
                name: handler.name.text.clone(),
                ident: Ident::new(&format!("__hjx_on_{}", handler.name.text), span),
                body,
                writes,
            });
        }
        plans
    }

    /// The field a `set`, `push` or `remove` writes (`what` says which, for the error when
    /// there is no such field): its access, spanned at the name, and its bit.
    /// What a `set`, `push` or `remove` writes: the field's place and bit, and the Rust
    /// expression at `value` it takes. Each is reported where it is wrong.
    fn field_write(
        &mut self,
        field: &ast::Name,
        value: &Pos,
        what: &str,
    ) -> Option<(Expr, FieldMask, Expr)> {
        let (target, bit) = self.target(field, what)?;
        let (value, _) = self.expr(&self.source.text[value.clone()], value, false)?;
        Some((target, bit, value))
    }

    fn target(&mut self, field: &ast::Name, what: &str) -> Option<(Expr, FieldMask)> {
        let Some(target) = self.refs.iter().position(|f| f.name == field.text) else {
            self.unknown_field(&field.text, &field.pos, what);
            return None;
        };
        let ident = Ident::new(&field.text, self.source.span(&field.pos));
        let access = expr::field_access(&self.refs[target], &ident);
        Some((access, FieldMask::bit(self.refs[target].bit)))
    }

    /// `emit name(value)`: the value, a handler parameter or a field, is cloned into the
    /// component's emitted events; its type is the event's.
    fn emit_statement(
        &mut self,
        name: &ast::Name,
        value: Option<&ast::Name>,
        params: &[syn::PatType],
    ) -> Option<StatementPlan> {
        let (ty, access) = match value {
            None => (None, None),
            Some(value) => {
                let span = self.source.span(&value.pos);
                let param = params
                    .iter()
                    .find(|p| matches!(&*p.pat, syn::Pat::Ident(i) if i.ident == value.text));
                if let Some(param) = param {
                    let ty = FieldType::Written((*param.ty).clone());
                    let ident = Ident::new(&value.text, span);
                    (Some(ty), Some(expr::local(ident)))
                } else if let Some(field) = self.fields.iter().find(|f| f.ident == value.text) {
                    let ty = field.ty.clone();
                    let field_ref = self.refs.iter().find(|f| f.name == value.text)?;
                    let access = expr::field_access(field_ref, &Ident::new(&value.text, span));
                    (Some(ty), Some(access))
                } else {
                    self.error(
                        &value.pos,
                        format!(
                            "`{}` is neither a parameter of this handler nor a field",
                            value.text
                        ),
                    )
                    .help("an emitted value is a handler parameter or a field, whose type is the event's; the parent's handler gets a clone");
                    return None;
                }
            }
        };
        let ty_text = ty.as_ref().map(type_text);
        match self.emits.iter().find(|e| e.name == name.text) {
            Some(first) if first.ty.as_ref().map(type_text) != ty_text => {
                let message = format!(
                    "event `{}` is emitted with {} here, but with {} elsewhere",
                    name.text,
                    ty_text.map_or("no value".to_owned(), |t| format!("`{t}`")),
                    first
                        .ty
                        .as_ref()
                        .map_or("no value".to_owned(), |t| format!("`{}`", type_text(t))),
                );
                self.error(&name.pos, message).help(
                    "an event carries one type of value; emit the same type, or name the events apart",
                );
                return None;
            }
            Some(_) => {}
            None => self.emits.push(EmitPlan {
                name: name.text.clone(),
                ty,
            }),
        }
        Some(StatementPlan::Emit {
            variant: Ident::new(&name.text, self.source.span(&name.pos)),
            value: access,
        })
    }

    /// A handler's parameters: `name: Type`, comma separated.
    pub(super) fn params(&mut self, handler: &ast::Handler) -> Vec<syn::PatType> {
        let Some(pos) = &handler.params else {
            return Vec::new();
        };
        let parser = |input: syn::parse::ParseStream<'_>| {
            input.parse_terminated(
                |input| {
                    Ok(syn::PatType {
                        attrs: Vec::new(),
                        pat: Box::new(syn::Pat::Ident(syn::PatIdent {
                            attrs: Vec::new(),
                            by_ref: None,
                            mutability: input.parse()?,
                            ident: input.parse()?,
                            subpat: None,
                        })),
                        colon_token: input.parse()?,
                        ty: input.parse()?,
                    })
                },
                syn::Token![,],
            )
        };
        match self
            .source
            .tokens(pos)
            .and_then(|tokens| syn::parse::Parser::parse2(parser, tokens))
        {
            Ok(params) => params.into_iter().collect(),
            Err(_) => {
                self.error(
                    pos,
                    format!(
                        "the parameters of handler `{}` are not `name: Type` pairs",
                        handler.name.text
                    ),
                )
                .help(format!(
                    "write them like `{}(value: String, count: u32):`",
                    handler.name.text
                ));
                Vec::new()
            }
        }
    }

    /// The arguments an `on` binding passes, checked against the handler's parameters. In
    /// them, `event` is the event's data (`event.value`, `event.key`, `event.checked`) and
    /// `form` a submitted form's fields.
    pub(super) fn call_args(
        &mut self,
        handler: &ast::Name,
        args: Option<&Pos>,
    ) -> Option<Vec<Expr>> {
        let arity = self
            .handler_arity
            .iter()
            .find(|(name, _)| *name == handler.text)
            .map_or(0, |(_, n)| *n);
        let mut exprs = Vec::new();
        if let Some(pos) = args {
            let text = self.source.text[pos.clone()].to_owned();
            let offset = pos.start;
            for piece in hjx_syntax::split_top_level(&text) {
                let piece_pos = offset + piece.start..offset + piece.end;
                let piece_text = text[piece.clone()].to_owned();
                if !piece_text.trim().is_empty() {
                    let outer = self.locals.len();
                    self.locals.extend(["event".to_owned(), "form".to_owned()]);
                    let planned = self.expr(&piece_text, &piece_pos, false);
                    self.locals.truncate(outer);
                    exprs.push(planned?.0);
                }
            }
        }
        if exprs.len() != arity {
            let message = format!(
                "handler `{}` takes {arity} argument{}, but this binding passes {}",
                handler.text,
                if arity == 1 { "" } else { "s" },
                exprs.len(),
            );
            self.error(&handler.pos, message).help(format!(
                "pass one value per parameter, such as `on input -> {}(event.value)`",
                handler.text
            ));
            return None;
        }
        Some(exprs)
    }

    /// The fields each `script:` method may write: those it uses as places that change
    /// (`expr::Writes`) and those of the methods it calls on `self`, to a fixed point. Read-only
    /// receivers in the bodies are rewritten as shared borrows.
    pub(super) fn script_writes(&mut self, fns: &mut [syn::ImplItemFn]) {
        let direct: Vec<(String, FieldMask, Vec<String>)> = fns
            .iter_mut()
            .map(|f| {
                let found = expr::Writes::of_block(&mut f.block);
                let setters = found
                    .calls
                    .iter()
                    .filter_map(|c| c.strip_prefix("set_"))
                    .filter_map(|n| self.refs.iter().find(|r| r.name == n))
                    .fold(FieldMask::EMPTY, |m, r| m | FieldMask::bit(r.bit));
                let mask = self.written(&found) | setters;
                (f.sig.ident.to_string(), mask, found.calls)
            })
            .collect();
        let mut writes: Vec<(String, FieldMask)> =
            direct.iter().map(|(n, m, _)| (n.clone(), *m)).collect();
        loop {
            let mut changed = false;
            for (i, (_, _, calls)) in direct.iter().enumerate() {
                let extra = calls
                    .iter()
                    .filter_map(|c| writes.iter().find(|(n, _)| n == c))
                    .fold(FieldMask::EMPTY, |m, (_, w)| m | *w);
                if writes[i].1 | extra != writes[i].1 {
                    writes[i].1 |= extra;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        self.method_writes = writes;
    }

    /// The fields `found` writes: those it names as changing places, or every field when it
    /// passes `self` whole.
    fn written(&self, found: &expr::Writes) -> FieldMask {
        self.refs
            .iter()
            .filter(|r| found.everything || found.fields.contains(&r.name))
            .fold(FieldMask::EMPTY, |m, r| m | FieldMask::bit(r.bit))
    }

    /// The fields a `call` may write: every field the script methods it calls may write, and
    /// the fields it changes itself (a `self.items.push(…)` is a write, `self.add(count)` only
    /// reads `count`).
    pub(super) fn call_writes(&self, call: &mut Expr) -> FieldMask {
        let found = expr::Writes::of_expr(call);
        found
            .calls
            .iter()
            .filter_map(|c| self.method_writes.iter().find(|(n, _)| n == c))
            .fold(self.written(&found), |m, (_, w)| m | *w)
    }
}

/// A type as a user writes it, for messages: `String` for `::std::string::String`, `Vec<u64>`.
fn type_text(ty: &FieldType) -> String {
    let ty = match ty {
        FieldType::Inferred(inferred) => return inferred.to_string(),
        FieldType::Written(ty) => ty,
    };
    let text = quote::ToTokens::to_token_stream(ty)
        .to_string()
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",");
    let text = text.trim_start_matches("::");
    match text {
        "std::string::String" => "String".to_owned(),
        other => other.to_owned(),
    }
}
