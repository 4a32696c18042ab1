//! Scoping a component's `style:` to its own elements.
//!
//! The component's root elements carry `data-hjx-scope="<scope>"`; every selector `s` becomes
//! `[data-hjx-scope="<scope>"] s` (its descendants) and `[data-hjx-scope="<scope>"]:is(s)` (a root
//! itself), so a component's `.title` never styles another component's `.title` outside it.
//! Rules inside `@media`, `@supports`, `@container` and `@layer` are scoped the same way;
//! `@keyframes`, `@font-face` and other at-rules are kept as written.

/// Scopes every selector of `css` under `scope`, dropping comments and extra white space.
pub(crate) fn scope_css(css: &str, scope: &str) -> String {
    let css = strip_comments(css);
    let mut out = String::with_capacity(css.len() * 2);
    rules(&css, scope, &mut out);
    out
}

fn rules(css: &str, scope: &str, out: &mut String) {
    let mut rest = css;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return;
        }
        let brace = rest.find('{');
        let semicolon = rest.find(';');
        match (brace, semicolon) {
            // A statement at-rule such as `@import …;`.
            (b, Some(s)) if b.is_none_or(|b| s < b) => {
                out.push_str(collapse(&rest[..=s]).as_str());
                rest = &rest[s + 1..];
            }
            (Some(b), _) => {
                let prelude = collapse(&rest[..b]);
                let Some(close) = matching_brace(rest, b) else {
                    // Unbalanced: keep the remainder as written rather than guess.
                    out.push_str(rest);
                    return;
                };
                let body = &rest[b + 1..close];
                if let Some(at) = prelude.strip_prefix('@') {
                    let name = at.split([' ', '(']).next().unwrap_or("");
                    out.push_str(&prelude);
                    out.push('{');
                    if matches!(
                        name,
                        "media" | "supports" | "container" | "layer" | "document"
                    ) {
                        rules(body, scope, out);
                    } else {
                        out.push_str(collapse(body).trim());
                    }
                    out.push('}');
                } else {
                    let selectors: Vec<String> = prelude
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| scoped_selector(s, scope))
                        .collect();
                    out.push_str(&selectors.join(","));
                    out.push('{');
                    out.push_str(collapse(body).trim());
                    out.push('}');
                }
                rest = &rest[close + 1..];
            }
            _ => {
                out.push_str(collapse(rest).trim());
                return;
            }
        }
    }
}

fn scoped_selector(selector: &str, scope: &str) -> String {
    let attr = format!("[data-hjx-scope=\"{scope}\"]");
    if selector.contains("::") {
        format!("{attr} {selector}")
    } else {
        format!("{attr} {selector},{attr}:is({selector})")
    }
}

fn matching_brace(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_are_prefixed_with_the_scope() {
        let css = scope_css(
            ".profile { padding: 24px; }\n/* note */\nh1, .a:hover { color: red }",
            "P-1",
        );
        assert_eq!(
            css,
            "[data-hjx-scope=\"P-1\"] .profile,[data-hjx-scope=\"P-1\"]:is(.profile){padding: 24px;}\
             [data-hjx-scope=\"P-1\"] h1,[data-hjx-scope=\"P-1\"]:is(h1),[data-hjx-scope=\"P-1\"] .a:hover,[data-hjx-scope=\"P-1\"]:is(.a:hover){color: red}"
        );
    }

    #[test]
    fn media_rules_are_scoped_inside_and_keyframes_kept() {
        let css = scope_css(
            "@media (max-width: 600px) { .a { x: 1 } } @keyframes spin { from { a: 0 } to { a: 1 } }",
            "S",
        );
        assert!(
            css.starts_with("@media (max-width: 600px){[data-hjx-scope=\"S\"] .a,"),
            "{css}"
        );
        assert!(
            css.ends_with("@keyframes spin{from { a: 0 } to { a: 1 }}"),
            "{css}"
        );
    }

    #[test]
    fn pseudo_elements_only_take_the_descendant_form() {
        assert_eq!(
            scope_css("p::before{}", "S"),
            "[data-hjx-scope=\"S\"] p::before{}"
        );
    }
}
