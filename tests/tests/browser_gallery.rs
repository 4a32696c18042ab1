//! The gallery example in real headless Chromium: its canvas hook mounts, sends strokes to the
//! server with `push` (`on hook.stroke`), hears the server's `push_event` (`handleEvent`), runs
//! `updated` when the server's patch changes its element and `destroyed` when the element goes;
//! its client commands change the page with no round trip.
//!
//! Run with `cargo test -p hjx-tests --test browser_gallery`.

mod browser_support;

use browser_support::{Browser, with_browser};
use hjx_tests::client::TestServer;
use serde_json::json;

const CONNECTED: &str = "document.documentElement.classList.contains('hjx-connected')";

/// Draws a stroke through `points` on the canvas with pointer events, as a mouse would.
async fn draw(browser: &Browser, points: &[(u32, u32)]) {
    let points: Vec<serde_json::Value> = points.iter().map(|(x, y)| json!([x, y])).collect();
    browser
        .js(
            "const c = document.querySelector('canvas.pad'); const r = c.getBoundingClientRect(); \
             const at = ([x, y]) => ({ clientX: r.left + x * r.width / c.width, clientY: r.top + y * r.height / c.height, bubbles: true, pointerId: 1 }); \
             const points = arguments[0]; \
             c.dispatchEvent(new PointerEvent('pointerdown', at(points[0]))); \
             for (const p of points.slice(1)) c.dispatchEvent(new PointerEvent('pointermove', at(p))); \
             c.dispatchEvent(new PointerEvent('pointerup', at(points[points.length - 1])));",
            vec![json!(points)],
        )
        .await;
}

/// Whether the canvas has any pixel drawn.
const INKED: &str = "(() => { const c = document.querySelector('canvas.pad'); \
    return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v) => v !== 0); })()";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_canvas_hook_talks_with_the_server_and_commands_need_no_round_trip() {
    let server = TestServer::start(hjx_examples::gallery::live()).await;
    let url = format!("http://{}/", server.addr);
    with_browser(|browser| async move {
        browser.goto(&url).await;
        browser.wait_for(CONNECTED).await;

        // The hook draws locally and sends each finished stroke; the server counts them.
        draw(&browser, &[(10, 10), (100, 40), (200, 80)]).await;
        browser
            .wait_for("document.querySelector('.count').textContent === '1 strokes'")
            .await;
        assert_eq!(browser.js(&format!("return {INKED}"), vec![]).await, json!(true));
        draw(&browser, &[(300, 300), (320, 200)]).await;
        browser
            .wait_for("document.querySelector('.count').textContent === '2 strokes'")
            .await;

        // A stroke the server cannot read is refused with a reason, and not counted.
        browser
            .js(
                "const c = document.querySelector('canvas.pad'); \
                 hjx.send([1, +c.dataset.hid, 11, 'stroke', 'nonsense']);",
                vec![],
            )
            .await;
        browser
            .wait_for("document.querySelector('.problem')?.textContent === 'That stroke could not be read.'")
            .await;

        // Saving: the server draws the sketch as SVG, tells the hook (handleEvent), and its
        // patch of the stroke count makes the hook clear the canvas (updated).
        browser.type_into("input.title", "Hills").await;
        browser.click("button.save").await;
        browser
            .wait_for("document.querySelector('.sketches .caption')?.textContent === 'Hills'")
            .await;
        assert_eq!(
            browser
                .js(
                    "return document.querySelector('.sketches path').getAttribute('d')",
                    vec![]
                )
                .await,
            json!("M10 10 L100 40 L200 80 M300 300 L320 200")
        );
        browser
            .wait_for("document.querySelector('canvas.pad').dataset.saved === '1'")
            .await;
        browser
            .wait_for("document.querySelector('.count').textContent === '0 strokes'")
            .await;
        browser.wait_for(&format!("!{INKED}")).await;

        // Client commands run at once, even with every frame delayed by 2 s.
        browser.js("hjxLatency(2000)", vec![]).await;
        let changed = browser
            .js(
                "const help = document.querySelector('#help'); const before = help.hidden; \
                 document.querySelector('.help-toggle').click(); \
                 document.querySelector('.compact-toggle').click(); \
                 return [before, help.hidden, document.querySelector('.sketches').classList.contains('compact')];",
                vec![],
            )
            .await;
        assert_eq!(changed, json!([true, false, true]));
        browser.js("hjxLatency(0)", vec![]).await;

        // The element going runs the hook's `destroyed`.
        browser
            .js(
                "hjxHooks.Sketch.destroyed = function () { window.gone = this.el.tagName; }; \
                 document.querySelector('canvas.pad').remove();",
                vec![],
            )
            .await;
        browser.wait_for("window.gone === 'CANVAS'").await;
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        browser
    })
    .await;
    server.shutdown().await;
}

