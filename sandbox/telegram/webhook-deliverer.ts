import type { Update } from "grammy/types";
import type { UpdateQueue } from "./update-queue.ts";
import type { WebhookTransport } from "./webhook-transport.ts";

/** Where and how a bot's updates are pushed. */
export type WebhookTarget = { url: string; secretToken?: string; maxConnections: number };

/** Timing of webhook delivery; Telegram's defaults are a 60 s wait and 2 s…60 s backoff. */
export type WebhookTiming = {
  /** How long to wait for the bot's answer before counting a failure. */
  timeoutMs: number;
  /** Second retry waits 2× this, then 4×, 8× … (the first retry is immediate, as Telegram does). */
  retryBaseMs: number;
  retryMaxMs: number;
};

export type WebhookError = { date: number; message: string };

type Dependencies = {
  target: WebhookTarget;
  timing: WebhookTiming;
  queue: UpdateQueue;
  transport: WebhookTransport;
  now: () => number;
  /** Failures land here for getWebhookInfo's last_error_*. */
  onError: (error: WebhookError) => void;
  /** A method the bot answered the webhook with ({"method": …}). */
  onReply: (method: string, params: Record<string, unknown>) => void;
};

/** Pushes updates to a webhook until stopped. */
export type WebhookDeliverer = { stop(): void; readonly inFlight: number };

/** The sequence an update belongs to: Telegram delivers one chat's updates one at a time. */
export function deliveryKey(update: Update): string {
  const u = update as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const field of [
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "message_reaction",
  ]) {
    const chat = u[field]?.chat as { id?: number } | undefined;
    if (chat?.id !== undefined) return `chat:${chat.id}`;
  }
  const query = u.callback_query as
    | { message?: { chat?: { id?: number } }; from?: { id?: number } }
    | undefined;
  if (query?.message?.chat?.id !== undefined) return `chat:${query.message.chat.id}`;
  for (const value of Object.values(u)) {
    const from = (value as { from?: { id?: number } } | undefined)?.from;
    if (from?.id !== undefined) return `user:${from.id}`;
  }
  return `update:${update.update_id}`;
}

// Calls a bot may not make from a webhook answer (Telegram ignores them).
const FORBIDDEN_REPLY = new Set(["setwebhook", "deletewebhook", "close", "logout"]);

/**
 * Starts delivering a queue's updates to a webhook: up to maxConnections at
 * once, each chat's updates in order, a failed update re-sent with backoff
 * while the ones behind it in that chat wait.
 */
export function startWebhookDelivery(deps: Dependencies): WebhookDeliverer {
  const { target, timing, queue } = deps;
  const chains = new Map<string, number[]>();
  const ready = createFifo<string>();
  const attempts = new Map<number, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let inFlight = 0;
  let stopped = false;

  const enqueue = (update: Update) => {
    const key = deliveryKey(update);
    const chain = chains.get(key);
    if (chain) chain.push(update.update_id);
    else {
      chains.set(key, [update.update_id]);
      ready.push(key);
    }
  };

  const pump = () => {
    while (!stopped && inFlight < target.maxConnections && ready.size > 0) {
      const key = ready.shift();
      if (key !== undefined) void deliver(key);
    }
  };

  const advance = (key: string) => {
    const chain = chains.get(key);
    chain?.shift();
    // Skip updates that vanished meanwhile (drop_pending_updates, getUpdates confirmation).
    while (chain && chain.length > 0 && !queue.get(chain[0] ?? -1)) chain.shift();
    if (!chain || chain.length === 0) chains.delete(key);
    else ready.push(key);
  };

  const deliver = async (key: string) => {
    const id = chains.get(key)?.[0];
    const update = id === undefined ? undefined : queue.get(id);
    if (id === undefined || !update) {
      advance(key);
      return pump();
    }
    inFlight++;
    const failure = await post(update);
    inFlight--;
    if (failure === undefined) {
      queue.remove(id);
      attempts.delete(id);
      advance(key);
    } else {
      deps.onError({ date: Math.floor(deps.now() / 1000), message: failure.message });
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      if (!stopped) {
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            ready.push(key);
            pump();
          },
          retryDelay(attempt, failure.retryAfter, timing),
        );
        timers.add(timer);
      }
    }
    pump();
  };

  const post = async (
    update: Update,
  ): Promise<{ message: string; retryAfter?: number } | undefined> => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (target.secretToken) headers["x-telegram-bot-api-secret-token"] = target.secretToken;
    try {
      const response = await deps.transport(target.url, {
        headers,
        body: JSON.stringify(update),
        timeoutMs: timing.timeoutMs,
      });
      if (response.status < 200 || response.status > 299) {
        const retryAfter = Number(response.retryAfter);
        return {
          message:
            `Wrong response from the webhook: ${response.status} ${response.statusText}`.trim(),
          ...(retryAfter > 0 ? { retryAfter } : {}),
        };
      }
      replyCall(response.body);
      return undefined;
    } catch (error) {
      return { message: describeFailure(error) };
    }
  };

  const replyCall = (body: string) => {
    if (!body.trimStart().startsWith("{")) return;
    try {
      const { method, ...params } = JSON.parse(body) as { method?: unknown };
      if (typeof method !== "string") return;
      const name = method.toLowerCase();
      if (FORBIDDEN_REPLY.has(name) || name.startsWith("get")) return;
      deps.onReply(method, params);
    } catch {
      // Not JSON: an ordinary 2xx answer.
    }
  };

  for (const update of queue.all()) enqueue(update);
  const unsubscribe = queue.onPush((update) => {
    enqueue(update);
    pump();
  });
  queueMicrotask(pump);

  return {
    stop() {
      stopped = true;
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
    get inFlight() {
      return inFlight;
    },
  };
}

function retryDelay(attempt: number, retryAfterSeconds: number | undefined, timing: WebhookTiming) {
  if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds, 3600) * 1000;
  if (attempt <= 1) return 0;
  return Math.min(timing.retryMaxMs, timing.retryBaseMs * 2 ** (attempt - 1));
}

function describeFailure(error: unknown): string {
  const err = error as {
    name?: string;
    message?: string;
    code?: string;
    cause?: { code?: string; message?: string };
  };
  if (err.name === "TimeoutError" || err.name === "AbortError") return "Read timeout expired";
  const code = err.code ?? err.cause?.code;
  if (code === "ECONNREFUSED") return "Connection refused";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "Connection reset by peer";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return "Failed to resolve host: Name or service not known";
  return `Connection error: ${err.cause?.message ?? err.message ?? String(error)}`;
}

/** A queue with O(1) shift, for thousands of chats waiting their turn. */
function createFifo<T>() {
  let items: T[] = [];
  let head = 0;
  return {
    push(item: T) {
      items.push(item);
    },
    shift(): T | undefined {
      const item = items[head++];
      if (head > 1024 && head * 2 > items.length) {
        items = items.slice(head);
        head = 0;
      }
      return item;
    },
    get size() {
      return items.length - head;
    },
  };
}
