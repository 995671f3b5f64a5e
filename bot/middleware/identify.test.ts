/**
 * Every update pays for `identify`, so it is one statement: the sender, the
 * customer they act for and the chat's conversation state, which the
 * conversations plugin then takes instead of reading it again.
 */
import type { Update, UserFromGetMe } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomerInvite } from "../../accounts/index.ts";
import { createApprovals } from "../../approvals/index.ts";
import { createData, type Data, type Database, migrate } from "../../db/index.ts";
import { createLogger } from "../../observability/index.ts";
import {
  DEFAULT_BOT,
  type RunningTelegramSandbox,
  startTelegramSandbox,
} from "../../sandbox/telegram/index.ts";
import { createTestDatabase, databaseBackends } from "../../testing/index.ts";
import { createBot } from "../create-bot.ts";

const BOT_INFO = {
  id: DEFAULT_BOT.id,
  is_bot: true,
  first_name: DEFAULT_BOT.first_name,
  username: DEFAULT_BOT.username,
} as UserFromGetMe;

/** The Data, with every call recorded by kind and reason. */
function recorded(data: Data, calls: string[]): Data {
  return {
    asUser: (claims, fn) => {
      calls.push("asUser");
      return data.asUser(claims, fn);
    },
    asService: (reason, fn, options) => {
      calls.push(`asService ${reason}`);
      return data.asService(reason, fn, options);
    },
    statementAsUser: (claims, text, values, options) => {
      calls.push("statementAsUser");
      return data.statementAsUser(claims, text, values, options);
    },
    statementAsService: (reason, text, values, options) => {
      calls.push(`statementAsService ${reason}`);
      return data.statementAsService(reason, text, values, options);
    },
    statementsAsService: (reason, statements, options) => {
      calls.push(`statementsAsService ${reason}`);
      return data.statementsAsService(reason, statements, options);
    },
  };
}

let nextUpdate = 1;
const message = (from: number, text: string): Update =>
  ({
    update_id: nextUpdate++,
    message: {
      message_id: nextUpdate,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from, type: "private", first_name: "Ann" },
      from: { id: from, is_bot: false, first_name: "Ann" },
      text,
      ...(text.startsWith("/")
        ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] }
        : {}),
    },
  }) as Update;

