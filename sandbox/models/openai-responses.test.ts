import OpenAI from "openai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listen, type RunningServer } from "../../lib/http-server.ts";
import { createOpenAISandbox, type ModelSandbox } from "./index.ts";
import { pngBase64 } from "./test-fixtures.ts";

const MODEL = "computer-use-preview";
const TASK = "Search for 'mouse traps' in the browser";
const previewTool = {
  type: "computer_use_preview" as const,
  display_width: 1280,
  display_height: 800,
  environment: "linux" as const,
};

let sandbox: ModelSandbox;
let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  sandbox = createOpenAISandbox();
  server = await listen(sandbox.app);
  client = new OpenAI({ apiKey: "sk-test", baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());

const screenshotOutput = (call_id: string) => ({
  type: "computer_call_output" as const,
  call_id,
  output: {
    type: "computer_screenshot" as const,
    image_url: `data:image/png;base64,${pngBase64(1280, 800, 9)}`,
  },
});

test("computer_use_preview loop via previous_response_id: computer_call items, then a message", async () => {
  const actions: unknown[] = [];
  let response = await client.responses.create({
    model: MODEL,
    tools: [previewTool],
    input: TASK,
    truncation: "auto",
  });
  for (let i = 0; i < 10; i++) {
    const call = response.output.find((item) => item.type === "computer_call");
    if (call?.type !== "computer_call") break;
    expect(call.pending_safety_checks).toEqual([]);
    actions.push(call.action);
    response = await client.responses.create({
      model: MODEL,
      tools: [previewTool],
      previous_response_id: response.id,
      input: [screenshotOutput(call.call_id)],
      truncation: "auto",
    });
  }
  expect(actions).toEqual([
    { type: "screenshot" },
    { type: "click", button: "left", x: 640, y: 400 },
    { type: "type", text: "mouse traps" },
    { type: "keypress", keys: ["ENTER"] },
    { type: "screenshot" },
  ]);
  expect(response.output_text).toBe(`Done: ${TASK}`);
  expect(response.usage?.input_tokens).toBeGreaterThan(5 * 765);
});

test("the GA computer tool batches actions; full-history input works without stored state", async () => {
  const first = await client.responses.create({
    model: "gpt-5.4",
    tools: [{ type: "computer" }],
    input: TASK,
    store: false,
  });
  const call = first.output[0];
  expect(call).toMatchObject({ type: "computer_call", actions: [{ type: "screenshot" }] });
  if (call?.type !== "computer_call") throw new Error("expected a computer_call");

  const second = await client.responses.create({
    model: "gpt-5.4",
    tools: [{ type: "computer" }],
    input: [{ role: "user", content: TASK }, call, screenshotOutput(call.call_id)],
  });
  // The click aims at the middle of the screenshot it was sent (no display size declared).
  expect(second.output[0]).toMatchObject({
    type: "computer_call",
    actions: [{ type: "click", x: 640, y: 400 }],
  });
});

test("an unanswered computer_call, an unknown call_id and an unknown previous response are 400s", async () => {
  const first = await client.responses.create({ model: MODEL, tools: [previewTool], input: TASK });
  const fail = (body: OpenAI.Responses.ResponseCreateParamsNonStreaming) =>
    client.responses.create(body).then(
      () => expect.unreachable("should fail"),
      (e: InstanceType<typeof OpenAI.APIError>) => e,
    );
  const unanswered = await fail({
    model: MODEL,
    tools: [previewTool],
    previous_response_id: first.id,
    input: "what now?",
  });
  expect(unanswered).toBeInstanceOf(OpenAI.BadRequestError);
  expect(unanswered.message).toMatch(/No tool output found for computer call call_/);

  const stray = await fail({
    model: MODEL,
    tools: [previewTool],
    input: [{ role: "user", content: TASK }, screenshotOutput("call_nowhere")],
  });
  expect(stray.message).toContain(
    "No tool call found for computer call output with call_id call_nowhere",
  );

  const lost = await fail({ model: MODEL, previous_response_id: "resp_gone", input: "hi" });
  expect(lost.code).toBe("previous_response_not_found");
});

test("function tools and streaming through the SDK's stream helper", async () => {
  const tools: OpenAI.Responses.Tool[] = [
    {
      type: "function",
      name: "check_usage",
      description: "Usage this month",
      parameters: { type: "object", properties: {} },
      strict: false,
    },
  ];
  const stream = client.responses.stream({
    model: "gpt-5-mini",
    tools,
    input: "What is my balance?",
  });
  const types: string[] = [];
  stream.on("event", (event) => types.push(event.type));
  const final = await stream.finalResponse();
  expect(final.output[0]).toMatchObject({
    type: "function_call",
    name: "check_usage",
    arguments: "{}",
  });
  expect(types[0]).toBe("response.created");
  expect(types.at(-1)).toBe("response.completed");

  const call = final.output[0];
  if (call?.type !== "function_call") throw new Error("expected a function_call");
  const answer = await client.responses.create({
    model: "gpt-5-mini",
    tools,
    previous_response_id: final.id,
    input: [{ type: "function_call_output", call_id: call.call_id, output: "$12.40 of $50" }],
  });
  expect(answer.output_text).toContain("check_usage returned: $12.40 of $50");
});
