import { describe, expect, it } from "vitest";
import { createTelegramSandbox, DEFAULT_BOT, type TranscriptEntry } from "./index.ts";

// The JSON surface a browser chat simulator builds on, through app.request.

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function botCall(
  app: ReturnType<typeof createTelegramSandbox>["app"],
  method: string,
  body: unknown,
) {
  const response = await app.request(`/bot${DEFAULT_BOT.token}/${method}`, json(body));
  return (await response.json()) as { ok: boolean; result: { message_id: number } };
}

describe("/_sandbox routes", () => {
  it("lets a page type as a user, read the transcript, press buttons and wait for replies", async () => {
    const sandbox = createTelegramSandbox({ limits: false });
    const { app } = sandbox;

    const sent = await app.request(
      "/_sandbox/chats/901/send",
      json({ text: "/start", first_name: "Web" }),
    );
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({
      text: "/start",
      from: { id: 901, first_name: "Web" },
    });
    expect(sandbox.pendingUpdates()[0]?.message?.text).toBe("/start");

    const waiting = app.request("/_sandbox/chats/901/wait?timeout_ms=2000");
    const menu = await botCall(app, "sendMessage", {
      chat_id: 901,
      text: "Pick one",
      reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
    });
    expect(await (await waiting).json()).toMatchObject({ text: "Pick one" });
    await botCall(app, "sendChatAction", { chat_id: 901, action: "typing" });

    const chat = (await (await app.request("/_sandbox/chats/901")).json()) as {
      messages: TranscriptEntry[];
      chat_action: string | null;
    };
    expect(chat.messages.map((m) => [m.from_bot, m.text])).toEqual([
      [false, "/start"],
      [true, "Pick one"],
    ]);
    expect(chat.chat_action).toBe("typing");

    const press = await app.request(
      "/_sandbox/chats/901/press",
      json({ message_id: menu.result.message_id, data: "a" }),
    );
    expect(press.status).toBe(201);
    const { callback_query_id } = (await press.json()) as { callback_query_id: string };
    expect(sandbox.pendingUpdates().at(-1)?.callback_query?.id).toBe(callback_query_id);

    const missing = await app.request(
      "/_sandbox/chats/901/press",
      json({ message_id: menu.result.message_id, data: "zz" }),
    );
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no callback button/);

    const list = (await (await app.request("/_sandbox/chats")).json()) as {
      chat: { id: number };
      message_count: number;
    }[];
    expect(list).toEqual([
      expect.objectContaining({ chat: expect.objectContaining({ id: 901 }), message_count: 2 }),
    ]);
    expect((await app.request("/_sandbox/chats/901/wait?timeout_ms=10")).status).toBe(204);
    expect((await app.request("/_sandbox/chats/12345")).status).toBe(400);
  });

  it("needs a user for group messages and validates bodies", async () => {
    const sandbox = createTelegramSandbox();
    const group = sandbox.createGroup({ title: "G" });
    expect(
      (await sandbox.app.request(`/_sandbox/chats/${group.id}/send`, json({ text: "hi" }))).status,
    ).toBe(400);
    const ok = await sandbox.app.request(
      `/_sandbox/chats/${group.id}/send`,
      json({ text: "hi", user_id: 5 }),
    );
    expect(await ok.json()).toMatchObject({ chat: { id: group.id }, from: { id: 5 } });
    expect((await sandbox.app.request("/_sandbox/chats/5/send", json({ text: "" }))).status).toBe(
      400,
    );
  });

  it("streams chat events to the page", async () => {
    const sandbox = createTelegramSandbox();
    const response = await sandbox.app.request("/_sandbox/events");
    const reader = response.body?.getReader();
    const next = async () => new TextDecoder().decode((await reader?.read())?.value);
    expect(await next()).toContain("event: ready");
    sandbox.users.get(902, { first_name: "Ev" }).sendText("ping");
    const frame = await next();
    expect(frame).toContain("event: sent");
    expect(frame).toContain('"text":"ping"');
    await reader?.cancel();
  });
});
