import { createHash } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Makes ids like the real ones (`msg_01…`, `toolu_01…`, `call_…`), reproducible per seed. */
export type IdGenerator = (prefix: string) => string;

/**
 * Deterministic ids: the n-th id of a sandbox is the same on every run, so
 * logs and snapshots of a scripted conversation are stable.
 */
export function createIdGenerator(seed: string): IdGenerator {
  let counter = 0;
  return (prefix) => {
    counter += 1;
    const digest = createHash("sha256").update(`${seed}:${counter}`).digest();
    let body = "";
    for (const byte of digest.subarray(0, 24)) body += BASE62[byte % 62];
    return `${prefix}${body}`;
  };
}

/** JSON with sorted keys, so equal content always hashes equally. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}