describe.each(databaseBackends())("identify on %s", (backend) => {
  let db: Database;
  let data: Data;
  const calls: string[] = [];
  let tg: RunningTelegramSandbox;
  let bot: ReturnType<typeof createBot>;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await migrate(db.pool);
    data = createData(db);
    tg = await startTelegramSandbox({ limits: false });
    bot = createBot({
      token: DEFAULT_BOT.token,
      botInfo: BOT_INFO,
      apiRoot: tg.apiRoot,
      data: recorded(data, calls),
      logger: createLogger({ level: "silent" }),
      appSecret: "identify-test-secret-0123456789abcdef0123",
      adminIds: [],
      dashboardUrl: "http://127.0.0.1:8787",
      brain: { handleMessage: async ({ text }) => ({ text: `You said: ${text}` }) },
      billing: {
        checkoutUrl: async () => "https://checkout.test",
        portalUrl: async () => undefined,
      },
      broadcast: async () => 0,
      knights: { answer: async () => false, stop: async () => ({ outcome: "not_found" }) },
      approvals: createApprovals({ data, logger: createLogger({ level: "silent" }) }),
    });
  });
  afterAll(async () => {
    await tg?.close();
    await db?.close();
  });

  /** Handles one update; returns the database calls it made and the bot's replies to it. */
  const handle = async (update: Update) => {
    const chatId = update.message!.chat.id;
    tg.sandbox.users.get(chatId);
    const before = tg.sandbox.chat(chatId).messages.filter((m) => m.from_bot).length;
    calls.length = 0;
    await bot.handleUpdate(update);
    const replies = tg.sandbox
      .chat(chatId)
      .messages.filter((m) => m.from_bot)
      .slice(before);
    return { calls: [...calls], texts: replies.map((m) => m.text ?? "") };
  };

  /** A customer with an owner on Telegram; the newest membership is the one they act for. */
  const member = async (telegramId: number, customers: { name: string; status: string }[]) =>
    data.asService("test: member", async (tx) => {
      const u = await tx.query<{ id: string }>(
        "insert into public.users (telegram_user_id, display_name) values ($1, 'Ann') returning id",
        [telegramId],
      );
      for (const [i, c] of customers.entries()) {
        const row = await tx.query<{ id: string }>(
          "insert into public.customers (name, status) values ($1, $2) returning id",
          [c.name, c.status],
        );
        await tx.query(
          `insert into public.memberships (user_id, customer_id, role, created_at)
           values ($1, $2, 'owner', now() - make_interval(days => $3))`,
          [u.rows[0]!.id, row.rows[0]!.id, customers.length - i],
        );
      }
      return u.rows[0]!.id;
    });

  it("answers /help with one statement and /status with two", async () => {
    await member(510_001, [{ name: "Bakery", status: "active" }]);
    const help = await handle(message(510_001, "/help"));
    expect(help.texts).toEqual([expect.stringContaining("/status [task] — what they are doing")]);
    expect(help.calls).toEqual(["statementAsService bot: identify telegram user"]);
    const status = await handle(message(510_001, "/status"));
    expect(status.texts).toEqual(["No tasks yet — tell me what you need done."]);
    expect(status.calls).toEqual([
      "statementAsService bot: identify telegram user",
      "statementAsUser",
    ]);
  });

  it("acts for the newest membership, tells strangers apart and honours suspension", async () => {
    await member(510_002, [
      { name: "Old Shop", status: "active" },
      { name: "New Shop", status: "suspended" },
    ]);
    const suspended = await handle(message(510_002, "/status"));
    expect(suspended.texts[0]).toContain("The Mouse account of New Shop is suspended");
    const stranger = await handle(message(510_099, "/status"));
    expect(stranger.texts[0]).toContain("I don't know you yet");
    expect(stranger.calls).toEqual(["statementAsService bot: identify telegram user"]);
  });

  it("identifies concurrent updates together, each as its own sender", async () => {
    const ids = [510_010, 510_011, 510_012, 510_013, 510_014];
    for (const id of ids) await member(id, [{ name: `Shop ${id}`, status: "suspended" }]);
    const senders = [...ids, 510_098];
    for (const id of senders) tg.sandbox.users.get(id);
    calls.length = 0;
    await Promise.all(senders.map((id) => bot.handleUpdate(message(id, "/status"))));
    const identified = calls.filter((c) => c.endsWith("identify telegram user")).length;
    expect(identified).toBeGreaterThan(0);
    expect(identified).toBeLessThan(senders.length);
    for (const id of ids) {
      const reply = tg.sandbox
        .chat(id)
        .messages.filter((m) => m.from_bot)
        .at(-1);
      expect(reply?.text).toContain(`The Mouse account of Shop ${id} is suspended`);
    }
    const stranger = tg.sandbox
      .chat(510_098)
      .messages.filter((m) => m.from_bot)
      .at(-1);
    expect(stranger?.text).toContain("I don't know you yet");
  });

  it("carries an onboarding conversation across updates from the prefetched state alone", async () => {
    const reseller = await data.asService("test: reseller", async (tx) => {
      const r = await tx.query<{ id: string }>(
        "insert into public.resellers (name) values ('Reseller') returning id",
      );
      const u = await tx.query<{ id: string }>(
        "insert into public.users (display_name) values ('Staff') returning id",
      );
      await tx.query(
        "insert into public.memberships (user_id, reseller_id, role) values ($1, $2, 'owner')",
        [u.rows[0]!.id, r.rows[0]!.id],
      );
      return { resellerId: r.rows[0]!.id, userId: u.rows[0]!.id };
    });
    const { token } = await createCustomerInvite(
      data,
      { userId: reseller.userId },
      { name: "Placeholder", resellerId: reseller.resellerId, ttlHours: 1 },
    );
    const start = await handle(message(510_003, `/start ${token}`));
    expect(start.texts.at(-1)).toContain("What's your business called?");
    const named = await handle(message(510_003, "Ann's Flowers"));
    expect(named.texts).toEqual([expect.stringContaining("Nice to meet Ann's Flowers!")]);
    // The state came with identify's statement: no second read, only the write of the new state.
    expect(named.calls.filter((c) => c.includes("conversation state"))).toEqual([
      "asService bot: write conversation state",
    ]);
    const needs = await handle(message(510_003, "Flower deliveries"));
    expect(needs.texts[0]).toContain("Pick a plan");
    // /cancel leaves the conversation; afterwards the chat has no state at all.
    const cancelled = await handle(message(510_003, "/cancel"));
    expect(cancelled.texts).toEqual(["Okay, cancelled. What would you like to do instead?"]);
    const { rows } = await db.pool.query("select 1 from public.bot_state where key = $1", [
      "conv:510003",
    ]);
    expect(rows).toHaveLength(0);
  });
});
