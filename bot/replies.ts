/**
 * One delivery path for what the bot says in a chat. While the update worker
 * handles an update, the bot's `sendMessage` and `sendPhoto` requests (every
 * `ctx.reply`, the brain's answer, an onboarding question) are not sent: each
 * is written to `chat_replies` as the exact request grammY built, keyed by the
 * update and its position in the update, and the outbox sends the chat's
 * replies in order under Telegram's flood limits (a 429 waits `retry_after`,
 * nothing is dropped). So a reply the brain produced survives a Redis outage
 * or a crash in Postgres, goes out once (the same update handled again writes
 * no second row, and the brain is not asked again: `alreadyAnswered`), and its
 * content is blanked once Telegram has it.
 *
 * The diversion sits in the HTTP client (grammY's `client.fetch` option), below
 * every transformer: the conversations plugin replays a conversation's earlier
 * calls from its log without reaching the client, so a replay never writes a
 * reply twice. Outside an update's handling (long polling, the outbox itself)
 * requests go to Telegram as before. A diverted call answers with a
 * placeholder message (id 0); no handler uses more of a reply's result.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import { Worker } from "bullmq";
import { type Api, GrammyError } from "grammy";
import type { Data } from "../db/index.ts";
import type { Logger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";

type FetchInit = { body?: unknown; headers?: Record<string, string>; [k: string]: unknown };
type FetchResponse = { status: number; json: () => Promise<unknown> };
type Fetch = (url: string, init?: FetchInit) => Promise<FetchResponse>;
/** grammY's own HTTP client in Node (node-fetch), for everything not diverted. */
const nodeFetch = createRequire(import.meta.url)("node-fetch") as Fetch;

type Turn = { updateId: number; seq: number; chats: Set<number> };
const turns = new AsyncLocalStorage<Turn>();

/** The Bot API methods whose calls become queued replies. */
const DIVERTED = new Set(["sendMessage", "sendPhoto"]);

/** How long one sender holds a chat's first unsent reply before another may take it over. */
const CLAIM_SECONDS = 30;
/** A flood wait up to this long is waited out by the sender; a longer one pauses the outbox. */
const INLINE_WAIT_SECONDS = 5;

/** A reply as kept: the Bot API method and the request body grammY built for it. */
type StoredReply = { method: string; contentType: string; body: string };

/**
 * Runs `handle` (one update's handling) with its replies diverted to the
 * log; returns the chats that got replies, for the outbox to be nudged.
 */
export async function divertingReplies(updateId: number, handle: () => Promise<unknown>) {
  const turn: Turn = { updateId, seq: 0, chats: new Set() };
  await turns.run(turn, handle);
  return [...turn.chats];
}

/** Whether the update being handled already produced replies (it is being handled again). */
export async function alreadyAnswered(data: Data): Promise<boolean> {
  const turn = turns.getStore();
  if (!turn) return false;
  const { rows } = await data.statementAsService<{ answered: boolean }>(
    "bot: update already answered",
    "select exists (select 1 from public.chat_replies where source = $1) as answered",
    [`u${turn.updateId}-0`],
  );
  return rows[0]?.answered === true;
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const parts: Buffer[] = [];
  for await (const part of body as AsyncIterable<Uint8Array | string>)
    parts.push(typeof part === "string" ? Buffer.from(part) : Buffer.from(part));
  return Buffer.concat(parts);
}

