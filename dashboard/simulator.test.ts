/**
 * The Telegram simulator's routes against the sandbox Bot API with the real
 * bot polling it: typing as a Telegram user, reading the chat, pressing
 * inline buttons, and the event stream, all through this origin.
 */
import { Api, InputFile } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../api/app.ts";
import type { AppEnv } from "../api/env.ts";
import { createLogger, createMetrics } from "../observability/index.ts";
import { DEFAULT_BOT } from "../sandbox/telegram/index.ts";
import { APP_SECRET, type BotHarness, startBotHarness } from "../testing/index.ts";
import { readSse } from "./live/sse-reader.ts";
import { createDashboardRoutes } from "./routes.tsx";

type Transcript = {
  messages: {
    message_id: number;
    from_bot: boolean;
    text?: string;
    message: { reply_markup?: { inline_keyboard: InlineKeyboardButton[][] } };
  }[];
};

describe("Telegram simulator", () => {
  let bot: BotHarness;
  let app: Hono<AppEnv>;
  let plain: Hono<AppEnv>;
  const USER = 650_001;

  beforeAll(async () => {
    bot = await startBotHarness({
      brain: { handleMessage: async ({ text }) => ({ text: `Noted: ${text}` }) },
    });
    await bot.member(USER, { customerName: "Sim Bakery" });
    const base = {
      data: bot.data,
      appSecret: APP_SECRET,
      logger: createLogger({ level: "silent" }),
      botUsername: "mouse_bot",
      approvals: bot.approvals,
    };
    const make = (sandbox?: { telegramUrl: string }) =>
      createApp({
        logger: base.logger,
        metrics: createMetrics({ defaults: false }),
        readiness: () => [],
        dashboard: createDashboardRoutes({
          ...base,
          ...(sandbox ? { sandbox } : {}),
          miniApp: { botToken: DEFAULT_BOT.token },
        }),
      }) as unknown as Hono<AppEnv>;
    app = make({ telegramUrl: bot.tg.url });
    plain = make();
  });
  afterAll(() => bot?.close());

  const transcript = async () =>
    (await (await app.request(`/simulator/api/chats/${USER}`)).json()) as Transcript;
  const waitFor = async (predicate: (t: Transcript) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const t = await transcript();
      if (predicate(t)) return t;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `simulator chat never matched: ${JSON.stringify(await transcript()).slice(0, 500)}`,
    );
  };
  const post = (path: string, body: unknown) =>
    app.request(`/simulator/api/chats/${USER}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("opens a Mini App button as Telegram would: launch parameters signed for this user, which sign them in", async () => {
    const to = "/c/00000000-0000-4000-8000-000000000001";
    const res = await post("/web-app", {
      url: `https://mouse.example.com/tg/app?to=${encodeURIComponent(to)}`,
      first_name: "Rosa",
    });
    expect(res.status).toBe(200);
    const { src } = (await res.json()) as { src: string };
    expect(src.startsWith(`/tg/app?to=${encodeURIComponent(to)}#`)).toBe(true);
    const launch = new URLSearchParams(src.split("#")[1]);
    expect(JSON.parse(launch.get("tgWebAppThemeParams")!)).toMatchObject({ bg_color: "#ffffff" });
    const session = await app.request("/tg/session", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body: JSON.stringify({ initData: launch.get("tgWebAppData"), to }),
    });
    expect(session.status).toBe(200);
    expect(session.headers.get("set-cookie")).toMatch(/mouse_session=/);
    // Only our Mini App page; and nothing at all outside sandbox mode.
    expect((await post("/web-app", { url: "https://evil.example/phish" })).status).toBe(400);
    const outside = await plain.request(`/simulator/api/chats/${USER}/web-app`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://mouse.example.com/tg/app" }),
    });
    expect(outside.status).toBe(404);
  });

  it("serves the page only in sandbox mode", async () => {
    const page = await app.request("/simulator");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="/assets/simulator.js"');
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect((await app.request("/assets/simulator.js")).headers.get("content-type")).toContain(
      "javascript",
    );
    expect((await plain.request("/simulator")).status).toBe(404);
  });

  it("sends as a Telegram user, shows the bot's answer with its buttons, and presses one", async () => {
    const events = readSse(await app.request("/simulator/api/events"));
    await events.next("ready");
    expect((await post("/send", { text: "/start", first_name: "Sim" })).status).toBe(201);
    const withButtons = await waitFor((t) =>
      t.messages.some(
        (m) =>
          m.from_bot &&
          m.message.reply_markup?.inline_keyboard.flat().some((b) => "callback_data" in b),
      ),
    );
    expect(JSON.parse((await events.next("sent")).data)).toMatchObject({ chatId: USER });
    const menu = withButtons.messages.findLast((m) => m.message.reply_markup)!;
    const dashboard = menu.message
      .reply_markup!.inline_keyboard.flat()
      .find(
        (b) => "callback_data" in b && b.callback_data === "qa:dashboard",
      ) as InlineKeyboardButton.CallbackButton;
    expect(dashboard).toBeDefined();
    expect(
      (await post("/press", { message_id: menu.message_id, data: dashboard.callback_data })).status,
    ).toBe(201);
    const linked = await waitFor((t) =>
      t.messages.some((m) => m.text?.includes("works once and expires in 10 minutes")),
    );
    const link = linked.messages.findLast((m) => m.message.reply_markup)!.message.reply_markup!
      .inline_keyboard[0]![0]!;
    expect("url" in link && link.url).toMatch(/\/login\/[A-Za-z0-9_-]{40,}$/);
    await events.close();
  });

  it("shows documents and animations the bot sent, downloadable through the proxy", async () => {
    const api = new Api(DEFAULT_BOT.token, { apiRoot: bot.tg.apiRoot });
    const csv = new TextEncoder().encode("supplier,price\nAcme,12\n");
    await api.sendDocument(USER, new InputFile(csv, "findings.csv"), { caption: "Your table" });
    const gif = Uint8Array.from(
      Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAAKAAAALAAAAAABAAEAAAICRAEAOw==", "base64"),
    );
    await api.sendAnimation(USER, new InputFile(gif, "replay.gif"), { caption: "Replay" });
    const t = (await waitFor((x) =>
      x.messages.some((m) => (m.message as { animation?: unknown }).animation),
    )) as unknown as {
      messages: {
        message: {
          caption?: string;
          document?: { file_id: string; file_name: string };
          animation?: { file_id: string; mime_type: string; duration: number };
        };
      }[];
    };
    const doc = t.messages.find((m) => m.message.document && !m.message.animation)!.message;
    expect(doc).toMatchObject({ caption: "Your table", document: { file_name: "findings.csv" } });
    const anim = t.messages.find((m) => m.message.animation)!.message;
    expect(anim.animation).toMatchObject({ mime_type: "image/gif" });
    const download = await app.request(`/simulator/api/files/${doc.document!.file_id}`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(csv);
    const played = await app.request(`/simulator/api/files/${anim.animation!.file_id}`);
    expect(played.headers.get("content-type")).toBe("image/gif");
    expect((await app.request("/simulator/api/files/..%2Fetc")).status).toBe(400);
  });

  it("in the no-keys demo, sign-in, onboarding and QR codes lead to the simulator; with a real bot, nothing does", async () => {
    const login = await (await app.request("/login")).text();
    expect(login).toContain('href="/simulator"');
    expect(login).not.toContain("https://t.me/");
    const signUp = (target: Hono<AppEnv>) =>
      target.request("/onboard", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "http://localhost",
        },
        body: new URLSearchParams({ name: "Lola's Tacos", contact: "lola@example.com" }),
      });
    const result = await (await signUp(app)).text();
    expect(result).toMatch(/href="\/simulator\?start=[A-Za-z0-9_-]+"/);
    expect(result).not.toContain("https://t.me/");
    const page = await app.request("/simulator?as=admin");
    const html = await page.text();
    for (const persona of ["customer owner", "reseller", "platform admin", "A new Telegram user"]) {
      expect(html).toContain(persona);
    }

    // A real-looking bot token means no sandbox: no page names the simulator, and it is 404.
    const realLogin = await (await plain.request("/login")).text();
    expect(realLogin).not.toContain("/simulator");
    expect(realLogin).toContain("https://t.me/mouse_bot");
    const realResult = await (await signUp(plain)).text();
    expect(realResult).not.toContain("/simulator");
    expect(realResult).toContain("https://t.me/mouse_bot?start=");
    expect((await plain.request("/simulator?as=admin")).status).toBe(404);
    expect((await plain.request("/simulator/api/chats/1")).status).toBe(404);
  });

  it("shows a photo the bot sent, through this origin", async () => {
    expect((await app.request("/simulator/api/files/no-such-file")).status).toBe(404);
    expect((await app.request("/simulator/api/files/..%2Fetc")).status).toBe(400);
  });

  it("refuses malformed input in the one error shape", async () => {
    const res = await post("/send", { text: "" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { status: 400, message: "Invalid request" } });
    expect((await app.request("/simulator/api/chats/-5")).status).toBe(400);
  });
});
