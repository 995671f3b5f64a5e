/**
 * A knight that asks for help (`request_help`, here for a CAPTCHA the
 * sandbox model will not solve): the customer gets the reason, the screen
 * and the take-over button; the VM is kept for the help wait, then stopped
 * (and no longer billed) and the customer told; taking control starts it
 * again, and handing back resumes the task to the end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedBrain } from "../../sandbox/models/index.ts";
import { queueTargets } from "../../testing/index.ts";
import { type RunningKnights, startKnights } from "./start.ts";
import { type Harness, startHarness } from "./test-harness.ts";

const PUBLIC_URL = "https://mouse.example.com";
const HELP_WAIT_MS = 3_000;
const requests: string[] = [];

// The default sandbox behaviour, watching what the knight is told.
const sandbox = createScriptedBrain();
const brain = async (request: Parameters<typeof sandbox>[0]) => {
  requests.push(JSON.stringify(request.messages));
  return sandbox(request);
};

describe.each(queueTargets())("request_help, $name", ({ queue, database }) => {
  let h: Harness;
  let knights: RunningKnights;
  beforeAll(async () => {
    h = await startHarness({ queue, database, brain });
    knights = await startKnights({
      ...h.deps({ helpWaitMs: HELP_WAIT_MS, idleStopMs: 10 * 60_000 }),
      publicUrl: PUBLIC_URL,
    });
  });
  afterAll(async () => {
    await knights?.close();
    await h?.close();
  });

  const vmOf = async (taskId: string) =>
    (
      await h.query<{ id: string; status: string; provider_id: string; employee_id: string }>(
        "select v.id, v.status, v.provider_id, v.employee_id from public.vms v join public.tasks t on t.employee_id = v.employee_id where t.id = $1",
        [taskId],
      )
    )[0]!;
  const vmMinutes = async (vmId: string) =>
    Number(
      (
        await h.query<{ n: string }>(
          "select coalesce(sum(quantity), 0)::text as n from public.usage_events where kind = 'vm_minutes' and detail->>'vmId' = $1",
          [vmId],
        )
      )[0]!.n,
    );

  it("asks with the screen and a button, stops the VM after the wait, resumes after the hand-back", async () => {
    const owner = await h.customer();
    const taskId = await h.deploy(owner, {
      role: "researcher",
      task: "Log in to the supplier portal (it shows a CAPTCHA)",
    });
    const waiting = await h.waitFor(taskId, ["waiting_for_input", "failed", "succeeded"]);
    expect(waiting).toMatchObject({ status: "waiting_for_input", paused_reason: "help" });

    const asked = h.notifications.sent.find((m) => m.text.includes("needs your help"));
    expect(asked).toMatchObject({ chatId: owner.chatId, photo: { bytes: expect.any(Buffer) } });
    expect(asked!.text).toContain("a CAPTCHA");
    const vm = await vmOf(taskId);
    expect(asked!.buttons?.[0]?.[0]).toEqual({
      text: "👀 Watch / take over",
      webApp: `${PUBLIC_URL}/tg/app?to=${encodeURIComponent(`/c/${owner.customerId}/employees/${vm.employee_id}`)}`,
    });

    // Within the wait the VM stays up; after it, the reaper stops it and says so.
    await knights.reapIdleVms();
    expect((await vmOf(taskId)).status).toBe("running");
    await new Promise((r) => setTimeout(r, HELP_WAIT_MS + 200));
    await knights.reapIdleVms();
    expect((await vmOf(taskId)).status).toBe("stopped");
    expect(h.notifications.sent.some((m) => m.text.includes("stopped it"))).toBe(true);
    const billed = await vmMinutes(vm.id);
    expect(billed).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    await knights.reapIdleVms();
    expect(await vmMinutes(vm.id)).toBe(billed);

    // The customer comes back: the desktop starts again for them.
    const target = { customerId: owner.customerId, employeeId: vm.employee_id };
    const taken = await knights.control.take({ userId: owner.userId }, target);
    expect(taken.control).toMatchObject({ status: "active", mine: true });
    expect((await vmOf(taskId)).status).toBe("running");
    const clicked = await knights.control.act({ userId: owner.userId }, target, {
      type: "click",
      x: 400,
      y: 300,
    });
    expect(clicked.ok).toBe(true);
    requests.length = 0;
    await knights.control.handBack({ userId: owner.userId }, target, "Solved the CAPTCHA");
    const done = await h.waitFor(taskId, ["succeeded", "failed"], 30_000);
    expect(done.status).toBe("succeeded");
    expect(requests[0]).toContain("Solved the CAPTCHA");
    expect(requests[0]).toContain("called request_help (captcha)");
  });
});
