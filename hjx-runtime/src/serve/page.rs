//! The full HTML page served for a component's route.
//!
//! The document follows `docs/CONTRACT.md`: the component's HTML inside
//! `<div data-hjx-root="Name">`, its scoped style in the head, and the client script tag
//! carrying the session ID and its signed token.

use crate::model::component::ComponentMeta;
use crate::model::head::Head;
use crate::model::html::Html;

/// The URL the client script is served at: content-hashed, so it can be cached forever.
pub(crate) fn client_path() -> String {
    format!("/hjx/client-{}.js", hjx_client::CLIENT_HASH)
}

/// The URL of the client's second file (hooks and client commands).
pub(crate) fn extras_path() -> String {
    format!("/hjx/extras-{}.js", hjx_client::EXTRAS_HASH)
}

/// What a page's head holds beyond the component: the instance's [`Head`] and the app's own
/// lines ([`Live::head`](crate::Live::head)).
pub(crate) struct HeadParts<'a> {
    pub(crate) component: Option<&'a Head>,
    pub(crate) app: &'a str,
    /// Whether the page loads the client's second file too.
    pub(crate) extras: bool,
    /// The scoped CSS of the page's components and of its layout.
    pub(crate) style: &'a str,
}

/// An empty icon, so that a browser does not ask for `/favicon.ico` (a 404 in every console)
/// unless the app gives its own.
const NO_ICON: &str = "<link rel=\"icon\" href=\"data:,\">";

/// Writes the page for a component whose HTML is `body`. The `<title>` carries the hydration
/// ID 0, so a title that changes is patched like any text.
pub(crate) fn document(
    meta: &ComponentMeta,
    head: &HeadParts<'_>,
    body: &str,
    sid: &str,
    token: &str,
    routes: &str,
) -> String {
    let style = head.style;
    let component = head.component;
    let title = title(meta, component);
    let mut html = Html::with_capacity(body.len() + style.len() + head.app.len() + 512);
    html.raw("<!doctype html><html");
    if let Some(lang) = component.and_then(|head| head.lang.as_deref()) {
        html.raw(" lang=\"");
        html.attr_value(lang);
        html.raw("\"");
    }
    html.raw("><head><meta charset=\"utf-8\">");
    html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    html.raw("<title data-hid=\"0\">");
    html.text(title);
    html.raw("</title>");
    if let Some(description) = component.and_then(|head| head.description.as_deref()) {
        html.raw("<meta name=\"description\" content=\"");
        html.attr_value(description);
        html.raw("\">");
    }
    if !head.app.contains("rel=\"icon\"") {
        html.raw(NO_ICON);
    }
    // The app's own lines, as its author wrote them.
    html.raw(head.app);
    if !style.is_empty() {
        html.raw("<style>");
        html.raw(&style_text(style));
        html.raw("</style>");
    }
    html.raw("</head><body><div data-hjx-root=\"");
    html.attr_value(meta.name);
    html.raw("\">");
    html.raw(body);
    html.raw("</div><script src=\"");
    html.attr_value(&client_path());
    html.raw("\" defer data-sid=\"");
    html.attr_value(sid);
    html.raw("\" data-token=\"");
    html.attr_value(token);
    html.raw("\" data-routes=\"");
    html.attr_value(routes);
    html.raw("\"></script>");
    if head.extras {
        html.raw("<script src=\"");
        html.attr_value(&extras_path());
        html.raw("\" defer></script>");
    }
    html.raw("</body></html>");
    html.into_string()
}

/// `style` as a `<style>` element's content: the CSS is the component authors' own, scoped by
/// the macro; `</` cannot close the element early because the macro's CSS never contains it,
/// but it is guarded anyway.
pub(crate) fn style_text(style: &str) -> String {
    style.replace("</", "<\\/")
}

/// The page's title: the component's own, or its name.
pub(crate) fn title<'a>(meta: &'a ComponentMeta, head: Option<&'a Head>) -> &'a str {
    head.and_then(|head| head.title.as_deref())
        .unwrap_or(meta.name)
}

/// The page answered when the session cap is reached.
pub(crate) fn busy() -> String {
    notice("Busy", "The server is busy. Please try again in a moment.")
}

/// A small page with a title and one sentence: the answer to a refused or failed request.
pub(crate) fn notice(title: &str, message: &str) -> String {
    let mut html = Html::with_capacity(160 + title.len() * 2 + message.len());
    html.raw("<!doctype html><html><head><meta charset=\"utf-8\">");
    html.raw(NO_ICON);
    html.raw("<title>");
    html.text(title);
    html.raw("</title></head><body><h1>");
    html.text(title);
    html.raw("</h1><p>");
    html.text(message);
    html.raw("</p></body></html>");
    html.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::field_set::FieldSet;

    static META: ComponentMeta = ComponentMeta {
        name: "Counter",
        scope: "Counter-0",
        style: "",
        fields: &["count"],
        shared: FieldSet::EMPTY,
        bindings: &[],
        children: &[],
        extras: false,
    };

    #[test]
    fn the_page_wraps_the_component_and_carries_the_session() {
        let none = HeadParts {
            component: None,
            app: "",
            extras: false,
            style: "",
        };
        let page = document(&META, &none, "<p data-hid=\"1\">0</p>", "ab", "t.1\"x", "/");
        assert!(page.starts_with("<!doctype html><html><head><meta charset=\"utf-8\">"));
        assert!(page.contains("<title data-hid=\"0\">Counter</title>"));
        assert!(page.contains(NO_ICON));
        assert!(page.contains("<div data-hjx-root=\"Counter\"><p data-hid=\"1\">0</p></div>"));
        assert!(page.contains(&format!(
            "<script src=\"{}\" defer data-sid=\"ab\"",
            client_path()
        )));
        assert!(page.contains("data-token=\"t.1&quot;x\""));
        assert!(page.ends_with("</script></body></html>"));
        assert!(
            !page.contains("/hjx/extras-"),
            "no second file unless the app uses it"
        );
        let extras = HeadParts {
            extras: true,
            ..none
        };
        let page = document(&META, &extras, "", "ab", "t", "/");
        assert!(page.ends_with(&format!(
            "data-routes=\"/\"></script><script src=\"{}\" defer></script></body></html>",
            extras_path()
        )));
    }

    #[test]
    fn the_head_shows_the_components_parts_escaped_and_the_apps_as_written() {
        let head = Head::title("A <b> title")
            .description("\"quoted\"")
            .lang("en");
        let parts = HeadParts {
            component: Some(&head),
            app: "<link rel=\"icon\" href=\"/i.svg\">",
            extras: false,
            style: "",
        };
        let page = document(&META, &parts, "", "ab", "t", "/");
        assert!(
            page.starts_with("<!doctype html><html lang=\"en\"><head>"),
            "{page}"
        );
        assert!(
            page.contains("<title data-hid=\"0\">A &lt;b&gt; title</title>"),
            "{page}"
        );
        assert!(page.contains("<meta name=\"description\" content=\"&quot;quoted&quot;\">"));
        assert!(page.contains("<link rel=\"icon\" href=\"/i.svg\">"));
        assert!(
            !page.contains(NO_ICON),
            "the app's icon replaces the empty one"
        );
    }

    #[test]
    fn a_notice_escapes_its_text() {
        let page = notice("Not found", "No <page> here.");
        assert!(page.contains("<title>Not found</title>"));
        assert!(page.contains("<h1>Not found</h1><p>No &lt;page&gt; here.</p>"));
    }
}
