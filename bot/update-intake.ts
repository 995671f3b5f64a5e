/**
 * The queue side of the webhook route: marks each update id seen and
 * enqueues the first-seen updates, in batches. Requests that arrive while a
 * batch is being written wait for the next one, so under load a hundred
 * requests cost one dedupe statement and one enqueue instead of a hundred
 * of each, and a lone request still goes at once. One batch is in flight at
 * a time, so updates reach the queue in the order they arrived.
 */
import type { Update } from "grammy/types";
import type { Data } from "../db/scoped.ts";
import { coalesce, type Pending } from "../lib/index.ts";

/** Whether an update was new (now queued) or one this process has already taken. */
type Outcome = "queued" | "duplicate";
export type Intake = (update: Update) => Promise<Outcome>;
type Call = Pending<Update, Outcome>;

/** The update's type, as recorded with its seen mark. */
export const kindOf = (update: Update) =>
  Object.keys(update).find((k) => k !== "update_id") ?? "unknown";

/**
 * The chat whose order an update keeps (`chat-order.ts`): its chat, or for a
 * button on an inline message its sender's private chat; none for updates
 * that belong to no chat, which need no order.
 */
export function chatKeyOf(update: Update): string | undefined {
  const chat =
    update.message?.chat ??
    update.edited_message?.chat ??
    update.callback_query?.message?.chat ??
    update.channel_post?.chat ??
    update.edited_channel_post?.chat;
  const id = chat?.id ?? update.callback_query?.from.id;
  return id === undefined ? undefined : String(id);
}

/**
 * Creates the batching intake. `enqueue` gets the first-seen updates of a
 * batch; if it throws, their seen marks are removed again and every request
 * of theirs fails, so Telegram re-sends them and the re-send is taken.
 */
export function createUpdateIntake({
  data,
  enqueue,
  maxBatch = 200,
}: {
  data: Data;
  enqueue: (updates: Update[]) => Promise<void>;
  maxBatch?: number;
}): Intake {
  const settle = async (batch: Call[]) => {
    // The same update twice in one batch (a re-send racing the original)
    // shares the first one's fate: a duplicate if it is queued, an error if not.
    const first = new Map<number, Call[]>();
    for (const item of batch) {
      const same = first.get(item.input.update_id);
      if (same) same.push(item);
      else first.set(item.input.update_id, [item]);
    }
    const candidates = [...first.values()].map((items) => items[0]!.input);
    const { rows } = await data.statementAsService<{ event_id: string }>(
      "telegram webhook: dedupe",
      // Marked pending with their chat: that chat's later updates wait for them (chat-order.ts).
      `insert into public.webhook_events (provider, event_id, type, chat_key, pending)
       select 'telegram', id, type, chat, chat is not null
         from unnest($1::text[], $2::text[], $3::text[]) as u(id, type, chat)
       on conflict do nothing returning event_id`,
      [
        candidates.map((u) => String(u.update_id)),
        candidates.map(kindOf),
        candidates.map((u) => chatKeyOf(u) ?? null),
      ],
    );
    const fresh = new Set(rows.map((r) => r.event_id));
    const queued = candidates.filter((u) => fresh.has(String(u.update_id)));
    if (queued.length > 0) {
      try {
        await enqueue(queued);
      } catch (error) {
        // Forget the ids so Telegram's re-sends are processed, then let it re-send.
        await data
          .statementAsService(
            "telegram webhook: undo dedupe",
            "delete from public.webhook_events where provider = 'telegram' and event_id = any($1::text[])",
            [[...fresh]],
          )
          .catch(() => {});
        for (const items of first.values()) {
          const queuedHere = fresh.has(String(items[0]!.input.update_id));
          for (const i of items)
            if (queuedHere) i.reject(error);
            else i.resolve("duplicate");
        }
        return;
      }
    }
    for (const items of first.values()) {
      const [own, ...others] = items;
      own!.resolve(fresh.has(String(own!.input.update_id)) ? "queued" : "duplicate");
      for (const i of others) i.resolve("duplicate");
    }
  };

  return coalesce(settle, { maxBatch });
}
