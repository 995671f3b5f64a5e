import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listen, type RunningServer } from "../../lib/http-server.ts";
import { createAnthropicSandbox, createOpenAISandbox } from "../../sandbox/models/index.ts";
import { classifyModelError } from "./errors.ts";

const anthropicSandbox = createAnthropicSandbox({ apiKeys: ["good"], faults: { hangMs: 30_000 } });
const openaiSandbox = createOpenAISandbox({ apiKeys: ["good"], faults: { hangMs: 30_000 } });
let servers: RunningServer[];
beforeAll(async () => {
  servers = [await listen(anthropicSandbox.app), await listen(openaiSandbox.app)];
});
afterAll(() => Promise.all(servers.map((s) => s.close())));

// Long timeouts for calls that must answer (a loaded machine is slow); a short one where a hang is the point.
const anthropic = (apiKey = "good", timeout = 10_000) =>
  new Anthropic({ apiKey, baseURL: servers[0]!.url, maxRetries: 0, timeout });
const openai = (apiKey = "good", timeout = 10_000) =>
  new OpenAI({ apiKey, baseURL: `${servers[1]!.url}/v1`, maxRetries: 0, timeout });

const askAnthropic = (client = anthropic()) =>
  client.messages
    .create({
      model: "claude-sonnet-4-6",
      max_tokens: 16,
      messages: [{ role: "user", content: "hi" }],
    })
    .then(() => undefined, classifyModelError);
const askOpenAI = (client = openai()) =>
  client.chat.completions
    .create({ model: "gpt-5.1", messages: [{ role: "user", content: "hi" }] })
    .then(() => undefined, classifyModelError);

test.each([
  ["rate_limit", { kind: "rate_limit", status: 429, retryAfterMs: 1000 }],
  ["overloaded", { kind: "overloaded", status: 529 }],
  ["api_error", { kind: "server", status: 500 }],
  ["timeout", { kind: "timeout" }],
  ["connection_reset", { kind: "network" }],
] as const)("Anthropic SDK error for an injected %s", async (fault, expected) => {
  anthropicSandbox.faults.failNext(fault);
  expect(await askAnthropic(anthropic("good", fault === "timeout" ? 300 : 10_000))).toMatchObject(
    expected,
  );
});

test.each([
  ["rate_limit", { kind: "rate_limit", status: 429 }],
  ["overloaded", { kind: "overloaded", status: 503 }],
  ["api_error", { kind: "server", status: 500 }],
  ["timeout", { kind: "timeout" }],
  ["connection_reset", { kind: "network" }],
] as const)("OpenAI SDK error for an injected %s", async (fault, expected) => {
  openaiSandbox.faults.failNext(fault);
  expect(await askOpenAI(openai("good", fault === "timeout" ? 300 : 10_000))).toMatchObject(
    expected,
  );
});

test("a wrong key is auth; a malformed request is bad_request; a caller's abort is aborted", async () => {
  expect(await askAnthropic(anthropic("wrong"))).toMatchObject({ kind: "auth", status: 401 });
  expect(await askOpenAI(openai("wrong"))).toMatchObject({ kind: "auth", status: 401 });
  const bad = await anthropic()
    .messages.create({ model: "claude-sonnet-4-6", max_tokens: 16, messages: [] })
    .then(() => undefined, classifyModelError);
  expect(bad).toMatchObject({ kind: "bad_request", status: 400 });
  const controller = new AbortController();
  controller.abort();
  const aborted = await anthropic()
    .messages.create(
      { model: "claude-sonnet-4-6", max_tokens: 16, messages: [{ role: "user", content: "hi" }] },
      { signal: controller.signal },
    )
    .then(() => undefined, classifyModelError);
  expect(aborted).toMatchObject({ kind: "aborted" });
});

test("errors from outside the SDKs", () => {
  expect(classifyModelError(new TypeError("fetch failed"))).toEqual({ kind: "network" });
  expect(classifyModelError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toEqual({
    kind: "network",
  });
  expect(classifyModelError(new DOMException("t", "TimeoutError"))).toEqual({ kind: "timeout" });
  expect(classifyModelError("weird")).toEqual({ kind: "unknown" });
});
