/**
 * The Telegram simulator (sandbox only): a page plus a server-side proxy to
 * the Telegram sandbox's `/_sandbox` routes, so the browser only ever talks
 * to this origin (and its CSP) while the real bot code answers.
 */
import { zValidator } from "@hono/zod-validator";
import { sign } from "@tma.js/init-data-node";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { DEMO_PERSONAS } from "../../accounts/index.ts";
import type { AppEnv } from "../../api/env.ts";
import { onError } from "../../api/errors.ts";
import { text } from "../../lib/text.ts";
import type { DashboardDeps } from "../deps.ts";
import { SimulatorPage } from "../pages/simulator.tsx";

/** Telegram's default light theme, as a client sends it. */
const SIMULATOR_THEME = {
  bg_color: "#ffffff",
  secondary_bg_color: "#f1f1f1",
  text_color: "#000000",
  hint_color: "#999999",
  link_color: "#2481cc",
  button_color: "#2481cc",
  button_text_color: "#ffffff",
};

const chatParam = z.object({ chatId: z.coerce.number().int().positive().max(9_999_999_999) });
const badInput = (result: { success: boolean }) => {
  if (!result.success) throw new HTTPException(400, { message: "Invalid request" });
};

/** Routes mounted at /simulator when `deps.sandbox` is set. */
export function createSimulatorRoutes(deps: DashboardDeps & { sandbox: { telegramUrl: string } }) {
  const upstream = deps.sandbox.telegramUrl.replace(/\/+$/, "");
  const app = new Hono<AppEnv>();
  const forward = async (
    path: string,
    init?: { method: "POST"; body: unknown },
    signal?: AbortSignal,
  ) => {
    const res = await fetch(`${upstream}/_sandbox${path}`, {
      ...(init
        ? {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(init.body),
          }
        : {}),
      ...(signal ? { signal } : {}),
    });
    return new Response(res.body, {
      status: res.status,
      headers: { "content-type": res.headers.get("content-type") ?? "application/json" },
    });
  };

  app.get("/", (c) =>
    c.html(<SimulatorPage botUsername={deps.botUsername} personas={DEMO_PERSONAS} />),
  );

  // JSON for the page's script: errors in the API's one shape, not as HTML pages.
  const api = new Hono<AppEnv>();
  api.onError(onError);
  // Photos, documents and animations the bot sent, for the page to show.
  api.get("/files/:fileId", async (c) => {
    const fileId = c.req.param("fileId");
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(fileId)) return c.json({ error: "bad file id" }, 400);
    const res = await fetch(`${upstream}/_sandbox/files/${fileId}`);
    if (!res.ok) return c.json({ error: "no such file" }, 404);
    return new Response(res.body, {
      status: 200,
      headers: {
        "content-type": res.headers.get("content-type") ?? "application/octet-stream",
        ...(res.headers.get("content-disposition")
          ? { "content-disposition": res.headers.get("content-disposition")! }
          : {}),
        "x-content-type-options": "nosniff",
      },
    });
  });
  api.get("/chats/:chatId", zValidator("param", chatParam, badInput), async (c) => {
    const { chatId } = c.req.valid("param");
    const res = await forward(`/chats/${chatId}`);
    // A chat the user has not started yet is simply empty.
    return res.ok ? res : c.json({ messages: [], chat_action: null });
  });

  api.post(
    "/chats/:chatId/send",
    zValidator("param", chatParam, badInput),
    zValidator(
      "json",
      z.object({
        text: text({ multiline: true }).min(1).max(4096),
        first_name: text().min(1).max(64).optional(),
        language_code: z
          .string()
          .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/i)
          .optional(),
      }),
      badInput,
    ),
    async (c) =>
      forward(`/chats/${c.req.valid("param").chatId}/send`, {
        method: "POST",
        body: c.req.valid("json"),
      }),
  );

  api.post(
    "/chats/:chatId/press",
    zValidator("param", chatParam, badInput),
    zValidator(
      "json",
      z.object({ message_id: z.number().int().positive(), data: text().max(64) }),
      badInput,
    ),
    async (c) =>
      forward(`/chats/${c.req.valid("param").chatId}/press`, {
        method: "POST",
        body: c.req.valid("json"),
      }),
  );

  // Photos the bot sent (a knight's screenshot), so the page can show them rather than "[photo]".
  api.get(
    "/files/:fileId",
    zValidator("param", z.object({ fileId: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/) }), badInput),
    async (c) => {
      const res = await forward(`/files/${c.req.valid("param").fileId}`);
      if (!res.ok) throw new HTTPException(404, { message: "No such file" });
      return res;
    },
  );

  // A Mini App button: the simulator plays Telegram's part, opening our page with
  // launch parameters signed by the (sandbox) bot's token for this simulated user.
  api.post(
    "/chats/:chatId/web-app",
    zValidator("param", chatParam, badInput),
    zValidator(
      "json",
      z.object({ url: text().max(2_048), first_name: text().min(1).max(64).optional() }),
      badInput,
    ),
    async (c) => {
      if (!deps.miniApp) throw new HTTPException(404, { message: "The Mini App is not set up" });
      const { url, first_name = "Demo" } = c.req.valid("json");
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        throw new HTTPException(400, { message: "Invalid request" });
      }
      if (target.pathname !== "/tg/app")
        throw new HTTPException(400, { message: "Not our Mini App" });
      const launch = new URLSearchParams({
        tgWebAppData: sign(
          { user: { id: c.req.valid("param").chatId, first_name } },
          deps.miniApp.botToken,
          new Date(),
        ),
        tgWebAppVersion: "8.0",
        tgWebAppPlatform: "weba",
        tgWebAppThemeParams: JSON.stringify(SIMULATOR_THEME),
      });
      // Opened on this origin (the simulator's), whatever public URL the button named.
      return c.json({ src: `${target.pathname}${target.search}#${launch}` });
    },
  );

  api.get("/events", async (c) => {
    const res = await forward("/events", undefined, c.req.raw.signal);
    return new Response(quietOnAbort(res.body), {
      status: res.status,
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    });
  });
  app.route("/api", api);
  return app;
}

/** Passes a proxied stream through, ending it quietly when either side goes away. */
function quietOnAbort(body: ReadableStream<Uint8Array> | null): ReadableStream<Uint8Array> | null {
  if (!body) return null;
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch {
        controller.close();
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  });
}
