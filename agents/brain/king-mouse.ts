import type { Data } from "../../db/index.ts";
import { catalogue } from "../../i18n/index.ts";
import { visibleCatalogue } from "../../roles/index.ts";
import {
  ModelCallError,
  type ModelRequest,
  type ModelResponse,
  ModelUnavailableError,
} from "../models/index.ts";
import {
  type Conversation,
  type MemoryBudget,
  openConversation,
  recallHistory,
  storeMessage,
} from "./memory.ts";
import { type Account, checkLimits, loadAccount, recordMessage } from "./metering.ts";
import { plainReply } from "./plain.ts";
import { buildSystemPrompt } from "./prompt.ts";
import type { ScreenshotRef } from "./tools/index.ts";
import { runTurn, type TurnResult } from "./turn.ts";
import { findUnanswered } from "./unanswered.ts";

/** Where a log line goes; a pino logger fits. */
type Log = { warn: (obj: object, msg?: string) => void };

export type KingMouseDeps = {
  data: Data;
  /** A model router (`createModelRouter`): Anthropic, then OpenAI. */
  models: { complete: (request: ModelRequest) => Promise<ModelResponse> };
  logger?: Log;
  /** Model rounds per customer message; default 6. */
  maxRounds?: number;
  /** Reply cap per model call; default 1024. */
  maxTokens?: number;
  memory?: Partial<MemoryBudget>;
  /** The sentence that tells a customer at a limit how to get more. */
  upgradeHint?: string;
  /** The least time between a schedule's runs; default 15 minutes (config `schedules.minIntervalMs`). */
  scheduleMinIntervalMs?: number;
};

export type IncomingMessage = { userId: string; customerId: string; chatId: number; text: string };

export type KingMouseReply = {
  status: "answered" | "limit_reached" | "unavailable" | "not_authorized" | "suspended";
  /** Plain text for the chat. */
  text: string;
  /** Show Approve / Deny buttons for this approval under the reply. */
  approval?: { id: string; summary: string };
  /** Send this frame (`public.frames`) as a photo with the reply. */
  screenshot?: ScreenshotRef;
  /** The stored customer message (for a Retry button when `unavailable`). */
  messageId?: string;
};

/** Said before the account (and so the person's language) is known: the bot answers these cases first. */
const TEXT = {
  notMember:
    "I can't find a Mouse workspace for you here. Open the invite link you were given, or ask your account owner to invite you.",
  suspended:
    "This workspace is suspended, so I can't take requests right now. Please contact support.",
};

/** King Mouse's own fixed lines, in the language of the person talking. */
const say = (account: Account, key: string, args?: Record<string, string | number>) =>
  catalogue().t(account.locale, key, args);

/**
 * King Mouse: turns a customer's chat message into a reply, using tools that
 * look things up or ask for approval. The bot calls `handleMessage` for every
 * text from a member, shows `approval` as buttons, sends `screenshot` as a
 * photo, and offers `retryUnanswered` when the reply is `unavailable`.
 */
export function createKingMouse({
  data,
  models,
  logger,
  maxRounds = 6,
  maxTokens = 1024,
  memory = {},
  upgradeHint,
  scheduleMinIntervalMs,
}: KingMouseDeps) {
  const budget: MemoryBudget = { windowTokens: 2_000, summaryTokens: 600, ...memory };

  async function answer(
    account: Account,
    conversation: Conversation,
    userId: string,
    messageId: string,
    text: string,
  ): Promise<KingMouseReply> {
    const limits = checkLimits(account, upgradeHint);
    if (!limits.ok) {
      await data.asService("brain: limit notice", (tx) =>
        storeMessage(
          tx,
          conversation,
          "assistant",
          { kind: "notice", replyTo: messageId, reason: limits.reason, text: limits.text },
          null,
        ),
      );
      return { status: "limit_reached", text: limits.text, messageId };
    }
    const history = await recallHistory(data, conversation, messageId, budget);
    try {
      const turn = await runTurn({
        data,
        complete: (request) => models.complete(request),
        system: buildSystemPrompt(
          {
            name: account.name,
            businessDescription: account.businessDescription,
            plan: account.plan.name,
            locale: account.locale,
          },
          await data.asUser({ sub: userId }, (tx) => visibleCatalogue(tx, account.customerId)),
        ),
        history: history.messages,
        historyTainted: history.tainted,
        customerText: text,
        ctx: {
          userId,
          customerId: account.customerId,
          ...(scheduleMinIntervalMs !== undefined ? { scheduleMinIntervalMs } : {}),
        },
        conversation,
        messageId,
        maxRounds,
        maxTokens,
        aiMicrosLeft: limits.aiMicrosLeft,
      });
      const reply = plainReply(turn.text) || fallbackReply(turn, account);
      await data.asService("brain: close turn", async (tx) => {
        if (turn.cutShort || !turn.text) {
          await storeMessage(
            tx,
            conversation,
            "assistant",
            { kind: "notice", replyTo: messageId, reason: turn.cutShort ?? "empty", text: reply },
            null,
          );
        }
        await recordMessage(tx, account.customerId, messageId);
      });
      return {
        status: "answered",
        text: reply,
        approval: turn.approval,
        screenshot: turn.screenshot,
        messageId,
      };
    } catch (error) {
      if (!(error instanceof ModelUnavailableError || error instanceof ModelCallError)) throw error;
      logger?.warn(
        { err: error, messageId, customerId: account.customerId },
        "King Mouse could not reach a model",
      );
      return { status: "unavailable", text: say(account, "brain-unavailable"), messageId };
    }
  }

  async function admit(userId: string, customerId: string): Promise<Account | KingMouseReply> {
    const account = await loadAccount(data, userId, customerId);
    if (!account) return { status: "not_authorized", text: TEXT.notMember };
    if (account.status !== "active") return { status: "suspended", text: TEXT.suspended };
    return account;
  }

  return {
    /** Stores the message, then answers it (or explains why not). Never loses the message. */
    async handleMessage({
      userId,
      customerId,
      chatId,
      text,
    }: IncomingMessage): Promise<KingMouseReply> {
      const admitted = await admit(userId, customerId);
      if ("text" in admitted) return admitted;
      if (!text.trim()) return { status: "answered", text: say(admitted, "brain-empty") };
      const conversation = await openConversation(data, customerId, chatId);
      const messageId = await data.asService("brain: store customer message", (tx) =>
        storeMessage(tx, conversation, "user", { kind: "customer", text }, userId),
      );
      return answer(admitted, conversation, userId, messageId, text);
    },

    /** Answers the chat's latest customer message if it never got a reply; undefined when none waits. */
    async retryUnanswered({
      userId,
      customerId,
      chatId,
    }: Omit<IncomingMessage, "text">): Promise<KingMouseReply | undefined> {
      const admitted = await admit(userId, customerId);
      if ("text" in admitted) return admitted;
      const conversation = await openConversation(data, customerId, chatId);
      const waiting = await findUnanswered(data, conversation);
      if (!waiting) return undefined;
      // Tools act as whoever tapped Retry: their rights today, not the author's.
      return answer(admitted, conversation, userId, waiting.messageId, waiting.text);
    },
  };
}

export type KingMouse = ReturnType<typeof createKingMouse>;

/** What to say when the model gave no text of its own. */
function fallbackReply(turn: TurnResult, account: Account): string {
  if (turn.cutShort === "ai_budget") return say(account, "brain-ai-budget");
  if (turn.cutShort === "max_rounds") return say(account, "brain-max-rounds");
  // An approval's card (written by the product, sent by the bot) says it all.
  return turn.approval ? "" : say(account, "brain-done");
}
