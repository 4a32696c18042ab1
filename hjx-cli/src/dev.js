// The page's side of `hjx dev`: reloads the page when the server restarts (resuming its
// session), and shows a failed build's error over the page until the next good build.
(() => {
  const base = document.currentScript.src.replace(/\/dev\.js.*$/, "");
  // The resume cookie is for the one reload that set it.
  document.cookie = "hjx-resume=; path=/; max-age=0";
  let overlay = null;
  const show = (error) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "hjx-dev-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:32px;" +
        "background:rgba(24,24,27,.94);color:#f4f4f5;font:14px/1.5 ui-monospace,monospace";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    const title = document.createElement("div");
    title.style.cssText = "color:#fca5a5;font-weight:bold;margin-bottom:8px";
    title.textContent = "Build failed" + (error.file ? ": " + error.file + ":" + error.line + ":" + error.column : "");
    const message = document.createElement("div");
    message.className = "hjx-dev-message";
    message.textContent = error.message;
    const rendered = document.createElement("pre");
    rendered.style.cssText = "white-space:pre-wrap;color:#d4d4d8;margin-top:16px";
    rendered.textContent = error.rendered;
    overlay.append(title, message, rendered);
  };
  const events = new EventSource(base + "/events");
  events.addEventListener("fail", (event) => show(JSON.parse(event.data)));
  events.addEventListener("ok", () => {
    if (overlay) overlay.remove();
    overlay = null;
  });
  events.addEventListener("reload", () => {
    const script = document.querySelector("script[data-token]");
    if (script) document.cookie = "hjx-resume=" + script.dataset.token + "; path=/; max-age=30";
    location.reload();
  });
})();
