/** The webhook route's hand-off port: whichever way an update leaves, it is taken once and never lost. */
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createData, type Data, type Database, migrate } from "../db/index.ts";
import { createTestDatabase, databaseBackends } from "../testing/index.ts";
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
      async enqueue(u) {
        if (down) throw new Error("queue unavailable");
        enqueued.push(u.update_id);
      },
    };
    expect((await post(handoff, update(902))).status).toBe(500);
    expect(await seen(902)).toBe(0);
    down = false;
    expect((await post(handoff, update(902))).status).toBe(200);
    expect(await (await post(handoff, update(902))).json()).toEqual({ ok: true, duplicate: true });
    expect(enqueued).toEqual([902]);
  });
});
