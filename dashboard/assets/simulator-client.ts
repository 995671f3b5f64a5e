/**
 * The Telegram simulator's browser script: you are a Telegram user chatting
 * with the bot through the sandbox Bot API (proxied by /simulator/api).
 * Who you are: a seeded demo persona (`?as=owner|reseller|admin`), or a
 * brand-new user (`?as=new`, and whenever a QR code's `?start=` link is
 * opened without choosing). Everything the bot sends is rendered with
 * textContent, never as HTML.
 */
export const SIMULATOR_SCRIPT = `(() => {
  const root = document.querySelector("[data-simulator]");
  if (!root) return;
  const list = root.querySelector("[data-messages]");
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=text]");
  const who = document.querySelector("[data-who]");
  const typing = document.querySelector("[data-typing]");
  const menu = document.querySelector("[data-commands]");
  const language = document.querySelector("[data-language]");
  const params = new URLSearchParams(location.search);
  const personas = [...document.querySelectorAll("[data-persona][data-telegram-id]")].map((a) => ({
    key: a.getAttribute("data-persona"), id: Number(a.getAttribute("data-telegram-id")), name: a.getAttribute("data-name"),
  }));
  const become = (id, name, persona) => {
    localStorage.setItem("mouse-sim-user", String(id));
    localStorage.setItem("mouse-sim-name", name);
    localStorage.setItem("mouse-sim-persona", persona);
  };
  const newUser = () => become(7000000 + Math.floor(Math.random() * 999999), "Demo", "new");
  const as = params.get("as");
  const start = params.get("start");
  const chosen = personas.find((p) => p.key === as);
  if (chosen) become(chosen.id, chosen.name, chosen.key);
  else if (as === "new") newUser();
  let userId = Number(localStorage.getItem("mouse-sim-user"));
  // A QR code is scanned by someone joining: a demo persona would already belong to a business.
  if (!userId || (start && !as && personas.some((p) => p.id === userId))) newUser();
  userId = Number(localStorage.getItem("mouse-sim-user"));
  const persona = localStorage.getItem("mouse-sim-persona") || "new";
  const firstName = localStorage.getItem("mouse-sim-name") || "Demo";
  for (const a of document.querySelectorAll("[data-persona]")) {
    if (a.getAttribute("data-persona") === persona) a.classList.add("here");
  }
  const lang = params.get("lang") || localStorage.getItem("mouse-sim-lang") || "en";
  localStorage.setItem("mouse-sim-lang", lang);
  if (language) {
    language.value = lang;
    language.addEventListener("change", () => { localStorage.setItem("mouse-sim-lang", language.value); });
  }
  if (who) who.textContent = firstName + " (Telegram id " + userId + (persona === "new" ? ", a new user" : "") + ")";
  if (start) input.value = "/start " + start;
  const api = (path, body) => fetch("/simulator/api/chats/" + userId + path, body ? {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  } : undefined);
  const send = async (text) => {
    await api("/send", { text, first_name: firstName, language_code: localStorage.getItem("mouse-sim-lang") || "en" });
    await reload();
  };

  const renderMenu = (commands) => {
    if (!menu) return;
    menu.replaceChildren();
    if (!commands || !commands.length) return;
    const label = document.createElement("span");
    label.className = "muted"; label.textContent = "Menu: ";
    menu.append(label);
    for (const c of commands) {
      const b = document.createElement("button");
      b.type = "button"; b.className = "secondary"; b.title = c.description;
      b.textContent = "/" + c.command;
      b.addEventListener("click", () => { input.value = "/" + c.command + " "; input.focus(); });
      menu.append(b);
    }
  };

  /** Opens a Mini App in a panel, as Telegram would, with launch parameters signed for this user. */
  const openWebApp = async (url) => {
    const res = await api("/web-app", { url, first_name: firstName });
    if (!res.ok) return;
    const { src } = await res.json();
    let panel = document.querySelector("[data-web-app-panel]");
    if (!panel) {
      panel = document.createElement("div");
      panel.className = "web-app-panel card";
      panel.setAttribute("data-web-app-panel", "");
      const close = document.createElement("button");
      close.type = "button"; close.className = "secondary"; close.textContent = "Close";
      close.addEventListener("click", () => panel.remove());
      const frame = document.createElement("iframe");
      frame.title = "Mini App";
      panel.append(close, frame);
      root.after(panel);
    }
    panel.querySelector("iframe").src = src;
  };
  const render = (transcript) => {
    list.replaceChildren();
    for (const m of transcript.messages || []) {
      if (m.deleted) continue;
      const div = document.createElement("div");
      div.className = "msg " + (m.from_bot ? "bot" : "user");
      div.setAttribute("data-message-id", String(m.message_id));
      const file = (id) => "/simulator/api/files/" + encodeURIComponent(id);
      const msg = m.message;
      if (msg.photo && msg.photo.length) {
        const img = document.createElement("img");
        img.className = "media photo"; img.alt = "photo"; img.src = file(msg.photo[msg.photo.length - 1].file_id);
        div.append(img);
      } else if (msg.animation) {
        const gif = (msg.animation.mime_type || "").startsWith("image/");
        const media = document.createElement(gif ? "img" : "video");
        media.className = "media"; media.setAttribute("data-animation", "");
        if (gif) media.alt = "animation"; else { media.autoplay = true; media.muted = true; media.loop = true; }
        media.src = file(msg.animation.file_id);
        div.append(media);
      } else if (msg.document) {
        const a = document.createElement("a");
        a.className = "document"; a.setAttribute("data-document", "");
        a.href = file(msg.document.file_id); a.download = msg.document.file_name || "file";
        a.textContent = "📎 " + (msg.document.file_name || "file") + " (" + Math.ceil((msg.document.file_size || 0) / 1024) + " KB)";
        div.append(a);
      }
      const text = document.createElement("div");
      text.textContent = (m.text ?? msg.text ?? msg.caption ?? "") + (m.edited ? " (edited)" : "");
      div.append(text);
      const rows = (m.message.reply_markup && m.message.reply_markup.inline_keyboard) || [];
      if (rows.length) {
        const box = document.createElement("div");
        box.className = "buttons";
        for (const row of rows) for (const b of row) {
          if (b.url) {
            const a = document.createElement("a");
            a.className = "button secondary"; a.href = b.url; a.textContent = b.text; a.rel = "noopener";
            if (!b.url.startsWith(location.origin)) a.target = "_blank";
            box.append(a);
          } else if (b.web_app) {
            const btn = document.createElement("button");
            btn.type = "button"; btn.className = "secondary"; btn.textContent = b.text;
            btn.setAttribute("data-web-app", b.web_app.url);
            btn.addEventListener("click", () => openWebApp(b.web_app.url));
            box.append(btn);
          } else if (b.callback_data) {
            const btn = document.createElement("button");
            btn.type = "button"; btn.className = "secondary"; btn.textContent = b.text;
            btn.addEventListener("click", () => api("/press", { message_id: m.message_id, data: b.callback_data }));
            box.append(btn);
          }
        }
        div.append(box);
      }
      list.append(div);
    }
    renderMenu(transcript.commands);
    if (typing) typing.textContent = transcript.chat_action ? "King Mouse is " + transcript.chat_action.replace("_", " ") + "…" : "";
    list.scrollTop = list.scrollHeight;
  };
  const reload = async () => {
    const res = await api("");
    if (res.ok) render(await res.json());
  };
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    await send(text);
  });
  const events = new EventSource("/simulator/api/events");
  const onEvent = (e) => {
    try { const ev = JSON.parse(e.data); if (ev.chatId === userId) reload(); } catch {}
  };
  for (const kind of ["sent", "edited", "deleted", "message"]) events.addEventListener(kind, onEvent);
  events.onmessage = onEvent;
  reload();
})();`;
