import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgoSandbox } from "./index.ts";
import { type ServedSandbox, serveSandbox } from "./test-client.ts";

let clock = Date.parse("2026-04-07T10:00:00Z");
let sandbox: ServedSandbox;

beforeAll(async () => {
  sandbox = await serveSandbox({ now: () => clock });
});
afterAll(() => sandbox.server.close());

describe("auth", () => {
  it("rejects a missing header and a wrong key with Orgo's messages", async () => {
    const missing = await sandbox.call("GET", "/workspaces", undefined, { key: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      error: "Authentication required",
      request_id: expect.stringMatching(/^req_/),
    });
    const wrong = await sandbox.call("GET", "/workspaces", undefined, { key: "sk_live_wrong" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe("Invalid API key");
    expect(wrong.headers.get("x-request-id")).toBe(wrong.body.request_id);
  });

  it('accepts any sk_ key with apiKeys: "any", and only those', async () => {
    const { app } = createOrgoSandbox({ apiKeys: "any" });
    const list = (key: string) =>
      app.request("/api/workspaces", { headers: { Authorization: `Bearer ${key}` } });
    expect((await list("sk_live_anything")).status).toBe(200);
    expect((await list("pk_live_anything")).status).toBe(401);
  });
});

describe("workspaces", () => {
  it("creates, lists under both names, shows desktops, deletes", async () => {
    const created = await sandbox.call("POST", "/workspaces", { name: "prod" });
    expect(created.status).toBe(201);
    await sandbox.call("POST", "/computers", { workspace_id: created.body.id, name: "pc" });
    expect((await sandbox.call("GET", "/workspaces")).body.workspaces).toContainEqual(
      expect.objectContaining({ id: created.body.id, name: "prod" }),
    );
    expect((await sandbox.call("GET", "/projects")).body.projects).toContainEqual(
      expect.objectContaining({ id: created.body.id }),
    );
    const one = await sandbox.call("GET", `/workspaces/${created.body.id}`);
    expect(one.body.desktops.map((d: { name: string }) => d.name)).toEqual(["pc"]);
    expect(await sandbox.call("DELETE", `/workspaces/${created.body.id}`)).toMatchObject({
      body: { success: true },
    });
    expect((await sandbox.call("GET", `/workspaces/${created.body.id}`)).status).toBe(404);
  });
});

describe("creating computers", () => {
  it("returns a running computer with Orgo's fields", async () => {
    const workspace = await sandbox.call("POST", "/workspaces", { name: "create" });
    const created = await sandbox.call("POST", "/computers", {
      workspace_id: workspace.body.id,
      name: "agent-1",
      os: "linux",
      ram: 8,
      cpu: 4,
      resolution: "1280x720x24",
      auto_stop_minutes: 30,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "agent-1",
      workspace_id: workspace.body.id,
      ram: 8,
      cpu: 4,
      disk_size_gb: 8,
      status: "running",
      created_at: "2026-04-07T10:00:00Z",
      instance_id: expect.stringMatching(/^[0-9a-f]{8}$/),
      vnc_password: expect.any(String),
      auto_stop_minutes: 30,
    });
    expect(created.body.connection_url).toContain(created.body.instance_id);
    const read = await sandbox.call("GET", `/computers/${created.body.id}`);
    expect(read.body).toEqual(created.body);
  });

  it.each([
    [{ ram: 5 }, "ram must be one of 4, 8, 16, 32, 64"],
    [{ cpu: 3 }, "cpu must be one of 1, 2, 4, 8, 16"],
    [{ resolution: "big" }, 'resolution must look like "1280x720x24"'],
    [{ name: "" }, "name is required"],
  ])("rejects %j with 400", async (override, message) => {
    const workspace = await sandbox.call("POST", "/workspaces", { name: "bad" });
    const reply = await sandbox.call("POST", "/computers", {
      workspace_id: workspace.body.id,
      name: "x",
      ...override,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe(message);
  });

  it("needs an existing workspace and a name unique in it", async () => {
    expect((await sandbox.call("POST", "/computers", { name: "x" })).body.error).toBe(
      "workspace_id is required",
    );
    expect(
      (await sandbox.call("POST", "/computers", { workspace_id: "nope", name: "x" })).status,
    ).toBe(404);
    const { workspaceId } = await sandbox.computer("twin");
    const again = await sandbox.call("POST", "/computers", {
      workspace_id: workspaceId,
      name: "twin",
    });
    expect(again.status).toBe(409);
    expect(sandbox.inspect.computers({ workspaceId, name: "twin" })).toHaveLength(1);
  });
});

describe("power", () => {
  it("starts only when stopped and stops only when running", async () => {
    const { id } = await sandbox.computer("power");
    const startRunning = await sandbox.call("POST", `/computers/${id}/start`);
    expect(startRunning.status).toBe(409);
    expect(startRunning.body.error).toMatch(/not stopped/);

    expect((await sandbox.call("POST", `/computers/${id}/stop`)).body).toEqual({
      success: true,
      status: "stopping",
    });
    expect((await sandbox.call("GET", `/computers/${id}`)).body.status).toBe("stopped");
    expect((await sandbox.call("POST", `/computers/${id}/stop`)).status).toBe(409);

    const click = await sandbox.call("POST", `/computers/${id}/click`, { x: 10, y: 10 });
    expect(click.status).toBe(400);
    expect(click.body.error).toBe("Desktop instance not available");
    expect((await sandbox.call("GET", `/computers/${id}/screenshot`)).status).toBe(400);
    expect(sandbox.inspect.actions(id)).toEqual([]);

    expect((await sandbox.call("POST", `/computers/${id}/start`)).body).toEqual({
      success: true,
      status: "starting",
    });
    expect((await sandbox.call("GET", `/computers/${id}`)).body.status).toBe("running");
  });

  it("passes through transitional statuses on the clock, answering 503 while coming up", async () => {
    sandbox.configure({ bootDelayMs: 30_000, transitionDelayMs: 5_000 });
    try {
      const { id } = await sandbox.computer("slow");
      expect((await sandbox.call("GET", `/computers/${id}`)).body.status).toBe("creating");
      const early = await sandbox.call("GET", `/computers/${id}/screenshot`);
      expect(early.status).toBe(503);
      expect(early.body.error).toBe("Could not reach the desktop. Try again in a moment.");
      clock += 30_000;
      expect((await sandbox.call("GET", `/computers/${id}`)).body.status).toBe("running");

      const before = (await sandbox.call("GET", `/computers/${id}`)).body.vnc_password;
      expect((await sandbox.call("POST", `/computers/${id}/restart`)).body.status).toBe(
        "restarting",
      );
      expect((await sandbox.call("POST", `/computers/${id}/stop`)).status).toBe(409);
      clock += 5_000;
      const after = await sandbox.call("GET", `/computers/${id}`);
      expect(after.body.status).toBe("running");
      expect(after.body.vnc_password).not.toBe(before);

      await sandbox.call("POST", `/computers/${id}/stop`);
      expect((await sandbox.call("GET", `/computers/${id}`)).body.status).toBe("stopping");
      clock += 5_000;
      expect((await sandbox.call("GET", `/computers/${id}`)).body.status).toBe("stopped");
    } finally {
      sandbox.configure({ bootDelayMs: 0, transitionDelayMs: 0 });
    }
  });

  it("keeps auto-stop minutes and stops an idle computer after them", async () => {
    const { id } = await sandbox.computer("idle");
    expect((await sandbox.call("GET", `/computers/${id}/auto-stop`)).body).toEqual({
      auto_stop_minutes: 0,
    });
    const patched = await sandbox.call("PATCH", `/computers/${id}/auto-stop`, {
      auto_stop_minutes: 10,
    });
    expect(patched.body).toEqual({ success: true, auto_stop_minutes: 10 });
    clock += 9 * 60_000;
    await sandbox.call("POST", `/computers/${id}/key`, { key: "Return" });
    clock += 9 * 60_000;
    expect((await sandbox.call("GET", `/computers/${id}`)).body.status).toBe("running");
    clock += 60_000;
    expect((await sandbox.call("GET", `/computers/${id}`)).body.status).toBe("stopped");
    expect(
      (await sandbox.call("PATCH", `/computers/${id}/auto-stop`, { auto_stop_minutes: -1 })).status,
    ).toBe(400);
  });

  it("deletes: the API forgets the computer, the inspector does not", async () => {
    const { id, workspaceId } = await sandbox.computer("doomed");
    expect((await sandbox.call("DELETE", `/computers/${id}`)).body).toEqual({ success: true });
    expect((await sandbox.call("GET", `/computers/${id}`)).body.error).toBe("Computer not found");
    expect(sandbox.inspect.computers({ workspaceId })).toEqual([
      expect.objectContaining({ id, name: "doomed", status: "deleting", deletedAt: clock }),
    ]);
  });
});
