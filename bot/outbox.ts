/**
 * Outgoing Telegram traffic: broadcasts and knights' notifications here, and
 * (started with it) the replies a handled update produced, kept in Postgres
 * and sent in order per chat from a queue of their own (`replies.ts`). Messages are queued (BullMQ, queue role `outbox`)
 * and one worker sends them under a global limiter at Telegram's 30 msg/s;
 * a 429 pauses the whole queue for `retry_after` and puts the job back
 * without spending an attempt, so nothing is dropped. Status messages are
 * coalesced (a newer text replaces a pending one) and edited in place no more
 * than once per 3 s per chat.
 */
import { DelayedError, type Job, Worker } from "bullmq";
import { type Api, GrammyError, InlineKeyboard, InputFile } from "grammy";
import type { Data } from "../db/index.ts";
import type { DocumentSource, InlineButton, Notifier, OutgoingMessage } from "../notify/index.ts";
import type { Logger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import { startRepliesWorker } from "./replies.ts";
import { MAX_MESSAGE_LENGTH, sanitizeForTelegram, splitMessage } from "./text.ts";

type SendJob = {
  kind: "send";
  chatId: number;
  text: string;
  buttons?: InlineButton[][];
  photoBase64?: string;
  photoUrl?: string;
  document?: { id: string; fileName: string };
  animation?: { base64: string; fileName: string };
};
type StatusJob = { kind: "status"; key: string; chatId: number };
export type OutboxJob = SendJob | StatusJob;

export const STATUS_EDIT_INTERVAL_MS = 3_000;

/**
 * The outbox's global send rate: Telegram's documented bulk limit of 30
 * messages per second. BullMQ's limiter counts fixed one-second windows, and
 * Telegram (like the sandbox) refills a 30-message bucket at 30/s, so a full
 * window never overdraws it. Chat replies have their own queue, answering a
 * conversation as fast as Telegram lets it (`replies.ts`); when both together
 * overdraw Telegram's budget, a 429 pauses each for `retry_after`, so nothing
 * is lost either way.
 */
export const OUTBOX_LIMIT = { max: 30, duration: 1_000 } as const;

/**
 * Broadcast jobs yield to everything else in the outbox: BullMQ runs jobs
 * without a priority before prioritised ones, so a knight's notification
 * queued during a 10,000-chat broadcast goes out next, not in six minutes.
 */
export const BROADCAST_PRIORITY = 10;

function keyboard(buttons?: InlineButton[][]): InlineKeyboard | undefined {
  if (!buttons?.length) return undefined;
  const kb = new InlineKeyboard();
  for (const row of buttons) {
    for (const b of row) {
      if (b.webApp) kb.webApp(b.text, b.webApp);
      else if (b.url) kb.url(b.text, b.url);
      else kb.text(b.text, b.callbackData ?? b.text);
    }
    kb.row();
  }
  return kb;
}

/**
 * The Notifier port, implemented by queueing onto the outbox. A status update
 * records the text it wants in `bot_status_messages` and queues a nudge; the
 * worker always shows the latest wanted text, so bursts coalesce.
 */
export function createOutboxNotifier(
  queues: QueueKit,
  data: Data,
): Notifier & {
  broadcast: (chatIds: number[], text: string) => Promise<number>;
} {
  const queue = () => queues.queue<OutboxJob>("outbox");
  return {
    async send(message: OutgoingMessage) {
      const photo = message.photo;
      await queue().add("send", {
        kind: "send",
        chatId: message.chatId,
        text: message.text,
        ...(message.buttons ? { buttons: message.buttons } : {}),
        ...(photo && "bytes" in photo
          ? { photoBase64: Buffer.from(photo.bytes).toString("base64") }
          : {}),
        ...(photo && "url" in photo ? { photoUrl: photo.url } : {}),
        ...(message.document ? { document: message.document } : {}),
        ...(message.animation
          ? {
              animation: {
                base64: Buffer.from(message.animation.bytes).toString("base64"),
                fileName: message.animation.fileName,
              },
            }
          : {}),
      });
    },
    async status(key, message) {
      // One round trip: a knight's every step comes here.
      await data.statementAsService(
        "bot: want status",
        `insert into public.bot_status_messages (key, chat_id, desired_text, desired_buttons) values ($1, $2, $3, $4)
         on conflict (key, chat_id) do update set desired_text = excluded.desired_text, desired_buttons = excluded.desired_buttons`,
        [
          key,
          message.chatId,
          message.text,
          message.buttons ? JSON.stringify(message.buttons) : null,
        ],
        { name: "bot_want_status" },
      );
      await queue().add("status", { kind: "status", key, chatId: message.chatId });
    },
    async broadcast(chatIds, text) {
      const jobs = chatIds.map((chatId) => ({
        name: "send",
        data: { kind: "send" as const, chatId, text },
        opts: { priority: BROADCAST_PRIORITY },
      }));
      for (let i = 0; i < jobs.length; i += 500) await queue().addBulk(jobs.slice(i, i + 500));
      return jobs.length;
    },
  };
}

function retryAfterSeconds(error: unknown): number | undefined {
  if (error instanceof GrammyError && error.error_code === 429) {
    return error.parameters.retry_after ?? 1;
  }
  return undefined;
}

/** Starts the worker that delivers the outbox. `limit` is the global send rate (default {@link OUTBOX_LIMIT}). */
export function startOutboxWorker({
  queues,
  api,
  data,
  logger,
  limit = OUTBOX_LIMIT,
  documents,
}: {
  queues: QueueKit;
  api: Api;
  data: Data;
  logger: Logger;
  limit?: { readonly max: number; readonly duration: number };
  /** Where queued documents' bytes are read when they are sent (delivered files). */
  documents?: DocumentSource;
}): Worker<OutboxJob> {
  const deliver = async (job: Job<OutboxJob>, token?: string) => {
    try {
      if (job.data.kind === "send" && job.data.document) {
        const file = await documents?.read(job.data.document.id);
        if (!file) {
          logger.warn(
            { chatId: job.data.chatId, document: job.data.document.id },
            "document to send is gone",
          );
          return { delivered: false, reason: "document not found" };
        }
        await sendDocument(api, job.data, file);
      } else if (job.data.kind === "send") await sendOne(api, job.data);
      else {
        const waitMs = await editStatus(api, data, job.data);
        if (waitMs > 0) {
          await job.moveToDelayed(Date.now() + waitMs, token);
          throw new DelayedError();
        }
      }
    } catch (error) {
      const retryAfter = retryAfterSeconds(error);
      if (retryAfter !== undefined) {
        logger.warn(
          { chatId: job.data.chatId, retryAfter },
          "telegram flood limit: pausing the outbox",
        );
        await queues.queue("outbox").rateLimit(retryAfter * 1_000);
        throw Worker.RateLimitError();
      }
      if (error instanceof GrammyError && [400, 403].includes(error.error_code)) {
        // Blocked by the user, chat gone, or a message Telegram will never accept: retrying cannot help.
        logger.warn(
          { chatId: job.data.chatId, description: error.description },
          "outbox message rejected",
        );
        return { delivered: false, reason: error.description };
      }
      throw error;
    }
    return { delivered: true };
  };
  const outbox = queues.worker<OutboxJob>("outbox", deliver, {
    concurrency: 8,
    limiter: limit,
  });
  // Chat replies have a queue of their own (replies.ts), closed with the outbox's worker.
  const replies = startRepliesWorker({ queues, api, data, logger });
  const closeOutbox = outbox.close.bind(outbox);
  outbox.close = async (force?: boolean) => {
    await Promise.all([closeOutbox(force), replies.close(force)]);
  };
  return outbox;
}

/** Telegram's limit for a caption. */
const MAX_CAPTION_LENGTH = 1024;

/** A caption that fits, cut between paragraphs, lines or words (never mid-word), and the rest. */
function captionAndRest(text: string): { caption: string; rest: string[] } {
  const [caption = "", ...more] = splitMessage(text, MAX_CAPTION_LENGTH);
  const rest = more.length
    ? splitMessage(text.slice(text.indexOf(caption) + caption.length).trim())
    : [];
  return { caption, rest };
}

/** A stored file as a document, the text as its caption (the rest, if long, as messages). */
async function sendDocument(api: Api, job: SendJob, file: { bytes: Uint8Array; fileName: string }) {
  const reply_markup = keyboard(job.buttons);
  const { caption, rest } = captionAndRest(sanitizeForTelegram(job.text));
  await api.sendDocument(job.chatId, new InputFile(file.bytes, file.fileName), {
    caption,
    ...(reply_markup ? { reply_markup } : {}),
  });
  for (const chunk of rest) await api.sendMessage(job.chatId, chunk);
}

async function sendOne(api: Api, job: SendJob) {
  const reply_markup = keyboard(job.buttons);
  const text = sanitizeForTelegram(job.text);
  if (job.animation) {
    const file = new InputFile(Buffer.from(job.animation.base64, "base64"), job.animation.fileName);
    await api.sendAnimation(job.chatId, file, {
      caption: captionAndRest(text).caption,
      ...(reply_markup ? { reply_markup } : {}),
    });
    return;
  }
  if (job.photoBase64 || job.photoUrl) {
    const photo = job.photoBase64
      ? new InputFile(Buffer.from(job.photoBase64, "base64"), "screen.png")
      : job.photoUrl!;
    const { caption, rest } = captionAndRest(text);
    await api.sendPhoto(job.chatId, photo, { caption, ...(reply_markup ? { reply_markup } : {}) });
    for (const chunk of rest) await api.sendMessage(job.chatId, chunk);
    return;
  }
  const chunks = splitMessage(text, MAX_MESSAGE_LENGTH);
  for (const [i, chunk] of chunks.entries()) {
    const last = i === chunks.length - 1;
    await api.sendMessage(job.chatId, chunk, last && reply_markup ? { reply_markup } : {});
  }
}

/**
 * Sends or edits a status message to its wanted text. One sender at a time
 * holds a lease on the row (so two nudges never both send a first message);
 * returns how long to wait before trying again when the lease is taken or the
 * chat was edited less than 3 s ago.
 */
async function editStatus(api: Api, data: Data, job: StatusJob): Promise<number> {
  const state = await data.asService("bot: claim status message", async (tx) => {
    const { rows } = await tx.query<{
      message_id: string | null;
      desired_text: string;
      desired_buttons: InlineButton[][] | null;
      last_text: string | null;
      since_ms: number | null;
    }>(
      `update public.bot_status_messages s set locked_until = now() + interval '30 seconds'
        where s.key = $1 and s.chat_id = $2 and (s.locked_until is null or s.locked_until < now())
        returning s.message_id::text, s.desired_text, s.desired_buttons, s.last_text,
          (select extract(epoch from now() - max(o.last_edit_at)) * 1000
             from public.bot_status_messages o where o.chat_id = $2)::float8 as since_ms`,
      [job.key, job.chatId],
    );
    return rows[0] ?? "locked";
  });
  if (state === "locked") return 500;
  const release = (set = "") =>
    data.asService("bot: release status message", (tx) =>
      tx.query(
        `update public.bot_status_messages set locked_until = null${set} where key = $1 and chat_id = $2`,
        [job.key, job.chatId, ...(set ? [messageId, text] : [])],
      ),
    );
  const text = sanitizeForTelegram(state.desired_text).slice(0, MAX_MESSAGE_LENGTH);
  let messageId = state.message_id ? Number(state.message_id) : undefined;
  if (state.last_text === text) {
    await release();
    return 0;
  }
  if (state.since_ms !== null && state.since_ms < STATUS_EDIT_INTERVAL_MS) {
    await release();
    return Math.ceil(STATUS_EDIT_INTERVAL_MS - state.since_ms);
  }
  try {
    const reply_markup = keyboard(state.desired_buttons ?? undefined);
    if (messageId !== undefined) {
      try {
        await api.editMessageText(
          job.chatId,
          messageId,
          text,
          reply_markup ? { reply_markup } : {},
        );
      } catch (error) {
        const description = error instanceof GrammyError ? error.description : "";
        if (!description.includes("not modified")) {
          if (!description.includes("message to edit not found")) throw error;
          messageId = undefined;
        }
      }
    }
    if (messageId === undefined) {
      const sent = await api.sendMessage(job.chatId, text, reply_markup ? { reply_markup } : {});
      messageId = sent.message_id;
    }
  } catch (error) {
    await release();
    throw error;
  }
  await release(", message_id = $3, last_text = $4, last_edit_at = now()");
  return 0;
}
