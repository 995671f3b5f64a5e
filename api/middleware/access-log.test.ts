import { Writable } from "node:stream";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { describe, expect, it } from "vitest";
import { createLogger, createMetrics } from "../../observability/index.ts";
import type { AppEnv } from "../env.ts";
import { accessLog } from "./access-log.ts";

/** An app with the access log on a captured logger, a routine webhook route and an ordinary one. */
function appAt(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const metrics = createMetrics({ defaults: false });
  const app = new Hono<AppEnv>()
    .use(requestId())
    .use(accessLog({ logger: createLogger({ level }, sink), metrics }))
    .post("/telegram/webhook", (c) =>
      c.req.header("x-fail") ? c.json({ error: "down" }, 500) : c.json({ ok: true }),
    )
    .get("/api/me", (c) => c.json({ me: 1 }));
  return { app, lines, metrics };
}

const settle = () => new Promise((r) => setImmediate(r));

describe("access log", () => {
  it("logs ordinary requests at info and webhook deliveries only when they fail, counting all", async () => {
    const { app, lines, metrics } = appAt("info");
    expect((await app.request("/telegram/webhook", { method: "POST" })).status).toBe(200);
    expect((await app.request("/api/me")).status).toBe(200);
    const failed = await app.request("/telegram/webhook", {
      method: "POST",
      headers: { "x-fail": "1" },
    });
    expect(failed.status).toBe(500);
    await settle();
    expect(lines.map((l) => [l.msg, l.path, l.status])).toEqual([
      ["request", "/api/me", 200],
      ["request failed", "/telegram/webhook", 500],
    ]);
    expect(lines[0]!.requestId).toEqual(expect.any(String));
    const counted = await metrics.httpRequests.get();
    const webhook = counted.values.filter((v) => v.labels.route === "/telegram/webhook");
    expect(webhook.map((v) => [v.labels.status, v.value]).sort()).toEqual([
      ["200", 1],
      ["500", 1],
    ]);
  });

  it("still shows every webhook delivery at debug", async () => {
    const { app, lines } = appAt("debug");
    await app.request("/telegram/webhook", { method: "POST" });
    await settle();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 20,
        msg: "request",
        path: "/telegram/webhook",
        status: 200,
      }),
    ]);
  });
});
