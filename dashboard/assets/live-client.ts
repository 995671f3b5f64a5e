/**
 * The live view's browser script: one EventSource per page (which reconnects
 * by itself), frames painted into the <img>, the knight's step beside it.
 * Served from /assets so the CSP needs no inline script.
 */
export const LIVE_SCRIPT = `(() => {
  const root = document.querySelector("[data-live]");
  if (!root) return;
  const img = root.querySelector("img[data-frame]");
  const empty = root.querySelector("[data-empty]");
  const status = document.querySelector("[data-live-status]");
  const step = document.querySelector("[data-step]");
  const setStatus = (text) => { if (status) status.textContent = text; };
  const source = new EventSource(root.getAttribute("data-live"));
  source.onopen = () => setStatus("Live");
  source.onerror = () => setStatus("Reconnecting…");
  source.addEventListener("frame", (e) => {
    const f = JSON.parse(e.data);
    img.src = "data:" + f.contentType + ";base64," + f.data;
    img.setAttribute("data-sha", f.sha256);
    img.setAttribute("data-source", f.source);
    img.hidden = false;
    if (empty) empty.hidden = true;
    setStatus("Live · " + (f.source === "knight" ? "from the knight" : f.source === "customer" ? "after a person's action" : "screen") + " · " + new Date(f.capturedAt).toLocaleTimeString());
  });
  source.addEventListener("step", (e) => {
    const s = JSON.parse(e.data).step;
    if (!step) return;
    step.replaceChildren();
    const line = (text, cls) => { const p = document.createElement("p"); p.textContent = text; if (cls) p.className = cls; step.append(p); };
    if (!s) { line("Idle: no task running.", "muted"); return; }
    line(s.request);
    line("Task " + s.status + (s.seq ? " · step " + s.seq + ": " + s.action + (s.stepStatus === "pending" ? " (in progress)" : "") : " · starting"), "muted");
    step.setAttribute("data-seq", String(s.seq ?? 0));
  });
  source.addEventListener("status", (e) => {
    const s = JSON.parse(e.data);
    setStatus(s.message);
  });
})();`;

/** Small page behaviour: confirmations on dangerous buttons, print buttons, copy links. */
export const PAGE_SCRIPT = `(() => {
  // Inside Telegram (the Mini App), pages follow Telegram's theme colours.
  try {
    const theme = JSON.parse(sessionStorage.getItem("mouse-tg-theme") || "null");
    const vars = { bg_color: "--bg", text_color: "--ink", hint_color: "--muted", button_color: "--accent", secondary_bg_color: "--card" };
    if (theme && !theme.secondary_bg_color) theme.secondary_bg_color = theme.bg_color;
    if (theme) for (const k in vars) if (/^#[0-9a-f]{3,8}$/i.test(theme[k] || "")) document.documentElement.style.setProperty(vars[k], theme[k]);
  } catch {}
  document.addEventListener("submit", (e) => {
    const q = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (q && !confirm(q)) e.preventDefault();
  });
  for (const b of document.querySelectorAll("[data-print]")) b.addEventListener("click", () => window.print());
  for (const b of document.querySelectorAll("[data-copy]")) b.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(b.getAttribute("data-copy")); b.textContent = "Copied"; } catch {}
  });
})();`;
