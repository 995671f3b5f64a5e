/**
 * One chat, many processes. A web process in webhook mode and two worker
 * processes (real `main.ts` children) share PostgreSQL and Redis (a
 * redis-server of the test's own; BullMQ on PostgreSQL without REDIS_URL).
 * Twenty people redeem an invite and send their onboarding answers at once,
 * one right after another, then five messages to King Mouse just as fast.
 * Whichever worker takes an update, the chat's updates run in the order they
 * were sent: no onboarding derails, and the stored messages keep their order.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomerInvite } from "../accounts/index.ts";
import { createData, type Data, type Database, migrate } from "../db/index.ts";
import {
  type Cluster,
  createTestDatabase,
  freePort,
  type RedisServer,
  startCluster,
  startRedisServer,
} from "../testing/index.ts";

const PEOPLE = 20;
const PINGS = 5;

describe.runIf(process.env.DATABASE_URL)("two worker processes, one chat's order", () => {
  let db: Database & { url?: string };
  let data: Data;
  let dir: string;
  let redis: RedisServer | undefined;
  let cluster: Cluster | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mouse-scale-out-"));
    db = await createTestDatabase("postgres");
    if (process.env.REDIS_URL) redis = await startRedisServer(await freePort(), dir);
    await migrate(db.pool, { queue: !redis });
    data = createData(db);
    cluster = await startCluster({
      databaseUrl: db.url!,
      ...(redis ? { redisUrl: redis.url } : {}),
      workers: 2,
      logDir: dir,
    });
  }, 300_000);
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  /** The bot's messages in a chat so far. */
  const botTexts = (chatId: number) =>
    cluster!.telegram.sandbox
      .chat(chatId)
      .messages.filter((m) => m.from_bot && !m.deleted)
      .map((m) => m.text ?? "");
  const waitUntil = async (what: string, ok: () => boolean | Promise<boolean>, ms = 120_000) => {
    const deadline = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it("derails no onboarding and stores each chat's messages in the order sent", async () => {
    const sandbox = cluster!.telegram.sandbox;
    const reseller = await data.asService("test: reseller", async (tx) => {
      const r = await tx.query<{ id: string }>(
        "insert into public.resellers (name) values ('Scale Reseller') returning id",
      );
      const u = await tx.query<{ id: string }>(
        "insert into public.users (display_name) values ('Reseller staff') returning id",
      );
      await tx.query(
        "insert into public.memberships (user_id, reseller_id, role) values ($1, $2, 'owner')",
        [u.rows[0]!.id, r.rows[0]!.id],
      );
      return { resellerId: r.rows[0]!.id, userId: u.rows[0]!.id };
    });
    const people = await Promise.all(
      Array.from({ length: PEOPLE }, async (_, i) => {
        const invite = await createCustomerInvite(
          data,
          { userId: reseller.userId },
          { name: `Placeholder ${i}`, resellerId: reseller.resellerId, ttlHours: 1 },
        );
        const user = sandbox.users.get(560_000 + i, { first_name: `Person ${i}` });
        return { i, user, ...invite };
      }),
    );

    // Every answer right after the one before, without waiting for the questions.
    for (const p of people) {
      p.user.start(p.token);
      p.user.sendText(`Business ${p.i}`);
      p.user.sendText(`Needs of business ${p.i}`);
    }
    for (const p of people) {
      await waitUntil(`the plan question in chat ${p.i}`, () =>
        botTexts(p.user.chatId).some((t) => t.includes("Pick a plan")),
      );
      const plans = sandbox
        .chat(p.user.chatId)
        .messages.find((m) => m.from_bot && m.text?.includes("Pick a plan"))!;
      p.user.pressButton(plans.message, "plan:free");
    }
    for (const p of people)
      await waitUntil(`the welcome in chat ${p.i}`, () =>
        botTexts(p.user.chatId).some((t) => t.includes("You're all set")),
      );

    const { rows: customers } = await db.pool.query<{
      id: string;
      name: string;
      business_description: string;
    }>("select id::text, name, business_description from public.customers where id = any($1)", [
      people.map((p) => p.customerId),
    ]);
    const derailed = people.filter((p) => {
      const c = customers.find((row) => row.id === p.customerId);
      return c?.name !== `Business ${p.i}` || c.business_description !== `Needs of business ${p.i}`;
    });
    expect(derailed.map((p) => p.i)).toEqual([]);
    // Each question asked once, in order, and no answer taken for a request to King Mouse.
    for (const p of people) {
      const texts = botTexts(p.user.chatId);
      const q1 = texts.findIndex((t) => t.includes("What's your business called?"));
      const q2 = texts.findIndex((t) => t.includes("What do you need help with?"));
      expect(q1).toBeGreaterThanOrEqual(0);
      expect(q2).toBeGreaterThan(q1);
      expect(texts.filter((t) => t.includes("What do you need help with?"))).toHaveLength(1);
    }

    // Then five messages each to King Mouse, sent as fast.
    for (const p of people) for (let n = 1; n <= PINGS; n++) p.user.sendText(`ping ${p.i}-${n}`);
    await waitUntil(
      "every ping stored",
      async () => {
        const { rows } = await db.pool.query<{ n: number }>(
          `select count(*)::int as n from public.messages
            where role = 'user' and customer_id = any($1) and content::text like '%ping %'`,
          [people.map((p) => p.customerId)],
        );
        return rows[0]!.n >= PEOPLE * PINGS;
      },
      240_000,
    );
    const outOfOrder: string[] = [];
    for (const p of people) {
      const { rows } = await db.pool.query<{ text: string }>(
        `select substring(content::text from 'ping [0-9]+-[0-9]+') as text from public.messages
          where role = 'user' and customer_id = $1 and content::text like '%ping %' order by id`,
        [p.customerId],
      );
      const sent = Array.from({ length: PINGS }, (_, n) => `ping ${p.i}-${n + 1}`);
      if (JSON.stringify(rows.map((r) => r.text)) !== JSON.stringify(sent))
        outOfOrder.push(`${p.i}: ${rows.map((r) => r.text).join(", ")}`);
    }
    expect(outOfOrder).toEqual([]);
    // And every ping answered.
    const answers = (chatId: number) => {
      const texts = botTexts(chatId);
      return texts.length - 1 - texts.findIndex((t) => t.includes("You're all set"));
    };
    await waitUntil(
      "every ping answered",
      () => people.every((p) => answers(p.user.chatId) >= PINGS),
      120_000,
    );
  }, 600_000);
});
