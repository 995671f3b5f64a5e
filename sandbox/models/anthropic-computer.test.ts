import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listen, type RunningServer } from "../../lib/http-server.ts";
import { lastUserText } from "./brain/conversation.ts";
import { createAnthropicSandbox, createScriptedBrain, type ModelSandbox } from "./index.ts";
import { pngBase64 } from "./test-fixtures.ts";

const MODEL = "claude-opus-4-5";
const TASK = 'Type "hello world" into the search box';

let sandbox: ModelSandbox;
let server: RunningServer;
let client: Anthropic;

beforeAll(async () => {
  sandbox = createAnthropicSandbox({
    brain: createScriptedBrain({
      scenarios: [
        {
          name: "login",
          match: "[scenario:login]",
          steps: [
            { computer: [{ action: "screenshot" }] },
            { text: "Which account should I sign in with?" },
            (request) => ({ computer: [{ action: "type", text: lastUserText(request) }] }),
          ],
        },
      ],
    }),
  });
  server = await listen(sandbox.app);
  client = new Anthropic({ apiKey: "k", baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

type Turn = {
  role: "user" | "assistant";
  content: Anthropic.Beta.BetaContentBlockParam[] | string;
};

/** Plays the knight: answers every computer tool_use with a screenshot until the model stops. */
async function runLoop(
  create: (messages: Turn[]) => Promise<{
    content: Array<{ type: string }>;
    stop_reason: string | null;
    usage: { input_tokens: number };
  }>,
  screen: { width: number; height: number },
  firstMessage = TASK,
) {
  const messages: Turn[] = [{ role: "user", content: firstMessage }];
  const calls: Array<{ name: string; input: unknown; toolset_name?: string | null }> = [];
  const inputTokens: number[] = [];
  for (let turn = 0; turn < 10; turn++) {
    const reply = await create(messages);
    inputTokens.push(reply.usage.input_tokens);
    messages.push({
      role: "assistant",
      content: reply.content as Anthropic.Beta.BetaContentBlockParam[],
    });
    if (reply.stop_reason !== "tool_use") return { calls, reply, inputTokens, messages };
    const uses = reply.content.filter(
      (b): b is Anthropic.Beta.BetaToolUseBlock => b.type === "tool_use",
    );
    calls.push(...uses.map(({ name, input, toolset_name }) => ({ name, input, toolset_name })));
    messages.push({
      role: "user",
      content: uses.map((use) => ({
        type: "tool_result" as const,
        tool_use_id: use.id,
        content: [
          {
            type: "image" as const,
            source: {
              type: "base64" as const,
              media_type: "image/png" as const,
              data: pngBase64(screen.width, screen.height, 40),
            },
          },
        ],
      })),
    });
  }
  throw new Error("the scripted model never finished");
}

test("beta computer_20251124: screenshot, click, type, Enter, screenshot, Done", async () => {
  const { calls, reply, inputTokens } = await runLoop(
    (messages) =>
      client.beta.messages.create({
        model: MODEL,
        max_tokens: 1024,
        betas: ["computer-use-2025-11-24"],
        tools: [
          {
            type: "computer_20251124",
            name: "computer",
            display_width_px: 1280,
            display_height_px: 800,
          },
        ],
        messages: messages as Anthropic.Beta.BetaMessageParam[],
      }),
    { width: 1280, height: 800 },
  );
  expect(calls.map((c) => c.name)).toEqual([
    "computer",
    "computer",
    "computer",
    "computer",
    "computer",
  ]);
  expect(calls.map((c) => c.input)).toEqual([
    { action: "screenshot" },
    { action: "left_click", coordinate: [640, 400] },
    { action: "type", text: "hello world" },
    { action: "key", text: "Return" },
    { action: "screenshot" },
  ]);
  expect(reply.stop_reason).toBe("end_turn");
  expect(reply.content[0]).toMatchObject({ type: "text", text: `Done: ${TASK}` });
  // Every screenshot sent back costs about 1365 tokens more.
  expect(inputTokens[2]! - inputTokens[1]!).toBeGreaterThan(1365);
});

test("GA computer_toolset_20260801: actions are tool names, aimed from the screenshot size", async () => {
  const { calls, reply } = await runLoop(
    (messages) =>
      client.messages.create({
        model: MODEL,
        max_tokens: 1024,
        tools: [{ type: "computer_toolset_20260801" }],
        messages: messages as Anthropic.MessageParam[],
      }),
    { width: 1024, height: 768 },
  );
  expect(calls).toEqual([
    { name: "screenshot", input: {}, toolset_name: "computer" },
    { name: "left_click", input: { coordinate: [512, 384] }, toolset_name: "computer" },
    { name: "type", input: { text: "hello world" }, toolset_name: "computer" },
    { name: "key", input: { text: "Return" }, toolset_name: "computer" },
    { name: "screenshot", input: {}, toolset_name: "computer" },
  ]);
  expect(reply.content[0]).toMatchObject({ type: "text", text: `Done: ${TASK}` });
});

test("a scenario can ask the user a question and continue with the answer", async () => {
  const create = (messages: Turn[]) =>
    client.messages.create({
      model: MODEL,
      max_tokens: 512,
      tools: [{ type: "computer_toolset_20260801" }],
      messages: messages as Anthropic.MessageParam[],
    });
  const asked = await runLoop(
    create,
    { width: 1280, height: 800 },
    "[scenario:login] Sign in to the CRM",
  );
  expect(asked.calls.map((c) => c.name)).toEqual(["screenshot"]);
  expect(asked.reply.content[0]).toMatchObject({
    type: "text",
    text: "Which account should I sign in with?",
  });

  const answered = await create([...asked.messages, { role: "user", content: "bob@example.com" }]);
  expect(answered.content[0]).toMatchObject({
    type: "tool_use",
    name: "type",
    input: { text: "bob@example.com" },
  });
});

test("the beta tool without its beta header is rejected", async () => {
  // The GA types leave the beta tool out; this is what a client forgetting `betas` sends.
  const betaTool = {
    type: "computer_20251124",
    name: "computer",
    display_width_px: 1280,
    display_height_px: 800,
  } as unknown as Anthropic.ToolUnion;
  const error = await client.messages
    .create({
      model: MODEL,
      max_tokens: 100,
      tools: [betaTool],
      messages: [{ role: "user", content: TASK }],
    })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  expect((error as InstanceType<typeof Anthropic.BadRequestError>).apiMessage).toContain(
    "anthropic-beta: computer-use-2025-11-24",
  );
});

test("the log counts images sent with tool results", () => {
  const withImages = sandbox.log.entries().filter((e) => e.images > 0);
  expect(withImages.length).toBeGreaterThan(0);
  expect(sandbox.log.entries().some((e) => e.calls.includes("computer:left_click"))).toBe(true);
});
