import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Makes Stripe-looking ids: `id("cus")` → `cus_Nf3kq8…`. */
export type IdGenerator = (prefix: string, length?: number) => string;

/** Random base62 ids with Stripe's prefixes; `random` is injectable for reproducible runs. */
export function createIdGenerator(random: (size: number) => Uint8Array = randomBytes): IdGenerator {
  return (prefix, length = 14) => {
    const bytes = random(length);
    let body = "";
    for (const byte of bytes) body += ALPHABET[byte % ALPHABET.length];
    return `${prefix}_${body}`;
  };
}
