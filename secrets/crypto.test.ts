import { createDecipheriv, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createKeyring,
  KEY_INFO,
  type Sealed,
  SecretDecryptError,
  SecretKeyringError,
} from "./index.ts";

const OLD = "old-app-secret-0123456789abcdef0123456789";
const NEW = "new-app-secret-fedcba9876543210fedcba9876";
const AAD = "mouse/secrets/v1|customer:7d2f0a6e-3f43-4c8e-9d7e-1b2c3d4e5f60|anthropic_api_key";
const VALUE = "sk-ant-api03-crypto-test-value-ÄÖÜ-🐭";

function decryptFailure(fn: () => unknown): SecretDecryptError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SecretDecryptError) return error;
    throw error;
  }
  throw new Error("expected a SecretDecryptError");
}

/** Flips one bit in one of the envelope's parts, keeping the encoding valid. */
function tamper(sealed: Sealed, part: 1 | 2 | 3): Sealed {
  const parts = sealed.ciphertext.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[bytes.length - 1]! ^= 0x01;
  parts[part] = bytes.toString("base64url");
  return { ...sealed, ciphertext: parts.join(".") };
}

describe("keyring", () => {
  it("round-trips UTF-8 values and seals each one under a fresh iv", () => {
    const keyring = createKeyring({ current: NEW });
    const a = keyring.encrypt(VALUE, AAD);
    const b = keyring.encrypt(VALUE, AAD);
    expect(a.ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
    expect(a.ciphertext).not.toContain("sk-ant");
    expect(keyring.decrypt(a, AAD)).toBe(VALUE);
    expect(keyring.decrypt(b, AAD)).toBe(VALUE);
  });

  it("is AES-256-GCM under HKDF-SHA256(APP_SECRET, info mouse/secrets/v1), readable without this code", () => {
    const sealed = createKeyring({ current: NEW }).encrypt(VALUE, AAD);
    const [, iv, tag, ct] = sealed.ciphertext.split(".") as [string, string, string, string];
    const key = Buffer.from(hkdfSync("sha256", NEW, "mouse/secrets", KEY_INFO, 32));
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(AAD));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const plain = Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]);
    expect(plain.toString("utf8")).toBe(VALUE);
  });

  it("names keys by a stable fingerprint that differs between secrets", () => {
    const a = createKeyring({ current: OLD });
    expect(a.currentKeyId).toMatch(/^v1-[0-9a-f]{8}$/);
    expect(createKeyring({ current: OLD }).currentKeyId).toBe(a.currentKeyId);
    expect(createKeyring({ current: NEW }).currentKeyId).not.toBe(a.currentKeyId);
    expect(a.currentKeyId).not.toContain(OLD.slice(0, 8));
  });

  it("seals with the current key and opens values sealed under a previous one", () => {
    const old = createKeyring({ current: OLD });
    const rotated = createKeyring({ current: NEW, previous: [OLD] });
    expect(rotated.keyIds).toEqual([rotated.currentKeyId, old.currentKeyId]);
    const legacy = old.encrypt(VALUE, AAD);
    expect(rotated.decrypt(legacy, AAD)).toBe(VALUE);
    const fresh = rotated.encrypt(VALUE, AAD);
    expect(fresh.keyId).toBe(rotated.currentKeyId);
    expect(decryptFailure(() => old.decrypt(fresh, AAD)).reason).toBe("unknown-key");
  });

  it("rejects a value once its key is dropped from the keyring", () => {
    const legacy = createKeyring({ current: OLD }).encrypt(VALUE, AAD);
    const error = decryptFailure(() => createKeyring({ current: NEW }).decrypt(legacy, AAD));
    expect(error.reason).toBe("unknown-key");
    expect(error.keyId).toBe(legacy.keyId);
  });

  it.each([
    { part: 1, what: "iv" },
    { part: 2, what: "tag" },
    { part: 3, what: "ciphertext" },
  ] as const)("rejects a tampered $what", ({ part }) => {
    const keyring = createKeyring({ current: NEW });
    const sealed = keyring.encrypt(VALUE, AAD);
    const error = decryptFailure(() => keyring.decrypt(tamper(sealed, part), AAD));
    expect(error.reason).toBe("auth-failed");
    expect(error.message).not.toContain(VALUE);
  });

  it("rejects a value presented with another owner's or name's associated data", () => {
    const keyring = createKeyring({ current: NEW });
    const sealed = keyring.encrypt(VALUE, AAD);
    const otherName = AAD.replace("anthropic_api_key", "openai_api_key");
    const otherOwner = AAD.replace("7d2f0a6e", "7d2f0a6f");
    expect(decryptFailure(() => keyring.decrypt(sealed, otherName)).reason).toBe("auth-failed");
    expect(decryptFailure(() => keyring.decrypt(sealed, otherOwner)).reason).toBe("auth-failed");
  });

  it("rejects envelopes that are not v1 with a 12-byte iv and a 16-byte tag", () => {
    const keyring = createKeyring({ current: NEW });
    const { keyId, ciphertext } = keyring.encrypt(VALUE, AAD);
    const [, iv, tag, ct] = ciphertext.split(".") as [string, string, string, string];
    for (const bad of [
      "",
      "garbage",
      `v2.${iv}.${tag}.${ct}`,
      `v1.${iv}.${tag}`,
      `v1.${iv}.${tag}.${ct}.extra`,
      `v1.${iv}.${tag.slice(0, 20)}.${ct}`,
      `v1.${iv.slice(0, 12)}.${tag}.${ct}`,
      `v1.${iv}.${tag}.${ct}!`,
      `v1.${iv}.${tag}=.${ct}`,
    ]) {
      expect(decryptFailure(() => keyring.decrypt({ keyId, ciphertext: bad }, AAD)).reason).toBe(
        "malformed",
      );
    }
  });

  it("refuses short secrets without quoting them, and tolerates a secret listed twice", () => {
    expect(() => createKeyring({ current: "too-short" })).toThrow(SecretKeyringError);
    const error = (() => {
      try {
        createKeyring({ current: NEW, previous: ["hunter2-previous"] });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SecretKeyringError);
    expect(error?.message).toContain("previous secret #1");
    expect(error?.message).not.toContain("hunter2");
    const twice = createKeyring({ current: NEW, previous: [NEW, OLD, OLD] });
    expect(twice.keyIds).toHaveLength(2);
  });

  it("exposes no key material on the keyring object", () => {
    const keyring = createKeyring({ current: NEW, previous: [OLD] });
    const dump = JSON.stringify(keyring) + Object.keys(keyring).join(",");
    expect(dump).not.toContain(NEW);
    expect(dump).not.toContain(OLD);
    expect(Object.keys(keyring).sort()).toEqual(["currentKeyId", "decrypt", "encrypt", "keyIds"]);
  });
});
