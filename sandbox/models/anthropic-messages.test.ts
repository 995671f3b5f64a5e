import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listen, type RunningServer } from "../../lib/http-server.ts";
import { createAnthropicSandbox, type ModelSandbox } from "./index.ts";
import { textTokens } from "./tokens.ts";

const KEY = "sk-ant-sandbox-test";
const MODEL = "claude-sonnet-4-6";
const tools: Anthropic.Tool[] = [
  {
    name: "deploy_employee",
    description: "Hire an AI employee for a task",
    input_schema: {
      type: "object",
      properties: { role: { type: "string" }, task: { type: "string" } },
      required: ["role", "task"],
    },
  },
  {
    name: "task_status",
    description: "Status of a task",
    input_schema: {
      type: "object",
      properties: { task_id: { type: "string" } },
      required: ["task_id"],
    },
  },
];

let sandbox: ModelSandbox;
let server: RunningServer;
let client: Anthropic;

beforeAll(async () => {
  sandbox = createAnthropicSandbox({ apiKeys: [KEY] });
  server = await listen(sandbox.app);
  client = new Anthropic({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

describe("tool use", () => {
  const ask = "Please hire a web developer to build a website for my bakery";

  test("tool_use → tool_result → final text, with usage counted", async () => {
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      tools,
      messages: [{ role: "user", content: ask }],
    });
    expect(first.stop_reason).toBe("tool_use");
    const call = first.content.find((b) => b.type === "tool_use");
    expect(call).toMatchObject({
      name: "deploy_employee",
      input: { role: "Web Developer", task: ask },
    });
    expect(call?.id).toMatch(/^toolu_01/);
    expect(first.usage.input_tokens).toBeGreaterThan(346);
    expect(first.usage.output_tokens).toBeGreaterThan(0);

    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      tools,
      messages: [
        { role: "user", content: ask },
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: call!.id, content: "Hired Web Developer emp_42" },
          ],
        },
      ],
    });
    expect(second.stop_reason).toBe("end_turn");
    const text = second.content.find((b) => b.type === "text")?.text ?? "";
    expect(text).toContain("deploy_employee returned: Hired Web Developer emp_42");
    expect(second.usage.input_tokens).toBeGreaterThan(first.usage.input_tokens);
    expect(second.usage.output_tokens).toBe(textTokens(text));
  });

  test("the stream helper yields the same final message, tool input assembled from JSON deltas", async () => {
    const params = {
      model: MODEL,
      max_tokens: 1024,
      tools,
      messages: [{ role: "user" as const, content: "What is the status of task_abc123?" }],
    };
    const plain = await client.messages.create(params);
    const stream = client.messages.stream(params);
    const events: string[] = [];
    stream.on("streamEvent", (event) => events.push(event.type));
    const final = await stream.finalMessage();
    expect(final.content).toEqual([
      expect.objectContaining({
        type: "tool_use",
        name: "task_status",
        input: { task_id: "task_abc123" },
      }),
    ]);
    expect(final.content[0]).toMatchObject({
      input: (plain.content[0] as Anthropic.ToolUseBlock).input,
    });
    expect(final.stop_reason).toBe("tool_use");
    expect(final.usage).toMatchObject({
      input_tokens: plain.usage.input_tokens,
      output_tokens: plain.usage.output_tokens,
    });
    expect(events[0]).toBe("message_start");
    expect(events).toContain("content_block_delta");
    expect(events.slice(-2)).toEqual(["message_delta", "message_stop"]);
  });

  test("streamed text arrives in pieces that add up to the reply", async () => {
    const pieces: string[] = [];
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 200,
      system: [{ type: "text", text: "Be brief." }],
      messages: [{ role: "user", content: "Good morning, how are you today?" }],
    });
    stream.on("text", (piece) => pieces.push(piece));
    const final = await stream.finalMessage();
    const text = (final.content[0] as Anthropic.TextBlock).text;
    expect(text).toContain("King Mouse here");
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe(text);
  });

  test("max_tokens cuts the reply and says so", async () => {
    const reply = await client.messages.create({
      model: MODEL,
      max_tokens: 3,
      messages: [{ role: "user", content: "Tell me a long story about mice" }],
    });
    expect(reply.stop_reason).toBe("max_tokens");
    expect(reply.usage.output_tokens).toBe(3);
  });
});

test("count_tokens matches the prompt total the messages endpoint bills", async () => {
  const params = {
    model: MODEL,
    tools,
    messages: [{ role: "user" as const, content: "list everything about task_9" }],
  };
  const counted = await client.messages.countTokens(params);
  const reply = await client.messages.create({ ...params, max_tokens: 50 });
  const { input_tokens, cache_read_input_tokens, cache_creation_input_tokens } = reply.usage;
  expect(counted.input_tokens).toBe(
    input_tokens + (cache_read_input_tokens ?? 0) + (cache_creation_input_tokens ?? 0),
  );
});

test("the log records model, tools offered and tokens", () => {
  const entry = sandbox.log.entries().find((e) => e.calls.includes("deploy_employee"));
  expect(entry).toMatchObject({
    endpoint: "anthropic.messages",
    status: 200,
    model: MODEL,
    tools: ["deploy_employee", "task_status"],
  });
  expect(entry?.usage?.input).toBeGreaterThan(0);
  const counters = sandbox.log.counters();
  expect(counters.byStatus[200]).toBe(counters.requests);
  expect(counters.inputTokens).toBeGreaterThan(0);
});
