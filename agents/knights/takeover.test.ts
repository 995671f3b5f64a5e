/** Taking control of a knight's desktop, acting on it and handing it back. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedBrain, type NormalizedRequest } from "../../sandbox/models/index.ts";
import { queueTargets } from "../../testing/index.ts";
import { type RunningKnights, startKnights } from "./start.ts";
import { ControlConflictError, ControlForbiddenError, DesktopNotFoundError } from "./takeover.ts";
import { type Harness, startHarness } from "./test-harness.ts";

const requestText = (request: NormalizedRequest) => JSON.stringify(request.messages);
/** Every request the model got, as the sandbox parsed it off the wire. */
const seen: string[] = [];

const brain = createScriptedBrain({
  decide: (request) => {
    const text = requestText(request);
    if (!text.includes("[takeover]")) return undefined;
    seen.push(text);
    if (text.includes("handed the controls back"))
      return { text: "Done: carried on after the handover." };
    return { computer: [{ action: "left_click", coordinate: [100, 100] }] };
  },
});

describe.each(queueTargets())("take-over, $name", ({ queue, database }) => {
  let h: Harness;
  let knights: RunningKnights;
  beforeAll(async () => {
    h = await startHarness({ queue, database, brain });
    knights = await startKnights({ ...h.deps(), publicUrl: "https://mouse.example.com" });
  });
  afterAll(async () => {
    await knights?.close();
    await h?.close();
  });

  const until = async (check: () => Promise<boolean>, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const addMember = async (customerId: string, role: string, name: string) =>
    (
      await h.query<{ id: string }>(
        `with u as (insert into public.users (display_name) values ($2) returning id)
         insert into public.memberships (user_id, customer_id, role) select id, $1, $3 from u
         returning user_id as id`,
        [customerId, name, role],
      )
    )[0]!.id;
  const employeeOf = async (taskId: string) =>
    (
      await h.query<{ employee_id: string }>("select employee_id from public.tasks where id = $1", [
        taskId,
      ])
    )[0]!.employee_id;

  it("pauses the knight at a step boundary, records the person's actions, and resumes with the note", async () => {
    const owner = await h.customer();
    await h.query("update public.users set display_name = 'Olivia' where id = $1", [owner.userId]);
    const member = await addMember(owner.customerId, "member", "Max");
    const viewer = await addMember(owner.customerId, "viewer", "Vera");
    const stranger = await h.customer();
    const taskId = await h.deploy(owner, { role: "researcher", task: "[takeover] click around" });
    await until(async () => (await h.task(taskId)).step_count >= 2);
    const target = { customerId: owner.customerId, employeeId: await employeeOf(taskId) };
    const control = knights.control;
    // The knight's first message offers the live view as a Mini App.
    const started = h.notifications.sent.find(
      (m) => m.chatId === owner.chatId && m.text.includes("started"),
    );
    expect(started?.buttons).toEqual([
      [
        {
          text: "👀 Watch / take over",
          webApp: `https://mouse.example.com/tg/app?to=${encodeURIComponent(`/c/${target.customerId}/employees/${target.employeeId}`)}`,
        },
      ],
    ]);

    // Another customer's owner: no such desktop, for every operation.
    const elsewhere = { userId: stranger.userId };
    await expect(control.state(elsewhere, target)).rejects.toBeInstanceOf(DesktopNotFoundError);
    await expect(control.take(elsewhere, target)).rejects.toBeInstanceOf(DesktopNotFoundError);
    await expect(
      control.act(elsewhere, target, { type: "click", x: 1, y: 1 }),
    ).rejects.toBeInstanceOf(DesktopNotFoundError);
    await expect(control.handBack(elsewhere, target)).rejects.toBeInstanceOf(DesktopNotFoundError);
    // A viewer watches only.
    await expect(control.take({ userId: viewer }, target)).rejects.toBeInstanceOf(
      ControlForbiddenError,
    );

    const taken = await control.take({ userId: owner.userId }, target);
    expect(taken.control).toMatchObject({ mine: true, name: "Olivia" });
    // Two people cannot hold it: the member is told who has it.
    await expect(control.take({ userId: member }, target)).rejects.toThrow(
      /Olivia has the controls/,
    );

    await until(async () => (await h.task(taskId)).status === "waiting_for_input");
    const paused = await h.task(taskId);
    expect(paused.paused_reason).toBe("takeover");
    expect(
      await h.query("select 1 from public.task_steps where task_id = $1 and status = 'pending'", [
        taskId,
      ]),
    ).toHaveLength(0);
    expect((await control.state({ userId: member }, target)).control).toMatchObject({
      status: "active",
      mine: false,
    });
    await expect(
      control.act({ userId: member }, target, { type: "click", x: 5, y: 5 }),
    ).rejects.toBeInstanceOf(ControlConflictError);

    const vm = (
      await h.query<{ provider_id: string }>(
        "select provider_id from public.vms where employee_id = $1",
        [target.employeeId],
      )
    )[0]!.provider_id;
    const before = h.orgo.inspect.actions(vm).length;
    const click = await control.act({ userId: owner.userId }, target, {
      type: "click",
      x: 321,
      y: 234,
    });
    expect(click.ok).toBe(true);
    expect(click.frame.bytes.subarray(1, 4).toString()).toBe("PNG");
    await control.act({ userId: owner.userId }, target, { type: "type", text: "hunter2" });
    await control.act({ userId: owner.userId }, target, { type: "key", key: "Return" });
    const actions = h.orgo.inspect.actions(vm).slice(before);
    expect(actions.map((a) => [a.type, a.params])).toEqual([
      ["click", { x: 321, y: 234, button: "left", double: false }],
      ["type", expect.objectContaining({ text: "hunter2" })],
      ["key", { key: "Return" }],
    ]);
    const steps = await h.query<{ action: string; params: { by: { userId: string } } }>(
      "select action, params from public.task_steps where task_id = $1 and params->>'kind' = 'customer' order by seq",
      [taskId],
    );
    expect(steps.map((s) => s.action)).toEqual(["customer_click", "customer_type", "customer_key"]);
    expect(steps.every((s) => s.params.by.userId === owner.userId)).toBe(true);
    // What was typed is not kept (it may be a password).
    expect(JSON.stringify(steps)).not.toContain("hunter2");
    const audited = await h.query<{ detail: { by: string } }>(
      "select detail from public.audit_log where action = 'knights.control_action' and target_id = $1",
      [taskId],
    );
    expect(audited).toHaveLength(3);

    seen.length = 0;
    const back = await control.handBack({ userId: owner.userId }, target, "I logged in, carry on");
    expect(back.resumed).toBe(true);
    const done = await h.waitFor(taskId, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    const next = seen[0]!;
    expect(next).toContain("I logged in, carry on");
    expect(next).toContain("Olivia took the controls and did: left_click (321, 234)");
    expect(next).toContain("typed 7 characters");
    expect(next).toContain("key Return");
    expect(next).not.toContain("hunter2");
    // The desktop is free again.
    expect((await control.state({ userId: member }, target)).control).toBeNull();
  });

  it("a take-over of a waiting task is active at once, and handing back without acting resumes it", async () => {
    const owner = await h.customer();
    const taskId = await h.deploy(owner, { role: "researcher", task: "[takeover] wait for me" });
    await until(async () => (await h.task(taskId)).step_count >= 1);
    const target = { customerId: owner.customerId, employeeId: await employeeOf(taskId) };
    await knights.control.take({ userId: owner.userId }, target);
    await until(async () => (await h.task(taskId)).status === "waiting_for_input");
    // An answer in chat reaches the knight but does not resume it under someone's hands.
    expect(
      await knights.answerForCustomer({ customerId: owner.customerId, text: "code 4711" }),
    ).toBe(true);
    expect((await h.task(taskId)).status).toBe("waiting_for_input");
    seen.length = 0;
    await knights.control.handBack({ userId: owner.userId }, target);
    expect((await h.waitFor(taskId, ["succeeded", "failed"])).status).toBe("succeeded");
    expect(seen[0]).toContain("code 4711");
    expect(seen[0]).toContain("They left no note.");
  });
});
