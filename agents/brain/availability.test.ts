import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createScriptedBrain } from "../../sandbox/models/index.ts";
import { databaseBackends } from "../../testing/index.ts";
import { type Harness, resetModels, rows, startHarness } from "./test-support.ts";

describe.each(databaseBackends())("King Mouse when models fail, on %s", (backend) => {
  let h: Harness;
  let chat = 2000;
  /** Runs before each sandbox reply; lets a test fail Anthropic from the second call on. */
  let beforeReply: (api: string) => void = () => {};
  const scripted = createScriptedBrain();
  beforeAll(async () => {
    h = await startHarness(backend, {
      brain: (request) => {
        beforeReply(request.api);
        return scripted(request);
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    resetModels(h);
    beforeReply = () => {};
    chat += 1;
  });
  const ask = (text: string) =>
    h.king.handleMessage({
      userId: h.tenants.a.owner,
      customerId: h.tenants.a.customer,
      chatId: chat,
      text,
    });
  const metered = (messageId: string) =>
    rows<{ kind: string; provider: string | null; model: string | null; cost: string }>(
      h,
      `select kind, detail->>'provider' as provider, detail->>'model' as model, cost_micros::text as cost
         from public.usage_events where idempotency_key like $1 order by occurred_at`,
      [`brain:${messageId}:%`],
    );

  test.each([
    ["overloaded", 2, "overloaded"],
    ["api_error", 2, "server"],
    ["timeout", 1, "timeout"],
  ] as const)("Anthropic %s → OpenAI answers the customer", async (fault, times, kind) => {
    h.models.anthropic.faults.failNext(fault, times);
    // Only the call meant to hang gets a short timeout, so a slow machine cannot fake one.
    const king =
      fault === "timeout"
        ? h.rebuild({
            models: h.routerOf([h.models.impatientAnthropic(300), h.models.providers.openai]),
          })
        : h.king;
    const reply = await king.handleMessage({
      userId: h.tenants.a.owner,
      customerId: h.tenants.a.customer,
      chatId: chat,
      text: "hello, are you there?",
    });
    expect(reply.status).toBe("answered");
    expect(reply.text).toContain("King Mouse here");
    expect(h.attempts.filter((a) => a.target === "anthropic").map((a) => a.error?.kind)).toEqual(
      Array(times).fill(kind),
    );
    const events = await metered(reply.messageId!);
    expect(events.map((e) => [e.kind, e.provider, e.model])).toEqual([
      ["model_tokens", "openai", "gpt-5.1"],
      ["message", null, null],
    ]);
    expect(Number(events[0]!.cost)).toBeGreaterThan(0);
  });

  test("Anthropic fails mid-turn: OpenAI picks up the tool results and finishes", async () => {
    let anthropicCalls = 0;
    beforeReply = (api) => {
      if (api === "anthropic" && ++anthropicCalls === 1)
        h.models.anthropic.faults.failFraction("overloaded", 1);
    };
    const reply = await ask("list my employees");
    expect(reply.status).toBe("answered");
    // The answer is built from the tool's result (the tool's own name is kept out of replies).
    expect(reply.text).toContain("1 employee(s)");
    expect(reply.text).toContain("Pixel");
    const events = await metered(reply.messageId!);
    expect(events.map((e) => e.provider)).toEqual(["anthropic", "openai", null]);
  });

  test("both providers down: a friendly reply, the message kept, and Retry answers it once", async () => {
    h.models.anthropic.faults.failFraction("overloaded", 1);
    h.models.openai.faults.failFraction("api_error", 1);
    const down = await ask("please list my employees");
    expect(down.status).toBe("unavailable");
    expect(down.text).toMatch(/aren't answering.*saved your message/);
    const stored = await rows<{ role: string; text: string }>(
      h,
      "select role, content->>'text' as text from public.messages where id = $1",
      [down.messageId],
    );
    expect(stored).toEqual([{ role: "user", text: "please list my employees" }]);
    expect(await metered(down.messageId!)).toEqual([]); // nothing billed for no answer

    h.models.anthropic.faults.clear();
    h.models.openai.faults.clear();
    const retry = (
      ids = { userId: h.tenants.a.owner, customerId: h.tenants.a.customer, chatId: chat },
    ) => h.king.retryUnanswered(ids);
    const answered = await retry();
    expect(answered).toMatchObject({ status: "answered", messageId: down.messageId });
    expect(answered!.text).toContain("Pixel");
    expect((await metered(down.messageId!)).filter((e) => e.kind === "message")).toHaveLength(1);
    expect(await retry()).toBeUndefined(); // nothing left waiting
  });
});
