/**
 * Request counters shared by every web process: fixed windows in Postgres,
 * one upsert per request for all the keys it counts against (its IP and, once
 * signed in, its user). The clock is injectable so tests cross windows
 * without waiting.
 */
import type { Data, Statement } from "../db/index.ts";

export type RateLimitRule = { limit: number; windowMs: number };

export type RateLimitVerdict = {
  allowed: boolean;
  /** Seconds until the first exhausted window ends (0 when allowed). */
  retryAfterSeconds: number;
  /** The key that was exhausted, for logs. */
  exceeded?: string;
};

export type RateLimiter = {
  hit: (counts: { key: string; rule: RateLimitRule }[]) => Promise<RateLimitVerdict>;
};

/** Creates the Postgres-backed limiter. */
export function createRateLimiter({
  data,
  now = Date.now,
  cleanupEvery = 500,
}: {
  data: Data;
  now?: () => number;
  /** Old windows are swept once every this many calls. */
  cleanupEvery?: number;
}): RateLimiter {
  let calls = 0;
  return {
    async hit(counts) {
      if (counts.length === 0) return { allowed: true, retryAfterSeconds: 0 };
      const at = now();
      const windows = counts.map(({ rule }) => Math.floor(at / rule.windowMs) * rule.windowMs);
      const sweep = ++calls % cleanupEvery === 0;
      const statements: Statement[] = [
        {
          name: "web_rate_limit_hit",
          text: `insert into public.rate_limit_hits (key, window_start)
                 select k, to_timestamp(w / 1000.0) from unnest($1::text[], $2::float8[]) as t(k, w)
                 on conflict (key, window_start) do update set hits = public.rate_limit_hits.hits + 1
                 returning key, hits`,
          values: [counts.map((c) => c.key), windows],
        },
      ];
      if (sweep) {
        const longest = Math.max(...counts.map((c) => c.rule.windowMs));
        statements.push({
          text: "delete from public.rate_limit_hits where window_start < to_timestamp($1)",
          values: [(at - 2 * longest) / 1000],
        });
      }
      // One round trip before every request, and a lost counter is harmless: no fsync waited for.
      const [hit] = await data.statementsAsService("web: rate limit", statements, {
        lazyCommit: true,
      });
      const rows = hit!.rows as { key: string; hits: number }[];
      for (const [i, { key, rule }] of counts.entries()) {
        const hits = rows.find((r) => r.key === key)?.hits ?? 0;
        if (hits > rule.limit) {
          const retryAfterMs = windows[i]! + rule.windowMs - at;
          return {
            allowed: false,
            retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
            exceeded: key,
          };
        }
      }
      return { allowed: true, retryAfterSeconds: 0 };
    },
  };
}
