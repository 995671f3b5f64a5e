import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { pngBase64 } from "../../sandbox/models/test-fixtures.ts";
import { type SandboxedModels, startSandboxedModels } from "./test-servers.ts";
import type { ModelProvider, ModelRequest } from "./types.ts";

let models: SandboxedModels;
beforeAll(async () => {
  models = await startSandboxedModels();
});
afterAll(() => models.close());
beforeEach(() => {
  models.anthropic.faults.clear();
  models.openai.faults.clear();
  models.anthropic.log.clear();
  models.openai.log.clear();
});

const tools: ModelRequest["tools"] = [
  {
    name: "list_employees",
    description: "List the customer's AI employees.",
    inputSchema: { type: "object", properties: {}, additionalProperties: false },
  },
];

describe.each(["anthropic", "openai"] as const)("%s provider against its sandbox", (name) => {
  const provider = (): ModelProvider => models.providers[name];

  test("a plain question gets text, usage and the provider's name back", async () => {
    const response = await provider().complete({
      system: "You are King Mouse.",
      messages: [{ role: "user", content: [{ type: "text", text: "hello there" }] }],
    });
    expect(response.provider).toBe(name);
    expect(response.model).toBe(provider().model);
    expect(response.stopReason).toBe("end_turn");
    expect(response.content[0]).toMatchObject({ type: "text" });
    expect(response.usage.input).toBeGreaterThan(0);
    expect(response.usage.output).toBeGreaterThan(0);
    expect(response.id).toBeTruthy();
  });

  test("a tool call round trip: tool_use out, tool_result back in", async () => {
    const ask: ModelRequest = {
      system: "You are King Mouse.",
      tools,
      messages: [{ role: "user", content: [{ type: "text", text: "list my employees please" }] }],
    };
    const first = await provider().complete(ask);
    expect(first.stopReason).toBe("tool_use");
    const call = first.content.find((p) => p.type === "tool_use");
    expect(call).toMatchObject({ type: "tool_use", name: "list_employees" });
    if (call?.type !== "tool_use") throw new Error("no tool call");

    const second = await provider().complete({
      ...ask,
      messages: [
        ...ask.messages,
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              toolUseId: call.id,
              content: [{ type: "text", text: "Pixel (web developer), idle" }],
            },
          ],
        },
      ],
    });
    expect(second.stopReason).toBe("end_turn");
    expect(second.content[0]).toMatchObject({ type: "text" });
    expect((second.content[0] as { text: string }).text).toContain("Pixel (web developer)");
  });

  test("images reach the model, in a user turn and inside a tool result", async () => {
    const first = await provider().complete({
      system: "You are King Mouse.",
      tools,
      messages: [{ role: "user", content: [{ type: "text", text: "list my employees" }] }],
    });
    const call = first.content.find((p) => p.type === "tool_use");
    if (call?.type !== "tool_use") throw new Error("no tool call");
    await provider().complete({
      system: "You are King Mouse.",
      tools,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "list my employees" },
            { type: "image", mediaType: "image/png", data: pngBase64(32, 20) },
          ],
        },
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              toolUseId: call.id,
              content: [
                { type: "text", text: "the screen" },
                { type: "image", mediaType: "image/png", data: pngBase64(64, 40) },
              ],
            },
          ],
        },
      ],
    });
    expect(models[name].log.entries().at(-1)?.images).toBe(2);
  });
});

test("Anthropic caching: the system prompt is a breakpoint and a repeat reads from cache", async () => {
  const request: ModelRequest = {
    system: `You are King Mouse. ${"Rules of the house. ".repeat(400)}`,
    cache: true,
    messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
  };
  const first = await models.providers.anthropic.complete(request);
  const second = await models.providers.anthropic.complete(request);
  expect(first.usage.cacheWrite).toBeGreaterThan(1000);
  expect(second.usage.cacheRead).toBe(first.usage.cacheWrite);
  expect(second.usage.input).toBeLessThan(first.usage.input + first.usage.cacheWrite);
});
