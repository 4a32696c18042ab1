// HJX browser client, second file: element hooks and client commands. Pages load it only when
// their app's markup uses them (`hook="…"`, `on <event> -> js.…`); it runs after client.js and
// sends through it (`window.hjx.send`). Readable source of extras.min.js (rebuilt by build.sh).
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
})();
