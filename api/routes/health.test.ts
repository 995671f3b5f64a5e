import { describe, expect, it } from "vitest";
import { createLogger, createMetrics } from "../../observability/index.ts";
import { createApp } from "../app.ts";
import type { ReadinessCheck } from "./health.ts";

function appWith(checks: ReadinessCheck[]) {
  return createApp({
    logger: createLogger({ level: "silent" }),
    metrics: createMetrics({ defaults: false }),
    readiness: () => checks,
  });
}

describe("health routes", () => {
  it("answers /healthz while nothing else is up", async () => {
    const res = await appWith([]).request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("reports 503 on /readyz naming the part that is down, without its internals", async () => {
    const app = appWith([
      { name: "database", check: async () => {} },
      {
        name: "queue",
        check: async () => Promise.reject(new Error("ECONNREFUSED 127.0.0.1:6379")),
      },
    ]);
    const res = await app.request("/readyz");
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({
      status: "unavailable",
      checks: { database: "ok", queue: "unavailable" },
    });
    expect(body).not.toContain("ECONNREFUSED");
  });

  it("is not ready before any part has registered", async () => {
    expect((await appWith([]).request("/readyz")).status).toBe(503);
  });

  it("is ready when every check passes", async () => {
    const res = await appWith([{ name: "database", check: async () => {} }]).request("/readyz");
    expect(res.status).toBe(200);
  });

  it("serves Prometheus metrics counting requests by route", async () => {
    const app = appWith([]);
    await app.request("/healthz");
    const res = await app.request("/metrics");
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(await res.text()).toMatch(
      /mouse_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/,
    );
  });

  it("answers unknown routes with the JSON error shape and a request id", async () => {
    const res = await appWith([]).request("/nope", { headers: { "X-Request-Id": "abc-123" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    expect(await res.json()).toEqual({
      error: { status: 404, message: "Not found", requestId: "abc-123" },
    });
  });
});
