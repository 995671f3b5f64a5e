import type { Data, Tx } from "../../db/index.ts";
import { jsonWithoutNul } from "../../lib/text.ts";
import type { ModelMessage } from "../models/index.ts";
import { estimateTokens, type StoredContent } from "./stored.ts";

export type Conversation = { id: string; customerId: string; chatId: number };

export type MemoryBudget = {
  /** Tokens of recent messages replayed verbatim. */
  windowTokens: number;
  /** Tokens of the running summary of everything older. */
  summaryTokens: number;
};

/** One customer or King Mouse message as replayed into a prompt. */
type Unit = {
  id: string;
  role: "user" | "assistant";
  text: string;
  tokens: number;
  tainted: boolean;
};

/** The conversation of a customer's chat, created on first use (service path: bookkeeping). */
export async function openConversation(
  data: Data,
  customerId: string,
  chatId: number,
): Promise<Conversation> {
  return data.asService("brain: open conversation", async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `insert into public.conversations (customer_id, chat_id) values ($1, $2)
       on conflict (customer_id, chat_id) do update set updated_at = now()
       returning id`,
      [customerId, chatId],
    );
    return { id: rows[0]!.id, customerId, chatId };
  });
}

/** Appends one message row in the caller's transaction; returns its id. */
export async function storeMessage(
  tx: Tx,
  conversation: Conversation,
  role: "user" | "assistant" | "tool",
  content: StoredContent,
  userId: string | null,
): Promise<string> {
  // jsonb refuses \u0000: a NUL from any source (a tool's page text, a model) is dropped here.
  const json = jsonWithoutNul(content);
  const { rows } = await tx.query<{ id: string }>(
    `insert into public.messages (conversation_id, customer_id, role, content, tokens, user_id)
     values ($1, $2, $3, $4, $5, $6) returning id::text`,
    [conversation.id, conversation.customerId, role, json, estimateTokens(json), userId],
  );
  return rows[0]!.id;
}

/**
 * The history part of a prompt: a running summary, then the most recent
 * messages within `windowTokens`. Older messages are folded into the summary
 * here, deterministically and without a model call (see README in index.ts),
 * so a chat of any length costs about the same per turn. Only customer
 * messages and King Mouse's final replies are replayed; tool rounds of past
 * turns are not (their outcome is in the reply; tools can be asked again).
 */
export async function recallHistory(
  data: Data,
  conversation: Conversation,
  beforeMessageId: string,
  budget: MemoryBudget,
): Promise<{ messages: ModelMessage[]; tainted: boolean }> {
  return data.asService("brain: recall conversation", async (tx) => {
    const { rows } = await tx.query<{ summary: string | null; summarized_through: string | null }>(
      "select summary, summarized_through::text from public.conversations where id = $1",
      [conversation.id],
    );
    let summary = rows[0]?.summary ?? "";
    const through = rows[0]?.summarized_through ?? "0";
    let units = await loadUnits(tx, conversation.id, through, beforeMessageId);
    const total = units.reduce((n, u) => n + u.tokens, 0);
    const { keep, fold } = split(units, Math.floor(budget.windowTokens * 0.6));
    if (total > budget.windowTokens && fold.length > 0) {
      // Fold down to 60% so the next folds (and prompt-cache misses) are rare.
      summary = appendSummary(summary, fold, budget.summaryTokens);
      units = keep;
      await tx.query(
        `update public.conversations set summary = $2, summarized_through = $3, updated_at = now()
          where id = $1`,
        [conversation.id, summary, fold.at(-1)!.id],
      );
    }
    return { messages: toMessages(summary, units), tainted: units.some((u) => u.tainted) };
  });
}

async function loadUnits(tx: Tx, conversationId: string, after: string, before: string) {
  const { rows } = await tx.query<{ id: string; content: StoredContent }>(
    `select m.id::text, m.content from public.messages m
      where m.conversation_id = $1 and m.id > $2::bigint and m.id < $3::bigint
        and (m.content->>'kind' in ('customer', 'notice')
             or (m.content->>'kind' = 'assistant' and (m.content->>'final')::boolean))
      order by m.id`,
    [conversationId, after, before],
  );
  return rows.flatMap(({ id, content }): Unit[] => {
    const text =
      content.kind === "customer" || content.kind === "notice"
        ? content.text
        : content.kind === "assistant"
          ? (content.shown ?? "")
          : "";
    if (!text.trim()) return [];
    const role = content.kind === "customer" ? "user" : "assistant";
    const tainted = content.kind === "assistant" && content.tainted;
    return [{ id, role, text, tokens: estimateTokens(text), tainted }];
  });
}

/** The newest units within `tokens` (at least one), and the older rest. */
function split(units: Unit[], tokens: number): { keep: Unit[]; fold: Unit[] } {
  let used = 0;
  let start = units.length;
  while (start > 0 && (start === units.length || used + units[start - 1]!.tokens <= tokens)) {
    used += units[start - 1]!.tokens;
    start -= 1;
  }
  return { keep: units.slice(start), fold: units.slice(0, start) };
}

/**
 * One line per folded message. A reply written after reading untrusted data
 * is not copied in, so the summary (replayed as trusted) never launders text
 * from web pages or screens; only that it happened is kept.
 */
function appendSummary(summary: string, folded: Unit[], maxTokens: number): string {
  const lines = summary ? summary.split("\n") : [];
  for (const unit of folded) {
    const flat = unit.text.replace(/\s+/g, " ").trim();
    const short = flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
    if (unit.role === "user") lines.push(`Customer: ${short}`);
    else if (unit.tainted)
      lines.push("King Mouse: (reported on tasks or employees; look them up again for details)");
    else lines.push(`King Mouse: ${short}`);
  }
  const marker = "(older messages omitted)";
  const body = lines.filter((l) => l !== marker);
  let dropped = body.length !== lines.length;
  while (body.length > 1 && estimateTokens(body.join("\n")) > maxTokens) {
    body.shift();
    dropped = true;
  }
  return (dropped ? [marker, ...body] : body).join("\n");
}

/** Summary and window as alternating turns starting with the user (the APIs require both). */
function toMessages(summary: string, units: Unit[]): ModelMessage[] {
  const messages: ModelMessage[] = [];
  const push = (role: "user" | "assistant", text: string) => {
    const last = messages.at(-1);
    if (last?.role === role)
      (last.content as Array<{ type: "text"; text: string }>).push({ type: "text", text });
    else if (role === "user") messages.push({ role, content: [{ type: "text", text }] });
    else messages.push({ role, content: [{ type: "text", text }] });
  };
  if (summary) push("user", `Summary of our earlier conversation (oldest first):\n${summary}`);
  for (const unit of units) {
    if (messages.length === 0 && unit.role === "assistant")
      push("user", "(earlier messages omitted)");
    push(unit.role, unit.text);
  }
  return messages;
}
