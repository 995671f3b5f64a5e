/**
 * One-time codes that reach the customer elsewhere (a site's SMS or e-mail)
 * and have to reach the knight's desktop without a model, a log line or a
 * chat ever holding them. The customer replies with the code in Telegram;
 * the bot deletes that message and `hold` seals the code in the secrets
 * store (AES-256-GCM, `code_<task>`), for that task only and for `ttlMs`.
 * The knight then asks for it with `type_secret` (field `one_time_code`),
 * and `take` opens it at the Orgo call, forgets it (one use) and records
 * the use like a login's (task, field, outcome — never the value).
 */
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import type { SecretStore } from "../secrets/index.ts";

/** The field a knight names for the customer's relayed code. */
export const ONE_TIME_CODE = "one_time_code";

export type TakenCode = { ok: true; value: string } | { ok: false; reason: string };

const name = (taskId: string) => `code_${taskId.replaceAll("-", "")}`;

/**
 * The code in a customer's reply ("It's 482 913", "G-482913", "A3F09B1C"),
 * or undefined when the reply holds nothing code-like (then it is an
 * ordinary answer). Digits split by spaces are joined, as people type them.
 */
export function codeInReply(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 200) return undefined;
  const grouped = /(?:^|\s)(\d{2,4}(?:[ .-]\d{2,4}){1,3})(?=\s|[.!]?$)/.exec(trimmed)?.[1];
  if (grouped && grouped.replace(/\D/g, "").length <= 10) return grouped.replace(/[ .]/g, "");
  for (const token of trimmed.split(/[\s,;:!?"'()]+/)) {
    const candidate = token.replace(/\.$/, "");
    if (/^[A-Za-z0-9-]{4,12}$/.test(candidate) && /\d/.test(candidate)) return candidate;
  }
  return undefined;
}

/** Holding and handing over relayed codes. */
export function createOneTimeCodes({
  data,
  secrets,
  ttlMs = 15 * 60_000,
  now = () => Date.now(),
}: {
  data: Data;
  secrets: SecretStore;
  ttlMs?: number;
  now?: () => number;
}) {
  return {
    /**
     * Seals `code` for the task (replacing one not yet typed), in `tx`: the
     * caller records the customer's answer and resumes the task with it.
     */
    async hold(
      tx: Tx,
      relay: { customerId: string; taskId: string; userId: string | null; code: string },
    ): Promise<void> {
      await secrets.put(
        { customerId: relay.customerId },
        name(relay.taskId),
        JSON.stringify({ code: relay.code, at: now() }),
        tx,
      );
      await audit(tx, {
        action: "vault.code.received",
        targetType: "task",
        targetId: relay.taskId,
        customerId: relay.customerId,
        detail: { taskId: relay.taskId, by: relay.userId },
      });
    },

    /** Opens and forgets the task's code, recording the use; why not when there is none. */
    async take(request: {
      customerId: string;
      taskId: string;
      employeeId: string;
    }): Promise<TakenCode> {
      return data.asService("vault: a knight types a relayed code", async (tx) => {
        const owner = { customerId: request.customerId };
        const sealed = await secrets.get(owner, name(request.taskId), tx);
        if (sealed !== undefined) await secrets.delete(owner, name(request.taskId), tx);
        const held =
          sealed === undefined ? undefined : (JSON.parse(sealed) as { code: string; at: number });
        const fresh = held !== undefined && now() - held.at <= ttlMs;
        const reason = !held
          ? "No one-time code from the customer is waiting: ask for it with request_help (reason one_time_code)"
          : fresh
            ? null
            : "The customer's code is too old to use: ask for a new one with request_help";
        await tx.query(
          `insert into public.vault_uses (customer_id, login_id, label, task_id, employee_id, field, outcome, reason)
           values ($1, null, 'one-time code', $2, $3, $4, $5, $6)`,
          [
            request.customerId,
            request.taskId,
            request.employeeId,
            ONE_TIME_CODE,
            reason ? "refused" : "typed",
            reason,
          ],
        );
        await audit(tx, {
          action: reason ? "vault.code.refused" : "vault.code.use",
          targetType: "task",
          targetId: request.taskId,
          customerId: request.customerId,
          detail: { taskId: request.taskId, field: ONE_TIME_CODE, ...(reason ? { reason } : {}) },
        });
        return reason || !held
          ? { ok: false, reason: reason ?? "" }
          : { ok: true, value: held.code };
      });
    },
  };
}

export type OneTimeCodes = ReturnType<typeof createOneTimeCodes>;
