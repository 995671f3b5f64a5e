import { Bot, GrammyError, InputFile } from "grammy";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../../lib/index.ts";
import { DEFAULT_BOT, type RunningTelegramSandbox, startTelegramSandbox } from "./index.ts";
import { SAMPLE_PNG } from "./sample-media.ts";

// The real grammY client against the sandbox over HTTP, as a bot would use Telegram.

let running: RunningTelegramSandbox;
let bot: Bot;
const USER = 1001;

beforeAll(async () => {
  running = await startTelegramSandbox({ limits: false });
  bot = new Bot(DEFAULT_BOT.token, { client: { apiRoot: running.apiRoot } });
  running.sandbox.users.get(USER, { first_name: "Ann", username: "ann" });
});
afterAll(() => running.close());

/** The GrammyError a call fails with. */
async function failure(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GrammyError);
  return error as GrammyError;
}

describe("messages through grammY", () => {
  it("answers getMe with the registered bot", async () => {
    expect(await bot.api.getMe()).toMatchObject({
      id: DEFAULT_BOT.id,
      is_bot: true,
      username: DEFAULT_BOT.username,
      can_join_groups: true,
    });
  });

  it("sends HTML text with a keyboard and edits it, numbering messages per chat", async () => {
    const sent = await bot.api.sendMessage(USER, "Hello <b>Ann</b>, open example.com", {
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "Go", callback_data: "go" }]] },
    });
    expect(sent).toMatchObject({
      from: { id: DEFAULT_BOT.id, is_bot: true },
      chat: { id: USER, type: "private", first_name: "Ann" },
      text: "Hello Ann, open example.com",
      entities: [
        { type: "bold", offset: 6, length: 3 },
        { type: "url", offset: 16, length: 11 },
      ],
      reply_markup: { inline_keyboard: [[{ text: "Go", callback_data: "go" }]] },
    });
    const next = await bot.api.sendMessage(USER, "second");
    expect(next.message_id).toBe(sent.message_id + 1);

    const edited = await bot.api.editMessageText(USER, sent.message_id, "Done");
    expect(edited).toMatchObject({ message_id: sent.message_id, text: "Done" });
    expect(edited).not.toHaveProperty("reply_markup");
    expect(
      running.sandbox.chat(USER).messages.find((m) => m.message_id === sent.message_id),
    ).toMatchObject({
      text: "Done",
      edited: true,
      from_bot: true,
    });
  });

  it("uploads a photo as multipart and keeps the bytes for getFile and /file", async () => {
    const sent = await bot.api.sendPhoto(USER, new InputFile(SAMPLE_PNG), {
      caption: "<i>screen</i>",
      parse_mode: "HTML",
    });
    const largest = sent.photo?.at(-1);
    expect(largest).toMatchObject({ width: 2, height: 2, file_size: SAMPLE_PNG.length });
    expect(sent.caption).toBe("screen");
    expect(sent.caption_entities).toEqual([{ type: "italic", offset: 0, length: 6 }]);
    expect(running.sandbox.files.read(largest?.file_id ?? "")).toEqual(SAMPLE_PNG);

    const file = await bot.api.getFile(largest?.file_id ?? "");
    const download = await fetch(`${running.url}/file/bot${DEFAULT_BOT.token}/${file.file_path}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(SAMPLE_PNG);

    const again = await bot.api.sendPhoto(USER, largest?.file_id ?? "");
    expect(again.photo?.at(-1)?.file_id).toBe(largest?.file_id);
    const notImage = await failure(
      bot.api.sendPhoto(USER, new InputFile(new TextEncoder().encode("hi"))),
    );
    expect(notImage.description).toBe("Bad Request: IMAGE_PROCESS_FAILED");
  });

  it("fetches photos sent by URL and refuses unknown file ids", async () => {
    const images = new Hono().get("/shot.png", (c) => c.body(SAMPLE_PNG.slice().buffer, 200));
    const host = await listen(images);
    try {
      const sent = await bot.api.sendPhoto(USER, `${host.url}/shot.png`);
      expect(running.sandbox.files.read(sent.photo?.at(-1)?.file_id ?? "")).toEqual(SAMPLE_PNG);
      const broken = await failure(bot.api.sendPhoto(USER, `${host.url}/missing.png`));
      expect(broken.description).toBe("Bad Request: failed to get HTTP URL content");
    } finally {
      await host.close();
    }
    const unknown = await failure(bot.api.sendPhoto(USER, "AgACAgIAAxkBAAnope"));
    expect(unknown.description).toBe("Bad Request: wrong file identifier/HTTP URL specified");
  });

  it("sends documents with their file name", async () => {
    const bytes = new TextEncoder().encode("a,b\n1,2\n");
    const sent = await bot.api.sendDocument(USER, new InputFile(bytes, "report.csv"));
    expect(sent.document).toMatchObject({
      file_name: "report.csv",
      mime_type: "text/csv",
      file_size: 8,
    });
    expect(running.sandbox.files.read(sent.document?.file_id ?? "")).toEqual(bytes);
  });

  it("quotes the message replied to", async () => {
    const first = await bot.api.sendMessage(USER, "question");
    const reply = await bot.api.sendMessage(USER, "answer", {
      reply_parameters: { message_id: first.message_id },
    });
    expect(reply.reply_to_message).toMatchObject({
      message_id: first.message_id,
      text: "question",
    });
    const missing = await failure(
      bot.api.sendMessage(USER, "x", { reply_parameters: { message_id: 9999 } }),
    );
    expect(missing.description).toBe("Bad Request: message to be replied not found");
  });

  it("deletes messages, which the transcript keeps as deleted", async () => {
    const sent = await bot.api.sendMessage(USER, "temporary");
    expect(await bot.api.deleteMessage(USER, sent.message_id)).toBe(true);
    const entry = running.sandbox.chat(USER).messages.find((m) => m.message_id === sent.message_id);
    expect(entry).toMatchObject({ deleted: true, text: "temporary" });
    const again = await failure(bot.api.deleteMessage(USER, sent.message_id));
    expect(again.description).toBe("Bad Request: message to delete not found");
  });

  it("records chat actions for the simulator", async () => {
    expect(await bot.api.sendChatAction(USER, "typing")).toBe(true);
    expect(running.sandbox.chatAction(USER)).toBe("typing");
  });
});

describe("Telegram's refusals", () => {
  it("401 for an unknown token and 404 for an unknown method", async () => {
    const stranger = new Bot("123:not-registered", { client: { apiRoot: running.apiRoot } });
    const error = await failure(stranger.api.getMe());
    expect(error.error_code).toBe(401);
    expect(error.description).toBe("Unauthorized");

    const response = await fetch(`${running.url}/bot${DEFAULT_BOT.token}/sendTelepathy`, {
      method: "POST",
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: "Not Found" });
  });

  it("rejects texts that are empty, too long or badly formatted", async () => {
    const cases: [Promise<unknown>, string][] = [
      [bot.api.sendMessage(USER, ""), "Bad Request: message text is empty"],
      [bot.api.sendMessage(USER, "x".repeat(4097)), "Bad Request: message is too long"],
      [
        bot.api.sendMessage(USER, "<b>bold", { parse_mode: "HTML" }),
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
      ],
      [
        bot.api.sendMessage(USER, "a<br>b", { parse_mode: "HTML" }),
        'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 1',
      ],
      [
        bot.api.sendMessage(USER, "Price: 5.00", { parse_mode: "MarkdownV2" }),
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
      ],
      [bot.api.sendMessage(999_999, "hi"), "Bad Request: chat not found"],
    ];
    for (const [call, description] of cases) {
      const error = await failure(call);
      expect(error.error_code).toBe(400);
      expect(error.description).toBe(description);
    }
    expect((await bot.api.sendMessage(USER, "x".repeat(4096))).text).toHaveLength(4096);
  });

  it("validates inline keyboards", async () => {
    const tooLong = await failure(
      bot.api.sendMessage(USER, "pick", {
        reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "x".repeat(65) }]] },
      }),
    );
    expect(tooLong.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const noAction = await failure(
      bot.api.sendMessage(USER, "pick", {
        reply_markup: { inline_keyboard: [[{ text: "A" } as never]] },
      }),
    );
    expect(noAction.description).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
  });

  it("refuses edits that change nothing or target missing messages", async () => {
    const markup = { inline_keyboard: [[{ text: "A", callback_data: "a" }]] };
    const sent = await bot.api.sendMessage(USER, "same", { reply_markup: markup });
    const unchanged = await failure(
      bot.api.editMessageText(USER, sent.message_id, "same", { reply_markup: markup }),
    );
    expect(unchanged.description).toBe(
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
    const gone = await failure(bot.api.editMessageText(USER, 424242, "new"));
    expect(gone.description).toBe("Bad Request: message to edit not found");
    const markupOnly = await bot.api.editMessageReplyMarkup(USER, sent.message_id);
    expect(markupOnly).not.toHaveProperty("reply_markup");
  });

  it("refuses unknown callback query ids", async () => {
    const error = await failure(bot.api.answerCallbackQuery("123456"));
    expect(error.description).toBe(
      "Bad Request: query is too old and response timeout expired or query ID is invalid",
    );
  });
});

describe("bot settings", () => {
  it("keeps commands per scope and language and resolves the menu a user sees", async () => {
    await bot.api.setMyCommands([{ command: "start", description: "Start" }]);
    await bot.api.setMyCommands([{ command: "hilfe", description: "Hilfe" }], {
      language_code: "de",
    });
    await bot.api.setMyCommands([{ command: "admin", description: "Admin tools" }], {
      scope: { type: "chat", chat_id: USER },
    });
    expect(await bot.api.getMyCommands()).toEqual([{ command: "start", description: "Start" }]);
    expect(await bot.api.getMyCommands({ language_code: "de" })).toEqual([
      { command: "hilfe", description: "Hilfe" },
    ]);
    expect(running.sandbox.commandsFor({ chatId: USER }).map((c) => c.command)).toEqual(["admin"]);
    await bot.api.deleteMyCommands({ scope: { type: "chat", chat_id: USER } });
    expect(
      running.sandbox.commandsFor({ chatId: USER, languageCode: "de" }).map((c) => c.command),
    ).toEqual(["hilfe"]);

    const invalid = await failure(bot.api.setMyCommands([{ command: "Start!", description: "x" }]));
    expect(invalid.description).toBe("Bad Request: BOT_COMMAND_INVALID");
    const badScope = await failure(
      bot.api.setMyCommands([], { scope: { type: "everyone" } as never }),
    );
    expect(badScope.description).toBe(
      "Bad Request: can't parse BotCommandScope: Unsupported type specified",
    );
  });

  it("sets menu buttons and answers getChat", async () => {
    await bot.api.setChatMenuButton({
      chat_id: USER,
      menu_button: { type: "web_app", text: "Open", web_app: { url: "https://example.com/app" } },
    });
    expect(await bot.api.getChatMenuButton({ chat_id: USER })).toMatchObject({
      type: "web_app",
      text: "Open",
    });
    expect(await bot.api.getChat(USER)).toMatchObject({
      id: USER,
      type: "private",
      first_name: "Ann",
      username: "ann",
    });
  });
});

describe("wire formats and the call record", () => {
  it("accepts urlencoded bodies and GET query strings", async () => {
    const form = await fetch(`${running.url}/bot${DEFAULT_BOT.token}/sendMessage`, {
      method: "POST",
      body: new URLSearchParams({
        chat_id: String(USER),
        text: "*form*",
        parse_mode: "MarkdownV2",
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "Ok", callback_data: "ok" }]] }),
      }),
    });
    expect(await form.json()).toMatchObject({
      ok: true,
      result: {
        text: "form",
        entities: [{ type: "bold" }],
        reply_markup: { inline_keyboard: [[{ text: "Ok" }]] },
      },
    });
    const get = await fetch(`${running.url}/bot${DEFAULT_BOT.token}/getMe`);
    expect(await get.json()).toMatchObject({
      ok: true,
      result: { username: DEFAULT_BOT.username },
    });
  });

  it("records every call with its parsed params and status", async () => {
    running.sandbox.calls.clear();
    await bot.api.sendMessage(USER, "logged", {
      reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
    });
    await failure(bot.api.sendMessage(USER, ""));
    await bot.api.sendPhoto(USER, new InputFile(SAMPLE_PNG, "shot.png"));

    const [ok, bad, photo] = running.sandbox.calls.all();
    expect(ok).toMatchObject({
      method: "sendMessage",
      token: DEFAULT_BOT.token,
      botId: DEFAULT_BOT.id,
      status: 200,
      params: {
        chat_id: USER,
        text: "logged",
        reply_markup: { inline_keyboard: [[{ callback_data: "a" }]] },
      },
    });
    expect(bad).toMatchObject({ status: 400, description: "Bad Request: message text is empty" });
    expect(photo?.params).toMatchObject({
      chat_id: String(USER),
      photo: { filename: "shot.png", size: SAMPLE_PNG.length },
    });
    expect(running.sandbox.calls.count({ method: "sendMessage", ok: false })).toBe(1);
    expect(running.sandbox.calls.counters()).toMatchObject({
      total: 3,
      errors: 1,
      sentPerChat: { [USER]: 2 },
    });
  });

  it("injects failures and latency", async () => {
    running.sandbox.failNext("sendMessage", { status: 502, count: 2 });
    expect((await failure(bot.api.sendMessage(USER, "a"))).error_code).toBe(502);
    expect((await failure(bot.api.sendMessage(USER, "b"))).description).toBe("Bad Gateway");
    expect((await bot.api.sendMessage(USER, "c")).text).toBe("c");

    running.sandbox.failNext("*", { status: 429, retryAfter: 7 });
    const limited = await failure(bot.api.getMe());
    expect(limited.parameters.retry_after).toBe(7);

    running.sandbox.setLatency((method) => (method === "getMe" ? 60 : 0));
    const started = performance.now();
    await bot.api.getMe();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    running.sandbox.setLatency(0);
  });
});