/// The bytes of the test's big file: `(i * 31 + 7) mod 256`, as the page makes them too.
fn big_file(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i.wrapping_mul(31) + 7) as u8).collect()
}

/// Gives the file input `files` (each `[name, type, length]`, its bytes made as [`big_file`]'s)
/// and counts the progress it reports, in `window.progressSeen`.
async fn choose(browser: &Browser, files: serde_json::Value) {
    browser
        .js(
            "const input = document.querySelector('#photos'); window.progressSeen = 0; \
             input.addEventListener('hjx:upload-progress', () => window.progressSeen++); \
             const dt = new DataTransfer(); \
             for (const [name, type, len] of arguments[0]) { \
               const bytes = new Uint8Array(len); \
               for (let i = 0; i < len; i++) bytes[i] = (i * 31 + 7) & 255; \
               dt.items.add(new File([bytes], name, { type })); \
             } \
             input.files = dt.files; \
             input.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![files],
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ten_megabyte_upload_arrives_intact_with_progress_and_limits_are_clear() {
    let server = TestServer::start(hjx_examples::gallery::live()).await;
    let url = format!("http://{}/", server.addr);
    let size = 10 * 1024 * 1024;
    let expected = format!("{:016x}", hjx_examples::gallery::fnv1a64(&big_file(size)));
    with_browser(|browser| async move {
        browser.goto(&url).await;
        browser.wait_for(CONNECTED).await;

        choose(&browser, json!([["big.png", "image/png", size]])).await;
        browser
            .wait_for("document.querySelector('.photos .photo-sum')")
            .await;
        assert_eq!(
            browser
                .js(
                    "return [...document.querySelectorAll('.photos li')].map(li => li.textContent)",
                    vec![]
                )
                .await,
            json!([format!("big.png{size} bytes{expected}")])
        );
        let seen = browser.js("return window.progressSeen", vec![]).await;
        assert!(seen.as_u64().unwrap_or(0) >= 3, "progress seen {seen}");
        assert_eq!(
            browser
                .js("return [document.querySelector('#photos').dataset.progress, document.querySelector('#photo-progress').value]", vec![])
                .await,
            json!(["100", 100])
        );

        // Each limit refuses with a reason the page shows, and stores nothing.
        for (files, reason) in [
            (json!([["notes.txt", "text/plain", 10]]), "notes.txt is not a type this form takes (image/*)."),
            (json!([["huge.png", "image/png", 13 * 1024 * 1024]]), "huge.png is too large: at most 12 MB."),
            (
                json!([["1.png", "image/png", 1], ["2.png", "image/png", 1], ["3.png", "image/png", 1], ["4.png", "image/png", 1], ["5.png", "image/png", 1], ["6.png", "image/png", 1]]),
                "Choose at most 5 files.",
            ),
        ] {
            choose(&browser, files).await;
            browser
                .wait_for(&format!(
                    "document.querySelector('.upload-status').textContent === {}",
                    json!(reason)
                ))
                .await;
        }
        assert_eq!(
            browser
                .js("return document.querySelectorAll('.photos li').length", vec![])
                .await,
            json!(1)
        );

        // Two files at once both arrive.
        choose(&browser, json!([["a.png", "image/png", 70000], ["b.png", "image/png", 5]])).await;
        browser
            .wait_for("document.querySelectorAll('.photos li').length === 3")
            .await;
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        browser
    })
    .await;
    server.shutdown().await;
}
