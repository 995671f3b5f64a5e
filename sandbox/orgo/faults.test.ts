import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ServedSandbox, serveSandbox } from "./test-client.ts";

let clock = Date.parse("2026-04-07T10:00:00Z");
let sandbox: ServedSandbox;

beforeAll(async () => {
  sandbox = await serveSandbox({ now: () => clock });
});
afterAll(() => sandbox.server.close());

describe("injected failures", () => {
  it("fails twice with 503, then the same call succeeds and acts once", async () => {
    const { id } = await sandbox.computer("flaky");
    const fault = sandbox.inject({ route: "action", status: 503, times: 2 });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = await sandbox.call("POST", `/computers/${id}/click`, { x: 5, y: 5 });
      statuses.push(reply.status);
      if (reply.status === 503)
        expect(reply.body.error).toBe("Could not reach the desktop. Try again in a moment.");
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect(fault).toMatchObject({ hits: 2, remaining: 0 });
    expect(sandbox.inspect.actions(id).map((a) => a.type)).toEqual(["click"]);
  });

  it("aims at one route and one computer", async () => {
    const a = await sandbox.computer("aim-a");
    const b = await sandbox.computer("aim-b");
    sandbox.inject({ route: "screenshot", computerId: b.id, status: 500 });
    expect((await sandbox.call("POST", `/computers/${b.id}/key`, { key: "a" })).status).toBe(200);
    expect((await sandbox.call("GET", `/computers/${a.id}/screenshot`)).status).toBe(200);
    const failed = await sandbox.call("GET", `/computers/${b.id}/screenshot`);
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ error: "Desktop agent error", upstream_status: 500 });
    expect((await sandbox.call("GET", `/computers/${b.id}/screenshot`)).status).toBe(200);
  });

  it("in the after phase performs the action and still answers with the failure", async () => {
    const { id } = await sandbox.computer("after");
    sandbox.inject({ route: "type", status: 500, phase: "after" });
    const reply = await sandbox.call("POST", `/computers/${id}/type`, { text: "once" });
    expect(reply.status).toBe(500);
    expect(sandbox.inspect.screen(id).text).toBe("once");
    expect(sandbox.inspect.actions(id)).toHaveLength(1);
  });

  it("can answer any documented status, e.g. 405 for restart on a legacy host", async () => {
    const { id } = await sandbox.computer("legacy");
    sandbox.inject({ route: "restart", status: 405 });
    const reply = await sandbox.call("POST", `/computers/${id}/restart`);
    expect(reply.status).toBe(405);
    expect((await sandbox.call("GET", `/computers/${id}`)).body.status).toBe("running");
    sandbox.inject({ route: "create", status: 402 });
    const workspace = await sandbox.call("POST", "/workspaces", { name: "broke" });
    const created = await sandbox.call("POST", "/computers", {
      workspace_id: workspace.body.id,
      name: "pc",
    });
    expect(created).toMatchObject({ status: 402, body: { error: "Insufficient credits" } });
    expect(sandbox.inspect.requests().at(-1)).toMatchObject({
      status: 402,
      tags: ["computers", "create"],
    });
    expect(sandbox.inspect.computers({ workspaceId: workspace.body.id })).toEqual([]);
  });

  it("stalls past a client's timeout; the abandoned call is not performed", async () => {
    const { id } = await sandbox.computer("stall");
    sandbox.inject({ route: "click", delayMs: 5_000 });
    await expect(
      sandbox.call(
        "POST",
        `/computers/${id}/click`,
        { x: 1, y: 1 },
        { signal: AbortSignal.timeout(100) },
      ),
    ).rejects.toThrow();
    await vi.waitFor(() => expect(sandbox.inspect.requests().at(-1)?.status).toBe(499), {
      timeout: 2_000,
    });
    expect(sandbox.inspect.actions(id)).toEqual([]);
    expect((await sandbox.call("POST", `/computers/${id}/click`, { x: 1, y: 1 })).status).toBe(200);
  });

  it("clearFaults removes faults that have not fired", async () => {
    const { id } = await sandbox.computer("cleared");
    sandbox.inject({ route: "*", status: 503, times: Number.POSITIVE_INFINITY });
    sandbox.clearFaults();
    expect((await sandbox.call("GET", `/computers/${id}`)).status).toBe(200);
  });
});

describe("latency", () => {
  it("delays the configured route kinds", async () => {
    const { id } = await sandbox.computer("latency");
    sandbox.configure({ latencyMs: { action: 150, default: 0 } });
    try {
      const started = performance.now();
      await sandbox.call("POST", `/computers/${id}/wait`, { seconds: 1 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    } finally {
      sandbox.configure({ latencyMs: 0 });
    }
  });

  it("is the time to the answer: the call's own work is done within it", async () => {
    const { id } = await sandbox.computer("latency-overlap");
    // 350 ms of work (a delay before the handler) behind 400 ms of latency: 400 ms, not 750.
    sandbox.configure({ latencyMs: { action: 400, default: 0 } });
    sandbox.inject({ route: "action", computerId: id, delayMs: 350 });
    try {
      const started = performance.now();
      const reply = await sandbox.call("POST", `/computers/${id}/click`, { x: 5, y: 5 });
      const took = performance.now() - started;
      expect(reply.status).toBe(200);
      expect(took).toBeGreaterThanOrEqual(395);
      expect(took).toBeLessThan(700);
    } finally {
      sandbox.configure({ latencyMs: 0 });
    }
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After past the per-key rate, until the window passes", async () => {
    const { id } = await sandbox.computer("limited");
    sandbox.configure({ rateLimit: { limit: 2, windowMs: 10_000 } });
    try {
      clock += 60_000;
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await sandbox.call("GET", `/computers/${id}`)).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await sandbox.call("GET", `/computers/${id}`);
      expect(limited.headers.get("retry-after")).toBe("10");
      clock += 10_000;
      expect((await sandbox.call("GET", `/computers/${id}`)).status).toBe(200);
    } finally {
      sandbox.configure({ rateLimit: null });
    }
  });
});
