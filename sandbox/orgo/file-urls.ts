/**
 * Orgo hands out exported files as signed storage URLs that stop working
 * after an hour. The sandbox does the same, so a client that keeps a URL
 * too long (or forges one) fails here as it would against Orgo.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type FileUrlSigner = {
  /** `<id>?expires=<unix s>&signature=<hex>` for a file id. */
  sign(id: string): string;
  /** The id when the signature holds and has not expired, "expired", or undefined when forged. */
  check(id: string, expires?: string, signature?: string): string | "expired" | undefined;
};

/** A signer with a key of its own; `now` is the sandbox's clock. */
export function createFileUrlSigner({
  now,
  ttlMs,
}: {
  now: () => number;
  ttlMs: number;
}): FileUrlSigner {
  const key = randomBytes(32);
  const mac = (id: string, expires: string) =>
    createHmac("sha256", key).update(`${id}:${expires}`).digest();
  return {
    sign(id) {
      const expires = String(Math.floor((now() + ttlMs) / 1000));
      return `${id}?expires=${expires}&signature=${mac(id, expires).toString("hex")}`;
    },
    check(id, expires, signature) {
      if (!expires || !signature || !/^[0-9a-f]{64}$/.test(signature)) return undefined;
      const given = Buffer.from(signature, "hex");
      if (!timingSafeEqual(given, mac(id, expires))) return undefined;
      return Number(expires) * 1000 < now() ? "expired" : id;
    },
  };
}
