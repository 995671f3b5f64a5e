/**
 * Take-over through the web channels: the JSON API and the dashboard's own
 * calls, on a real sandbox desktop. Another customer's employee is a 404 on
 * every route, a viewer watches but cannot act (403), two people cannot
 * hold one desktop (409), bad input is a 400 that sends nothing to the VM.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalFramePublisher, createPostgresFrameStore } from "../agents/knights/frames.ts";
import { createDesktopControl } from "../agents/knights/takeover.ts";
import { createVmManager } from "../agents/knights/vms.ts";
import { createOrgoClient } from "../agents/orgo/client.ts";
import { createLogger } from "../observability/index.ts";
import { type RunningOrgoSandbox, startOrgoSandbox } from "../sandbox/orgo/index.ts";
import { databaseBackends } from "../testing/index.ts";
import { startWebHarness, type WebHarness } from "./test-support.ts";

const WORKSPACE = "00000000-0000-4000-8000-0000000000c7";

describe.each(databaseBackends())("take-over routes (%s)", (backend) => {
  let h: WebHarness;
  let orgo: RunningOrgoSandbox;
  let computerId: string;
  const enqueued: string[] = [];
  beforeAll(async () => {
    orgo = await startOrgoSandbox({ workspaces: [{ id: WORKSPACE, name: "mouse" }] });
    const client = createOrgoClient({
      apiKey: "sk_sandbox",
      baseUrl: orgo.baseUrl,
      workspaceId: WORKSPACE,
    });
    computerId = (await client.createComputer({ name: "mouse-control-routes" })).id;
    await client.waitForStatus(computerId, ["running"], { pollMs: 10 });
    const logger = createLogger({ level: "silent" });
    h = await startWebHarness({
      backend,
      control: (data) =>
        createDesktopControl({
          data,
          orgo: client,
          vms: createVmManager({ data, orgo: client, logger }),
          frames: createPostgresFrameStore(data),
          publisher: createLocalFramePublisher(),
          logger,
          enqueue: async (taskId) => void enqueued.push(taskId),
        }),
    });
    // Customer A's knight waits on a real sandbox desktop (so control is handed over at once).
    await h.data.asService("test: a waiting task on a sandbox VM", async (tx) => {
      await tx.query(
        "update public.vms set provider_id = $2, resolution = '1280x720', status = 'running' where id = (select id from public.vms where employee_id = $1)",
        [h.f.refs.A.employee, computerId],
      );
      await tx.query(
        "update public.tasks set status = 'waiting_for_input', paused_reason = 'question', question = 'Which page?', approved_at = now() where id = $1",
        [h.f.refs.A.task],
      );
    });
  });
  afterAll(async () => {
    await h?.close();
    await orgo?.close();
  });

  const api = (customer: string, employee: string) =>
    `/customers/${customer}/employees/${employee}/control`;
  const page = (customer: string, employee: string) =>
    `/c/${customer}/employees/${employee}/control`;
  const actions = () => orgo.sandbox.inspect.actions(computerId);

  it("is a 404 for another customer's desktop through every route", async () => {
    const { ids, refs, users, residents } = h.f;
    const before = actions().length;
    for (const userId of [users.stranger, residents.B]) {
      const client = await h.as({ userId });
      const a = api(ids.A, refs.A.employee);
      for (const [method, path, json] of [
        ["GET", a, undefined],
        ["POST", a, {}],
        ["POST", `${a}/actions`, { type: "click", x: 10, y: 10 }],
        ["POST", `${a}/handback`, { note: "hi" }],
      ] as const) {
        const res = await client.api(path, { method, ...(json ? { json } : {}) });
        expect({ path, method, status: res.status }).toEqual({ path, method, status: 404 });
      }
      const p = page(ids.A, refs.A.employee);
      expect((await client.get(p)).status).toBe(404);
      expect((await client.post(`${p}/take`)).status).toBe(404);
      expect((await client.post(`${p}/act`, { type: "click", x: "1", y: "1" })).status).toBe(404);
      expect((await client.post(`${p}/handback`)).status).toBe(404);
    }
    // A's own member naming B's employee under A's id: not found either.
    const member = await h.as("customerMember");
    expect(
      (await member.api(api(ids.A, refs.B.employee), { method: "POST", json: {} })).status,
    ).toBe(404);
    expect(actions().length).toBe(before);
  });

  it("lets a member take control and act, refuses the viewer and a second person, then hands back", async () => {
    const { ids, refs } = h.f;
    const path = api(ids.A, refs.A.employee);
    const viewer = await h.as("customerViewer");
    const member = await h.as("customerMember");
    const owner = await h.as("customerOwner");

    const watching = await (await viewer.api(path)).json();
    expect(watching).toMatchObject({ canControl: false, control: null });
    expect((await viewer.api(path, { method: "POST", json: {} })).status).toBe(403);

    const taken = await member.api(path, { method: "POST", json: {} });
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({
      control: { status: "active", mine: true, name: "A member" },
      screen: { width: 1280, height: 720 },
    });
    // Two people cannot control at once, whichever channel they use.
    const second = await owner.api(path, { method: "POST", json: {} });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({
      error: { message: "A member has the controls right now" },
    });
    const viaPage = await owner.post(`${page(ids.A, refs.A.employee)}/take`);
    expect(viaPage.status).toBe(409);
    expect(await viaPage.json()).toEqual({ error: "A member has the controls right now" });
    expect(
      (await owner.api(`${path}/actions`, { method: "POST", json: { type: "key", key: "Return" } }))
        .status,
    ).toBe(409);
    expect(
      (await viewer.post(`${page(ids.A, refs.A.employee)}/act`, { type: "key", key: "Return" }))
        .status,
    ).toBe(403);

    const before = actions().length;
    // Bad input: a clear 400, nothing sent to the desktop.
    for (const bad of [
      { type: "click", x: -1, y: 5 },
      { type: "key", key: "Return; rm -rf /" },
      { type: "type", text: "" },
      { type: "drag" },
    ]) {
      const res = await member.api(`${path}/actions`, { method: "POST", json: bad });
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
    expect(actions().length).toBe(before);

    const clicked = await member.api(`${path}/actions`, {
      method: "POST",
      json: { type: "click", x: 200, y: 150 },
    });
    expect(clicked.status).toBe(200);
    const body = (await clicked.json()) as { ok: boolean; frame: { data: string; width: number } };
    expect(body.ok).toBe(true);
    expect(Buffer.from(body.frame.data, "base64").subarray(1, 4).toString()).toBe("PNG");
    // The dashboard's own call (form post with the page's token) does the same.
    const typed = await member.post(`${page(ids.A, refs.A.employee)}/act`, {
      type: "type",
      text: "Hello",
    });
    expect(typed.status).toBe(200);
    const unsigned = await member.post(
      `${page(ids.A, refs.A.employee)}/act`,
      { type: "key", key: "Return" },
      { csrf: false },
    );
    expect(unsigned.status).toBe(403);
    expect(
      actions()
        .slice(before)
        .map((a) => [a.type, a.params]),
    ).toEqual([
      ["click", { x: 200, y: 150, button: "left", double: false }],
      ["type", expect.objectContaining({ text: "Hello" })],
    ]);

    const back = await member.api(`${path}/handback`, {
      method: "POST",
      json: { note: "Logged in, carry on" },
    });
    expect(back.status).toBe(200);
    expect(await back.json()).toEqual({ resumed: true });
    expect(enqueued).toContain(refs.A.task);
    const [task] = await h.data.asService(
      "test: task",
      async (tx) =>
        (await tx.query("select status from public.tasks where id = $1", [refs.A.task])).rows,
    );
    expect(task).toEqual({ status: "queued" });
    const steps = await h.data.asService("test: steps", async (tx) =>
      (
        await tx.query<{ action: string }>(
          "select action from public.task_steps where task_id = $1 order by seq",
          [refs.A.task],
        )
      ).rows.map((r) => r.action),
    );
    expect(steps.slice(-3)).toEqual(["customer_click", "customer_type", "handback"]);
    // Handed back: nobody holds it, and the member cannot act any more.
    expect(
      (await member.api(`${path}/actions`, { method: "POST", json: { type: "key", key: "a" } }))
        .status,
    ).toBe(409);
  });
});
