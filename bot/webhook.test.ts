/** The webhook route's hand-off port: whichever way an update leaves, it is taken once and never lost. */
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createData, type Data, type Database, migrate } from "../db/index.ts";
import { createTestDatabase, databaseBackends } from "../testing/index.ts";
import { createUpdateIntake } from "./update-intake.ts";
import { createTelegramWebhookRoutes, type UpdateHandoff } from "./webhook.ts";

const SECRET = "webhook_secret_456";

const update = (id: number): Update =>
  ({
    update_id: id,
    message: {
      message_id: 1,
      date: 1_700_000_000,
      chat: { id: 42, type: "private", first_name: "Ann" },
      from: { id: 42, is_bot: false, first_name: "Ann" },
      text: "hello",
    },
  }) as Update;

describe.each(databaseBackends())("telegram webhook hand-off on %s", (backend) => {
  let db: Database;
  let data: Data;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await migrate(db.pool);
    data = createData(db);
  });
  afterAll(() => db?.close());

  const post = (handoff: UpdateHandoff, body: Update) =>
    createTelegramWebhookRoutes({ secret: SECRET, data, handoff }).request("/telegram/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify(body),
    });

  const seen = async (id: number) =>
    (
      await db.pool.query(
        "select 1 from public.webhook_events where provider = 'telegram' and event_id = $1",
        [String(id)],
      )
    ).rowCount;

  it("writes a transactional hand-off once, and a failed write leaves the update to Telegram's re-send", async () => {
    const written: number[] = [];
    let failNext = true;
    const handoff: UpdateHandoff = {
      kind: "transaction",
      async write(tx, u) {
        await tx.query("select 1");
        if (failNext) {
          failNext = false;
          throw new Error("disk full");
        }
        written.push(u.update_id);
      },
    };
    // A 5xx makes Telegram deliver the update again.
    expect((await post(handoff, update(901))).status).toBe(500);
    // The dedupe mark rolled back with the failed write: the re-send is taken.
    expect(await seen(901)).toBe(0);
    const retried = await post(handoff, update(901));
    expect(await retried.json()).toEqual({ ok: true });
    const again = await post(handoff, update(901));
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect(written).toEqual([901]);
  });

  it("undoes the dedupe mark when the queue refuses the update", async () => {
    const enqueued: number[] = [];
    let down = true;
    const handoff: UpdateHandoff = {
      kind: "queue",
      async enqueue(updates) {
        if (down) throw new Error("queue unavailable");
        enqueued.push(...updates.map((u) => u.update_id));
      },
    };
    expect((await post(handoff, update(902))).status).toBe(500);
    expect(await seen(902)).toBe(0);
    down = false;
    expect((await post(handoff, update(902))).status).toBe(200);
    expect(await (await post(handoff, update(902))).json()).toEqual({ ok: true, duplicate: true });
    expect(enqueued).toEqual([902]);
  });

  it("takes concurrent requests in batches: each update queued once, in arrival order, its re-sends answered as duplicates", async () => {
    const batches: number[][] = [];
    const handoff: UpdateHandoff = {
      kind: "queue",
      async enqueue(updates) {
        batches.push(updates.map((u) => u.update_id));
      },
    };
    const routes = createTelegramWebhookRoutes({ secret: SECRET, data, handoff });
    const send = (id: number) =>
      routes.request("/telegram/webhook", {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify(update(id)),
      });
    const ids = Array.from({ length: 40 }, (_, i) => 910_000 + i);
    // Every update arrives three times at once, as Telegram's re-sends after a timeout would.
    const answers = await Promise.all(ids.flatMap((id) => [send(id), send(id), send(id)]));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    for (let i = 0; i < ids.length; i++) {
      const three = bodies.slice(i * 3, i * 3 + 3);
      expect(three.filter((b) => b.duplicate === true)).toHaveLength(2);
    }
    expect(batches.flat()).toEqual(ids);
    // Requests that arrived together shared a dedupe statement and an enqueue.
    expect(batches.length).toBeLessThan(ids.length);
    for (const id of ids) expect(await seen(id)).toBe(1);
    expect(await (await send(ids[0]!)).json()).toEqual({ ok: true, duplicate: true });
  });

  it("fails every copy of an update whose batch could not be queued, and takes the re-send", async () => {
    const enqueued: number[] = [];
    let down = true;
    const handoff: UpdateHandoff = {
      kind: "queue",
      async enqueue(updates) {
        if (down) throw new Error("queue unavailable");
        enqueued.push(...updates.map((u) => u.update_id));
      },
    };
    const routes = createTelegramWebhookRoutes({ secret: SECRET, data, handoff });
    const send = (id: number) =>
      routes.request("/telegram/webhook", {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify(update(id)),
      });
    // A duplicate must not be answered 200 while its original fails: Telegram would drop it.
    const statuses = (await Promise.all([send(920), send(920), send(921)])).map((r) => r.status);
    expect(statuses).toEqual([500, 500, 500]);
    expect(await seen(920)).toBe(0);
    expect(await seen(921)).toBe(0);
    down = false;
    expect(await (await send(920)).json()).toEqual({ ok: true });
    expect(await (await send(921)).json()).toEqual({ ok: true });
    expect(enqueued).toEqual([920, 921]);
  });

  it("gives copies of one update in the same batch the original's outcome", async () => {
    let down = true;
    const enqueued: number[] = [];
    const intake = createUpdateIntake({
      data,
      async enqueue(updates) {
        if (down) throw new Error("queue unavailable");
        enqueued.push(...updates.map((u) => u.update_id));
      },
    });
    // The first call starts a batch of its own; the next three wait and go together.
    const outcomes = await Promise.allSettled([
      intake(update(930)),
      intake(update(931)),
      intake(update(931)),
      intake(update(932)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected", "rejected"]);
    down = false;
    const again = await Promise.all([
      intake(update(931)),
      intake(update(930)),
      intake(update(931)),
      intake(update(930)),
    ]);
    expect(again).toEqual(["queued", "queued", "duplicate", "duplicate"]);
    expect(enqueued).toEqual([931, 930]);
  });
});
