/** VMs: stopped when the agent is idle (viewers do not count), metered once per session, deleted with the employee. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedBrain } from "../../sandbox/models/index.ts";
import { queueTargets } from "../../testing/index.ts";
import { MAINTENANCE_JOBS, type RunningKnights, startKnights } from "./start.ts";
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

type VmRow = {
  id: string;
  provider_id: string;
  status: string;
  started_at: Date | null;
  stopped_at: Date | null;
};

describe.each(queueTargets())("knight VMs, $name", ({ queue, database }) => {
  let h: Harness;
  let knights: RunningKnights;
  beforeAll(async () => {
    h = await startHarness({ queue, database, brain });
    // The scheduled reaper stays out of the way (an hour); tests reap with explicit timeouts.
    knights = await startKnights(h.deps({ idleStopMs: 3_600_000, reaperEveryMs: 3_600_000 }));
  });
  afterAll(async () => {
    await knights?.close();
    await h?.close();
  });

  const vmOf = async (employeeId: string) =>
    (await h.query<VmRow>("select * from public.vms where employee_id = $1", [employeeId]))[0]!;
  const vmUsage = (vmId: string) =>
    h.query<{ idempotency_key: string; quantity: string; cost_micros: string }>(
      "select idempotency_key, quantity::text, cost_micros::text from public.usage_events where kind = 'vm_minutes' and detail->>'vmId' = $1 order by occurred_at",
      [vmId],
    );
  const runTask = async (owner: { customerId: string; userId: string }, employeeId?: string) => {
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "[scenario:short] press enter",
      ...(employeeId ? { employeeId } : {}),
    });
    return h.waitFor(taskId, ["succeeded", "failed"]);
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const stoppedVm = async (employeeId: string) => {
    const deadline = Date.now() + 30_000;
    let vm = await vmOf(employeeId);
    while (vm.status !== "stopped" && Date.now() < deadline) {
      await sleep(50);
      vm = await vmOf(employeeId);
    }
    return vm;
  };
  /** What a worker that died mid-task leaves behind: the VM started, nobody to stop it. */
  const leftRunning = (employeeId: string, customerId: string) =>
    knights.vms.ensure({ id: employeeId, customerId }, new AbortController().signal);

  it("stops the VM as soon as the employee's task ends, state kept, billed up to the stop", async () => {
    const owner = await h.customer();
    const task = await runTask(owner);
    const vm = await stoppedVm(task.employee_id!);
    expect(vm.status).toBe("stopped");
    const [ended] = await h.query<{ at: Date }>(
      "select finished_at as at from public.tasks where id = $1",
      [task.id],
    );
    expect(vm.stopped_at!.getTime()).toBeGreaterThanOrEqual(ended!.at.getTime());
    // Well inside the reaper's idle timeout (10 min) plus its interval.
    expect(vm.stopped_at!.getTime() - ended!.at.getTime()).toBeLessThan(60_000);
    // Stopped, not deleted: the same computer starts again for the next task.
    expect(h.orgo.inspect.computers().find((c) => c.id === vm.provider_id)?.status).toBe("stopped");
    expect(await vmUsage(vm.id)).toEqual([
      {
        idempotency_key: `vm:${vm.id}:${vm.started_at!.getTime()}`,
        quantity: "1",
        cost_micros: "1000",
      },
    ]);
    // Idempotent: a second stop (or the reaper) finds nothing to do and bills nothing.
    expect(await knights.vms.stopUnused(task.employee_id!)).toBe(false);
    expect(await knights.vms.stopIdle(1)).toBe(0);
    expect(await vmUsage(vm.id)).toHaveLength(1);

    await runTask(owner, task.employee_id!);
    const again = await stoppedVm(task.employee_id!);
    expect(again.provider_id).toBe(vm.provider_id);
    expect(await vmUsage(vm.id)).toHaveLength(2);
    expect(h.orgo.inspect.computers({ name: `mouse-${task.employee_id}` })).toHaveLength(1);
  });

  it("keeps the VM for a task still queued, and a task starting during a stop gets a running VM", async () => {
    const owner = await h.customer();
    const task = await runTask(owner);
    const employeeId = task.employee_id!;
    await stoppedVm(employeeId);
    await leftRunning(employeeId, owner.customerId);
    // Another task of the employee waits in the queue: the desktop stays.
    const [queued] = await h.query<{ id: string }>(
      `insert into public.tasks (customer_id, employee_id, request, status)
       values ($1, $2, 'next', 'queued') returning id`,
      [owner.customerId, employeeId],
    );
    expect(await knights.vms.stopUnused(employeeId)).toBe(false);
    expect((await vmOf(employeeId)).status).toBe("running");
    await h.query("update public.tasks set status = 'cancelled' where id = $1", [queued!.id]);
    // A stopper that marked the VM stopping and died: the next start finishes the stop and starts it again.
    await h.query("update public.vms set status = 'stopping' where employee_id = $1", [employeeId]);
    const ready = await leftRunning(employeeId, owner.customerId);
    const vm = await vmOf(employeeId);
    expect(vm.status).toBe("running");
    expect(vm.stopped_at).toBeNull();
    expect(h.orgo.inspect.computers().find((c) => c.id === ready.computerId)?.status).toBe(
      "running",
    );
    expect(await knights.vms.stopUnused(employeeId)).toBe(true);
    expect((await vmOf(employeeId)).status).toBe("stopped");
  });

  it("the reaper stops a VM left running idle past the timeout even while someone watches it, and meters the session once", async () => {
    const owner = await h.customer();
    const task = await runTask(owner);
    await stoppedVm(task.employee_id!);
    await leftRunning(task.employee_id!, owner.customerId);
    const vm = await vmOf(task.employee_id!);
    expect(vm.status).toBe("running");
    const reap = () => knights.vms.stopIdle(400);
    expect(await knights.vms.stopIdle(60_000)).toBe(0);

    // A dashboard viewer polls screenshots; that is not agent activity.
    const activity = async () =>
      (
        await h.query<{ at: Date }>("select last_activity_at as at from public.vms where id = $1", [
          vm.id,
        ])
      )[0]!.at.getTime();
    const lastAgentActivity = await activity();
    const viewer = h.orgoClient();
    for (let i = 0; i < 5; i++) await viewer.screenshot(vm.provider_id);
    expect(await activity()).toBe(lastAgentActivity);
    await sleep(450);
    expect(await reap()).toBe(1);
    expect(h.orgo.inspect.computers().find((c) => c.id === vm.provider_id)?.status).toBe("stopped");
    const stopped = await vmOf(task.employee_id!);
    expect(stopped.status).toBe("stopped");
    const usage = await vmUsage(vm.id);
    expect(usage).toHaveLength(2);
    expect(usage[1]).toEqual({
      idempotency_key: `vm:${vm.id}:${vm.started_at!.getTime()}`,
      quantity: "1",
      cost_micros: "1000",
    });
    // Reaping again changes nothing and bills nothing.
    expect(await reap()).toBe(0);
    expect(await vmUsage(vm.id)).toHaveLength(2);
  });

  it("bills a session a crashed worker left running from its start to the stop, in started minutes", async () => {
    const owner = await h.customer();
    const task = await runTask(owner);
    await stoppedVm(task.employee_id!);
    await leftRunning(task.employee_id!, owner.customerId);
    const vm = await vmOf(task.employee_id!);
    await h.query(
      `update public.vms set started_at = now() - interval '4 minutes 30 seconds', last_activity_at = now() - interval '4 minutes'
        where id = $1`,
      [vm.id],
    );
    expect(await knights.vms.stopIdle(60_000)).toBe(1);
    const usage = await vmUsage(vm.id);
    expect(Number(usage.at(-1)!.quantity)).toBe(5);
  });

  it("the scheduled reaper stops an idle VM on its own", async () => {
    // Its own queues, so its fast schedule does not reach the other tests' knights.
    const kit = h.queueKit({ isolated: true });
    const reaper = await startKnights(h.deps({ idleStopMs: 300, reaperEveryMs: 250 }, kit));
    try {
      const owner = await h.customer();
      const taskId = await h.deploy(
        owner,
        { role: "researcher", task: "[scenario:short] press enter" },
        kit,
      );
      const task = await h.waitFor(taskId, ["succeeded", "failed"]);
      await stoppedVm(task.employee_id!);
      await reaper.vms.ensure(
        { id: task.employee_id!, customerId: owner.customerId },
        new AbortController().signal,
      );
      const vm = await vmOf(task.employee_id!);
      expect(vm.status).toBe("running");
      const deadline = Date.now() + 30_000;
      while ((await vmOf(task.employee_id!)).status !== "stopped") {
        if (Date.now() > deadline) throw new Error("the reaper never stopped the VM");
        await sleep(100);
      }
      expect(h.orgo.inspect.computers().find((c) => c.id === vm.provider_id)?.status).toBe(
        "stopped",
      );
    } finally {
      await reaper.close();
    }
  });

  it("runs the reaper and the relay as BullMQ job schedulers", async () => {
    const schedulers = await h.deps().queues.queue("maintenance").getJobSchedulers();
    expect(schedulers.map((s) => s.key ?? s.id).sort()).toEqual(
      expect.arrayContaining([MAINTENANCE_JOBS.reap, MAINTENANCE_JOBS.relay]),
    );
  });

  it("deletes the VM when the employee is removed, after metering it", async () => {
    const owner = await h.customer();
    const task = await runTask(owner);
    const vm = await vmOf(task.employee_id!);
    await knights.removeEmployee(task.employee_id!);
    expect(
      h.orgo.inspect.computers().find((c) => c.id === vm.provider_id)?.deletedAt,
    ).not.toBeNull();
    expect((await vmOf(task.employee_id!)).status).toBe("deleted");
    expect(await vmUsage(vm.id)).toHaveLength(1);
    const [employee] = await h.query<{ status: string }>(
      "select status from public.employees where id = $1",
      [task.employee_id],
    );
    expect(employee!.status).toBe("removed");
  });
});
