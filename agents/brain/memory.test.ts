import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { databaseBackends } from "../../testing/index.ts";
import { type Harness, rows, startHarness } from "./test-support.ts";

/** Prompt tokens of each round-0 call (uncached + cache read + cache write), in order. */
function promptTokens(h: Harness): number[] {
  return h.models.anthropic.log
    .entries()
    .filter((e) => e.status === 200 && e.calls.length === 0)
    .map((e) => e.usage!.input + e.usage!.cacheRead + e.usage!.cacheCreation);
}

describe.each(databaseBackends())("memory on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(() => h.close());

  test("input tokens per turn stay flat as a chat grows to 160 messages", async () => {
    const king = h.rebuild({ memory: { windowTokens: 600, summaryTokens: 200 } });
    const chatId = 4001;
    for (let i = 1; i <= 80; i++) {
      const text = `Message ${i}: my bakery needs ${"fresh ideas for the weekend menu ".repeat(3)}`;
      const reply = await king.handleMessage({
        userId: h.tenants.a.owner,
        customerId: h.tenants.a.customer,
        chatId,
        text,
      });
      expect(reply.status).toBe("answered");
    }
    const tokens = promptTokens(h);
    expect(tokens).toHaveLength(80);
    const early = Math.max(...tokens.slice(20, 40));
    const late = Math.max(...tokens.slice(60, 80));
    expect(late).toBeLessThanOrEqual(early + 50);
    // Without trimming, turn 80 would replay ~160 messages of ~45 tokens each.
    expect(tokens[79]! - tokens[0]!).toBeLessThan(1_000);

    const [conversation] = await rows<{ summary: string; through: string }>(
      h,
      "select summary, summarized_through::text as through from public.conversations where chat_id = $1",
      [chatId],
    );
    expect(conversation!.summary.split("\n")[0]).toBe("(older messages omitted)");
    expect(conversation!.summary).toMatch(/Customer: Message \d+: my bakery/);
    const [stored] = await rows<{ n: string }>(
      h,
      "select count(*)::text as n from public.messages m join public.conversations c on c.id = m.conversation_id where c.chat_id = $1",
      [chatId],
    );
    expect(Number(stored!.n)).toBe(160); // nothing deleted: trimming is in the prompt only
  });

  test("replies written after reading untrusted data reach the summary only as a placeholder", async () => {
    const king = h.rebuild({ memory: { windowTokens: 300, summaryTokens: 400 } });
    const chatId = 4002;
    await h.data.asService("test: hostile result", (tx) =>
      tx.query("update public.tasks set result = 'HOSTILE-PAGE-TEXT' where id = $1", [
        h.tenants.a.task,
      ]),
    );
    const say = (text: string) =>
      king.handleMessage({
        userId: h.tenants.a.owner,
        customerId: h.tenants.a.customer,
        chatId,
        text,
      });
    const first = await say("what's the status of my tasks?");
    const [reply] = await rows<{ tainted: boolean }>(
      h,
      "select (content->>'tainted')::boolean as tainted from public.messages where content->>'replyTo' = $1 and (content->>'final')::boolean",
      [first.messageId],
    );
    expect(reply!.tainted).toBe(true);
    for (let i = 0; i < 6; i++)
      await say(`Just chatting about croissants, part ${i}, nothing more to add here.`);
    const [conversation] = await rows<{ summary: string }>(
      h,
      "select summary from public.conversations where chat_id = $1",
      [chatId],
    );
    expect(conversation!.summary).toContain("Customer: what's the status of my tasks?");
    expect(conversation!.summary).toContain("King Mouse: (reported on tasks or employees");
    expect(conversation!.summary).not.toContain("HOSTILE-PAGE-TEXT");
  });
});
