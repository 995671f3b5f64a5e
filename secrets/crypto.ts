/**
 * Authenticated encryption for stored secrets: AES-256-GCM under keys derived
 * from APP_SECRET with HKDF-SHA256. Each sealed value names the key that
 * sealed it, so APP_SECRET can rotate: the keyring seals with the current key
 * and opens with whichever current or previous key the id names. The caller's
 * associated data (the owner and name of the secret) is authenticated but not
 * stored, so a ciphertext copied to another row does not open.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { SecretDecryptError, SecretKeyringError } from "./errors.ts";

/** HKDF `info`: bump the suffix (and the envelope version) if the scheme ever changes. */
export const KEY_INFO = "mouse/secrets/v1";
const KEY_SALT = "mouse/secrets";
const ENVELOPE_VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The length APP_SECRET must have (the config insists on the same). */
export const MIN_APP_SECRET_LENGTH = 32;

/** A sealed value and the id of the key that sealed it (stored side by side). */
export type Sealed = { keyId: string; ciphertext: string };

export type KeyringOptions = {
  /** The APP_SECRET new values are sealed under. */
  current: string;
  /** Earlier APP_SECRETs whose values are still readable until `rotate()` has re-sealed them. */
  previous?: readonly string[];
};

export type Keyring = {
  /** The id stored with every value sealed now. */
  readonly currentKeyId: string;
  /** Every key id this keyring can open, the current one first. */
  readonly keyIds: readonly string[];
  /** Seals a UTF-8 string, binding it to `aad`. */
  encrypt: (plaintext: string, aad: string) => Sealed;
  /** Opens a sealed value with the key its id names; throws `SecretDecryptError`. */
  decrypt: (sealed: Sealed, aad: string) => string;
};

/** Derives the 32-byte data key for one APP_SECRET. */
function deriveKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, KEY_SALT, KEY_INFO, 32));
}

/** A public fingerprint of a derived key: reveals nothing about it, tells keys apart. */
function keyIdOf(key: Buffer): string {
  return `v1-${createHmac("sha256", key).update("mouse/secrets/key-id").digest("hex").slice(0, 8)}`;
}

/**
 * Builds the keyring from the current APP_SECRET and any previous ones.
 * Key material stays in this closure; the returned object exposes only ids.
 */
export function createKeyring({ current, previous = [] }: KeyringOptions): Keyring {
  const keys = new Map<string, Buffer>();
  const order: string[] = [];
  for (const [index, appSecret] of [current, ...previous].entries()) {
    if (typeof appSecret !== "string" || appSecret.length < MIN_APP_SECRET_LENGTH) {
      const which = index === 0 ? "the current secret" : `previous secret #${index}`;
      throw new SecretKeyringError(`${which} must be at least ${MIN_APP_SECRET_LENGTH} characters`);
    }
    const key = deriveKey(appSecret);
    const id = keyIdOf(key);
    const existing = keys.get(id);
    if (existing) {
      // The same secret listed twice is harmless; two secrets with one id are not.
      if (existing.equals(key)) continue;
      throw new SecretKeyringError(`two keys share the id ${id}: choose another APP_SECRET`);
    }
    keys.set(id, key);
    order.push(id);
  }
  const currentKeyId = order[0]!;
  const currentKey = keys.get(currentKeyId)!;

  return {
    currentKeyId,
    keyIds: Object.freeze([...order]),
    encrypt: (plaintext, aad) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", currentKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, "utf8"));
      const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return {
        keyId: currentKeyId,
        ciphertext: [ENVELOPE_VERSION, b64url(iv), b64url(tag), b64url(ct)].join("."),
      };
    },
    decrypt: ({ keyId, ciphertext }, aad) => {
      const key = keys.get(keyId);
      if (!key) throw new SecretDecryptError("unknown-key", { keyId });
      const parts = parseEnvelope(ciphertext);
      if (!parts) throw new SecretDecryptError("malformed", { keyId });
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, parts.iv, {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(aad, "utf8"));
        decipher.setAuthTag(parts.tag);
        return Buffer.concat([decipher.update(parts.ct), decipher.final()]).toString("utf8");
      } catch (cause) {
        throw new SecretDecryptError("auth-failed", { keyId, cause });
      }
    },
  };
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function b64url(bytes: Buffer): string {
  return bytes.toString("base64url");
}

/** Strict parse: Node's base64 decoder skips junk, so the alphabet is checked first. */
function parseEnvelope(envelope: string): { iv: Buffer; tag: Buffer; ct: Buffer } | undefined {
  const parts = envelope.split(".");
  if (parts.length !== 4 || parts[0] !== ENVELOPE_VERSION) return undefined;
  const [, iv, tag, ct] = parts as [string, string, string, string];
  if (![iv, tag, ct].every((p) => B64URL.test(p))) return undefined;
  const decoded = {
    iv: Buffer.from(iv, "base64url"),
    tag: Buffer.from(tag, "base64url"),
    ct: Buffer.from(ct, "base64url"),
  };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) return undefined;
  // Reject non-canonical encodings, so one value has exactly one envelope.
  if (b64url(decoded.iv) !== iv || b64url(decoded.tag) !== tag || b64url(decoded.ct) !== ct)
    return undefined;
  return decoded;
}
