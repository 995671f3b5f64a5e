/**
 * The edge app (run here on Node against the same database) writes what it
 * takes to `edge_handoffs`; the relay moves it onto BullMQ once, in order,
 * and keeps what it could not deliver.
 */
import type { Update } from "grammy/types";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxNotifier, type OutboxJob } from "../bot/index.ts";
import { createData, type Data, type Database, migrate } from "../db/index.ts";
import { createLogger, createMetrics } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import { createTestDatabase, createTestQueues, queueTargets } from "../testing/index.ts";
import { createEdgeApp } from "./app.ts";
import { createEdgeConfig } from "./env.ts";
import { createHandoffNotifier } from "./handoffs.ts";
import { relayHandoffs } from "./relay.ts";

const SECRET = "edge_secret_789";
const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);

const update = (id: number, chatId = 77, text = `message ${id}`): Update =>
  ({
    update_id: id,
    message: {
      message_id: id,
      date: 1_700_000_000,
      chat: { id: chatId, type: "private", first_name: "Edge" },
      from: { id: chatId, is_bot: false, first_name: "Edge" },
      text,
    },
  }) as Update;

/** A queue kit that records the updates it is given and can be made to fail. */
function recordingQueues() {
  const added: number[] = [];
  const state = { down: false };
  const queues = {
    queue: () => ({
      add: async (_name: string, data: Update) => {
        if (state.down) throw new Error("queue unavailable");
        added.push(data.update_id);
      },
    }),
  } as unknown as QueueKit;
  return { queues, added, state };
}

describe.each(queueTargets())("edge hand-off and relay, $name", ({ queue, database }) => {
  let db: Database;
  let data: Data;
  let queues: QueueKit;
  let app: Hono;
  const logger = createLogger({ level: "silent" });
  beforeAll(async () => {
    db = await createTestDatabase(database);
    await migrate(db.pool, { queue: true });
    data = createData(db);
    queues = createTestQueues(queue, db);
    const config = await createEdgeConfig({
      HYPERDRIVE: { connectionString: "postgres://unused@127.0.0.1/unused" },
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    app = createEdgeApp({
      config,
      pool: db.pool,
      logger,
      metrics: createMetrics({ defaults: false }),
    }) as unknown as Hono;
  });
  afterAll(async () => {
    await queues?.close();
    await db?.close();
  });

  const post = (body: Update) =>
    app.request("/telegram/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify(body),
    });
  const pending = async () =>
    (await db.pool.query<{ kind: string }>("select kind from public.edge_handoffs order by id"))
      .rows;
  const deps = (q: QueueKit = queues) => ({
    data,
    queues: q,
    notifier: createOutboxNotifier(queues, data),
    logger,
  });

  it("takes an update once at the edge, and the relay queues it under the Node route's job id", async () => {
    const answers = await Promise.all([post(update(7001)), post(update(7001))]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((await Promise.all(answers.map((a) => a.json()))).map((b) => b.duplicate)).toContain(
      true,
    );
    expect(await pending()).toEqual([{ kind: "telegram_update" }]);

    expect(await relayHandoffs(deps())).toEqual({ relayed: 1 });
    const job = await queues.queue<Update>("updates").getJob("tg-7001");
    expect(job?.data).toEqual(update(7001));
    expect(await pending()).toEqual([]);
    expect(await relayHandoffs(deps())).toEqual({ relayed: 0 });
    expect(
      (
        await app.request("/telegram/webhook", {
          method: "POST",
          headers: { "x-telegram-bot-api-secret-token": "wrong" },
          body: JSON.stringify(update(7003)),
        })
      ).status,
    ).toBe(401);
  });

  it("relays one chat's updates in the order they arrived, and keeps them while the queue is down", async () => {
    for (const id of [7101, 7102, 7103]) expect((await post(update(id, 88))).status).toBe(200);
    const recording = recordingQueues();
    recording.state.down = true;
    await expect(relayHandoffs(deps(recording.queues))).rejects.toThrow("queue unavailable");
    expect(await pending()).toHaveLength(3);

    recording.state.down = false;
    // Two relays at once (two worker processes) still deliver each row once.
    const [a, b] = await Promise.all([
      relayHandoffs(deps(recording.queues)),
      relayHandoffs(deps(recording.queues)),
    ]);
    expect(a.relayed + b.relayed).toBe(3);
    expect(recording.added).toEqual([7101, 7102, 7103]);
    expect(await pending()).toEqual([]);
  });

  it("relays the edge notifier's messages and status updates to the outbox, photo bytes intact", async () => {
    const edge = createHandoffNotifier(data);
    await edge.send({
      chatId: 99,
      text: "Payment failed",
      photo: { bytes: PNG },
      buttons: [[{ text: "Billing", url: "https://example.com/billing" }]],
    });
    await edge.status("task-9", { chatId: 99, text: "⚙️ Step 1" });
    expect(await pending()).toEqual([{ kind: "telegram_message" }, { kind: "telegram_status" }]);

    expect(await relayHandoffs(deps())).toEqual({ relayed: 2 });
    const jobs = await queues.queue<OutboxJob>("outbox").getJobs(["waiting", "delayed", "active"]);
    const send = jobs.find((j) => j.data.kind === "send")?.data;
    expect(send).toEqual({
      kind: "send",
      chatId: 99,
      text: "Payment failed",
      buttons: [[{ text: "Billing", url: "https://example.com/billing" }]],
      photoBase64: Buffer.from(PNG).toString("base64"),
    });
    expect(jobs.some((j) => j.data.kind === "status" && j.data.chatId === 99)).toBe(true);
    const { rows } = await db.pool.query(
      "select desired_text from public.bot_status_messages where key = 'task-9' and chat_id = 99",
    );
    expect(rows).toEqual([{ desired_text: "⚙️ Step 1" }]);
  });
});
