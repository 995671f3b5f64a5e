import { describe, expect, it } from "vitest";
import { decodeBase32, encodeBase32, hotp, normalizeTotpSeed, totp, verifyTotp } from "./totp.ts";

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SEED = encodeBase32(Buffer.from("12345678901234567890"));

describe("TOTP", () => {
  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ])("matches RFC 6238's SHA-1 vector at T=%i", (seconds, code) => {
    expect(totp(RFC_SEED, seconds * 1000, { digits: 8 })).toBe(code);
  });

  it("matches RFC 4226's HOTP vectors", () => {
    const key = Buffer.from("12345678901234567890");
    expect([0, 1, 2, 9].map((c) => hotp(key, c))).toEqual(["755224", "287082", "359152", "520489"]);
  });

  it("reads seeds as authenticator apps show them, and otpauth URIs", () => {
    expect(RFC_SEED).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(decodeBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")?.toString()).toBe(
      "12345678901234567890",
    );
    expect(normalizeTotpSeed("gezd-gnbv-gy3t-qojq-gezd")).toBe("GEZDGNBVGY3TQOJQGEZA");
    expect(
      normalizeTotpSeed(`otpauth://totp/Wix:rosa?secret=${RFC_SEED.toLowerCase()}&issuer=Wix`),
    ).toBe(RFC_SEED);
    expect(normalizeTotpSeed("not a seed!")).toBeUndefined();
    expect(normalizeTotpSeed("GEZDGNBV")).toBeUndefined(); // 40 bits: too short
  });

  it("accepts the current code and one step of drift, nothing else", () => {
    const now = 1_800_000_000_000;
    const code = totp(RFC_SEED, now);
    expect(code).toMatch(/^\d{6}$/);
    expect(verifyTotp(RFC_SEED, code, now)).toBe(true);
    expect(verifyTotp(RFC_SEED, code, now + 30_000)).toBe(true);
    expect(verifyTotp(RFC_SEED, code, now + 90_000)).toBe(false);
    expect(verifyTotp(RFC_SEED, "000000", now)).toBe(code === "000000");
  });
});
