//! The pipeline driver: where the markup comes from (inline tokens or a `.hjx` file), the
//! files it imports (each read and parsed once, cycles refused), and the order of the steps:
//! parse → plan → emit, with every error gathered in one [`Errors`].

use std::path::{Path, PathBuf};

use hjx_syntax::ast::{Component, Import, Name};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::emit;
use crate::errors::Errors;
use crate::plan::{self, ImportInfo};
use crate::source::{self, Source};

/// Expands `hjx! { … }`.
pub(crate) fn expand_inline(input: TokenStream) -> TokenStream {
    let source = Source::inline(input);
    let (component, diagnostics) = hjx_syntax::parse(&source.text);
    expand(&source, &component, diagnostics, &mut Vec::new())
}

/// Expands `include_hjx!("path/to/File.hjx")`. Like `include_str!`, the path is relative to the
/// file that invokes the macro; the file is tracked so that editing it rebuilds the crate.
pub(crate) fn expand_file(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let path: syn::LitStr = match syn::parse2(input) {
        Ok(path) => path,
        Err(err) => {
            errors.at_rust(err.span(), err.to_string()).help(
                "name a `.hjx` file relative to this source file: `include_hjx!(\"Counter.hjx\")`",
            );
            return errors.into_compile_errors(None);
        }
    };
    let base = source::base_dir(path.span());
    let full = base.join(path.value());
    let text = match std::fs::read_to_string(&full) {
        Ok(text) => text,
        Err(err) => {
            errors
                .at_rust(
                    path.span(),
                    format!("cannot read `{}`: {err}", path.value()),
                )
                .help("the path is relative to the source file that invokes `include_hjx!`");
            return errors.into_compile_errors(None);
        }
    };
    let dir = full
        .parent()
        .map_or_else(|| base.clone(), Path::to_path_buf);
    let source = Source::file(text, path.value(), path.span(), dir);
    let (component, diagnostics) = hjx_syntax::parse(&source.text);
    let code = expand(&source, &component, diagnostics, &mut Vec::new());
    let tracked = full.to_string_lossy().into_owned();
    quote! {
        #code
        // Tracks the file: editing it rebuilds the crate.
        const _: &[u8] = ::core::include_bytes!(#tracked);
    }
}

/// Expands a parsed component; `importing` holds the files of the components importing it, to
/// report an import cycle instead of recursing forever.
fn expand(
    source: &Source,
    component: &Component,
    diagnostics: hjx_syntax::Diagnostics,
    importing: &mut Vec<PathBuf>,
) -> TokenStream {
    let mut errors = Errors::default();
    errors.parsed(diagnostics);
    let mut children = Vec::new();
    let mut infos: Vec<ImportInfo> = Vec::new();
    if let Some(name) = &component.name {
        for import in &component.imports {
            if infos.iter().any(|i| i.alias == import.alias.text) {
                continue; // reported by the parser
            }
            if let Some((code, info)) =
                import_component(source, name, import, importing, &mut errors)
            {
                children.push(code);
                infos.push(info);
            }
        }
    }
    let plan = plan::plan(component, source, &infos, &mut errors);
    let ok = errors.is_empty();
    let errors = errors.into_compile_errors(Some(source));
    let code = plan.map(|plan| emit(&plan, ok));
    quote!(#errors #(#children)* #code)
}

/// Compiles the `.hjx` file an import names into a module of its own beside the importing
/// component, and reads what it declares. Errors in the file name the file, line and column.
fn import_component(
    source: &Source,
    parent: &Name,
    import: &Import,
    importing: &mut Vec<PathBuf>,
    errors: &mut Errors,
) -> Option<(TokenStream, ImportInfo)> {
    let full = source.dir.join(&import.path);
    let text = match std::fs::read_to_string(&full) {
        Ok(text) => text,
        Err(err) => {
            errors
                .at(
                    &import.path_pos,
                    format!("cannot read `{}`: {err}", import.path),
                )
                .help("an import's path is relative to the file holding the markup");
            return None;
        }
    };
    let canonical = full.canonicalize().unwrap_or_else(|_| full.clone());
    if importing.contains(&canonical) {
        errors
            .at(
                &import.path_pos,
                format!(
                    "`{}` imports itself, through the components it imports",
                    import.path
                ),
            )
            .help("a component cannot contain itself; break the cycle");
        return None;
    }
    let (child, diagnostics) = hjx_syntax::parse(&text);
    if let Some(name) = child.name.as_ref().filter(|n| n.text != import.alias.text) {
        errors
            .at(
                &import.alias.pos,
                format!(
                    "`{}` defines component `{}`, not `{}`",
                    import.path, name.text, import.alias.text
                ),
            )
            .help(format!(
                "import it as `{} from \"{}\"`",
                name.text, import.path
            ));
        return None;
    }
    let module = Ident::new(
        &format!("__hjx_{}_{}", parent.text, import.alias.text),
        source.span(&parent.pos),
    );
    let info = ImportInfo::new(import.alias.text.clone(), module.clone(), &child);
    let dir = full
        .parent()
        .map_or_else(|| source.dir.clone(), Path::to_path_buf);
    let child_source = Source::file(
        text,
        import.path.clone(),
        source.span(&import.path_pos),
        dir,
    );
    importing.push(canonical);
    let code = expand(&child_source, &child, diagnostics, importing);
    importing.pop();
    let tracked = full.to_string_lossy().into_owned();
    Some((
        quote! {
            #[doc(hidden)]
            #[allow(non_snake_case)]
            pub mod #module {
                #[allow(unused_imports)]
                use super::*;
                #code
                // Tracks the file: editing it rebuilds the crate.
                const _: &[u8] = ::core::include_bytes!(#tracked);
            }
        },
        info,
    ))
}
