import type { Update } from "grammy/types";
import { BotApiError } from "./errors.ts";
import type { UpdateQueue } from "./update-queue.ts";

/** Telegram's longest getUpdates wait, in seconds. */
export const LONG_POLL_MAX_TIMEOUT = 50;

const TERMINATED_BY_GET_UPDATES =
  "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
const TERMINATED_BY_SET_WEBHOOK = "Conflict: terminated by setWebhook request";

type Poll = { finish: (error?: BotApiError) => void };

/** getUpdates for one bot: confirmation by offset, waiting, and Telegram's 409s. */
export type LongPoller = ReturnType<typeof createLongPoller>;

/** Creates the long-poll side of a bot's update queue. */
export function createLongPoller(queue: UpdateQueue) {
  let active: Poll | undefined;

  const terminate = (description: string) => {
    active?.finish(new BotApiError(409, description));
    active = undefined;
  };

  return {
    async getUpdates({
      offset,
      limit,
      timeoutSeconds,
      signal,
    }: {
      offset: number;
      limit: number;
      timeoutSeconds: number;
      signal?: AbortSignal;
    }): Promise<Update[]> {
      if (offset < 0) queue.keepLast(-offset);
      else if (offset > 0) queue.confirm(offset);
      const ready = queue.peek(limit);
      if (ready.length > 0 || timeoutSeconds <= 0) return ready;

      // Only one request may wait; like Telegram, the newer one wins.
      terminate(TERMINATED_BY_GET_UPDATES);
      await new Promise<void>((resolve, reject) => {
        let batching: ReturnType<typeof setTimeout> | undefined;
        const poll: Poll = {
          finish(error) {
            clearTimeout(timer);
            clearTimeout(batching);
            unsubscribe();
            signal?.removeEventListener("abort", onAbort);
            if (active === poll) active = undefined;
            if (error) reject(error);
            else resolve();
          },
        };
        const onAbort = () => poll.finish();
        // Telegram lingers a moment after the first update so a burst arrives as one batch.
        const unsubscribe = queue.onPush(() => {
          batching ??= setTimeout(() => poll.finish(), 2);
        });
        const timer = setTimeout(() => poll.finish(), timeoutSeconds * 1000);
        signal?.addEventListener("abort", onAbort);
        active = poll;
      });
      return queue.peek(limit);
    },
    /** setWebhook ends a waiting getUpdates with 409. */
    terminateForWebhook: () => terminate(TERMINATED_BY_SET_WEBHOOK),
    /** Ends a waiting getUpdates with no updates (sandbox shutdown). */
    release(): void {
      active?.finish();
      active = undefined;
    },
    get waiting() {
      return active !== undefined;
    },
  };
}
