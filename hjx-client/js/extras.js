// HJX browser client, second file: element hooks, client commands and uploads. Pages load it
// only when their app's markup uses them (`hook="…"`, `on <event> -> js.…`, `on upload`); it
// runs after client.js and talks through it (`window.hjx.send`, and the server's EVENT frames
// on `window`). Readable source of extras.min.js (rebuilt by build.sh).
(() => {
  "use strict";
  // The DOM events markup can bind, from hjx_syntax::DOM_EVENTS (rewritten by build.sh).
  // <dom-events>
  const KINDS = ["click", "input", "change", "submit", "keydown", "focus", "blur", "keyup", "dblclick", "mouseenter", "mouseleave"];
  // </dom-events>
  const HOOK = 11; // the wire code of a hook's event (hjx_syntax::HOOK_EVENT)

  // ---- hooks ---------------------------------------------------------------------------
  // `window.hjxHooks.Name` is the hook of the elements with `hook="Name"`: its `mounted`,
  // `updated` (the element or its content changed) and `destroyed` run with `this.el`, the
  // element. `this.push(name, value)` sends the event that `on hook.<name>` binds (a value that
  // is not text goes as JSON); `this.handleEvent(name, fn)` runs `fn(detail)` for each
  // `push_event(name, …)` of the server, until the element goes.
  const live = new Map(); // element -> its hook
  let observer;

  // Runs a hook's callback; the DOM changes it makes itself do not count as updates.
  function call(hook, name) {
    try {
      hook[name] && hook[name]();
    } finally {
      observer && observer.takeRecords();
    }
  }

  function scan() {
    for (const [el, hook] of live) {
      if (!el.isConnected) live.delete(el), call(hook, "destroyed"), hook.off.forEach((f) => f());
    }
    for (const el of document.querySelectorAll("[data-hook]")) {
      const spec = (window.hjxHooks || {})[el.dataset.hook];
      if (live.has(el) || !spec) continue;
      const hook = Object.assign(Object.create(spec), {
        el,
        off: [],
        push(name, value) {
          if (!el.dataset.hid) return console.warn("hjx: no `on hook." + name + "` on this element", el);
          hjx.send([1, +el.dataset.hid, HOOK, name, typeof value == "string" ? value : JSON.stringify(value)]);
        },
        handleEvent(name, fn) {
          const f = (e) => fn(e.detail);
          addEventListener("hjx:" + name, f);
          this.off.push(() => removeEventListener("hjx:" + name, f));
        },
      });
      live.set(el, hook);
      call(hook, "mounted");
    }
  }

  observer = new MutationObserver((records) => {
    const changed = new Set();
    for (const r of records) for (const [el, hook] of live) if (el.contains(r.target)) changed.add(hook);
    scan();
    for (const hook of changed) if (live.get(hook.el) === hook) call(hook, "updated");
  });
  observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  scan();

  // ---- client commands -----------------------------------------------------------------
  // `data-js-<event>` holds `[[command, selector, class?], …]`, run in order on every element
  // the selector matches (the first, for `focus`), with no round trip.
  const COMMANDS = {
    show: (el) => (el.hidden = false),
    hide: (el) => (el.hidden = true),
    toggle: (el) => (el.hidden = !el.hidden),
    add_class: (el, c) => el.classList.add(c),
    remove_class: (el, c) => el.classList.remove(c),
    toggle_class: (el, c) => el.classList.toggle(c),
    focus: (el) => el.focus(),
  };

  const quiet = /^(focus|blur|mouseenter|mouseleave)$/; // events that do not bubble
  for (const type of KINDS) {
    document.addEventListener(
      type,
      (e) => {
        for (let el = e.target; el && el.getAttribute; el = el.parentElement) {
          const commands = el.getAttribute("data-js-" + type);
          if (commands) {
            if (type === "submit") e.preventDefault();
            for (const [name, selector, c] of JSON.parse(commands)) {
              const els = document.querySelectorAll(selector);
              for (const target of name === "focus" ? [...els].slice(0, 1) : els) COMMANDS[name](target, c);
            }
            return;
          }
          if (quiet.test(type)) return;
        }
      },
      quiet.test(type),
    );
  }

  // ---- uploads -------------------------------------------------------------------------
  // A file input bound with `on upload` sends each file it is given over the socket, in
  // chunks, a few in flight, paced by the server's acknowledgements. While a file travels the
  // input carries `data-progress` (0 to 100), and every `progress[data-upload="<input id>"]`
  // shows it; a refusal's reason goes into every `[data-upload-status="<input id>"]`. The input
  // dispatches `hjx:upload-progress` ({name, received, size}) and `hjx:upload-error` ({name,
  // message}). A button with `data-upload-cancel="<input id>"` cancels the input's uploads.
  const CHUNK = 32768;
  const WINDOW = 4 * CHUNK; // bytes sent but not yet acknowledged
  const uploads = new Map(); // upload number -> { el, file, sent, acked }
  let numbered = 0;
  const tell = (el, type, detail) => el.dispatchEvent(new CustomEvent("hjx:upload-" + type, { bubbles: true, detail }));
  const each = (attr, el, f) => el.id && document.querySelectorAll("[" + attr + '="' + el.id + '"]').forEach(f);

  // `[5, upload, offset, bytes]`, the bytes as MessagePack bin 32.
  function chunk(n, at, bytes) {
    const head = hjx.encode([5, n, at]);
    head[0] = 0x94; // four elements
    const len = bytes.length;
    const out = new Uint8Array(head.length + 5 + len);
    out.set(head);
    out.set([0xc6, len >>> 24, (len >>> 16) & 255, (len >>> 8) & 255, len & 255], head.length);
    out.set(bytes, head.length + 5);
    return out;
  }

  // Sends the upload's next chunks, in order, while the window allows: one loop at a time.
  async function pump(n) {
    const up = uploads.get(n);
    if (!up || up.busy) return;
    up.busy = 1;
    while (uploads.has(n) && up.sent < up.file.size && up.sent - up.acked < WINDOW) {
      const at = up.sent;
      const end = Math.min(at + CHUNK, up.file.size);
      const bytes = new Uint8Array(await up.file.slice(at, end).arrayBuffer());
      up.sent = end;
      if (uploads.has(n)) hjx.send(chunk(n, at, bytes));
    }
    up.busy = 0;
  }

  document.addEventListener("change", (e) => {
    const el = e.target;
    if (!el.files || !/(^| )upload( |$)/.test(el.getAttribute("data-on"))) return;
    each("data-upload-status", el, (out) => (out.textContent = ""));
    for (const file of el.files) {
      uploads.set(++numbered, { el, file, sent: 0, acked: 0 });
      hjx.send([4, +el.dataset.hid, numbered, file.name, file.size, file.type, el.files.length]);
    }
  });

  addEventListener("hjx:hjx-uploaded", ({ detail: [n, received] }) => {
    const up = uploads.get(n);
    if (!up) return;
    up.acked = received;
    const percent = Math.floor((100 * received) / (up.file.size || 1));
    up.el.dataset.progress = percent;
    each("data-upload", up.el, (bar) => (bar.value = percent));
    tell(up.el, "progress", { name: up.file.name, received, size: up.file.size });
    received < up.file.size ? pump(n) : uploads.delete(n);
  });

  addEventListener("hjx:hjx-upload-refused", ({ detail: [n, message] }) => {
    const up = uploads.get(n);
    if (!up) return;
    uploads.delete(n);
    each("data-upload-status", up.el, (out) => (out.textContent = message));
    tell(up.el, "error", { name: up.file.name, message });
  });

  document.addEventListener("click", (e) => {
    const id = e.target.closest && e.target.closest("[data-upload-cancel]")?.dataset.uploadCancel;
    for (const [n, up] of uploads) {
      if (id && up.el.id === id) uploads.delete(n), hjx.send([6, n]);
    }
  });
})();
