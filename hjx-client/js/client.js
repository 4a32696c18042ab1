// HJX browser client: one binary MessagePack WebSocket, events up, DOM patches down.
// The frame shapes are fixed in docs/CONTRACT.md; this file is the readable source of
// client.min.js (rebuilt by build.sh). Size is a feature: keep it small and dependency-free.
(() => {
  "use strict";
  const script = document.currentScript; // only set while this script first runs
  let { sid, token } = script.dataset;
  // The app's live routes (`/items/{id}`), as patterns: a link to one navigates over the socket.
  const routes = (script.dataset.routes || "").split(" ").filter(Boolean).map(
    (p) => RegExp("^" + p.replace(/{\*.*?}/g, ".*").replace(/{.*?}/g, "[^/]+") + "$"),
  );
  const html = document.documentElement;
  // The DOM events markup can bind; an event's wire code is its index. Generated from
  // hjx_syntax::DOM_EVENTS: `HJX_BLESS=1 cargo test -p hjx-client --test build_in_sync`
  // rewrites the lines between the markers (build.sh runs it).
  // <dom-events>
  const KINDS = ["click", "input", "change", "submit", "keydown", "focus", "blur", "keyup", "dblclick", "mouseenter", "mouseleave"];
  const CLICK = 0, INPUT = 1, CHANGE = 2, SUBMIT = 3, KEYDOWN = 4, FOCUS = 5, BLUR = 6, KEYUP = 7, DBLCLICK = 8, MOUSEENTER = 9, MOUSELEAVE = 10;
  // </dom-events>
  // Codes after which this page can never resume its session: reload once for a fresh one.
  // 2 bad token, 3 token expired, 4 unknown session, 5 protocol version mismatch (a newer
  // client is deployed), 10 handler panicked (session ended). Others: reconnect or carry on.
  const RELOAD_CODES = [2, 3, 4, 5, 10];
  const RELOADED = "hjx-reloaded";
  const TYPED = "hjx-typed";

  let ws = null; // the current socket, null while none is open or opening
  let ready = false; // READY received on ws: events before HELLO would be refused (code 11)
  let lastSeq = 0; // sequence number of the last frame applied to the DOM
  let attempt = 0; // failed connects in a row, for the backoff
  let retryTimer = 0;
  let dead = false; // the server ended the session for good: stop reconnecting
  let pongDue = false;
  const pendingInput = new Map(); // hid -> element: coalesced input events not yet sent
  const inflight = []; // the elements whose events await their answer, oldest first
  // The latency simulator: every frame waits this long, both ways (`?hjx-latency=300`, or
  // `hjxLatency(300)` in the console; kept for the tab's session).
  let latency = +new URLSearchParams(location.search).get("hjx-latency") || 0;
  try {
    latency = latency || +sessionStorage.getItem("hjx-latency");
  } catch {}
  window.hjxLatency = (ms) => {
    latency = ms;
    try {
      sessionStorage.setItem("hjx-latency", ms);
    } catch {}
  };

  // ---- MessagePack: exactly the types the protocol uses --------------------------------

  const utf8 = new TextEncoder();
  const fromUtf8 = new TextDecoder();

  // Encodes nil, bool, unsigned integers, strings and arrays (all a client frame contains).
  function encode(value, out = []) {
    const bytesOf = (n, len) => {
      for (let i = len - 1; i >= 0; i--) out.push(Math.floor(n / 2 ** (8 * i)) & 255);
    };
    // header for a length or an int: fix form below `fixMax`, else the 1/2/4-byte forms
    const head = (n, fix, fixMax, tag8, tag16, tag32) => {
      if (n < fixMax) out.push(fix | n);
      else if (tag8 && n < 256) out.push(tag8, n);
      else if (n < 65536) out.push(tag16), bytesOf(n, 2);
      else out.push(tag32), bytesOf(n, 4);
    };
    if (value == null) out.push(0xc0);
    else if (value === true || value === false) out.push(value ? 0xc3 : 0xc2);
    else if (typeof value === "number") {
      if (value >= 2 ** 32) out.push(0xcf), bytesOf(value, 8);
      else head(value, 0, 128, 0xcc, 0xcd, 0xce);
    } else if (typeof value === "string") {
      const bytes = utf8.encode(value);
      head(bytes.length, 0xa0, 32, 0xd9, 0xda, 0xdb);
      out.push(...bytes);
    } else {
      head(value.length, 0x90, 16, 0, 0xdc, 0xdd);
      for (const item of value) encode(item, out);
    }
    return out;
  }

  // Decodes any MessagePack value but extensions (EVENT data is arbitrary).
  function decode(buffer) {
    const bytes = new Uint8Array(buffer);
    const view = new DataView(buffer);
    let at = 0;
    const take = (n) => (at += n) - n;
    const str = (n) => fromUtf8.decode(bytes.subarray(at, take(n) + n));
    const bin = (n) => bytes.slice(at, take(n) + n);
    const list = (n) => Array.from({ length: n }, next);
    const map = (n) => {
      const obj = {};
      while (n--) obj[next()] = next();
      return obj;
    };
    function next() {
      const b = bytes[take(1)];
      if (b < 0x80) return b;
      if (b < 0x90) return map(b & 15);
      if (b < 0xa0) return list(b & 15);
      if (b < 0xc0) return str(b & 31);
      if (b > 0xdf) return b - 256;
      const u8 = () => view.getUint8(take(1));
      const u16 = () => view.getUint16(take(2));
      const u32 = () => view.getUint32(take(4));
      switch (b) {
        case 0xc0: return null;
        case 0xc2: return false;
        case 0xc3: return true;
        case 0xc4: return bin(u8());
        case 0xc5: return bin(u16());
        case 0xc6: return bin(u32());
        case 0xca: return view.getFloat32(take(4));
        case 0xcb: return view.getFloat64(take(8));
        case 0xcc: return u8();
        case 0xcd: return u16();
        case 0xce: return u32();
        case 0xcf: return u32() * 2 ** 32 + u32();
        case 0xd0: return view.getInt8(take(1));
        case 0xd1: return view.getInt16(take(2));
        case 0xd2: return view.getInt32(take(4));
        case 0xd3: return view.getInt32(take(4)) * 2 ** 32 + u32();
        case 0xd9: return str(u8());
        case 0xda: return str(u16());
        case 0xdb: return str(u32());
        case 0xdc: return list(u16());
        case 0xdd: return list(u32());
        case 0xde: return map(u16());
        case 0xdf: return map(u32());
      }
      throw Error("hjx: msgpack type " + b);
    }
    return next();
  }

  // ---- connection ----------------------------------------------------------------------

  function setState(state) {
    for (const s of ["connecting", "connected", "disconnected"]) {
      html.classList.toggle("hjx-" + s, s === state);
    }
  }

  // Sends now, or after the simulated latency.
  const later = (run) => (latency ? setTimeout(run, latency) : run());

  // Sends a frame (an array to encode, or bytes already encoded), once the socket is ready.
  function send(frame) {
    const socket = ws;
    const bytes = frame.buffer ? frame : new Uint8Array(encode(frame));
    if (ready) later(() => socket.readyState === 1 && socket.send(bytes));
  }

  // An element is busy from its event until the answer: class hjx-loading, aria-busy, and a
  // form's submit buttons with data-busy-text disabled and showing that text.
  function busy(el, on) {
    el.classList.toggle("hjx-loading", on);
    // Leave no empty `class` behind: the page stays as the server rendered it.
    if (!el.classList.length) el.removeAttribute("class");
    on ? el.setAttribute("aria-busy", "true") : el.removeAttribute("aria-busy");
    for (const b of el.querySelectorAll("[data-busy-text]")) {
      if (on && !b.hjxText) {
        [b.hjxText, b.hjxWas] = [b.textContent, b.disabled];
        (b.textContent = b.dataset.busyText), (b.disabled = true);
      } else if (!on && b.hjxText) {
        [b.textContent, b.disabled] = [b.hjxText, b.hjxWas];
        b.hjxText = "";
      }
    }
  }

  // One event answered (REPLY, ACK or ERROR): its element is no longer busy, unless it has
  // another event in flight. With `all`, every event (a RESYNC or a new socket).
  function answered(all) {
    for (const el of all ? inflight.splice(0) : inflight.splice(0, 1)) {
      if (!inflight.includes(el)) busy(el, false);
    }
  }

  function connect() {
    clearTimeout(retryTimer);
    if (ws || dead) return;
    setState("connecting");
    const socket = (ws = new WebSocket(
      (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/hjx/live/" + sid,
    ));
    socket.binaryType = "arraybuffer";
    socket.onopen = () => socket.send(new Uint8Array(encode([0, 1, token, lastSeq])));
    socket.onmessage = (e) => later(() => ws === socket && receive(decode(e.data)));
    socket.onclose = () => {
      if (ws !== socket) return; // a socket we already gave up on
      ws = null;
      ready = false;
      setState("disconnected");
      // Exponential backoff with full jitter, so a restarted server is not stormed at once.
      retryTimer = setTimeout(connect, Math.random() * Math.min(3e4, 250 * 2 ** attempt++));
    };
  }

  // Drops the current socket and connects again at once, resuming from lastSeq: the server
  // then replays what we missed or sends a RESYNC.
  function reconnect() {
    if (ws) {
      const old = ws;
      ws = null;
      ready = false;
      old.close();
    }
    pick(document);
  connect();
  }

  function receive(frame) {
    pongDue = false; // any frame proves the connection alive
    const [tag, a, b] = frame;
    if (tag === 0 || tag === 7) {
      // PATCHES (7: REPLY, the answer to our own event): apply in order; a duplicate is
      // ignored, a gap asks for a resync.
      // A REPLY first ends the busy state, so that its patches (a button the server now
      // disables) have the last word.
      if (tag === 7) answered();
      if (a === lastSeq + 1) apply(() => patch(frame), a);
      else if (a > lastSeq) reconnect();
    } else if (tag === 8) {
      answered(); // ACK: handled, nothing changed
    } else if (tag === 1) {
      window.dispatchEvent(new CustomEvent("hjx:" + a, { detail: b }));
    } else if (tag === 2) {
      apply(() => pick((document.querySelector("[data-hjx-root]").innerHTML = b, document)), a);
      answered(true);
    } else if (tag === 3) {
      console.warn("hjx", a, b);
      answered();
      if (RELOAD_CODES.includes(a)) {
        dead = true; // never loop: after one reload that fails too, stay disconnected
        ws.close();
        setState("disconnected"); // now, not after the close handshake
        try {
          if (!sessionStorage.getItem(RELOADED)) {
            sessionStorage.setItem(RELOADED, 1);
            sessionStorage.setItem(TYPED, JSON.stringify([location.href, typed()]));
            location.reload();
          }
        } catch {}
      }
    } else if (tag === 6) {
      // NAVIGATE: go to the URL (`b`: replacing the history entry), over the socket when it is
      // a live route, unless the server says to load it (`frame[3]`).
      navWait = 0;
      frame[3] ? (progress(), location.assign(a)) : go(a, b ? 2 : 1);
    } else if (tag === 9) {
      // NAVIGATED: the page asked for, as a new session this socket serves from now on.
      const [, url, s, t, title, body] = frame;
      [sid, token, lastSeq] = [s, t, 0];
      apply(() => pick((document.querySelector("[data-hjx-root]").innerHTML = body, document)), 0);
      document.title = title;
      moved(url + navHash, navMode);
      const anchor = document.getElementById(navHash.slice(1)); // none for no hash

      anchor ? anchor.scrollIntoView() : navMode && scrollTo(0, 0);
    } else if (tag === 10) {
      // URL: the page is now at `a`, with no remount (its query changed); `b` replaces the entry.
      navWait ? moved(a + navHash, navMode) : moved(a, b ? 2 : 1);
    } else if (tag === 5) {
      answered(true); // a new socket: nothing sent before it will be answered
      ready = true;
      attempt = 0;
      // A server that lost our history starts over: take its number, it will RESYNC.
      if (a < lastSeq) lastSeq = a;
      try {
        sessionStorage.removeItem(RELOADED);
        restore(JSON.parse(sessionStorage.getItem(TYPED)));
      } catch {}
      setState("connected");
      flushInput();
    }
  }

  // ---- live navigation ---------------------------------------------------------------

  let navMode = 0; // how the page being opened enters history: 0 it is there (back, forward), 1 push, 2 replace
  let navHash = "";
  let navWait = 0; // a NAVIGATE of ours awaits its answer
  let here = location.pathname; // the path of the page shown
  // A thin bar at the top while a navigation takes longer than a moment.
  const bar = document.createElement("div");
  bar.className = "hjx-progress";
  bar.style.cssText = "position:fixed;inset:0 0 auto;height:3px;background:#29d";
  let barTimer;
  function progress(on) {
    clearTimeout(barTimer);
    on ? (barTimer = setTimeout(() => document.body.append(bar), 150)) : bar.remove();
  }

  // The page is at `url` now: history gets it (`mode` as navMode), the navigation is over.
  function moved(url, mode) {
    if (mode) history[mode > 1 ? "replaceState" : "pushState"](null, "", url);
    [navWait, here] = [0, url.split(/[?#]/)[0]];
    progress();
  }

  const isLive = (url) => url.origin === location.origin && routes.some((r) => r.test(url.pathname));

  // Opens `href` over the socket when it is a live route and the socket is up, else loads it.
  function go(href, mode) {
    const url = new URL(href, location.href);
    progress(1);
    if (!ready || !isLive(url)) return location[mode > 1 ? "replace" : "assign"](url);
    [navMode, navHash, navWait] = [mode, url.hash, 1];
    // Only the query changes: a component with a `params` hook keeps its state.
    send([3, url.pathname + url.search, url.pathname === here]);
  }

  document.addEventListener("click", (e) => {
    const a = e.target.closest?.("a[href]");
    // A modified or middle click, a `target` or a download is the browser's.
    if (!a || e.defaultPrevented || e.button || held(e) || a.target || a.hasAttribute("download")) return;
    const url = new URL(a.href);
    // Links to other sites and routes, and anchors within this page, are the browser's.
    if (!isLive(url) || (url.pathname + url.search === location.pathname + location.search && url.hash)) return;
    e.preventDefault();
    go(url, 1);
  });
  addEventListener("popstate", () => go(location.href, 0));

  // ---- form recovery -------------------------------------------------------------------

  // What the user typed into the page's fields (not passwords, hidden or file inputs), by
  // hydration ID or name: kept across the reload that a lost session forces.
  const fields = () =>
    [...document.querySelectorAll("[data-hjx-root] :is(input, textarea, select)")].filter(
      (el) => !/^(password|hidden|file)$/.test(el.type) && (el.dataset.hid || el.name),
    );
  const typed = () =>
    fields().map((el) => [el.dataset.hid, el.name, /^(checkbox|radio)$/.test(el.type) ? el.checked : el.value]);

  // Puts what was typed back into the fresh page, once, and tells the new session through
  // the fields' own events, so bound fields are restored on the server too.
  function restore(saved) {
    sessionStorage.removeItem(TYPED);
    if (!saved || saved[0] !== location.href) return;
    const all = fields();
    for (const [hid, name, value] of saved[1]) {
      const el = all.find((f) => (hid ? f.dataset.hid === hid : f.name === name));
      if (!el) continue;
      const box = typeof value === "boolean";
      if (box ? el.checked === value : el.value === value) continue;
      box ? (el.checked = value) : (el.value = value);
      el.dispatchEvent(new Event(box || el.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
    }
  }

  // Keepalive: a PING every 25 s; no answer by the next one means a dead link, so reconnect.
  setInterval(() => {
    if (!ready) return;
    if (pongDue) reconnect();
    else (pongDue = true), send([2]);
  }, 25e3);

  // ---- patches -----------------------------------------------------------------------

  // A bound <select> renders its value as an attribute; the browser only selects by option.
  const pick = (root) => {
    for (const s of root.querySelectorAll("select[value]")) s.value = s.getAttribute("value");
  };

  const byHid = (hid) => document.querySelector('[data-hid="' + hid + '"]');

  // Runs one frame's DOM changes synchronously (so the browser never paints half a frame)
  // and keeps the focus and caret on the element the user was in if it got re-rendered.
  function apply(change, seq) {
    const focused = document.activeElement;
    const hid = focused && focused.dataset && focused.dataset.hid;
    const { selectionStart: start, selectionEnd: end } = focused || {};
    change();
    lastSeq = seq;
    if (hid && !focused.isConnected) {
      const again = byHid(hid);
      if (again) {
        again.focus();
        try {
          again.setSelectionRange(start, end);
        } catch {}
      }
    }
  }

  const PROPS = ["value", "checked", "selected"];

  function patch(ops) {
    for (let i = 2; i < ops.length; ) {
      const op = ops[i];
      const el = byHid(ops[i + 1]);
      const [x, y] = ops.slice(i + 2, i + 4);
      i += op === 1 || op > 3 && op !== 5 ? 4 : 3;
      if (!el) continue; // gone with a region replaced earlier in this frame
      if (op === 0) el.textContent = x;
      else if (op === 1) {
        el.setAttribute(x, y);
        if (PROPS.includes(x)) setProp(el, x, x === "value" ? y : true);
      } else if (op === 2) {
        el.removeAttribute(x);
        if (PROPS.includes(x)) setProp(el, x, x === "value" ? "" : false);
      } else if (op === 3) pick((el.innerHTML = x, el));
      else if (op === 4) {
        const t = document.createElement("template");
        t.innerHTML = y;
        pick(t.content);
        el.insertBefore(t.content, el.children[x] || null);
      } else if (op === 5) (el.children[x] || el).remove(); // -1: a stream item itself
      else el.insertBefore(el.children[x], el.children[x < y ? y + 1 : y] || null);
    }
  }

  // Sets a form property, unless it is a stale echo of what the user is typing: a value this
  // element sent earlier, arriving while the element is focused and already holds newer text.
  // A value the server chose itself (say, clearing a chat box) always gets through.
  function setProp(el, name, value) {
    const sent = el.hjxSent || [];
    const i = sent.lastIndexOf(value);
    if (name === "value" && i >= 0) {
      sent.splice(0, i + 1); // the server has processed these
      if (el === document.activeElement && el.value !== value) return;
    }
    el[name] = value;
  }

  // ---- events --------------------------------------------------------------------------

  // The element bound to this DOM event: the target or an ancestor whose data-on lists it.
  function boundElement(e) {
    for (let el = e.target; el && el.getAttribute; el = el.parentElement) {
      if ((" " + el.getAttribute("data-on") + " ").includes(" " + e.type + " ")) return el;
      // focus, blur, mouseenter and mouseleave do not bubble: only their target is bound.
      if (/^(f|b|mousee|mousel)/.test(e.type)) return;
    }
  }

  const isKey = (kind) => kind === KEYDOWN || kind === KEYUP;
  // The modifier keys held, as the wire's mask: 1 ctrl, 2 shift, 4 alt, 8 meta.
  const held = (e) => e.ctrlKey | (e.shiftKey << 1) | (e.altKey << 2) | (e.metaKey << 3);

  function payload(el, kind, e) {
    if (isKey(kind)) return e.key;
    if (kind === SUBMIT) return [...new FormData(el)].map(([k, v]) => [k, "" + v]);
    if (kind === INPUT || kind === CHANGE) {
      if (el.type === "checkbox" || el.type === "radio") return el.checked;
      const sent = (el.hjxSent = el.hjxSent || []);
      if (sent.push(el.value) > 64) sent.shift();
      return el.value;
    }
  }

  function sendEvent(el, kind, e) {
    const data = payload(el, kind, e);
    const frame = [1, +el.dataset.hid, kind].concat(data === undefined ? [] : [data]);
    if (isKey(kind) && held(e)) frame.push(held(e));
    if (ready) inflight.push(el), busy(el, true);
    send(frame);
  }

  // Coalesces input events: only the latest value per element is sent, and only once the
  // socket has drained, so a fast typist does not queue one frame per key.
  function flushInput(now) {
    if (!ready) return; // sent after the next READY
    if (!now && ws.bufferedAmount) return void setTimeout(flushInput, 16);
    for (const el of pendingInput.values()) sendEvent(el, INPUT);
    pendingInput.clear();
  }

  function dispatch(el, kind, e) {
    if (kind === INPUT) {
      if (!pendingInput.size) queueMicrotask(flushInput);
      pendingInput.set(el.dataset.hid, el);
    } else {
      flushInput(true); // what was typed before this event reaches the server first
      sendEvent(el, kind, e);
    }
  }

  // Sends the event unless the binding's modifiers (`data-on-<type>`) hold it back: a key
  // filter that no binding of the key matches (`<key>/<mask>` tokens), a debounce (sent once
  // the events pause, with the latest data) or a throttle (at most once a window; the last of
  // a burst is sent when the window ends).
  function fire(el, kind, e) {
    const mods = (el.getAttribute("data-on-" + e.type) || "").split(" ").filter(Boolean);
    const key = e.key === " " ? "space" : (e.key || "").toLowerCase();
    const filters = mods.filter((m) => m.includes("/"));
    if (
      filters.length &&
      !filters.some((f) => {
        const [k, m] = f.split("/");
        return (!k || k === key) && (held(e) & m) == m;
      })
    )
      return;
    const timed = (name) => +(mods.find((m) => m.startsWith(name)) || ":").split(":")[1];
    const wait = timed("debounce"), gap = timed("throttle");
    const timers = (el.hjxTimers = el.hjxTimers || {});
    const go = () => dispatch(el, kind, e);
    if (wait) {
      clearTimeout(timers[kind]);
      timers[kind] = setTimeout(go, wait);
    } else if (gap) {
      const due = (timers["t" + kind] || 0) + gap - Date.now();
      clearTimeout(timers[kind]);
      if (due > 0) timers[kind] = setTimeout(() => ((timers["t" + kind] = Date.now()), go()), due);
      else (timers["t" + kind] = Date.now()), go();
    } else go();
  }

  KINDS.forEach((type, kind) =>
    document.addEventListener(
      type,
      (e) => {
        const el = boundElement(e);
        if (el && el.dataset.hid) {
          if (kind === SUBMIT || (kind === CLICK && el.closest("a[href]"))) e.preventDefault();
          fire(el, kind, e);
        }
        // Window-level bindings (`on keydown.window.escape`): every element that asks.
        for (const w of document.querySelectorAll("[data-win~=" + type + "]")) fire(w, kind, e);
      },
      // focus, blur, mouseenter and mouseleave reach the document only in the capture phase
      /^(f|b|mousee|mousel)/.test(type),
    ),
  );

  // Reconnect at once when the network or the page comes back, instead of waiting out
  // the backoff; leave the back-forward cache a closed socket so the page can be cached.
  const now = () => connect();
  addEventListener("online", now);
  addEventListener("pageshow", (e) => e.persisted && now());
  document.addEventListener("visibilitychange", () => document.hidden || now());
  addEventListener("pagehide", (e) => {
    if (e.persisted && ws) ws.close();
  });

  connect();

  // Exposed for the browser tests (codec round trips) and for extras.js (send).
  window.hjx = { encode, decode, send };
})();
