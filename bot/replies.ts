/**
 * One delivery path for what the bot says in a chat. While the update worker
 * handles an update, the bot's `sendMessage` and `sendPhoto` calls (every
 * `ctx.reply`, the brain's answer, an onboarding question) are not sent: each
 * is written to `chat_replies`, keyed by the update and its position in the
 * update, and the outbox sends the chat's replies in order under Telegram's
 * flood limits (a 429 waits `retry_after`, nothing is dropped). So a reply the
 * brain produced survives a Redis outage or a crash in Postgres, goes out once
 * (the same update handled again writes no second row, and the brain is not
 * asked again: `alreadyAnswered`), and a text is blanked once Telegram has it.
 *
 * Outside such a handling (long polling, the outbox itself) calls go straight
 * to Telegram as before. Handlers never use a diverted call's result beyond
 * its shape: it answers with a placeholder message (id 0).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { type Api, GrammyError, InputFile, type Transformer } from "grammy";
import type { Data } from "../db/index.ts";
import type { Logger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";

type Turn = { updateId: number; seq: number; chats: Set<number> };
const turns = new AsyncLocalStorage<Turn>();

/** The Bot API calls that become queued replies. */
const DIVERTED = new Set(["sendMessage", "sendPhoto"]);

/** How long one sender holds a chat's first unsent reply before another may take it over. */
const CLAIM_SECONDS = 30;

type StoredFile = { base64: string; filename?: string };
type StoredReply = { method: string; payload: Record<string, unknown> & { photo?: unknown } };

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

async function bytesOf(file: InputFile): Promise<Buffer> {
  const raw = await file.toRaw();
  if (raw instanceof Uint8Array) return Buffer.from(raw);
  const parts: Uint8Array[] = [];
  for await (const part of raw as AsyncIterable<Uint8Array>) parts.push(part);
  return Buffer.concat(parts);
}

/** The grammY transformer that writes a handled update's replies to `chat_replies`. */
export function divertReplies(data: Data): Transformer {
  return async (prev, method, payload, signal) => {
    const turn = turns.getStore();
    const body = payload as Record<string, unknown>;
    const chatId = Number(body.chat_id);
    if (!turn || !DIVERTED.has(method) || !Number.isSafeInteger(chatId))
      return prev(method, payload, signal);
    const stored: StoredReply = { method, payload: { ...body } };
    if (body.photo instanceof InputFile) {
      const file: StoredFile = { base64: (await bytesOf(body.photo)).toString("base64") };
      if (body.photo.filename) file.filename = body.photo.filename;
      stored.payload.photo = file;
    }
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
      ...(typeof body.text === "string" ? { text: body.text } : {}),
    };
    return { ok: true, result: placeholder } as never;
  };
}

/** The outbox job that sends a chat's queued replies. */
export type RepliesJob = { kind: "replies"; chatId: number };

/** Asks the outbox to send these chats' replies; a queue that is down leaves them to the relay. */
export async function nudgeReplies(queues: QueueKit, chatIds: number[], timeoutMs = 2_000) {
  if (chatIds.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const adding = queues.queue<RepliesJob>("outbox").addBulk(
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
      await send(api, row.payload);
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
    await data.statementAsService(
      "outbox: reply sent",
      `update public.chat_replies set sent_at = now(), payload = null, claimed_until = null
        where id = $1`,
      [row.id],
      { name: "outbox_reply_sent" },
    );
    sent++;
  }
}

function send(api: Api, { method, payload }: StoredReply) {
  const photo = payload.photo as StoredFile | string | undefined;
  const body =
    photo && typeof photo === "object"
      ? { ...payload, photo: new InputFile(Buffer.from(photo.base64, "base64"), photo.filename) }
      : payload;
  const raw = api.raw as unknown as Record<string, (p: unknown) => Promise<unknown>>;
  const call = raw[method];
  if (!call) throw new Error(`cannot send a stored reply by ${method}`);
  return call.call(api.raw, body);
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
