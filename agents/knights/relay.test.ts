/** No approved task is lost: Postgres is the record, the relay puts missing jobs back. */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApprovalExecutors, requestApproval } from "../../approvals/index.ts";
import { createQueueKit } from "../../queue/index.ts";
import { createScriptedBrain } from "../../sandbox/models/index.ts";
import { queueTargets } from "../../testing/index.ts";
import { createKnightExecutors, InvalidDeployError } from "./executor.ts";
import { type RunningKnights, startKnights } from "./start.ts";
import { type Harness, startHarness } from "./test-harness.ts";

const brain = createScriptedBrain({
  scenarios: [
    {
      name: "short",
      match: "[scenario:short]",
      steps: [{ computer: [{ action: "key", text: "Return" }] }, { text: "Done." }],
    },
  ],
});

describe.each(queueTargets())("relay and deploy executor, $name", ({ queue, database }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ queue, database, brain });
  });
  afterAll(() => h?.close());

  it("runs a task approved while the queue was down once a worker starts", async () => {
    const owner = await h.customer();
    // The queue cannot be reached while the customer approves.
    const deadPool = new pg.Pool({ connectionString: "postgres://nobody@127.0.0.1:1/none" });
    deadPool.on("error", () => {});
    const down = createQueueKit(
      queue === "redis"
        ? { kind: "redis", url: "redis://127.0.0.1:1" }
        : { kind: "postgres", pool: deadPool },
      { namespace: "down-" },
    );
    let taskId: string;
    try {
      taskId = await h.deploy(owner, { role: "researcher", task: "[scenario:short] go" }, down);
    } finally {
      // Closing connections that never opened may wait for them; do not wait long.
      await Promise.race([down.close(), new Promise((r) => setTimeout(r, 500))]);
      await Promise.race([deadPool.end().catch(() => {}), new Promise((r) => setTimeout(r, 500))]);
    }
    const queued = await h.task(taskId);
    expect(queued).toMatchObject({ status: "queued", enqueued_at: null });

    const knights: RunningKnights = await startKnights(h.deps());
    try {
      expect((await h.waitFor(taskId, ["succeeded", "failed"])).status).toBe("succeeded");
      expect((await h.task(taskId)).enqueued_at).not.toBeNull();
    } finally {
      await knights.close();
    }
  });

  it("enqueues a task queued in Postgres whose job is missing, once", async () => {
    const owner = await h.customer();
    const [employee] = await h.query<{ id: string }>(
      "insert into public.employees (customer_id, name, role_template) values ($1, 'Relay', 'researcher') returning id",
      [owner.customerId],
    );
    const [task] = await h.query<{ id: string }>(
      `insert into public.tasks (customer_id, employee_id, requested_by, request, status, queued_at,
                                 approved_by, approved_at)
       values ($1, $2, $3, '[scenario:short] relayed', 'queued', now(), $3, now()) returning id`,
      [owner.customerId, employee!.id, owner.userId],
    );
    const knights = await startKnights(h.deps({ relayEveryMs: 3_600_000 }));
    try {
      const again = await knights.relay();
      expect(again.filter((id) => id === task!.id).length).toBeLessThanOrEqual(1);
      expect((await h.waitFor(task!.id, ["succeeded", "failed"])).status).toBe("succeeded");
      expect(await knights.relay()).not.toContain(task!.id);
    } finally {
      await knights.close();
    }
  });

  it("never runs a task that was not approved, however it got queued", async () => {
    const owner = await h.customer();
    const [employee] = await h.query<{ id: string }>(
      "insert into public.employees (customer_id, name, role_template) values ($1, 'Rogue', 'researcher') returning id",
      [owner.customerId],
    );
    const [task] = await h.query<{ id: string }>(
      `insert into public.tasks (customer_id, employee_id, request, status, queued_at)
       values ($1, $2, '[scenario:short] sneaky', 'queued', now()) returning id`,
      [owner.customerId, employee!.id],
    );
    const knights = await startKnights(h.deps());
    try {
      expect(await knights.relay()).not.toContain(task!.id);
      await knights.enqueue(task!.id);
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await h.task(task!.id)).status).toBe("queued");
      expect(
        await h.query("select 1 from public.task_steps where task_id = $1", [task!.id]),
      ).toHaveLength(0);
    } finally {
      await knights.close();
    }
  });

  it("makes one task per approval and names new employees after their role", async () => {
    const owner = await h.customer();
    const kit = h.queueKit();
    const executors = createApprovalExecutors(
      createKnightExecutors({ data: h.data, queues: kit, logger: h.logger }),
    );
    const approve = async (payload: Record<string, unknown>) => {
      const { id } = await h.data.asService("test", (tx) =>
        requestApproval(tx, {
          customerId: owner.customerId,
          userId: owner.userId,
          kind: "deploy_employee",
          summary: "deploy",
          payload,
        }),
      );
      const [row] = await h.query<Record<string, unknown>>(
        "update public.approvals set status = 'approved', decided_by = $2, decided_at = now() where id = $1 returning *",
        [id, owner.userId],
      );
      return row as Parameters<typeof executors.execute>[0];
    };
    const first = await approve({ role: "Researcher", task: "find suppliers" });
    expect(await executors.execute(first)).toContain("Researcher is on it");
    await executors.execute(first);
    const tasks = await h.query<{ id: string; employee_id: string; max_steps: number }>(
      "select id, employee_id, max_steps from public.tasks where approval_id = $1",
      [first.id],
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.max_steps).toBe(80);
    const job = await kit.queue("knights").getJob(tasks[0]!.id);
    expect(job?.data).toEqual({ taskId: tasks[0]!.id });

    expect(await executors.execute(await approve({ role: "researcher", task: "more" }))).toContain(
      "Researcher 2 is on it",
    );
    await expect(executors.execute(await approve({ role: "researcher" }))).rejects.toThrow(
      InvalidDeployError,
    );
    const stranger = await h.customer();
    const [foreign] = await h.query<{ id: string }>(
      "insert into public.employees (customer_id, name, role_template) values ($1, 'Theirs', 'researcher') returning id",
      [stranger.customerId],
    );
    await expect(
      executors.execute(await approve({ role: "researcher", task: "x", employeeId: foreign!.id })),
    ).rejects.toThrow(InvalidDeployError);
  });
});
