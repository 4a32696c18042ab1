// The gallery's canvas hook: draws the strokes the pointer makes, sends each finished one to
// the server as "x,y x,y …", clears when the server's stroke count drops to 0, and marks the
// canvas with the ID of the last saved drawing (the server's `saved` event).
window.hjxHooks = Object.assign(window.hjxHooks || {}, {
  Sketch: {
    mounted() {
      const el = this.el;
      const ctx = (this.ctx = el.getContext("2d"));
      ctx.lineWidth = 3;
      ctx.lineCap = "round";
      let points = null;
      const at = (e) => {
        const r = el.getBoundingClientRect();
        return [
          Math.round(((e.clientX - r.left) * el.width) / r.width),
          Math.round(((e.clientY - r.top) * el.height) / r.height),
        ];
      };
      el.addEventListener("pointerdown", (e) => {
        points = [at(e)];
      });
      el.addEventListener("pointermove", (e) => {
        if (!points) return;
        const [x0, y0] = points[points.length - 1];
        const [x, y] = at(e);
        points.push([x, y]);
        ctx.beginPath();
        ctx.moveTo(x0, y0);
        ctx.lineTo(x, y);
        ctx.stroke();
      });
      el.addEventListener("pointerup", () => {
        if (points && points.length > 1) this.push("stroke", points.map((p) => p.join(",")).join(" "));
        points = null;
      });
      this.handleEvent("saved", (id) => (el.dataset.saved = id));
    },
    updated() {
      if (this.el.dataset.strokes === "0") this.ctx.clearRect(0, 0, this.el.width, this.el.height);
    },
  },
});