/** The chat a request is for: a JSON body's `chat_id`, or a multipart form's field. */
function chatIdOf(contentType: string, body: Buffer): number | undefined {
  let raw: unknown;
  if (contentType.startsWith("application/json")) {
    raw = (JSON.parse(body.toString("utf8")) as { chat_id?: unknown }).chat_id;
  } else {
    raw = /name="chat_id"\r\n\r\n(-?\d+)\r\n/.exec(body.toString("latin1"))?.[1];
  }
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** grammY's `client.fetch`: keeps a handled update's replies in `chat_replies` instead of sending them. */
export function divertingFetch(data: Data): Fetch {
  return async (url, init = {}) => {
    const turn = turns.getStore();
    const method = String(url).split("/").pop() ?? "";
    if (!turn || !DIVERTED.has(method)) return nodeFetch(url, init);
    const contentType = String(init.headers?.["content-type"] ?? "application/json");
    const body = await bodyBytes(init.body);
    const chatId = chatIdOf(contentType, body);
    if (chatId === undefined) return nodeFetch(url, { ...init, body });
    const stored: StoredReply = { method, contentType, body: body.toString("base64") };
    await data.statementAsService(
      "bot: keep a reply for the outbox",
      `insert into public.chat_replies (chat_id, source, payload) values ($1, $2, $3)
       on conflict (source) do nothing`,
      [chatId, `u${turn.updateId}-${turn.seq++}`, JSON.stringify(stored)],
      { name: "bot_keep_reply" },
    );
    turn.chats.add(chatId);
    const placeholder = {
      message_id: 0,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "" },
    };
    return new Response(JSON.stringify({ ok: true, result: placeholder }), {
      headers: { "content-type": "application/json" },
    });
  };
}

/** The job that sends a chat's queued replies (queue role `replies`). */
export type RepliesJob = { kind: "replies"; chatId: number };

/** How many chats' replies one worker sends at once. */
const REPLIES_CONCURRENCY = 16;

/**
 * Starts the worker that sends chat replies. It has no rate limiter of its
 * own: a conversation is answered as fast as Telegram lets it, as direct
 * replies were. A flood wait up to 5 s is waited out in place; a longer one
 * pauses this queue for `retry_after` and the job comes back without
 * spending an attempt.
 */
export function startRepliesWorker({
  queues,
  api,
  data,
  logger,
}: {
  queues: QueueKit;
  api: Api;
  data: Data;
  logger: Logger;
}) {
  return queues.worker<RepliesJob>(
    "replies",
    async (job) => {
      try {
        return { sent: await sendReplies({ api, data, chatId: job.data.chatId, logger }) };
      } catch (error) {
        if (error instanceof GrammyError && error.error_code === 429) {
          const retryAfter = error.parameters.retry_after ?? 1;
          logger.warn(
            { chatId: job.data.chatId, retryAfter },
            "telegram flood limit: pausing replies",
          );
          await queues.queue("replies").rateLimit(retryAfter * 1_000);
          throw Worker.RateLimitError();
        }
        throw error;
      }
    },
    { concurrency: REPLIES_CONCURRENCY },
  );
}

