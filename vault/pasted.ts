/**
 * A login pasted into chat, kept only sealed and only briefly: the bot
 * deletes the message, `hold` seals what it noticed into the secrets store
 * (AES-256-GCM, `pasted_<id>`) for `ttlMs`, and one tap on "Save" turns it
 * into a vault login through the same `add` every channel uses (so only
 * owners and admins can). "Discard", a save, or expiry removes it. Nothing
 * here returns a value: callers get a description and an id.
 */
import { randomUUID } from "node:crypto";
import { ROLES } from "../agents/roles.ts";
import type { SecretStore } from "../secrets/index.ts";
import { detectPastedLogin, type PastedLogin } from "./detect.ts";
import { VaultConflictError, VaultForbiddenError, VaultValidationError } from "./errors.ts";
import type { Vault, VaultActor } from "./logins.ts";
import { accountHint } from "./validate.ts";

export type Caught = {
  /** Set when the customer can save it in one tap (site and username known). */
  pendingId?: string;
  /** What was noticed, without any value ("a Wix password for ro…@bakery.example"), in English. */
  describe: string;
  /** The same, as parts a channel words in the reader's language. */
  noticed: Noticed;
};

/** What a pasted login carried, without any value. */
export type Noticed = { service?: string; totp: boolean; account?: string };

export type SaveResult = { ok: true; label: string } | { ok: false; reason: string };

const name = (id: string) => `pasted_${id.replaceAll("-", "")}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The chat side of the vault: catch, save in one tap, discard. */
export function createPastedLogins({
  secrets,
  vault,
  ttlMs = 15 * 60_000,
  now = () => Date.now(),
}: {
  secrets: SecretStore;
  vault: Vault;
  ttlMs?: number;
  now?: () => number;
}) {
  return {
    /** Whether `text` carries a login; if so and a customer is known, seals it for a one-tap save. */
    async catch({
      customerId,
      text,
    }: {
      customerId: string | null;
      text: string;
    }): Promise<Caught | undefined> {
      const found = detectPastedLogin(text);
      if (!found) return undefined;
      const what = [
        found.password ? `a ${found.service ?? found.site ?? ""} password`.replace("  ", " ") : "",
        found.totpSeed ? "a two-factor key" : "",
      ]
        .filter(Boolean)
        .join(" and ");
      const describe = `${what}${found.username ? ` for ${accountHint(found.username)}` : ""}`;
      const service = found.service ?? found.site;
      const noticed: Noticed = {
        ...(service ? { service } : {}),
        totp: !!found.totpSeed,
        ...(found.username ? { account: accountHint(found.username) } : {}),
      };
      if (!customerId || !found.site || !found.username || !found.password)
        return { describe, noticed };
      const pendingId = randomUUID();
      await secrets.put(
        { customerId },
        name(pendingId),
        JSON.stringify({ ...found, at: now() } satisfies PastedLogin & { at: number }),
      );
      return { pendingId, describe, noticed };
    },

    /** Saves a held login as the tapping user (owners and admins only), then forgets it. */
    async save(actor: VaultActor, customerId: string, pendingId: string): Promise<SaveResult> {
      if (!UUID.test(pendingId)) return { ok: false, reason: "That login is no longer here." };
      const sealed = await secrets.get({ customerId }, name(pendingId));
      if (!sealed) return { ok: false, reason: "That login is no longer here — send it again." };
      const held = JSON.parse(sealed) as PastedLogin & { at: number };
      if (now() - held.at > ttlMs) {
        await secrets.delete({ customerId }, name(pendingId));
        return { ok: false, reason: "That was a while ago, so I forgot it — send it again." };
      }
      const label = `${held.service ?? held.site} — ${accountHint(held.username ?? "")}`;
      try {
        const login = await vault.add(actor, customerId, {
          label,
          username: held.username ?? "",
          password: held.password,
          totpSeed: held.totpSeed,
          allowedDomains: [held.site ?? ""],
          allowedRoles: Object.keys(ROLES),
        });
        await secrets.delete({ customerId }, name(pendingId));
        return { ok: true, label: login.label };
      } catch (error) {
        if (
          error instanceof VaultForbiddenError ||
          error instanceof VaultValidationError ||
          error instanceof VaultConflictError
        )
          return { ok: false, reason: error.message };
        throw error;
      }
    },

    /** Forgets a held login. */
    async discard(customerId: string, pendingId: string): Promise<void> {
      if (UUID.test(pendingId)) await secrets.delete({ customerId }, name(pendingId));
    },
  };
}

export type PastedLogins = ReturnType<typeof createPastedLogins>;
