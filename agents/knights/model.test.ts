/**
 * The model side of a knight run: questions relayed to the customer and
 * back, failover from Anthropic to OpenAI, the beta computer tool, and
 * coordinates scaled to a VM larger than the model's screen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedBrain, type NormalizedRequest } from "../../sandbox/models/index.ts";
import { queueTargets } from "../../testing/index.ts";
import { createAnthropicComputerProvider, createComputerModel } from "./model/index.ts";
import { type RunningKnights, startKnights } from "./start.ts";
import { type Harness, startHarness } from "./test-harness.ts";

const lastUserText = (request: NormalizedRequest) =>
  request.messages
    .findLast((m) => m.role === "user")
    ?.parts.flatMap((p) => (p.type === "text" ? [p.text] : []))
    .join(" ") ?? "";

const brain = createScriptedBrain({
  scenarios: [
    {
      name: "login",
      match: "[scenario:login]",
      steps: [
        { computer: [{ action: "left_click", coordinate: [640, 360] }] },
        { text: "Which account should I sign in with?" },
        (request) => ({
          computer: [
            { action: "type", text: lastUserText(request).replace("The customer answered: ", "") },
          ],
        }),
        { text: "Signed in." },
      ],
    },
    {
      name: "plain",
      match: "[scenario:plain]",
      steps: [
        { computer: [{ action: "left_click", coordinate: [640, 360] }] },
        { computer: [{ action: "key", text: "Return" }] },
        { text: "Done." },
      ],
    },
  ],
});

const [target] = queueTargets();

describe(`knights and their models, ${target!.name}`, () => {
  let h: Harness;
  let knights: RunningKnights;
  beforeAll(async () => {
    h = await startHarness({ ...target!, brain });
    knights = await startKnights(h.deps());
  });
  afterAll(async () => {
    await knights?.close();
    await h?.close();
  });

  const clicks = (taskEmployee: string) => {
    const computer = h.orgo.inspect.computers({ name: `mouse-${taskEmployee}` })[0]!;
    return h.orgo.inspect.actions(computer.id);
  };

  it("asks the customer, waits, and continues with the answer", async () => {
    const owner = await h.customer();
    const taskId = await h.deploy(owner, {
      role: "ops_assistant",
      task: "[scenario:login] Sign in",
    });
    const waiting = await h.waitFor(taskId, ["waiting_for_input", "succeeded", "failed"]);
    expect(waiting).toMatchObject({
      status: "waiting_for_input",
      paused_reason: "question",
      question: "Which account should I sign in with?",
    });
    expect(h.notifications.sent.at(-1)?.text).toContain("Which account should I sign in with?");

    expect(
      await knights.answerForCustomer({ customerId: owner.customerId, text: "bob@example.com" }),
    ).toBe(true);
    expect(await knights.answerTask(taskId, "twice")).toBe(false);
    const done = await h.waitFor(taskId, ["succeeded", "failed"]);
    expect(done.result).toBe("Signed in.");
    const typed = clicks(done.employee_id!).filter((a) => a.type === "type");
    expect(typed.map((a) => a.params.text)).toEqual(["bob@example.com"]);
  });

  it("fails over to OpenAI's computer tool when Anthropic is overloaded", async () => {
    const owner = await h.customer();
    h.anthropic.faults.failNext("overloaded", 50);
    try {
      const taskId = await h.deploy(owner, { role: "researcher", task: "[scenario:plain] go" });
      const done = await h.waitFor(taskId, ["succeeded", "failed"]);
      expect(done.status).toBe("succeeded");
      const providers = await h.query<{ provider: string; model: string }>(
        "select provider, model from public.task_steps where task_id = $1",
        [taskId],
      );
      expect(providers.every((p) => p.provider === "openai" && p.model === "gpt-5.1")).toBe(true);
      expect(
        h.openai.log.entries().some((e) => e.calls.some((c) => c.startsWith("computer"))),
      ).toBe(true);
    } finally {
      h.anthropic.faults.clear();
    }
  });

  it("drives the beta computer tool and scales clicks to a 1920×1080 VM", async () => {
    const beta = await startKnights({
      ...h.deps({ vms: { pollMs: 20, computer: { resolution: "1920x1080x24" } } }),
      model: createComputerModel({
        providers: [
          createAnthropicComputerProvider({
            apiKey: "sk-ant-test",
            baseURL: h.modelUrls.anthropic,
            model: "claude-opus-4-5",
            toolForm: "computer_20251124",
          }),
        ],
      }),
    });
    await knights.close();
    try {
      const owner = await h.customer();
      const taskId = await h.deploy(owner, { role: "researcher", task: "[scenario:plain] big" });
      const done = await h.waitFor(taskId, ["succeeded", "failed"]);
      expect(done.status).toBe("succeeded");
      // The model aimed at the middle of its 1280×720 screen: the middle of the VM's.
      expect(clicks(done.employee_id!)[0]?.params).toMatchObject({ x: 960, y: 540 });
      const request = h.anthropic.log.entries().at(-1)!;
      expect(request.tools).toContain("computer_20251124");
      const [frame] = await h.query<{ width: number }>(
        "select width from public.frames where task_id = $1 limit 1",
        [taskId],
      );
      expect(frame!.width).toBe(1920);
    } finally {
      await beta.close();
    }
  });
});
