/**
 * The Mini App's sign-in script: Telegram's launch parameters from the URL
 * fragment (`tgWebAppData`, `tgWebAppThemeParams`), posted to /tg/session;
 * then on to the page the button named. Needs nothing from telegram.org.
 */
export const MINI_APP_SCRIPT = `(() => {
  const status = document.querySelector("[data-mini-app-status]");
  const help = document.querySelector("[data-mini-app-help]");
  const fail = (text) => { if (status) status.textContent = text; if (help) help.hidden = false; };
  const launch = new URLSearchParams(location.hash.slice(1));
  const initData = launch.get("tgWebAppData");
  try {
    const theme = launch.get("tgWebAppThemeParams");
    if (theme) { sessionStorage.setItem("mouse-tg-theme", JSON.stringify(JSON.parse(theme))); }
  } catch {}
  if (!initData) { fail("This page opens from Telegram."); return; }
  const to = new URLSearchParams(location.search).get("to") || "/";
  fetch("/tg/session", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ initData, to }),
  })
    .then(async (res) => {
      const body = await res.json().catch(() => ({}));
      if (!res.ok) return fail(body.error || "Sign-in refused");
      location.replace(body.redirect || "/");
    })
    .catch(() => fail("Could not reach Mouse: check your connection and open it again."));
})();`;
