//! The contact example's typed form in real headless Chromium: a refused submit shows each
//! error beside its field and loses nothing typed; fixing the fields and sending again clears
//! the errors and the inputs. The live DOM converges to a fresh server render
//! of a model driven by the same events, with no console errors.
//!
//! Run with `cargo test -p hjx-tests --test browser_forms`.

mod browser_support;

use browser_support::with_browser;
use hjx_examples::contact::ContactForm;
use hjx_runtime::Live;
use hjx_tests::client::TestServer;
use hjx_tests::model::Model;
use serde_json::json;

/// The values of the form's inputs, by name, as the browser holds them.
const VALUES: &str = "return ['name', 'email', 'message', 'rating'] \
    .map(n => document.querySelector('input[name=' + n + ']').value);";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_submit_shows_errors_beside_fields_and_keeps_every_typed_value() {
    with_browser(|browser| async move {
        let server = TestServer::start(Live::new().mount::<ContactForm>("/")).await;
        browser.goto(&format!("http://{}/", server.addr)).await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;
        let mut model = Model::<ContactForm>::default();

        browser.type_into("input[name=name]", "Ada").await;
        browser.type_into("input[name=email]", "ada@").await;
        browser.type_into("input[name=message]", "Hello").await;
        browser.type_into("input[name=rating]", "9").await;
        browser.click("button[type=submit]").await;
        browser
            .wait_for("document.body.textContent.includes('An email address has')")
            .await;
        assert_eq!(
            browser.js(VALUES, vec![]).await,
            json!(["Ada", "ada@", "Hello", "9"]),
            "a refused submit keeps what was typed"
        );
        let beside = browser
            .js(
                "const error = document.querySelector('input[name=email]') \
                   .closest('label').nextElementSibling; \
                 return error && error.textContent;",
                vec![],
            )
            .await;
        assert_eq!(
            beside,
            json!("An email address has an @ and a dot after it.")
        );
        model.input(model.hid("name=\"name\""), "Ada");
        model.input(model.hid("name=\"email\""), "ada@");
        model.input(model.hid("name=\"message\""), "Hello");
        model.input(model.hid("name=\"rating\""), "9");
        let submit = model.hid("data-on=\"submit\"");
        let typed = |email| {
            [
                ("name", "Ada"),
                ("email", email),
                ("message", "Hello"),
                ("rating", "9"),
            ]
        };
        model.submit(submit, &typed("ada@"));
        browser
            .converges_to(&model.html(), "after the refused submit")
            .await;

        // Fixing the address leaves the rating's error; fixing that sends the message.
        browser.type_into("input[name=email]", "example.com").await;
        browser.click("button[type=submit]").await;
        browser
            .wait_for("!document.body.textContent.includes('An email address has')")
            .await;
        assert!(
            browser
                .wait_for("document.body.textContent.includes('Rating must be from 1 to 5')")
                .await
                .as_bool()
                .unwrap_or(false)
        );
        assert_eq!(
            browser.js(VALUES, vec![]).await,
            json!(["Ada", "ada@example.com", "Hello", "9"])
        );
        browser
            .js(
                "document.querySelector('input[name=rating]').value = '';",
                vec![],
            )
            .await;
        browser.type_into("input[name=rating]", "4").await;
        browser.click("button[type=submit]").await;
        browser
            .wait_for("document.body.textContent.includes('Thank you, Ada!')")
            .await;
        model.input(model.hid("name=\"email\""), "ada@example.com");
        model.submit(submit, &typed("ada@example.com"));
        model.input(model.hid("name=\"rating\""), "");
        model.input(model.hid("name=\"rating\""), "4");
        model.submit(
            submit,
            &[
                ("name", "Ada"),
                ("email", "ada@example.com"),
                ("message", "Hello"),
                ("rating", "4"),
            ],
        );
        browser.converges_to(&model.html(), "after sending").await;
        assert_eq!(browser.js(VALUES, vec![]).await, json!(["", "", "", ""]));
        assert!(browser.console_errors().await.is_empty());
        server.shutdown().await;
        browser
    })
    .await;
}
