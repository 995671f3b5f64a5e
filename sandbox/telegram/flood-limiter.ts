/** A token bucket: `capacity` sends at once, refilled at `refillPerSecond`. */
export type TokenBucketLimit = { capacity: number; refillPerSecond: number };

/**
 * Telegram's outgoing-message limits. `false` turns one off. Defaults: a
 * private chat bursts 3 then 1/s, a group 20 per minute, a bot 30/s overall,
 * and setWebhook with a URL at most once a second.
 */
export type FloodLimits = {
  privateChat: TokenBucketLimit | false;
  groupChat: TokenBucketLimit | false;
  global: TokenBucketLimit | false;
  setWebhook: boolean;
};

/** Telegram's published limits. */
export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  privateChat: { capacity: 3, refillPerSecond: 1 },
  groupChat: { capacity: 20, refillPerSecond: 20 / 60 },
  global: { capacity: 30, refillPerSecond: 30 },
  setWebhook: true,
};

/** Flood limits with everything off. */
export const NO_FLOOD_LIMITS: FloodLimits = {
  privateChat: false,
  groupChat: false,
  global: false,
  setWebhook: false,
};

type Bucket = { tokens: number; at: number };

/** What a send is charged against. */
export type FloodTarget = { botId: number; chatId: number; chatType: string };

/** Charges sends against the buckets and tells when the next one may go. */
export type FloodLimiter = {
  /** Takes a token from every bucket the send touches, or returns retry_after seconds (nothing taken). */
  take(target: FloodTarget): number;
  /** Empties the buckets' history (e.g. between benchmark phases). */
  reset(): void;
};

/** Creates token-bucket flood limits on an injectable clock (milliseconds). */
export function createFloodLimiter({
  limits,
  now,
}: {
  limits: FloodLimits;
  now: () => number;
}): FloodLimiter {
  const buckets = new Map<string, Bucket>();

  const level = (key: string, limit: TokenBucketLimit, at: number): Bucket => {
    const bucket = buckets.get(key) ?? { tokens: limit.capacity, at };
    const elapsed = Math.max(0, at - bucket.at) / 1000;
    const refreshed = {
      tokens: Math.min(limit.capacity, bucket.tokens + elapsed * limit.refillPerSecond),
      at,
    };
    buckets.set(key, refreshed);
    return refreshed;
  };

  return {
    take({ botId, chatId, chatType }) {
      const at = now();
      const charged: [string, TokenBucketLimit][] = [];
      const chatLimit = chatType === "private" ? limits.privateChat : limits.groupChat;
      if (chatLimit) charged.push([`${botId}:${chatId}`, chatLimit]);
      if (limits.global) charged.push([`${botId}:*`, limits.global]);

      let wait = 0;
      for (const [key, limit] of charged) {
        const bucket = level(key, limit, at);
        if (bucket.tokens < 1) {
          wait = Math.max(wait, (1 - bucket.tokens) / limit.refillPerSecond);
        }
      }
      if (wait > 0) return Math.max(1, Math.ceil(wait - 1e-9));
      for (const [key] of charged) {
        const bucket = buckets.get(key);
        if (bucket) bucket.tokens -= 1;
      }
      return 0;
    },
    reset() {
      buckets.clear();
    },
  };
}
