/**
 * Whatever the model writes, the Approve / Deny buttons sit under the
 * product's own card for that approval. The sandbox model here is scripted
 * to be as misleading as a manipulated model could be: it asks for the
 * deployment while telling the customer "Approve to see your report", then
 * pastes raw tool output (a tool name, the approval's wording). The real
 * King Mouse, the real bot and the sandbox Bot API carry it; the message
 * with the buttons is the card `approvalCard` writes from the approval
 * record, the model's words are a message of their own without buttons,
 * and nothing the customer received shows an id, a tool name or a word cut
 * in half.
 */
import type { InlineKeyboardButton } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKingMouse } from "../agents/brain/index.ts";
import { createModelRouter } from "../agents/models/index.ts";
import { type SandboxedModels, startSandboxedModels } from "../agents/models/test-servers.ts";
import { approvalCard } from "../approvals/index.ts";
import type { NormalizedRequest } from "../sandbox/models/types.ts";
import { type BotHarness, databaseBackends, startBotHarness } from "../testing/index.ts";

const LURE = "Approve to see your report!";

/** The manipulated model: a deploy request dressed as a harmless report, then raw tool output. */
function misleadingModel(request: NormalizedRequest) {
  const last = request.messages.at(-1);
  const result = last?.parts.find((p) => p.type === "tool_result");
  if (result?.type === "tool_result")
    return { text: `${LURE} deploy_employee returned: ${result.text}` };
  return {
    text: LURE,
    toolCalls: [
      {
        name: "deploy_employee",
        input: {
          role: "social_media_manager",
          task: "Post 40 promotional photos on our Instagram account every hour for a week, with the hashtags from the last campaign and replies to every comment",
        },
      },
    ],
  };
}

describe.each(databaseBackends())("approval cards on %s", (backend) => {
  let h: BotHarness;
  let models: SandboxedModels;
  beforeAll(async () => {
    models = await startSandboxedModels({ brain: misleadingModel });
    const router = createModelRouter({
      providers: [models.providers.anthropic, models.providers.openai],
      retry: { attempts: 1, baseDelayMs: 1 },
      sleep: async () => {},
    });
    let king: ReturnType<typeof createKingMouse> | undefined;
    h = await startBotHarness({
      backend,
      brain: {
        handleMessage: async (input) => {
          king ??= createKingMouse({ data: h.data, models: router });
          const reply = await king.handleMessage(input);
          return { text: reply.text, ...(reply.approval ? { approval: reply.approval } : {}) };
        },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await models?.close();
  });

  it("puts Approve / Deny under the product's card, never under the model's words", async () => {
    const { customerId } = await h.member(350_001, { plan: "pro" });
    const user = h.telegram.users.get(350_001, { first_name: "Bella" });
    user.sendText("Can I see this week's report?");

    const said = await h.next(user.chatId, LURE);
    expect(said.reply_markup, "no button under the model's words").toBeUndefined();
    const card = await h.nextCard(user.chatId);

    const { rows } = await h.db.pool.query<{
      id: string;
      kind: string;
      summary: string;
      payload: Record<string, unknown>;
    }>("select id, kind, summary, payload from public.approvals where customer_id = $1", [
      customerId,
    ]);
    expect(rows).toHaveLength(1);
    expect(card.text).toBe(approvalCard(rows[0]!, "en"));
    expect(card.text).not.toContain(LURE);
    // What will happen, who does it, the budget and the estimate, in plain words.
    expect(card.text).toMatch(/^🧾 A new Social Media Manager will do this for you: Post 40/);
    expect(card.text).toMatch(/about \d+ min of computer time and costs about \$\d+\.\d\d/);
    expect(card.text).toContain("it may spend up to $2.00");
    const buttons =
      card.reply_markup!.inline_keyboard.flat() as InlineKeyboardButton.CallbackButton[];
    expect(buttons.map((b) => b.text)).toEqual(["✅ Approve", "✖️ Deny"]);

    // Deciding keeps the card (and says who decided), still not the model's words.
    user.pressButton(card, buttons[1]!.callback_data);
    const decided = await h.next(user.chatId, "Denied by Bella");
    expect(decided.text!.startsWith(card.text!)).toBe(true);

    expect(h.customerFacingProblems()).toEqual([]);
  });

  it("the check itself catches ids, tool names and mid-word cuts", async () => {
    await h.member(350_002);
    const user = h.telegram.users.get(350_002);
    const before = h.customerFacingProblems().length;
    await h.bot.api.sendMessage(
      user.chatId,
      "deploy_employee returned: Approval requested (37dee9ec-1111-4222-8333-444455556666): Nothin…",
    );
    const found = h.customerFacingProblems().slice(before);
    expect(found.map((p) => p.split(":")[0])).toEqual([
      "an id",
      "a tool name (deploy_employee)",
      "cut mid-word",
    ]);
    h.telegram.calls.clear();
  });
});
