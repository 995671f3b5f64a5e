/**
 * The no-keys demo's King Mouse (sandbox/models/brain/king-mouse-brain.ts)
 * is worth judging the product by: ordinary small-business requests, sent
 * through the real King Mouse (its tools, its system prompt, both model
 * APIs' wire formats), become the right tool call — an approval for the role
 * that fits, a schedule, a usage or status look-up — or a helpful answer, in
 * the customer's language, and the reply reads like an assistant's: no tool
 * names, no ids, no "You said: …".
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createKingMouseBrain } from "../../sandbox/models/index.ts";
import type { NormalizedRequest } from "../../sandbox/models/types.ts";
import { databaseBackends } from "../../testing/index.ts";
import { type Harness, rows, startHarness } from "./test-support.ts";

/** The requests a demo visitor types, and what a good assistant does with each. */
const REQUESTS: Array<{
  text: string;
  tool?: string;
  role?: string;
  cadence?: string;
  answer?: RegExp;
}> = [
  { text: "Find me 3 cheaper flour suppliers", tool: "deploy_employee", role: "researcher" },
  {
    text: "Post our daily special on Instagram every morning",
    tool: "schedule_task",
    role: "social_media_manager",
    cadence: "daily",
  },
  // /help's own example.
  {
    text: "update the opening hours on my website",
    tool: "deploy_employee",
    role: "web_developer",
  },
  {
    text: "Please deploy a web developer to update the opening hours on our website to 9-5",
    tool: "deploy_employee",
    role: "web_developer",
  },
  {
    text: "Can you enter last week's invoices into our Google Sheet?",
    tool: "deploy_employee",
    role: "ops_assistant",
  },
  {
    text: "Post a photo of our new sourdough on Instagram with a nice caption",
    tool: "deploy_employee",
    role: "social_media_manager",
  },
  {
    text: "Every Monday at 9am, check our Google reviews and summarise new ones",
    tool: "schedule_task",
    cadence: "weekly",
  },
  { text: "How much have I spent this month?", tool: "check_usage" },
  { text: "How many minutes of computer time do I have left?", tool: "check_usage" },
  { text: "How's it going with the website?", tool: "task_status" },
  { text: "Who is on my team? Show my employees", tool: "list_employees" },
  {
    text: "Compare prices of espresso machines under $2000",
    tool: "deploy_employee",
    role: "researcher",
  },
  { text: "hi", answer: /King Mouse/ },
  { text: "banana", answer: /what should happen, and where\?/ },
];

describe.each(databaseBackends())("the sandbox King Mouse on %s", (backend) => {
  let h: Harness;
  const seen: NormalizedRequest[] = [];
  const brain = createKingMouseBrain();
  beforeAll(async () => {
    h = await startHarness(backend, {
      brain: (request) => {
        seen.push(request);
        return brain(request);
      },
    });
  });
  afterAll(() => h?.close());

  let chat = 7_000;
  const ask = async (text: string) => {
    seen.length = 0;
    const reply = await h.king.handleMessage({
      userId: h.tenants.a.owner,
      customerId: h.tenants.a.customer,
      chatId: chat++,
      text,
    });
    const calls = seen.flatMap(
      (r) =>
        r.messages
          .at(-1)
          ?.parts.filter((p) => p.type === "tool_result")
          .map(() => r) ?? [],
    );
    void calls;
    return reply;
  };

  test.each(REQUESTS)("$text", async ({ text, tool, role, cadence, answer }) => {
    const reply = await ask(text);
    // The tool King Mouse called is in the conversation it was sent back.
    const called = seen
      .flatMap((r) => r.messages)
      .flatMap((m) => m.parts)
      .flatMap((p) => (p.type === "tool_call" ? [p] : []));
    if (tool) {
      expect(called.map((c) => c.name)).toContain(tool);
      const input = called.find((c) => c.name === tool)!.input as Record<string, unknown>;
      if (role) expect(input.role).toBe(role);
      if (cadence) expect(input.cadence).toBe(cadence);
    } else {
      expect(called).toEqual([]);
      expect(reply.text).toMatch(answer!);
    }
    if (tool === "deploy_employee" || tool === "schedule_task") {
      expect(reply.approval, "an approval for the customer's tap").toBeDefined();
      const [row] = await rows<{ kind: string; payload: { role: string } }>(
        h,
        "select kind, payload from public.approvals where id = $1",
        [reply.approval!.id],
      );
      expect(row!.kind).toBe(tool);
      if (role) expect(row!.payload.role).toBe(role);
    }
    // An assistant's words: no tool names, ids or echo.
    expect(reply.text).not.toMatch(/[a-z]+_[a-z_]+|[0-9a-f]{8}-[0-9a-f]{4}-|You said|returned:/);
    expect(reply.text.length).toBeGreaterThan(10);
  });

  test("answers in the customer's language", async () => {
    await h.data.asService("test: a Spanish-speaking owner", (tx) =>
      tx.query("update public.users set language = 'es' where id = $1", [h.tenants.a.owner]),
    );
    try {
      const reply = await ask(
        "Búscame 3 proveedores de harina más baratos (find cheaper suppliers)",
      );
      expect(reply.approval).toBeDefined();
      expect(reply.text).toContain("toca Aprobar");
      const hello = await ask("hola");
      expect(hello.text).toMatch(/^¡Hola! Soy King Mouse/);
    } finally {
      await h.data.asService("test: back to English", (tx) =>
        tx.query("update public.users set language = null where id = $1", [h.tenants.a.owner]),
      );
    }
  });
});
