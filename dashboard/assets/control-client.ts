/**
 * Take-over in the browser (dashboard and Mini App): while this person holds
 * the controls, a click or tap on the screen image becomes a click at the
 * desktop pixel under it (scaled from the displayed size, letterboxing
 * included), typed characters go as `type`, special keys and Ctrl/Alt
 * combinations as `key` (xdotool names), the wheel as `scroll`. Actions go
 * one at a time, in order; each answer carries the new screen, painted at
 * once (the live stream brings it to everyone else). Works without any
 * other script, so it also runs inside Telegram when Telegram's own script
 * cannot load.
 */
export const CONTROL_SCRIPT = `(() => {
  const panel = document.querySelector("[data-control]");
  if (!panel) return;
  const base = panel.getAttribute("data-control");
  const csrf = panel.getAttribute("data-csrf") || "";
  const screen = document.querySelector(".screen");
  const img = document.querySelector("img[data-frame]");
  const status = panel.querySelector("[data-control-status]");
  const take = panel.querySelector("[data-take]");
  const holding = panel.querySelector("[data-holding]");
  const typeForm = panel.querySelector("[data-type-form]");
  const typeInput = panel.querySelector("[data-type-input]");
  const backForm = panel.querySelector("[data-handback-form]");
  const note = panel.querySelector("[data-note]");
  let state = null;
  let queue = Promise.resolve();
  let pending = "";
  let typeTimer = 0;

  const post = async (path, fields) => {
    const body = new URLSearchParams(Object.assign({ _csrf: csrf }, fields));
    const res = await fetch(base + path, { method: "POST", body, credentials: "same-origin", headers: { accept: "application/json" } });
    const json = await res.json().catch(() => ({ error: "Unexpected answer (" + res.status + ")" }));
    if (!res.ok) throw new Error(json.error || "Refused (" + res.status + ")");
    return json;
  };
  const say = (text) => { if (status) status.textContent = text; };
  const active = () => state && state.control && state.control.mine && state.control.status === "active";
  const render = (next) => {
    state = next;
    const c = state.control;
    panel.setAttribute("data-state", c ? (c.mine ? "mine-" + c.status : "other") : "free");
    take.hidden = Boolean(c) || !state.canControl;
    holding.hidden = !(c && c.mine);
    if (screen) screen.classList.toggle("controlling", Boolean(active()));
    if (!c) say(state.canControl ? "The knight has the controls." : "Watching: your role can watch but not take control.");
    else if (!c.mine) say(c.name + " has the controls.");
    else if (c.status === "waiting") say("Waiting for the knight to finish its step…");
    else say("You have the controls: click, tap or type on the screen. Hand back when done.");
  };
  const refresh = async () => {
    try {
      const res = await fetch(base, { credentials: "same-origin", headers: { accept: "application/json" } });
      if (res.ok) render(await res.json());
    } catch {}
  };
  const paint = (f) => {
    if (!img || !f) return;
    img.src = "data:" + f.contentType + ";base64," + f.data;
    img.setAttribute("data-sha", f.sha256);
    img.setAttribute("data-source", "customer");
    img.hidden = false;
    const empty = document.querySelector("[data-empty]");
    if (empty) empty.hidden = true;
  };
  const act = (fields) => {
    if (!active()) return;
    queue = queue.then(async () => {
      try {
        const result = await post("/act", fields);
        paint(result.frame);
        panel.setAttribute("data-acted", String(result.seq));
        if (!result.ok) say("The desktop said: " + (result.error || "that did not work"));
      } catch (e) {
        say(e.message);
        refresh();
      }
    });
    return queue;
  };
  const flushText = () => {
    clearTimeout(typeTimer);
    if (!pending) return;
    const text = pending;
    pending = "";
    act({ type: "type", text });
  };

  /** The desktop pixel under a point of the image (object-fit: contain leaves bars). */
  const pixelAt = (clientX, clientY) => {
    const box = img.getBoundingClientRect();
    const w = img.naturalWidth || (state.screen && state.screen.width);
    const h = img.naturalHeight || (state.screen && state.screen.height);
    if (!w || !h || !box.width || !box.height) return null;
    const scale = Math.min(box.width / w, box.height / h);
    const left = box.left + (box.width - w * scale) / 2;
    const top = box.top + (box.height - h * scale) / 2;
    const x = Math.floor((clientX - left) / scale);
    const y = Math.floor((clientY - top) / scale);
    if (x < 0 || y < 0 || x >= w || y >= h) return null;
    return { x, y };
  };

  const KEYS = { Enter: "Return", Tab: "Tab", Backspace: "BackSpace", Escape: "Escape", Delete: "Delete",
    ArrowUp: "Up", ArrowDown: "Down", ArrowLeft: "Left", ArrowRight: "Right", Home: "Home", End: "End",
    PageUp: "Prior", PageDown: "Next", " ": "space" };
  const keyName = (e) => {
    const mods = [e.ctrlKey && "ctrl", e.altKey && "alt", e.metaKey && "super"].filter(Boolean);
    let key = KEYS[e.key] || (/^F\\d{1,2}$/.test(e.key) ? e.key : e.key.length === 1 ? e.key : null);
    if (!key) return null;
    if (mods.length === 0 && !KEYS[e.key] && !/^F\\d/.test(e.key)) return null;
    if (mods.length && key.length === 1) key = key.toLowerCase();
    if (e.shiftKey && mods.length) mods.push("shift");
    return mods.concat([key]).join("+");
  };

  take.addEventListener("click", async () => {
    take.disabled = true;
    try { render(await post("/take", {})); } catch (e) { say(e.message); }
    take.disabled = false;
  });
  backForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    flushText();
    await queue;
    try {
      await post("/handback", { note: note.value });
      note.value = "";
      say("Handed back: the knight carries on.");
    } catch (err) { say(err.message); }
    refresh();
  });
  typeForm.addEventListener("submit", (e) => {
    e.preventDefault();
    if (typeInput.value) act({ type: "type", text: typeInput.value });
    typeInput.value = "";
  });
  for (const b of panel.querySelectorAll("[data-key]"))
    b.addEventListener("click", () => { flushText(); act({ type: "key", key: b.getAttribute("data-key") }); });
  for (const b of panel.querySelectorAll("[data-scroll]"))
    b.addEventListener("click", () => act({ type: "scroll", direction: b.getAttribute("data-scroll"), amount: "3" }));

  if (screen && img) {
    screen.tabIndex = 0;
    img.addEventListener("click", (e) => {
      if (!active()) return;
      const p = pixelAt(e.clientX, e.clientY);
      if (!p) return;
      screen.focus();
      flushText();
      act({ type: "click", x: String(p.x), y: String(p.y) });
    });
    img.addEventListener("contextmenu", (e) => {
      if (!active()) return;
      e.preventDefault();
      const p = pixelAt(e.clientX, e.clientY);
      if (p) { flushText(); act({ type: "click", x: String(p.x), y: String(p.y), button: "right" }); }
    });
    img.addEventListener("dblclick", (e) => { if (active()) e.preventDefault(); });
    let wheelAt = 0;
    screen.addEventListener("wheel", (e) => {
      if (!active()) return;
      e.preventDefault();
      const now = Date.now();
      if (now - wheelAt < 150 || e.deltaY === 0) return;
      wheelAt = now;
      const p = pixelAt(e.clientX, e.clientY);
      act(Object.assign({ type: "scroll", direction: e.deltaY > 0 ? "down" : "up", amount: "3" }, p ? { x: String(p.x), y: String(p.y) } : {}));
    }, { passive: false });
    screen.addEventListener("keydown", (e) => {
      if (!active()) return;
      const combo = keyName(e);
      if (combo) {
        e.preventDefault();
        flushText();
        act({ type: "key", key: combo });
      } else if (e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey) {
        e.preventDefault();
        pending += e.key;
        clearTimeout(typeTimer);
        typeTimer = setTimeout(flushText, 120);
      }
    });
  }
  refresh();
  // Who holds the controls changes from elsewhere too; while waiting for the knight's step, look often.
  setInterval(() => { if (!document.hidden) refresh(); }, 2000);
  setInterval(() => { if (state && state.control && state.control.mine && state.control.status === "waiting") refresh(); }, 300);
})();`;
