import { describe, expect, test } from "vitest";
import type { NormalizedRequest, NormalizedTool } from "../types.ts";
import { createScriptedBrain } from "./scripted-brain.ts";
import { fillArguments } from "./tool-rules.ts";

const fn = (
  name: string,
  properties: Record<string, object> = {},
  required: string[] = [],
): NormalizedTool => ({
  kind: "function",
  name,
  description: "",
  schema: { type: "object", properties, required },
});

const KING_MOUSE_TOOLS = [
  fn("deploy_employee", { role: { type: "string" }, task: { type: "string" } }, ["role", "task"]),
  fn("task_status", { task_id: { type: "string" } }, ["task_id"]),
  fn("list_employees"),
  fn("send_screenshot", { employee_id: { type: "string" } }),
  fn("check_usage"),
  fn("stop_task", { task_id: { type: "string" } }, ["task_id"]),
];

function ask(text: string, tools = KING_MOUSE_TOOLS): NormalizedRequest {
  return {
    api: "anthropic",
    model: "m",
    system: "",
    messages: [{ role: "user", parts: [{ type: "text", text }] }],
    tools,
    toolChoice: { type: "auto", parallel: true },
    maxTokens: 100,
  };
}

describe("built-in rules pick King Mouse's tools from the user's words", () => {
  const brain = createScriptedBrain();
  test.each([
    [
      "Hire a copywriter to write my newsletter",
      "deploy_employee",
      { role: "Copywriter", task: "Hire a copywriter to write my newsletter" },
    ],
    [
      "build a website for my bakery",
      "deploy_employee",
      { role: "Assistant", task: "build a website for my bakery" },
    ],
    ["what's the status of task_9fZ2?", "task_status", { task_id: "task_9fZ2" }],
    ["list employees please", "list_employees", {}],
    ["send me a screenshot", "send_screenshot", {}],
    ["what's my balance?", "check_usage", {}],
    ["stop task 12", "stop_task", { task_id: "12" }],
  ])("%s → %s", async (text, name, input) => {
    expect(await brain(ask(text))).toEqual({ toolCalls: [{ name, input }] });
  });

  test("without a matching tool the persona answers in text", async () => {
    expect(await brain(ask("list employees", []))).toEqual({
      text: expect.stringContaining('King Mouse here. You said: "list employees"'),
    });
  });
});

test("custom rules, decide and persona replace the defaults", async () => {
  const brain = createScriptedBrain({
    persona: "Test Bot",
    rules: [{ when: /weather/i, tool: /forecast/, input: () => ({ city: "Oslo" }) }],
    decide: (request) => (request.system.includes("[silent]") ? { text: "…" } : undefined),
  });
  expect(await brain(ask("weather please", [fn("get_forecast")]))).toEqual({
    toolCalls: [{ name: "get_forecast", input: { city: "Oslo" } }],
  });
  expect(await brain(ask("hire someone", KING_MOUSE_TOOLS))).toEqual({
    text: expect.stringMatching(/^Test Bot here/),
  });
  expect(await brain({ ...ask("hi"), system: "[silent]" })).toEqual({ text: "…" });
});

test("tool results are summarized, errors included", async () => {
  const request = ask("status?");
  request.messages.push(
    {
      role: "assistant",
      parts: [{ type: "tool_call", id: "t1", name: "task_status", input: {}, computer: false }],
    },
    {
      role: "user",
      parts: [{ type: "tool_result", id: "t1", text: "not found", images: [], isError: true }],
    },
  );
  expect(await createScriptedBrain()(request)).toEqual({
    text: "King Mouse here. task_status failed: not found",
  });
});

test("fillArguments reads numbers, urls, emails and enums, and skips what it cannot know", () => {
  const schema = {
    type: "object",
    properties: {
      count: { type: "integer" },
      site_url: { type: "string" },
      email: { type: "string" },
      plan: { type: "string", enum: ["basic", "pro"] },
      notes: { type: "string" },
      urgent: { type: "boolean" },
    },
    required: ["count", "plan", "urgent"],
  };
  expect(
    fillArguments(
      schema,
      "Set up 3 pages on https://bakery.example.com for ann@bakery.example.com on pro",
    ),
  ).toEqual({
    count: 3,
    site_url: "https://bakery.example.com",
    email: "ann@bakery.example.com",
    plan: "pro",
    urgent: false,
  });
});
