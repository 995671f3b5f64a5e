import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { createCircuitBreaker } from "./circuit-breaker.ts";
import { ModelCallError } from "./errors.ts";
import { type AttemptRecord, ModelUnavailableError } from "./failover.ts";
import { createModelRouter } from "./router.ts";
import { type SandboxedModels, startSandboxedModels } from "./test-servers.ts";
import type { ModelRequest } from "./types.ts";

let models: SandboxedModels;
beforeAll(async () => {
  models = await startSandboxedModels();
});
afterAll(() => models.close());
beforeEach(() => {
  models.anthropic.faults.clear();
  models.openai.faults.clear();
});

const hello: ModelRequest = {
  system: "You are King Mouse.",
  messages: [{ role: "user", content: [{ type: "text", text: "hello" }] }],
};

function router(extra: { now?: () => number; anthropicTimeoutMs?: number } = {}) {
  const attempts: AttemptRecord[] = [];
  const sleeps: number[] = [];
  const route = createModelRouter({
    providers: [
      extra.anthropicTimeoutMs
        ? models.impatientAnthropic(extra.anthropicTimeoutMs)
        : models.providers.anthropic,
      models.providers.openai,
    ],
    retry: { attempts: 2, baseDelayMs: 100 },
    breaker: { failureThreshold: 3, cooldownMs: 60_000, now: extra.now },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onAttempt: (a) => attempts.push(a),
  });
  return { route, attempts, sleeps };
}

test.each([
  ["overloaded", 529, "overloaded"],
  ["api_error", 500, "server"],
] as const)(
  "Anthropic answering %s (%i) twice: one backoff, then OpenAI answers",
  async (fault, status, kind) => {
    models.anthropic.faults.failNext(fault, 2);
    const { route, attempts, sleeps } = router();
    const response = await route.complete(hello);
    expect(response.provider).toBe("openai");
    expect(response.model).toBe("gpt-5.1");
    expect(attempts.map((a) => [a.target, a.outcome, a.error?.kind, a.error?.status])).toEqual([
      ["anthropic", "failed", kind, status],
      ["anthropic", "failed", kind, status],
      ["openai", "ok", undefined, undefined],
    ]);
    expect(sleeps).toEqual([75]); // 100 ms × (0.5 + 0.5/2) jitter
  },
);

test("an Anthropic timeout fails over at once (no second wait on the same provider)", async () => {
  models.anthropic.faults.failNext("timeout");
  const { route, attempts, sleeps } = router({ anthropicTimeoutMs: 300 });
  const response = await route.complete(hello);
  expect(response.provider).toBe("openai");
  expect(attempts.map((a) => a.error?.kind ?? a.outcome)).toEqual(["timeout", "ok"]);
  expect(sleeps).toEqual([]);
});

test("a transient failure that clears on retry stays on Anthropic", async () => {
  models.anthropic.faults.failNext("rate_limit");
  const { route, sleeps } = router();
  const response = await route.complete(hello);
  expect(response.provider).toBe("anthropic");
  expect(sleeps).toEqual([1000]); // the sandbox's retry-after: 1
});

test("both providers down: ModelUnavailableError listing every attempt", async () => {
  models.anthropic.faults.failFraction("overloaded", 1);
  models.openai.faults.failFraction("api_error", 1);
  const { route } = router();
  const error = await route.complete(hello).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ModelUnavailableError);
  expect((error as ModelUnavailableError).attempts.map((a) => a.error?.kind)).toEqual([
    "overloaded",
    "overloaded",
    "server",
    "server",
  ]);
});

test("a bad request is neither retried nor failed over", async () => {
  const { route, attempts } = router();
  const error = await route
    .complete({ ...hello, messages: [{ role: "user", content: [{ type: "text", text: "" }] }] })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ModelCallError);
  expect(error).toMatchObject({ kind: "bad_request", status: 400, provider: "anthropic" });
  expect(attempts).toHaveLength(1);
});

test("the breaker opens after 3 failures, skips Anthropic, and closes after a good trial", async () => {
  let clock = 1_000_000;
  const { route, attempts } = router({ now: () => clock });
  models.anthropic.faults.failFraction("overloaded", 1);
  await route.complete(hello); // anthropic fails twice → openai
  await route.complete(hello); // third failure opens the breaker → openai
  expect(route.breakers.get("anthropic")!.state()).toBe("open");
  const before = models.anthropic.log.counters().requests;

  attempts.length = 0;
  expect((await route.complete(hello)).provider).toBe("openai");
  expect(attempts[0]).toMatchObject({ target: "anthropic", outcome: "skipped_open_circuit" });
  expect(models.anthropic.log.counters().requests).toBe(before); // not hammered

  models.anthropic.faults.clear();
  clock += 60_000;
  expect(route.breakers.get("anthropic")!.state()).toBe("half_open");
  expect((await route.complete(hello)).provider).toBe("anthropic");
  expect(route.breakers.get("anthropic")!.state()).toBe("closed");
});

test("a failed half-open trial opens the breaker for another cooldown", () => {
  let clock = 0;
  const changes: string[] = [];
  const breaker = createCircuitBreaker({
    failureThreshold: 2,
    cooldownMs: 1_000,
    now: () => clock,
    onStateChange: (from, to) => changes.push(`${from}→${to}`),
  });
  breaker.failure();
  expect(breaker.state()).toBe("closed");
  breaker.failure();
  expect(breaker.tryAcquire()).toBe(false);
  expect(breaker.retryInMs()).toBe(1_000);
  clock = 1_000;
  expect(breaker.tryAcquire()).toBe(true); // the one trial
  expect(breaker.tryAcquire()).toBe(false); // nobody else while it runs
  breaker.failure();
  expect(breaker.state()).toBe("open");
  clock = 1_999;
  expect(breaker.tryAcquire()).toBe(false);
  clock = 2_000;
  expect(breaker.tryAcquire()).toBe(true);
  breaker.success();
  expect(breaker.state()).toBe("closed");
  expect(changes).toEqual([
    "closed→open",
    "open→half_open",
    "half_open→open",
    "open→half_open",
    "half_open→closed",
  ]);
});
