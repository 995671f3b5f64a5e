import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listen, type RunningServer } from "../../lib/http-server.ts";
import {
  createModelSandbox,
  type ModelSandbox,
  openaiImageTokens,
  startModelSandbox,
} from "./index.ts";
import { pngBase64 } from "./test-fixtures.ts";

const KEY = "sk-openai-sandbox";
const MODEL = "gpt-5-mini";
const tools: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "list_employees",
      description: "List the team",
      parameters: { type: "object", properties: {} },
    },
  },
  {
    type: "function",
    function: {
      name: "stop_task",
      parameters: {
        type: "object",
        properties: { task_id: { type: "integer" } },
        required: ["task_id"],
      },
    },
  },
];

let sandbox: ModelSandbox;
let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  sandbox = createModelSandbox({ apiKeys: [KEY] });
  server = await listen(sandbox.app);
  client = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(
    () => expect.unreachable("the call should have failed"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe("function calling", () => {
  const ask: OpenAI.Chat.ChatCompletionMessageParam = {
    role: "user",
    content: "Please list my employees",
  };

  test("tool_calls → tool message → final text, with usage", async () => {
    const first = await client.chat.completions.create({ model: MODEL, tools, messages: [ask] });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    const call = choice.message.tool_calls?.[0];
    expect(call).toMatchObject({
      type: "function",
      function: { name: "list_employees", arguments: "{}" },
    });
    expect(first.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(first.usage?.total_tokens).toBe(
      (first.usage?.prompt_tokens ?? 0) + (first.usage?.completion_tokens ?? 0),
    );

    const second = await client.chat.completions.create({
      model: MODEL,
      tools,
      messages: [
        ask,
        choice.message,
        { role: "tool", tool_call_id: call!.id, content: "Ada (designer), Linus (developer)" },
      ],
    });
    expect(second.choices[0]?.finish_reason).toBe("stop");
    expect(second.choices[0]?.message.content).toContain(
      "list_employees returned: Ada (designer), Linus (developer)",
    );
    expect(second.usage?.prompt_tokens).toBeGreaterThan(first.usage!.prompt_tokens);
  });

  test("arguments are filled from the user's words", async () => {
    const reply = await client.chat.completions.create({
      model: MODEL,
      tools,
      messages: [{ role: "user", content: "stop task #42 now" }],
    });
    expect(reply.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      function: { name: "stop_task", arguments: '{"task_id":42}' },
    });
  });

  test("an assistant tool_call without its tool message is a 400", async () => {
    const error = await failure(
      client.chat.completions.create({
        model: MODEL,
        tools,
        messages: [
          ask,
          {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "call_lost",
                type: "function",
                function: { name: "list_employees", arguments: "{}" },
              },
            ],
          },
          { role: "user", content: "well?" },
        ],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain(
      "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_lost",
    );
    expect(error.param).toBe("messages.[1].role");
  });

  test("a tool message answering nothing is a 400", async () => {
    const error = await failure(
      client.chat.completions.create({
        model: MODEL,
        messages: [ask, { role: "tool", tool_call_id: "call_x", content: "?" }],
      }),
    );
    expect(error.message).toContain(
      "messages with role 'tool' must be a response to a preceeding message with 'tool_calls'",
    );
  });
});

test("streaming: chunks rebuild the tool call, usage arrives last, then [DONE]", async () => {
  const stream = await client.chat.completions.create({
    model: MODEL,
    tools,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: "stop task 7" }],
  });
  let args = "";
  let name = "";
  const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
    for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
      name += call.function?.name ?? "";
      args += call.function?.arguments ?? "";
    }
  }
  expect(name).toBe("stop_task");
  expect(JSON.parse(args)).toEqual({ task_id: 7 });
  expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("tool_calls");
  expect(chunks.at(-1)?.choices).toEqual([]);
  expect(chunks.at(-1)?.usage?.prompt_tokens).toBeGreaterThan(0);

  const helper = client.chat.completions.stream({
    model: MODEL,
    messages: [{ role: "user", content: "good evening" }],
  });
  const final = await helper.finalChatCompletion();
  expect(final.choices[0]?.message.content).toContain("King Mouse here");
});

test("image_url parts count OpenAI's tile tokens; bad data URLs are refused", async () => {
  const withImage = (url: string) =>
    client.chat.completions.create({
      model: MODEL,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this?" },
            { type: "image_url", image_url: { url } },
          ],
        },
      ],
    });
  const plain = await client.chat.completions.create({
    model: MODEL,
    messages: [{ role: "user", content: [{ type: "text", text: "what is this?" }] }],
  });
  const image = await withImage(`data:image/png;base64,${pngBase64(1280, 800)}`);
  expect(image.usage!.prompt_tokens - plain.usage!.prompt_tokens).toBe(
    openaiImageTokens({ width: 1280, height: 800, mediaType: "image/png" }),
  );

  const error = await failure(withImage("data:image/png;base64,bm90IGFuIGltYWdl"));
  expect(error.status).toBe(400);
  expect(error.code).toBe("invalid_image_format");
});

test("a repeated long prompt reports cached tokens in 128-token steps", async () => {
  const system = "You are King Mouse, who manages AI employees for small businesses. ".repeat(80);
  const call = (question: string) =>
    client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: "system", content: system },
        { role: "user", content: question },
      ],
    });
  const first = await call("hello");
  expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  const second = await call("hello again");
  const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
  expect(cached).toBeGreaterThanOrEqual(1024);
  expect(cached % 128).toBe(0);
  expect(cached).toBeLessThanOrEqual(second.usage!.prompt_tokens);
});

test("errors: wrong key 401, injected 429 and 503", async () => {
  const stranger = new OpenAI({
    apiKey: "sk-wrong-key-123",
    baseURL: `${server.url}/v1`,
    maxRetries: 0,
  });
  const denied = await failure(
    stranger.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }] }),
  );
  expect(denied).toBeInstanceOf(OpenAI.AuthenticationError);
  expect(denied.code).toBe("invalid_api_key");

  sandbox.faults.failNext("rate_limit");
  sandbox.faults.failNext("overloaded");
  const limited = await failure(
    client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }] }),
  );
  expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
  expect(limited.code).toBe("rate_limit_exceeded");
  const overloaded = await failure(
    client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }] }),
  );
  expect(overloaded).toBeInstanceOf(OpenAI.InternalServerError);
  expect(overloaded.status).toBe(503);
});

test("startModelSandbox serves both SDKs on one port, unknown paths in each SDK's error shape", async () => {
  const running = await startModelSandbox();
  try {
    const anthropic = new Anthropic({
      apiKey: "k",
      baseURL: running.anthropicBaseURL,
      maxRetries: 0,
    });
    const openai = new OpenAI({ apiKey: "k", baseURL: running.openaiBaseURL, maxRetries: 0 });
    const message = await anthropic.messages.create({
      model: "claude-haiku-4-5",
      max_tokens: 50,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(message.content[0]).toMatchObject({
      type: "text",
      text: expect.stringContaining("King Mouse"),
    });
    const chat = await openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(chat.choices[0]?.message.content).toContain("King Mouse");
    expect(running.sandbox.log.counters().byEndpoint).toEqual({
      "anthropic.messages": 1,
      "openai.chat": 1,
    });

    expect(await anthropic.models.list().catch((e: unknown) => e)).toBeInstanceOf(
      Anthropic.NotFoundError,
    );
    expect(await openai.models.list().catch((e: unknown) => e)).toBeInstanceOf(
      OpenAI.NotFoundError,
    );
  } finally {
    await running.close();
  }
});
