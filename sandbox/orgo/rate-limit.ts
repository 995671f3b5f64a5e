import type { RateLimitConfig } from "./types.ts";

/** Fixed-window call counting per API key, on an injectable clock. */
export type RateLimiter = {
  /** Counts a call; returns 0 when allowed, else milliseconds until the window resets. */
  hit(key: string, config: RateLimitConfig): number;
};

/** A limiter with no calls counted yet. */
export function createRateLimiter(now: () => number): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, { limit, windowMs }) {
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.start >= windowMs) {
        window = { start: at, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return window.count <= limit ? 0 : window.start + windowMs - at;
    },
  };
}
