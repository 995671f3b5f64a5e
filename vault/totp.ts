/**
 * One-time codes for the vault's TOTP fields (RFC 6238 over RFC 4226's HOTP,
 * HMAC-SHA1, 30-second steps, 6 digits: what authenticator apps use). Small
 * enough to own, so a seed never passes through a dependency; tested with
 * the RFC's own vectors. Seeds arrive as base32 (what sites show under
 * "can't scan the code?") or inside an `otpauth://` URI.
 */
import { createHmac } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Decodes RFC 4648 base32, ignoring spaces, dashes, case and padding; undefined when invalid. */
export function decodeBase32(input: string): Buffer | undefined {
  const clean = input.replace(/[\s-]/g, "").replace(/=+$/, "").toUpperCase();
  if (clean.length === 0) return undefined;
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index === -1) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Encodes bytes as base32 without padding (for tests and generated seeds). */
export function encodeBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/**
 * The base32 seed in what a customer pasted: a bare seed, or the `secret`
 * parameter of an `otpauth://totp/...` URI. Undefined when it is neither, or
 * shorter than 80 bits (RFC 4226 asks for at least 128; some sites use 80).
 */
export function normalizeTotpSeed(input: string): string | undefined {
  const trimmed = input.trim();
  let seed = trimmed;
  if (/^otpauth:\/\//i.test(trimmed)) {
    try {
      seed = new URL(trimmed).searchParams.get("secret") ?? "";
    } catch {
      return undefined;
    }
  }
  const bytes = decodeBase32(seed);
  if (!bytes || bytes.length < 10) return undefined;
  return encodeBase32(bytes);
}

/** RFC 4226 HOTP of `counter` with `key`. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** RFC 6238 TOTP for a base32 seed at `nowMs` (30-second steps). */
export function totp(seed: string, nowMs = Date.now(), { digits = 6, stepSeconds = 30 } = {}) {
  const key = decodeBase32(seed);
  if (!key) throw new Error("invalid TOTP seed");
  return hotp(key, Math.floor(nowMs / 1000 / stepSeconds), digits);
}

/** True when `code` is the TOTP of `seed` at `nowMs` or one step either side (clock drift). */
export function verifyTotp(seed: string, code: string, nowMs = Date.now()): boolean {
  const key = decodeBase32(seed);
  if (!key || !/^\d{6}$/.test(code)) return false;
  const step = Math.floor(nowMs / 30_000);
  return [step - 1, step, step + 1].some((s) => hotp(key, s) === code);
}
