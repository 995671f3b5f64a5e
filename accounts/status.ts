/**
 * Suspending and reactivating a customer or a reseller: the one operation
 * behind the admin's /admin_suspend and /admin_resume, the dashboard's admin
 * pages and the JSON API. It runs as the admin under RLS; the status change
 * and its reason go through `private.admin_set_<kind>_status`, which checks
 * the admin flag itself, and are audited in the same transaction as
 * `<kind>.suspended` or `<kind>.resumed`, whichever channel asked.
 *
 * A suspension needs a reason, because the customer is told it: once the
 * change has committed, every member of the customer on Telegram gets a
 * message in their language saying why and what to do (billing stays open
 * to them), and reactivation is announced the same way.
 */
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import { catalogue, type Locale, localeFor } from "../i18n/index.ts";
import type { Notifier } from "../notify/index.ts";

export type AccountStatus = "active" | "suspended";

/**
 * What came of a status change: done, already in that status (nobody is told
 * twice), no such account, the caller is not a platform admin, or a
 * suspension without a reason.
 */
export type StatusOutcome =
  | "changed"
  | "unchanged"
  | "not_found"
  | "not_allowed"
  | "reason_required";

/** The longest reason kept (the column's limit). */
export const STATUS_REASON_MAX = 500;

export type StatusChange = {
  adminUserId: string;
  kind: "customer" | "reseller";
  id: string;
  status: AccountStatus;
  /** Why; required to suspend, ignored on reactivation. */
  reason?: string;
};

/** Sets a customer's or reseller's status as the platform admin `adminUserId`, then tells the customer. */
export async function setAccountStatus(
  data: Data,
  { adminUserId, kind, id, status, reason }: StatusChange,
  { notifier }: { notifier?: Pick<Notifier, "send"> } = {},
): Promise<StatusOutcome> {
  const why = reason?.trim().slice(0, STATUS_REASON_MAX) ?? "";
  if (status === "suspended" && !why) return "reason_required";
  let result: { outcome: StatusOutcome; readers: Reader[] };
  try {
    result = await data.asUser({ sub: adminUserId }, async (tx) => {
      const before = await tx.query<{ status: AccountStatus }>(
        `select status::text as status from public.${kind === "customer" ? "customers" : "resellers"} where id = $1`,
        [id],
      );
      const { rows } = await tx.query<{ found: boolean }>(
        `select private.admin_set_${kind}_status($1, $2::public.customer_status, $3) as found`,
        [id, status, status === "suspended" ? why : null],
      );
      if (!rows[0]?.found) return { outcome: "not_found", readers: [] };
      await audit(tx, {
        action: `${kind}.${status === "suspended" ? "suspended" : "resumed"}`,
        targetType: kind,
        targetId: id,
        ...(kind === "customer" ? { customerId: id } : { resellerId: id }),
        ...(status === "suspended" ? { detail: { reason: why } } : {}),
      });
      if (before.rows[0]?.status === status) return { outcome: "unchanged", readers: [] };
      return {
        outcome: "changed",
        readers: kind === "customer" ? await memberReaders(tx, id) : [],
      };
    });
  } catch (error) {
    // 42501: the helper refused a caller who is not a platform admin.
    if ((error as { code?: string }).code === "42501") return "not_allowed";
    throw error;
  }
  for (const { chatId, locale, customer } of result.readers) {
    const text =
      status === "suspended"
        ? catalogue().t(locale, "account-suspended-notice", { customer, reason: why })
        : catalogue().t(locale, "account-reactivated-notice", { customer });
    // The change is committed; a notice that could not be queued must not undo it.
    await notifier?.send({ chatId, text }).catch(() => undefined);
  }
  return result.outcome;
}

type Reader = { chatId: number; locale: Locale; customer: string };

/** Everyone on the customer's team who has a Telegram chat, in the language each reads. */
async function memberReaders(tx: Tx, customerId: string): Promise<Reader[]> {
  const { rows } = await tx.query<{ chat: string; language: string | null; customer: string }>(
    `select u.telegram_user_id::text as chat, coalesce(u.language, u.language_code) as language,
            c.name as customer
       from public.memberships m
       join public.users u on u.id = m.user_id
       join public.customers c on c.id = m.customer_id
      where m.customer_id = $1 and u.telegram_user_id is not null
      order by m.created_at`,
    [customerId],
  );
  return rows.map((row) => ({
    chatId: Number(row.chat),
    locale: localeFor(row.language),
    customer: row.customer,
  }));
}
