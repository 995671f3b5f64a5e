import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listenForNotifications } from "../../dashboard/live/listener.ts";
import { createScriptedBrain } from "../../sandbox/models/index.ts";
import { queueTargets } from "../../testing/index.ts";
import {
  createLocalFramePublisher,
  createPgNotifyFramePublisher,
  fanOutFramePublisher,
} from "./frames.ts";
import { type RunningKnights, startKnights } from "./start.ts";
import { type Harness, startHarness } from "./test-harness.ts";

const NOTES = "/home/user/Desktop/notes.txt";

const brain = createScriptedBrain({
  scenarios: [
    {
      name: "notes",
      match: "[scenario:notes]",
      steps: [
        { computer: [{ action: "screenshot" }] },
        { computer: [{ action: "left_click", coordinate: [400, 300] }] },
        { computer: [{ action: "type", text: "hello from a knight" }] },
        { computer: [{ action: "key", text: "ctrl+s" }] },
        { text: "Saved the note on the desktop." },
      ],
    },
  ],
});

describe.each(queueTargets())("a knight at work, $name", ({ queue, database }) => {
  let h: Harness;
  let knights: RunningKnights;
  beforeAll(async () => {
    h = await startHarness({ queue, database, brain });
    knights = await startKnights(h.deps());
  });
  afterAll(async () => {
    await knights?.close();
    await h?.close();
  });

  it("completes a multi-step task, records every step and sends the final screenshot", async () => {
    const owner = await h.customer();
    const frames: { taskId: string; seq: number; bytes?: Buffer }[] = [];
    const unsubscribe = knights.liveFrames.subscribe((f) => frames.push(f), {
      customerId: owner.customerId,
    });
    const taskId = await h.deploy(owner, {
      role: "ops_assistant",
      task: "[scenario:notes] Write a note on the desktop",
    });
    const task = await h.waitFor(taskId, ["succeeded", "failed"]);
    expect(task.status).toBe("succeeded");
    expect(task.result).toBe("Saved the note on the desktop.");

    const steps = await h.query<{
      seq: number;
      status: string;
      action: string;
      frame_id: string | null;
      input_tokens: number;
      cost_micros: string;
    }>("select * from public.task_steps where task_id = $1 order by seq", [taskId]);
    expect(steps.map((s) => [s.seq, s.action, s.status])).toEqual([
      [1, "screenshot", "done"],
      [2, "left_click", "done"],
      [3, "type", "done"],
      [4, "key", "done"],
      [5, "finish", "done"],
    ]);
    expect(steps.slice(0, 4).every((s) => s.frame_id !== null)).toBe(true);
    expect(steps.every((s) => s.input_tokens + Number(s.cost_micros) > 0)).toBe(true);

    // The work really happened on the VM: the note was saved.
    const [vm] = await h.query<{ provider_id: string }>(
      "select provider_id from public.vms where employee_id = $1",
      [task.employee_id],
    );
    expect(h.orgo.inspect.readFile(vm!.provider_id, NOTES)?.toString()).toContain(
      "hello from a knight",
    );
    expect(h.orgo.inspect.actions(vm!.provider_id).map((a) => a.type)).toEqual([
      "click",
      "type",
      "key",
    ]);

    // Agent activity was recorded with the steps (the reaper measures idleness from it).
    const [activity] = await h.query<{ after_last_step: boolean }>(
      `select v.last_activity_at >= (select max(finished_at) from public.task_steps
                                      where task_id = $1 and action <> 'finish') as after_last_step
         from public.vms v where v.employee_id = $2`,
      [taskId, task.employee_id],
    );
    expect(activity!.after_last_step).toBe(true);

    // Exactly one model usage event per step, summing to the task's cost.
    const usage = await h.query<{ idempotency_key: string; cost_micros: string }>(
      "select idempotency_key, cost_micros from public.usage_events where task_id = $1 order by idempotency_key",
      [taskId],
    );
    expect(usage.map((u) => u.idempotency_key)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `knight:${taskId}:${n}:model`),
    );
    expect(usage.reduce((n, u) => n + Number(u.cost_micros), 0)).toBe(Number(task.cost_micros));

    // The customer heard: started, progress as one status message, done with the screenshot.
    const mine = h.notifications.sent.filter((m) => m.chatId === owner.chatId);
    expect(mine[0]?.text).toContain("started");
    const done = mine.at(-1)!;
    expect(done.text).toContain("Saved the note on the desktop.");
    expect(done.photo && "bytes" in done.photo && done.photo.bytes.subarray(1, 4).toString()).toBe(
      "PNG",
    );
    const statuses = h.notifications.statuses.filter((s) => s.key === taskId);
    // One per step, then the final state: done, with the time and cost.
    expect(statuses.length).toBe(5);
    expect(statuses.at(-2)?.text).toContain("step 4/");
    expect(statuses.at(-1)?.text).toMatch(/^✅ .* — done in \d+ s · \$\d+\.\d\d$/);

    // Every screenshot was stored and published live: the first screen, then one per action.
    unsubscribe();
    expect(frames.map((f) => [f.taskId, f.seq])).toEqual(
      [0, 1, 2, 3, 4].map((seq) => [taskId, seq]),
    );
    expect(frames.every((f) => f.bytes?.subarray(1, 4).toString() === "PNG")).toBe(true);
    const stored = await h.query("select 1 from public.frames where task_id = $1", [taskId]);
    expect(stored).toHaveLength(5);
    const [employee] = await h.query<{ status: string }>(
      "select status from public.employees where id = $1",
      [task.employee_id],
    );
    expect(employee!.status).toBe("idle");
  });

  it("announces each screenshot once, to this process and over NOTIFY, once it is stored", async () => {
    // The services' wiring: viewers in this process and web processes elsewhere.
    const local = createLocalFramePublisher();
    const kit = h.queueKit({ isolated: true });
    const announcing = await startKnights({
      ...h.deps({}, kit),
      publisher: fanOutFramePublisher(local, createPgNotifyFramePublisher(h.data)),
    });
    const notified: { frameId: string; taskId: string; seq: number; stored: Promise<boolean> }[] =
      [];
    const listening = listenForNotifications(
      h.db.pool,
      ["mouse_frames"],
      (_, payload) => {
        const event = JSON.parse(payload) as { frameId: string; taskId: string; seq: number };
        if (event.taskId === "probe")
          return void notified.push({ ...event, stored: Promise.resolve(false) });
        // Whoever hears of a frame can load it: the row committed before the news went out.
        const stored = h
          .query<{ n: number }>("select count(*)::int as n from public.frames where id = $1", [
            event.frameId,
          ])
          .then((rows) => rows[0]!.n === 1);
        notified.push({ ...event, stored });
      },
      { logger: h.logger },
    );
    const seen: { frameId: string; bytes?: Buffer }[] = [];
    const unsubscribe = local.subscribe((f) => seen.push(f));
    try {
      const owner = await h.customer();
      // LISTEN is in place once a notification of our own comes back.
      await vi.waitFor(async () => {
        await h.db.pool.query("select pg_notify('mouse_frames', $1)", [
          JSON.stringify({ frameId: "probe", taskId: "probe", seq: -1 }),
        ]);
        expect(notified.some((n) => n.frameId === "probe")).toBe(true);
      });
      const taskId = await h.deploy(
        owner,
        { role: "ops_assistant", task: "[scenario:notes] Write a note on the desktop" },
        kit,
      );
      expect((await h.waitFor(taskId, ["succeeded", "failed"])).status).toBe("succeeded");
      const frames = await h.query<{ id: string }>(
        "select id from public.frames where task_id = $1 order by created_at",
        [taskId],
      );
      expect(frames).toHaveLength(5); // before the first step, then after each of the four actions
      const ids = frames.map((f) => f.id).sort();
      await vi.waitFor(() => {
        const ours = notified.filter((n) => n.taskId === taskId);
        expect(ours.map((n) => n.frameId).sort()).toEqual(ids);
      });
      const ours = notified.filter((n) => n.taskId === taskId);
      expect(ours.map((n) => n.seq)).toEqual([0, 1, 2, 3, 4]);
      expect(await Promise.all(ours.map((n) => n.stored))).toEqual([true, true, true, true, true]);
      expect(seen.map((f) => f.frameId).sort()).toEqual(ids);
      expect(seen.every((f) => f.bytes && f.bytes.length > 0)).toBe(true);
    } finally {
      unsubscribe();
      await listening.close();
      await announcing.close();
    }
  });

  it("reuses the employee's VM for its next task", async () => {
    const owner = await h.customer();
    const first = await h.deploy(owner, { role: "researcher", task: "[scenario:notes] one" });
    const task = await h.waitFor(first, ["succeeded", "failed"]);
    const second = await h.deploy(owner, {
      role: "researcher",
      task: "[scenario:notes] two",
      employeeId: task.employee_id!,
    });
    expect((await h.waitFor(second, ["succeeded", "failed"])).status).toBe("succeeded");
    const computers = h.orgo.inspect.computers({ name: `mouse-${task.employee_id}` });
    expect(computers).toHaveLength(1);
  });
});
