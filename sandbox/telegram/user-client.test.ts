import { Bot, type GrammyError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_BOT,
  type RunningTelegramSandbox,
  startTelegramSandbox,
  UserActionError,
  WaitTimeoutError,
} from "./index.ts";
import { SAMPLE_PNG } from "./sample-media.ts";

let running: RunningTelegramSandbox;
afterEach(() => running.close());

async function setup() {
  const clock = { now: 1_800_000_000_000 };
  running = await startTelegramSandbox({ limits: false, now: () => clock.now });
  const bot = new Bot(DEFAULT_BOT.token, { client: { apiRoot: running.apiRoot } });
  return { clock, bot, sandbox: running.sandbox };
}

const lastUpdate = (sandbox: RunningTelegramSandbox["sandbox"]) => sandbox.pendingUpdates().at(-1);

describe("a simulated user", () => {
  it("writes messages the bot receives as updates and sees both sides in the transcript", async () => {
    const { bot, sandbox } = await setup();
    const ann = sandbox.users.get(701, {
      first_name: "Ann",
      username: "ann_k",
      language_code: "en",
    });
    const hello = ann.sendText("hi @sandbox_bot, see #news");
    expect(lastUpdate(sandbox)?.message).toMatchObject({
      message_id: 1,
      from: { id: 701, is_bot: false, first_name: "Ann", username: "ann_k", language_code: "en" },
      chat: { id: 701, type: "private" },
      text: "hi @sandbox_bot, see #news",
      entities: [
        { type: "mention", offset: 3, length: 12 },
        { type: "hashtag", offset: 21, length: 5 },
      ],
    });
    await bot.api.sendMessage(701, "hello back", {
      reply_parameters: { message_id: hello.message_id },
    });
    ann.editText(hello.message_id, "hi again");
    expect(lastUpdate(sandbox)?.edited_message).toMatchObject({ message_id: 1, text: "hi again" });

    expect(ann.transcript().messages.map((m) => [m.from_bot, m.text, m.edited])).toEqual([
      [false, "hi again", true],
      [true, "hello back", false],
    ]);
    expect(() => ann.editText(2, "not mine")).toThrow(UserActionError);
  });

  it("sends photos, documents, stickers and voice notes the bot can download", async () => {
    const { bot, sandbox } = await setup();
    const bo = sandbox.users.get(702, { first_name: "Bo" });
    const photo = bo.sendPhoto({ caption: "my screen" });
    expect(photo).toMatchObject({ caption: "my screen", photo: [{ width: 2, height: 2 }] });
    const file = await bot.api.getFile(photo.photo?.at(-1)?.file_id ?? "");
    const download = await fetch(`${running.url}/file/bot${DEFAULT_BOT.token}/${file.file_path}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(SAMPLE_PNG);

    const doc = bo.sendDocument({
      fileName: "invoice.pdf",
      bytes: new Uint8Array([1, 2, 3]),
      mimeType: "application/pdf",
    });
    expect(doc.document).toMatchObject({
      file_name: "invoice.pdf",
      mime_type: "application/pdf",
      file_size: 3,
    });
    expect(bo.sendSticker({ emoji: "🎉" }).sticker).toMatchObject({ emoji: "🎉", type: "regular" });
    expect(bo.sendVoice({ duration: 7 }).voice).toMatchObject({
      duration: 7,
      mime_type: "audio/ogg",
    });
    expect(
      sandbox
        .pendingUpdates()
        .map((u) =>
          Object.keys(u.message ?? {}).find((k) =>
            ["photo", "document", "sticker", "voice"].includes(k),
          ),
        ),
    ).toEqual(["photo", "document", "sticker", "voice"]);
  });

  it("forwards messages with their origin", async () => {
    const { sandbox } = await setup();
    const cy = sandbox.users.get(703, { first_name: "Cy" });
    const dan = sandbox.users.get(704, { first_name: "Dan" });
    expect(cy.forward({ text: "from Dan", from: dan.user }).forward_origin).toMatchObject({
      type: "user",
      sender_user: { id: 704 },
    });
    expect(
      cy.forward({ text: "news", channel: { id: -1001, title: "News" }, messageId: 5 })
        .forward_origin,
    ).toMatchObject({
      type: "channel",
      chat: { id: -1001, type: "channel", title: "News" },
      message_id: 5,
    });
    expect(cy.forward({ text: "secret", senderName: "Anon" }).forward_origin).toMatchObject({
      type: "hidden_user",
      sender_user_name: "Anon",
    });
  });

  it("speaks in groups, and channels post to the bot", async () => {
    const { bot, sandbox } = await setup();
    const group = sandbox.createGroup({ title: "Ops" });
    expect(group.id).toBeLessThan(-1_000_000_000_000);
    const eve = sandbox.users.get(705, { first_name: "Eve" });
    eve.sendText("/status@sandbox_bot", { chatId: group.id });
    expect(lastUpdate(sandbox)?.message).toMatchObject({
      chat: { id: group.id, type: "supergroup", title: "Ops" },
      from: { id: 705 },
      entities: [{ type: "bot_command", offset: 0, length: 19 }],
    });
    const reply = await bot.api.sendMessage(group.id, "all good");
    expect(await sandbox.waitForBotMessage(group.id)).toEqual(reply);
    expect(await bot.api.getChatMember(group.id, 705)).toMatchObject({ status: "member" });

    const channel = sandbox.createChannel({ title: "Announcements", username: "announce" });
    sandbox.postToChannel(channel.id, "Release 1.0");
    expect(lastUpdate(sandbox)?.channel_post).toMatchObject({
      chat: { id: channel.id, type: "channel" },
      sender_chat: { id: channel.id },
      text: "Release 1.0",
    });
    expect((await bot.api.sendMessage("@announce", "posted")).sender_chat?.id).toBe(channel.id);

    const chatty = sandbox.createGroup({ title: "Chatty", botStatus: "member" });
    eve.sendText("just chatting", { chatId: chatty.id });
    eve.sendText("hey @sandbox_bot", { chatId: chatty.id });
    eve.sendText("/help@other_bot", { chatId: chatty.id });
    eve.sendText("/help", { chatId: chatty.id });
    const seen = sandbox.pendingUpdates().filter((u) => u.message?.chat.id === chatty.id);
    expect(seen.map((u) => u.message?.text)).toEqual(["hey @sandbox_bot", "/help"]);
    expect(sandbox.chat(chatty.id).messages).toHaveLength(4);

    const outside = sandbox.createGroup({ title: "Left", botStatus: "left" });
    const refused = (await bot.api.sendMessage(outside.id, "hi").catch((e) => e)) as GrammyError;
    expect(refused.description).toBe("Forbidden: bot is not a member of the supergroup chat");
  });

  it("presses only buttons that exist, and answers expire", async () => {
    const { bot, clock, sandbox } = await setup();
    const fay = sandbox.users.get(706, { first_name: "Fay" });
    const menu = await bot.api.sendMessage(706, "Choose", {
      reply_markup: {
        inline_keyboard: [
          [
            { text: "Yes", callback_data: "yes" },
            { text: "Docs", url: "https://example.com" },
          ],
        ],
      },
    });
    expect(() => fay.pressButton(menu, "no")).toThrow(
      'has no callback button "no"; its buttons: Yes (yes), Docs',
    );
    expect(() => fay.pressButton(menu, { text: "Docs" })).toThrow(UserActionError);
    const pressed = fay.pressButton(menu, { text: "Yes" });
    const query = lastUpdate(sandbox)?.callback_query;
    expect(query).toMatchObject({
      id: pressed.callbackQueryId,
      data: "yes",
      from: { id: 706 },
      message: { message_id: menu.message_id },
    });

    clock.now += 16_000;
    const late = (await bot.api
      .answerCallbackQuery(pressed.callbackQueryId)
      .catch((e) => e)) as GrammyError;
    expect(late.description).toBe(
      "Bad Request: query is too old and response timeout expired or query ID is invalid",
    );

    const second = fay.pressButton(menu, "yes");
    await bot.api.answerCallbackQuery(second.callbackQueryId, { text: "Done", show_alert: true });
    expect(second.answer()).toEqual({ text: "Done", show_alert: true });
    expect(
      (await bot.api.answerCallbackQuery(second.callbackQueryId).catch((e) => e)).error_code,
    ).toBe(400);

    await bot.api.deleteMessage(706, menu.message_id);
    expect(() => fay.pressButton(menu, "yes")).toThrow(/was deleted/);
  });

  it("blocks the bot: my_chat_member update and 403 on send", async () => {
    const { bot, sandbox } = await setup();
    const gus = sandbox.users.get(707, { first_name: "Gus" });
    gus.block();
    expect(lastUpdate(sandbox)?.my_chat_member).toMatchObject({
      chat: { id: 707 },
      new_chat_member: { status: "kicked", user: { id: DEFAULT_BOT.id } },
    });
    const error = (await bot.api.sendMessage(707, "still there?").catch((e) => e)) as GrammyError;
    expect([error.error_code, error.description]).toEqual([
      403,
      "Forbidden: bot was blocked by the user",
    ]);
    gus.unblock();
    expect((await bot.api.sendMessage(707, "welcome back")).text).toBe("welcome back");
  });

  it("waits for the bot's next message after the user's last action", async () => {
    const { bot, sandbox } = await setup();
    const hal = sandbox.users.get(708, { first_name: "Hal" });
    await bot.api.sendMessage(708, "old news");
    hal.sendText("question");
    const waiting = hal.waitForBotMessage({
      predicate: (m) => m.text?.startsWith("answer") ?? false,
    });
    await bot.api.sendMessage(708, "thinking…");
    const status = await bot.api.sendMessage(708, "answer: draft");
    expect((await waiting).text).toBe("answer: draft");
    await bot.api.editMessageText(708, status.message_id, "answer: final");
    expect((await hal.waitForBotMessage()).text).toBe("answer: final");
    await expect(hal.waitForBotMessage({ timeoutMs: 30 })).rejects.toThrow(WaitTimeoutError);
  });
});
