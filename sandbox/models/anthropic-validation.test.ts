import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listen, type RunningServer } from "../../lib/http-server.ts";
import { createAnthropicSandbox, type ModelSandbox } from "./index.ts";
import { pngBase64 } from "./test-fixtures.ts";

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

async function rejection(
  promise: Promise<unknown>,
): Promise<InstanceType<typeof Anthropic.APIError>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Anthropic.APIError);
  return error as InstanceType<typeof Anthropic.APIError>;
}

describe("validation like the real API", () => {
  const base = { model: MODEL, max_tokens: 100, tools };

  test("an unanswered tool_use is a 400 naming the id", async () => {
    const error = await rejection(
      client.messages.create({
        ...base,
        messages: [
          { role: "user", content: "status of task_1?" },
          {
            role: "assistant",
            content: [
              {
                type: "tool_use",
                id: "toolu_01missing",
                name: "task_status",
                input: { task_id: "task_1" },
              },
            ],
          },
          { role: "user", content: "hello?" },
        ],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.message).toContain(
      "`tool_use` ids were found without `tool_result` blocks immediately after: toolu_01missing",
    );
  });

  test("a tool_result without its tool_use is a 400", async () => {
    const error = await rejection(
      client.messages.create({
        ...base,
        messages: [
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: "toolu_01nothing", content: "x" }],
          },
        ],
      }),
    );
    expect(error.message).toContain(
      "unexpected `tool_use_id` found in `tool_result` blocks: toolu_01nothing",
    );
  });

  test("roles must alternate, starting with user", async () => {
    const twice = await rejection(
      client.messages.create({
        ...base,
        messages: [
          { role: "user", content: "a" },
          { role: "user", content: "b" },
        ],
      }),
    );
    expect(twice).toBeInstanceOf(Anthropic.BadRequestError);
    expect(twice.apiMessage).toContain('roles must alternate between "user" and "assistant"');
    const assistantFirst = await rejection(
      client.messages.create({ ...base, messages: [{ role: "assistant", content: "hi" }] }),
    );
    expect(assistantFirst.apiMessage).toContain('first message must use the "user" role');
  });

  test("empty content is rejected", async () => {
    const error = await rejection(
      client.messages.create({ ...base, messages: [{ role: "user", content: "" }] }),
    );
    expect(error.message).toContain("all messages must have non-empty content");
  });

  test("bad images: undecodable base64, wrong media type, unsupported type", async () => {
    const image = (media_type: string, data: string) =>
      client.messages.create({
        ...base,
        messages: [
          {
            role: "user",
            content: [
              {
                type: "image",
                source: { type: "base64", media_type: media_type as "image/png", data },
              },
              { type: "text", text: "what is this?" },
            ],
          },
        ],
      });
    expect((await rejection(image("image/png", "not base64!!"))).message).toContain(
      "messages.0.content.0.image.source.base64.data",
    );
    expect((await rejection(image("image/jpeg", pngBase64(8, 8)))).message).toContain(
      "specified using the image/jpeg media type, but the image appears to be a image/png image",
    );
    expect((await rejection(image("image/bmp", pngBase64(8, 8)))).message).toContain(
      "media_type: Input should be",
    );
  });

  test("missing fields, bad key and the error body shape", async () => {
    const post = (body: unknown, key = KEY) =>
      fetch(`${server.url}/v1/messages`, {
        method: "POST",
        headers: {
          "x-api-key": key,
          "anthropic-version": "2023-06-01",
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      });
    const noMaxTokens = await post({ model: MODEL, messages: [{ role: "user", content: "hi" }] });
    expect(noMaxTokens.status).toBe(400);
    const body = await noMaxTokens.json();
    expect(body).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: "max_tokens: Field required" },
      request_id: expect.stringMatching(/^req_/),
    });
    expect(noMaxTokens.headers.get("request-id")).toBe(body.request_id);
    expect((await (await post({ max_tokens: 5, messages: [] })).json()).error.message).toBe(
      "model: Field required",
    );

    const wrongKey = await post(
      { model: MODEL, max_tokens: 5, messages: [{ role: "user", content: "hi" }] },
      "sk-wrong",
    );
    expect(wrongKey.status).toBe(401);
    expect((await wrongKey.json()).error.type).toBe("authentication_error");
    const sdk = new Anthropic({ apiKey: "sk-wrong", baseURL: server.url, maxRetries: 0 });
    expect(
      await rejection(
        sdk.messages.create({ ...base, messages: [{ role: "user", content: "hi" }] }),
      ),
    ).toBeInstanceOf(Anthropic.AuthenticationError);
  });
});

test("rejected calls are logged with their status and message", () => {
  const rejected = sandbox.log.entries().filter((e) => e.status === 400);
  expect(rejected.length).toBeGreaterThanOrEqual(8);
  expect(rejected.map((e) => e.error)).toContain("max_tokens: Field required");
  const { errors, requests } = sandbox.log.counters();
  expect(errors).toBe(requests);
});