/** Asks the replies' worker to send these chats' replies; a queue that is down leaves them to the relay. */
export async function nudgeReplies(queues: QueueKit, chatIds: number[], timeoutMs = 2_000) {
  if (chatIds.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const adding = queues.queue<RepliesJob>("replies").addBulk(
    chatIds.map((chatId) => ({
      name: "replies",
      data: { kind: "replies" as const, chatId },
    })),
  );
  adding.catch(() => {});
  await Promise.race([
    adding,
    new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Sends a chat's unsent replies, oldest first, one at a time: each is
 * claimed, sent, then marked sent with its content blanked. Stops when none
 * is left or another sender holds the chat's first one (it carries on with
 * the rest). A refusal Telegram will never accept (400/403) is logged and
 * skipped; any other error (429 above all) releases the claim and is thrown
 * for the outbox to wait and retry.
 */
export async function sendReplies({
  api,
  data,
  chatId,
  logger,
}: {
  api: Api;
  data: Data;
  chatId: number;
  logger: Logger;
}): Promise<number> {
  let sent = 0;
  for (;;) {
    const { rows } = await data.statementAsService<{ id: string; payload: StoredReply }>(
      "outbox: claim a chat's next reply",
      `update public.chat_replies set claimed_until = now() + interval '${CLAIM_SECONDS} seconds'
        where id = (select id from public.chat_replies where chat_id = $1 and sent_at is null
                     order by id limit 1)
          and (claimed_until is null or claimed_until < now())
        returning id::text, payload`,
      [chatId],
      { name: "outbox_claim_reply" },
    );
    const row = rows[0];
    if (!row) return sent;
    try {
      await sendWaitingOutShortFloods(api, row.payload);
    } catch (error) {
      if (error instanceof GrammyError && [400, 403].includes(error.error_code)) {
        logger.warn({ chatId, description: error.description }, "reply rejected by Telegram");
      } else {
        await data
          .statementAsService(
            "outbox: release a reply",
            "update public.chat_replies set claimed_until = null where id = $1",
            [row.id],
          )
          .catch(() => {});
        throw error;
      }
    }
    // Telegram has it: the mark must land, or the reply would go again once the claim expires.
    // A database restarting takes a few seconds, so the mark is tried for about a minute.
    for (let attempt = 1; ; attempt++) {
      try {
        await data.statementAsService(
          "outbox: reply sent",
          `update public.chat_replies set sent_at = now(), payload = null, claimed_until = null
            where id = $1`,
          [row.id],
          { name: "outbox_reply_sent" },
        );
        break;
      } catch (error) {
        if (attempt >= 60) throw error;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
    sent++;
  }
}

type BotApiAnswer = {
  ok: boolean;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
};

/** Sends a kept request as it was built; a refusal becomes grammY's own error. */
async function send(api: Api, { method, contentType, body }: StoredReply) {
  const root = api.options?.apiRoot ?? "https://api.telegram.org";
  const response = await nodeFetch(`${root}/bot${api.token}/${method}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body: Buffer.from(body, "base64"),
  });
  const answer = (await response.json()) as BotApiAnswer;
  if (!answer.ok)
    throw new GrammyError(
      `Call to '${method}' failed!`,
      {
        ok: false,
        error_code: answer.error_code ?? response.status,
        description: answer.description ?? "",
        ...(answer.parameters ? { parameters: answer.parameters } : {}),
      },
      method as never,
      {},
    );
}

/** Sends, waiting out short flood waits in place (as auto-retry does for direct calls). */
async function sendWaitingOutShortFloods(api: Api, reply: StoredReply) {
  for (;;) {
    try {
      return await send(api, reply);
    } catch (error) {
      const wait =
        error instanceof GrammyError && error.error_code === 429
          ? (error.parameters.retry_after ?? 1)
          : undefined;
      if (wait === undefined || wait > INLINE_WAIT_SECONDS) throw error;
      await new Promise((r) => setTimeout(r, wait * 1_000));
    }
  }
}

/**
 * The replies' relay (maintenance queue): nudges the outbox for chats whose
 * replies wait unclaimed (their nudge was lost to a queue outage or a crash),
 * and forgets sent replies after a day (their rows only keep a re-handled
 * update from answering twice).
 */
export async function relayReplies({ data, queues }: { data: Data; queues: QueueKit }) {
  const { rows } = await data.statementAsService<{ chat_id: string }>(
    "outbox: chats with waiting replies",
    `select distinct chat_id::text from public.chat_replies
      where sent_at is null and (claimed_until is null or claimed_until < now())
        and created_at < now() - interval '2 seconds'
      limit 1000`,
  );
  await data.statementAsService(
    "outbox: forget sent replies",
    "delete from public.chat_replies where sent_at < now() - interval '1 day'",
  );
  const chats = rows.map((r) => Number(r.chat_id));
  if (chats.length > 0)
    await queues
      .queue<RepliesJob>("outbox")
      .addBulk(
        chats.map((chatId) => ({ name: "replies", data: { kind: "replies" as const, chatId } })),
      );
  return { nudged: chats.length };
}

/** The maintenance job that runs {@link relayReplies}. */
export const REPLIES_RELAY_JOB = "telegram.replies-relay";

/** Schedules the replies' relay on the maintenance queue (idempotent; every worker may call it). */
export async function scheduleRepliesRelay(
  queues: QueueKit,
  { everyMs = 5_000 }: { everyMs?: number } = {},
): Promise<void> {
  await queues
    .queue("maintenance")
    .upsertJobScheduler(
      REPLIES_RELAY_JOB,
      { every: everyMs },
      { name: REPLIES_RELAY_JOB, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
}
