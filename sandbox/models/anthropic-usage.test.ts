import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listen, type RunningServer } from "../../lib/http-server.ts";
import { anthropicImageTokens, createAnthropicSandbox, type ModelSandbox } from "./index.ts";
import { pngBase64 } from "./test-fixtures.ts";

const MODEL = "claude-sonnet-4-6";
const LONG_SYSTEM = "You are a careful knight operating a Linux desktop. ".repeat(120);

let clock = 1_000_000;
let sandbox: ModelSandbox;
let server: RunningServer;
let client: Anthropic;

beforeAll(async () => {
  sandbox = createAnthropicSandbox({ now: () => clock });
  server = await listen(sandbox.app);
  client = new Anthropic({ apiKey: "k", baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

const screenshot = (shade: number) => ({
  type: "image" as const,
  source: {
    type: "base64" as const,
    media_type: "image/png" as const,
    data: pngBase64(1280, 800, shade),
  },
});

test("input tokens grow by width×height/750 per image", async () => {
  const count = (images: number) =>
    client.messages.countTokens({
      model: MODEL,
      messages: [
        {
          role: "user",
          content: [
            ...Array.from({ length: images }, (_, i) => screenshot(i)),
            { type: "text", text: "what changed?" },
          ],
        },
      ],
    });
  const [none, one, two] = await Promise.all([count(0), count(1), count(2)]);
  expect(anthropicImageTokens({ width: 1280, height: 800, mediaType: "image/png" })).toBe(1365);
  expect(one.input_tokens - none.input_tokens).toBe(1365);
  expect(two.input_tokens - none.input_tokens).toBe(2730);
});

test("a repeated prefix up to the cache breakpoint is written once, then read", async () => {
  const request = (question: string) =>
    client.messages.create({
      model: MODEL,
      max_tokens: 100,
      system: [{ type: "text", text: LONG_SYSTEM, cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: question }],
    });
  const first = await request("What is on the screen?");
  expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
  expect(first.usage.cache_read_input_tokens).toBe(0);
  expect(first.usage.cache_creation?.ephemeral_5m_input_tokens).toBe(
    first.usage.cache_creation_input_tokens,
  );

  const second = await request("And now?");
  expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
  expect(second.usage.cache_creation_input_tokens).toBe(0);
  expect(second.usage.input_tokens).toBeLessThan(20);

  clock += 6 * 60_000; // past the 5-minute TTL
  const later = await request("Still there?");
  expect(later.usage.cache_read_input_tokens).toBe(0);
  expect(later.usage.cache_creation_input_tokens).toBe(first.usage.cache_creation_input_tokens);
});

test("a moving breakpoint on the latest turn reads the old prefix and writes only the new part", async () => {
  const turn = (shade: number, cached: boolean) => ({
    role: "user" as const,
    content: [
      {
        ...screenshot(shade),
        ...(cached ? { cache_control: { type: "ephemeral" as const } } : {}),
      },
    ],
  });
  const system = [
    { type: "text" as const, text: "Knight.", cache_control: { type: "ephemeral" as const } },
  ];
  const first = await client.messages.create({
    model: MODEL,
    max_tokens: 50,
    system,
    messages: [turn(1, true)],
  });
  const second = await client.messages.create({
    model: MODEL,
    max_tokens: 50,
    system,
    messages: [turn(1, false), { role: "assistant", content: "ok" }, turn(2, true)],
  });
  const firstTotal = (first.usage.cache_creation_input_tokens ?? 0) + first.usage.input_tokens;
  expect(second.usage.cache_read_input_tokens).toBe(firstTotal);
  expect(second.usage.cache_creation_input_tokens).toBeGreaterThan(1365);
  expect(second.usage.input_tokens).toBe(0);
});

test("prefixes shorter than the minimum are not cached, and more than 4 breakpoints are refused", async () => {
  const short = await client.messages.create({
    model: MODEL,
    max_tokens: 20,
    system: [{ type: "text", text: "Short.", cache_control: { type: "ephemeral" } }],
    messages: [{ role: "user", content: "hi" }],
  });
  expect(short.usage.cache_creation_input_tokens).toBe(0);

  const cc = { type: "ephemeral" as const };
  const error = await client.messages
    .create({
      model: MODEL,
      max_tokens: 20,
      system: [1, 2, 3, 4, 5].map((n) => ({
        type: "text" as const,
        text: `rule ${n}`,
        cache_control: cc,
      })),
      messages: [{ role: "user", content: "hi" }],
    })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  expect((error as InstanceType<typeof Anthropic.BadRequestError>).apiMessage).toBe(
    "A maximum of 4 blocks with cache_control may be provided. Found 5.",
  );
});

test("the log totals cache reads and writes", () => {
  const counters = sandbox.log.counters();
  expect(counters.cacheReadTokens).toBeGreaterThan(1024);
  expect(counters.cacheCreationTokens).toBeGreaterThan(1024);
});
