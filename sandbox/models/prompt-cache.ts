import { createHash } from "node:crypto";

/**
 * One cacheable unit of a prompt, in prompt order (tools, system, message
 * blocks). `fingerprint` identifies its content; `ttlMs` marks a
 * `cache_control` breakpoint ending at this segment.
 */
export type CacheSegment = { tokens: number; fingerprint: string; ttlMs?: number };

/** Anthropic's split of a prompt's tokens. */
export type ExplicitCacheOutcome = {
  read: number;
  created5m: number;
  created1h: number;
  uncached: number;
};

/** In-memory prompt cache shared by a sandbox's routes. */
export type PromptCache = {
  /** Anthropic semantics: only prefixes ending at breakpoints are written. */
  explicit(key: string, segments: CacheSegment[]): ExplicitCacheOutcome;
  /** OpenAI semantics: every prefix of a long prompt is cached automatically. */
  automatic(key: string, segments: CacheSegment[]): number;
  clear(): void;
};

export type PromptCacheOptions = {
  now: () => number;
  /** Shortest prefix Anthropic caches (1024 for Sonnet/Opus). */
  minExplicitTokens?: number;
};

/** Anthropic looks back at most this many blocks before a breakpoint for a hit. */
const LOOKBACK_BLOCKS = 20;
const OPENAI_MIN_TOKENS = 1024;
const OPENAI_INCREMENT = 128;
const OPENAI_TTL_MS = 10 * 60_000;
export const FIVE_MINUTES = 5 * 60_000;
export const ONE_HOUR = 60 * 60_000;

type Prefix = { hash: string; tokens: number; ttlMs?: number };

/** Creates the cache: prefix hashes remembered per key, expiring by TTL (refreshed on read). */
export function createPromptCache({
  now,
  minExplicitTokens = 1024,
}: PromptCacheOptions): PromptCache {
  const entries = new Map<string, number>();

  const alive = (id: string): boolean => {
    const expiresAt = entries.get(id);
    if (expiresAt === undefined) return false;
    if (expiresAt > now()) return true;
    entries.delete(id);
    return false;
  };

  return {
    explicit(key, segments) {
      const prefixes = prefixesOf(segments);
      const total = prefixes.at(-1)?.tokens ?? 0;
      const breakpoints = prefixes.flatMap((p, i) => (p.ttlMs === undefined ? [] : [i]));
      const last = breakpoints.at(-1);
      if (last === undefined) return { read: 0, created5m: 0, created1h: 0, uncached: total };

      let hit = -1;
      for (const b of breakpoints) {
        for (let i = b; i >= Math.max(0, b - LOOKBACK_BLOCKS) && i > hit; i--) {
          if (alive(`${key}:${prefixes[i]!.hash}`)) {
            hit = i;
            break;
          }
        }
      }
      const read = hit >= 0 ? prefixes[hit]!.tokens : 0;
      if (hit >= 0)
        entries.set(
          `${key}:${prefixes[hit]!.hash}`,
          now() + (prefixes[hit]!.ttlMs ?? FIVE_MINUTES),
        );

      let created5m = 0;
      let created1h = 0;
      let covered = read;
      if (prefixes[last]!.tokens >= minExplicitTokens) {
        for (const b of breakpoints) {
          const prefix = prefixes[b]!;
          if (prefix.tokens < minExplicitTokens) continue;
          entries.set(`${key}:${prefix.hash}`, now() + prefix.ttlMs!);
          if (b <= hit) continue;
          if (prefix.ttlMs! >= ONE_HOUR) created1h += prefix.tokens - covered;
          else created5m += prefix.tokens - covered;
          covered = prefix.tokens;
        }
      }
      return { read, created5m, created1h, uncached: total - covered };
    },

    automatic(key, segments) {
      const prefixes = prefixesOf(segments);
      const total = prefixes.at(-1)?.tokens ?? 0;
      if (total < OPENAI_MIN_TOKENS) return 0;
      let cached = 0;
      for (let i = prefixes.length - 1; i >= 0; i--) {
        const prefix = prefixes[i]!;
        if (prefix.tokens < OPENAI_MIN_TOKENS) break;
        if (alive(`${key}:${prefix.hash}`)) {
          cached = prefix.tokens;
          break;
        }
      }
      for (const prefix of prefixes) {
        if (prefix.tokens >= OPENAI_MIN_TOKENS)
          entries.set(`${key}:${prefix.hash}`, now() + OPENAI_TTL_MS);
      }
      if (cached === 0) return 0;
      return (
        OPENAI_MIN_TOKENS +
        Math.floor((cached - OPENAI_MIN_TOKENS) / OPENAI_INCREMENT) * OPENAI_INCREMENT
      );
    },

    clear() {
      entries.clear();
    },
  };
}

/** Running hash and token total after each segment: prefix i covers segments 0..i. */
function prefixesOf(segments: CacheSegment[]): Prefix[] {
  let hash = "";
  let tokens = 0;
  return segments.map((segment) => {
    hash = createHash("sha256").update(hash).update(segment.fingerprint).digest("hex");
    tokens += segment.tokens;
    return { hash, tokens, ttlMs: segment.ttlMs };
  });
}

/** Total tokens of a prompt's segments. */
export function totalTokens(segments: readonly CacheSegment[]): number {
  return segments.reduce((sum, s) => sum + s.tokens, 0);
}
