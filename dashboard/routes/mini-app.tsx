/**
 * The Telegram Mini App: the same live view and take-over page, opened
 * inside Telegram from a "👀 Watch / take over" button. Telegram puts the
 * signed `initData` in the URL fragment (`#tgWebAppData=…`), which browsers
 * never send to a server, so `/tg/app` is a small page whose script reads
 * it (no need for Telegram's own script, which tests cannot load) and posts
 * it to `/tg/session`; valid, fresh data for a Telegram user we know starts
 * an ordinary dashboard session, and the page moves on to where the button
 * pointed (`?to=/c/<customer>/employees/<employee>`, or `/c/<customer>/logins`
 * where owners and admins add a login in a form). Telegram's theme
 * colours are kept for the session's pages (see PAGE_SCRIPT).
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../api/env.ts";
import type { WebKit } from "../../api/web-kit.ts";
import { InitDataRefusedError, setSessionCookie, userFromInitData } from "../../auth/index.ts";
import { text } from "../../lib/text.ts";
import type { DashboardDeps } from "../deps.ts";
import { Layout } from "../pages/layout.tsx";

/** Where a Mini App button may lead: a customer's page, one of its employees, or its logins' form. */
const DESTINATION = /^\/c\/[0-9a-f-]{36}(\/employees\/[0-9a-f-]{36}|\/logins)?$/;
const BODY = z.object({
  initData: text().min(1).max(4_096),
  to: text().max(200).optional(),
});

/** The Mini App's link to `path` (a customer's or an employee's page). */
export const miniAppUrl = (publicUrl: string, path: string) =>
  `${publicUrl.replace(/\/$/, "")}/tg/app?to=${encodeURIComponent(path)}`;

/** Routes mounted at /tg (open: this is how a Mini App signs in). */
export function createMiniAppRoutes(
  deps: DashboardDeps & { miniApp: { botToken: string; maxAgeSeconds?: number } },
  kit: WebKit,
) {
  const app = new Hono<AppEnv>();
  app.get("/app", (c) =>
    c.html(
      <Layout title="Mouse" scripts={["/assets/mini-app.js"]}>
        <div data-mini-app>
          <p data-mini-app-status>Signing you in with Telegram…</p>
          <p class="muted" data-mini-app-help hidden>
            Open this page from the “👀 Watch / take over” button in your chat with the bot, or send{" "}
            <code>/dashboard</code> there for a sign-in link.
          </p>
        </div>
      </Layout>,
    ),
  );
  app.post("/session", kit.limit("login", { perIp: kit.limits.loginPerIp }), async (c) => {
    const body = BODY.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success) return c.json({ error: "Telegram's sign-in data is missing" }, 400);
    try {
      const { userId } = await userFromInitData(deps.data, body.data.initData, deps.miniApp);
      const session = await kit.sessions.issue(userId, "telegram_mini_app");
      setSessionCookie(c, session.token, {
        maxAgeSeconds: kit.sessions.ttlSeconds,
        ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
      });
      c.header("cache-control", "no-store");
      c.get("logger")?.info({ userId }, "signed in from the Telegram Mini App");
      const to = body.data.to && DESTINATION.test(body.data.to) ? body.data.to : "/";
      return c.json({ redirect: to });
    } catch (error) {
      if (!(error instanceof InitDataRefusedError)) throw error;
      c.get("logger")?.info({ reason: error.reason }, "mini app sign-in refused");
      return c.json({ error: error.message }, error.reason === "unknown_user" ? 403 : 401);
    }
  });
  return app;
}
