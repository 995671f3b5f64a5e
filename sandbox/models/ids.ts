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

/** Strings this long are hashed as they are rather than quoted into the running text. */
const LONG_STRING = 256;

/**
 * A digest of JSON content, equal for equal content whatever the key order:
 * keys sorted, undefined members left out, and keys named `omit` dropped at
 * any depth. The structure goes to the hash as JSON-like text, but a long
 * string (a screenshot's base64 is most of a request) goes in as it is after
 * its length, so it is neither quoted nor copied into one large string.
 */
export function contentDigest(value: unknown, omit?: string): string {
  const hash = createHash("sha256");
  let text = "";
  const feed = (item: unknown): void => {
    if (typeof item === "string" && item.length >= LONG_STRING) {
      hash.update(`${text}#${item.length}:`);
      hash.update(item);
      text = "";
    } else if (item === null || typeof item !== "object") {
      text += JSON.stringify(item) ?? "null";
    } else if (Array.isArray(item)) {
      text += "[";
      for (const member of item) {
        feed(member);
        text += ",";
      }
      text += "]";
    } else {
      const object = item as Record<string, unknown>;
      text += "{";
      for (const key of Object.keys(object).sort()) {
        if (key === omit || object[key] === undefined) continue;
        text += `${JSON.stringify(key)}:`;
        feed(object[key]);
        text += ",";
      }
      text += "}";
    }
  };
  feed(value);
  return hash.update(text).digest("base64url");
}
