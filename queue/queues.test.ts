import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, migrate } from "../db/index.ts";
import { createTestDatabase, createTestQueues, queueTargets } from "../testing/index.ts";

describe.each(queueTargets())("BullMQ, $name", ({ queue: backend, database }) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(database);
    await migrate(db.pool, { queue: true });
  });
  afterAll(() => db?.close());

  it("runs a job added under a custom id once, however often it is added", async () => {
    const queues = createTestQueues(backend, db);
    try {
      await queues.ping();
      const seen: string[] = [];
      const done = new Promise<void>((resolve) => {
        queues.worker("maintenance", async (job) => {
          seen.push(String(job.id));
          resolve();
          return "ok";
        });
      });
      const queue = queues.queue<{ n: number }>("maintenance");
      await queue.add("work", { n: 1 }, { jobId: "task-1" });
      await queue.add("work", { n: 1 }, { jobId: "task-1" });
      await done;
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual(["task-1"]);
    } finally {
      await queues.close();
    }
  });

  it("lets a closing worker finish its active job", async () => {
    const queues = createTestQueues(backend, db);
    let finished = false;
    const started = new Promise<void>((resolve) => {
      queues.worker("maintenance", async () => {
        resolve();
        await new Promise((r) => setTimeout(r, 500));
        finished = true;
      });
    });
    await queues.queue("maintenance").add("slow", {});
    await started;
    await queues.close();
    expect(finished).toBe(true);
  });

  it("keeps queue names apart per namespace", () => {
    const a = createTestQueues(backend, db);
    const b = createTestQueues(backend, db);
    expect(a.name("knights")).not.toBe(b.name("knights"));
    expect(a.name("knights")).toMatch(/knights$/);
    expect(a.name("knights")).not.toContain(":");
    return Promise.all([a.close(), b.close()]);
  });
});
