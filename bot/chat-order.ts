/**
 * Per-chat order across processes. The webhook intake marks each update of a
 * chat pending in `webhook_events` (with its chat) before it is queued; a
 * worker, whichever process it is in, handles an update only when no earlier
 * update of that chat is still pending, and clears the mark once the bot is
 * done with it (conversation state written). So a chat's updates run one at a
 * time in Telegram's order, while different chats never wait for each other:
 * the check is one indexed read per update and the clear one write.
 *
 * An update whose turn has not come is put back for a moment (BullMQ's
 * delayed set) rather than held, so a worker's slots stay free for other
 * chats. A mark left by an update that can no longer run (its job failed for
 * good, lost with a dead Redis) stops holding its chat back after
 * `STALE_PENDING`, so one lost update never blocks a chat for good.
 */
import type { Data } from "../db/index.ts";

/** How long a pending update holds back its chat's later updates at most. */
export const STALE_PENDING = "10 minutes";

/**
 * `go`: no earlier update of the chat is waiting; `wait`: one is; `done`: this
 * update was handled already (its job runs again: its worker lost the job's
 * lock, to a Redis outage say, after handling it), so it must not run twice.
 */
export type Turn = "go" | "wait" | "done";

export type ChatOrder = {
  /** Whether the update may run now, must wait for an earlier one, or was handled already. */
  turnOf: (chatKey: string, updateId: number) => Promise<Turn>;
  /** The update is handled (or given up): its chat's next update may run. */
  done: (chatKey: string, updateId: number) => Promise<void>;
};

/** Creates the per-chat order check over `webhook_events`. */
export function createChatOrder(data: Data): ChatOrder {
  return {
    async turnOf(chatKey, updateId) {
      const { rows } = await data.statementAsService<{ waiting: boolean; handled: boolean }>(
        "bot: is it this update's turn",
        `select exists (
           select 1 from public.webhook_events
            where pending and chat_key = $1 and (event_id)::bigint < $2
              and provider = 'telegram' and received_at > now() - interval '${STALE_PENDING}'
         ) as waiting,
         exists (
           select 1 from public.webhook_events
            where provider = 'telegram' and event_id = $3 and chat_key = $1 and not pending
         ) as handled`,
        [chatKey, updateId, String(updateId)],
        { name: "bot_chat_turn" },
      );
      if (rows[0]?.handled) return "done";
      return rows[0]?.waiting ? "wait" : "go";
    },
    async done(chatKey, updateId) {
      await data.statementAsService(
        "bot: update handled",
        `update public.webhook_events set pending = false, processed_at = now()
          where provider = 'telegram' and event_id = $1 and chat_key = $2 and pending`,
        [String(updateId), chatKey],
        { name: "bot_chat_done" },
      );
    },
  };
}
