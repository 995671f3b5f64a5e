import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { listen, type RunningServer } from "../../lib/http-server.ts";
import { createAnthropicSandbox, type ModelSandbox } from "./index.ts";

const MODEL = "claude-haiku-4-5";
const params = {
  model: MODEL,
  max_tokens: 64,
  messages: [{ role: "user" as const, content: "hello" }],
};

let sandbox: ModelSandbox;
let server: RunningServer;
let client: Anthropic;

beforeAll(async () => {
  sandbox = createAnthropicSandbox({ faults: { retryAfterSeconds: 7 } });
  server = await listen(sandbox.app);
  client = new Anthropic({ apiKey: "any-key", baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => sandbox.faults.clear());

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the call should have failed"),
    (e: unknown) => e,
  );
}

test("529 surfaces as InternalServerError with status 529, then service resumes", async () => {
  sandbox.faults.failNext("overloaded");
  const error = await failure(client.messages.create(params));
  expect(error).toBeInstanceOf(Anthropic.InternalServerError);
  expect(error).toMatchObject({ status: 529, type: "overloaded_error" });
  const ok = await client.messages.create(params);
  expect(ok.type).toBe("message");
});

test("429 is a RateLimitError carrying retry-after; 500 is an api_error", async () => {
  sandbox.faults.failNext("rate_limit");
  sandbox.faults.failNext("api_error");
  const limited = await failure(client.messages.create(params));
  expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
  expect(
    (limited as InstanceType<typeof Anthropic.RateLimitError>).headers?.get("retry-after"),
  ).toBe("7");
  const broken = await failure(client.messages.create(params));
  expect(broken).toMatchObject({ status: 500, type: "api_error" });
});

test("failNext(kind, n) fails exactly the next n calls", async () => {
  sandbox.faults.failNext("overloaded", 2);
  const outcomes: Array<number | string> = [];
  for (let i = 0; i < 3; i++) {
    outcomes.push(
      await client.messages.create(params).then(
        (m) => m.type,
        (e: { status: number }) => e.status,
      ),
    );
  }
  expect(outcomes).toEqual([529, 529, "message"]);
});

test("a timeout hangs past the client's timeout; a reset drops the connection", async () => {
  sandbox.faults.failNext("timeout");
  const impatient = new Anthropic({
    apiKey: "k",
    baseURL: server.url,
    maxRetries: 0,
    timeout: 300,
  });
  expect(await failure(impatient.messages.create(params))).toBeInstanceOf(
    Anthropic.APIConnectionTimeoutError,
  );

  sandbox.faults.failNext("connection_reset");
  const reset = await failure(client.messages.create(params));
  expect(reset).toBeInstanceOf(Anthropic.APIConnectionError);
  expect(reset).not.toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  expect((await client.messages.create(params)).type).toBe("message");
});

test("an overload in the middle of a stream ends it with an error event", async () => {
  sandbox.faults.failNext("overloaded_midstream");
  const stream = client.messages.stream(params);
  const error = await failure(stream.finalMessage());
  expect(error).toMatchObject({ type: "overloaded_error" });
});

test("fractional failures follow the seed: same pattern for the same seed", async () => {
  const pattern = async () => {
    const s = createAnthropicSandbox({ faults: { seed: 42 } });
    s.faults.failFraction("api_error", 0.5);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await s.app.request("/v1/messages", {
        method: "POST",
        headers: {
          "x-api-key": "k",
          "anthropic-version": "2023-06-01",
          "content-type": "application/json",
        },
        body: JSON.stringify(params),
      });
      statuses.push(res.status);
    }
    return statuses;
  };
  const first = await pattern();
  expect(await pattern()).toEqual(first);
  const failures = first.filter((s) => s === 500).length;
  expect(failures).toBeGreaterThan(3);
  expect(failures).toBeLessThan(17);
});

test("latency is applied to every call through the injected sleep", async () => {
  const slept: number[] = [];
  const s = createAnthropicSandbox({ sleep: async (ms) => void slept.push(ms) });
  s.faults.setLatency(1500);
  const res = await s.app.request("/v1/messages", {
    method: "POST",
    headers: {
      authorization: "Bearer k",
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
    },
    body: JSON.stringify(params),
  });
  expect(res.status).toBe(200);
  expect(slept).toEqual([1500]);
});

test("latency is the time to the answer: the model's own work is done within it", async () => {
  // A brain that thinks for 350 ms behind a 400 ms latency: 400 ms, not 750.
  const slow = createAnthropicSandbox({
    brain: async () => {
      await new Promise((resolve) => setTimeout(resolve, 350));
      return { text: "done" };
    },
  });
  slow.faults.setLatency(400);
  const served = await listen(slow.app);
  try {
    const started = performance.now();
    const message = await new Anthropic({
      apiKey: "k",
      baseURL: served.url,
      maxRetries: 0,
    }).messages.create(params);
    const took = performance.now() - started;
    expect(message.content).toEqual([expect.objectContaining({ type: "text", text: "done" })]);
    expect(took).toBeGreaterThanOrEqual(395);
    expect(took).toBeLessThan(700);
  } finally {
    await served.close();
  }
});

test("faults are counted in the log", () => {
  const counters = sandbox.log.counters();
  expect(counters.faults).toMatchObject({
    overloaded: 3,
    rate_limit: 1,
    api_error: 1,
    timeout: 1,
    connection_reset: 1,
    overloaded_midstream: 1,
  });
  expect(sandbox.log.entries().find((e) => e.fault === "rate_limit")?.status).toBe(429);
});
