/**
 * How a knight uses a login without seeing it. The knight's model only ever
 * reads labels (`available`) and asks for a field by label; `resolve` runs
 * at the Orgo call, on the service path: it finds the login among the
 * task's customer's own, checks the knight's role and the page's domain,
 * opens the value (or computes the TOTP code from the seed), records the use
 * (login, task, field, outcome — never the value) with its audit entry, and
 * hands the value to the caller, which types it and forgets it.
 */
import { ROLES } from "../agents/roles.ts";
import { requestApproval } from "../approvals/index.ts";
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import type { SecretStore } from "../secrets/index.ts";
import { codeInReply, createOneTimeCodes } from "./codes.ts";
import { secretName } from "./logins.ts";
import { totp } from "./totp.ts";
import type { LoginField } from "./validate.ts";

/** What a knight's model is told about one login it may use. */
export type AvailableLogin = { label: string; fields: LoginField[]; domains: string[] };

export type UseRequest = {
  customerId: string;
  taskId: string;
  employeeId: string;
  /** The knight's role id (`employees.role_template`). */
  role: string;
  /** The label the model named. */
  label: string;
  field: LoginField;
  /** The host of the page being typed into, when the platform could learn it. */
  pageHost?: string | undefined;
};

export type UseResult =
  | { ok: true; value: string; loginId: string }
  /**
   * `reason` is safe to show the model and the customer; `approval` when the
   * customer has been asked (or is being asked) and the task should wait.
   */
  | { ok: false; reason: string; approval?: { id: string; summary: string } };

/** The approval kind a login's use is consented under. */
export const VAULT_USE = "vault_use";

/** True when `host` is one of `domains` or a subdomain of one. */
export function hostAllowed(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return domains.some((d) => h === d || h.endsWith(`.${d}`));
}

type Row = {
  id: string;
  label: string;
  account_hint: string;
  allowed_domains: string[];
  allowed_roles: string[];
  standing_roles: string[];
  has_totp: boolean;
};
const ROW = "id, label, account_hint, allowed_domains, allowed_roles, standing_roles, has_totp";

export type LoginTyper = ReturnType<typeof createLoginTyper>;

/** The knights' side of the vault. `now` is for tests of TOTP codes. */
export function createLoginTyper({
  data,
  secrets,
  now = () => Date.now(),
}: {
  data: Data;
  secrets: SecretStore;
  now?: () => number;
}) {
  const codes = createOneTimeCodes({ data, secrets, now });
  async function record(
    tx: Tx,
    request: UseRequest,
    login: Row | undefined,
    outcome: "typed" | "refused",
    reason: string | null,
    approvalId: string | null = null,
  ) {
    await tx.query(
      `insert into public.vault_uses (customer_id, login_id, label, task_id, employee_id, field, outcome, reason, approval_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        request.customerId,
        login?.id ?? null,
        (login?.label ?? request.label).slice(0, 80),
        request.taskId,
        request.employeeId,
        request.field,
        outcome,
        reason,
        approvalId,
      ],
    );
    await audit(tx, {
      action: outcome === "typed" ? "vault.login.use" : "vault.login.refused",
      targetType: "vault_login",
      ...(login ? { targetId: login.id } : {}),
      customerId: request.customerId,
      detail: {
        label: (login?.label ?? request.label).slice(0, 80),
        field: request.field,
        taskId: request.taskId,
        ...(reason ? { reason } : {}),
      },
    });
  }

  return {
    /** Seals the code in a customer's reply for the task, in `tx`; false when it holds none. */
    async holdCode(
      tx: Tx,
      relay: { customerId: string; taskId: string; userId: string | null; text: string },
    ): Promise<boolean> {
      const code = codeInReply(relay.text);
      if (code === undefined) return false;
      await codes.hold(tx, { ...relay, code });
      return true;
    },

    /** Opens and forgets the task's relayed code at the Orgo call (one use). */
    takeCode: codes.take,

    /** The logins a knight of `role` may use for `customerId`, by label. */
    async available(customerId: string, role: string): Promise<AvailableLogin[]> {
      const { rows } = await data.statementAsService<Row>(
        "vault: logins a knight may use",
        `select ${ROW} from public.vault_logins
          where customer_id = $1 and $2 = any(allowed_roles) order by lower(label)`,
        [customerId, role],
      );
      return rows.map((r) => ({
        label: r.label,
        fields: r.has_totp ? ["username", "password", "totp"] : ["username", "password"],
        domains: r.allowed_domains,
      }));
    },

    /** Checks and records one use; the value only when every check passed. */
    async resolve(request: UseRequest): Promise<UseResult> {
      return data.asService("vault: a knight types a login", async (tx) => {
        const { rows } = await tx.query<Row>(
          `select ${ROW} from public.vault_logins
            where customer_id = $1 and lower(label) = lower($2) for share`,
          [request.customerId, request.label.trim()],
        );
        const login = rows[0];
        const refuse = async (reason: string): Promise<UseResult> => {
          await record(tx, request, login, "refused", reason);
          return { ok: false, reason };
        };
        if (!login) return refuse(`There is no login called "${request.label.slice(0, 80)}"`);
        if (!login.allowed_roles.includes(request.role))
          return refuse(`The login "${login.label}" is not allowed for this employee's role`);
        if (request.field === "totp" && !login.has_totp)
          return refuse(`The login "${login.label}" has no two-factor key`);
        if (request.pageHost !== undefined && !hostAllowed(request.pageHost, login.allowed_domains))
          return refuse(
            `The login "${login.label}" is only for ${login.allowed_domains.join(", ")}, not ${request.pageHost}`,
          );
        const consent = await consentFor(tx, request, login);
        if (consent.kind === "denied")
          return refuse(`The customer said no to using "${login.label}" for this task`);
        if (consent.kind === "wait")
          return { ok: false, reason: consent.reason, approval: consent.approval };
        const stored = await secrets.get(
          { customerId: request.customerId },
          secretName(login.id, request.field),
          tx,
        );
        if (stored === undefined)
          return refuse(`The login "${login.label}" has no ${request.field}`);
        const value = request.field === "totp" ? totp(stored, now()) : stored;
        await record(tx, request, login, "typed", null, consent.approvalId);
        return { ok: true, value, loginId: login.id };
      });
    },
  };
}

type Consent =
  | { kind: "granted"; approvalId: string | null }
  | { kind: "denied" }
  | { kind: "wait"; reason: string; approval: { id: string; summary: string } };

/**
 * Whether the customer has agreed to this use. On a verified domain a role
 * the customer made standing needs no tap, and one approval covers the
 * login for the whole task; on an unverified domain every use needs its own
 * approval, spent by the use it allowed. Asks (records a pending approval)
 * when there is none to wait for.
 */
async function consentFor(tx: Tx, request: UseRequest, login: Row): Promise<Consent> {
  const verified = request.pageHost !== undefined;
  if (verified && login.standing_roles.includes(request.role))
    return { kind: "granted", approvalId: null };
  const { rows } = await tx.query<{
    id: string;
    status: string;
    summary: string;
    open: boolean;
    spent: boolean;
    per_use: boolean;
  }>(
    `select a.id, a.status, a.summary, a.expires_at > now() as open,
            coalesce((a.payload->>'perUse')::boolean, false) as per_use,
            exists (select 1 from public.vault_uses u
                     where u.approval_id = a.id and u.outcome = 'typed') as spent
       from public.approvals a
      where a.customer_id = $1 and a.task_id = $2 and a.kind = $3
        and a.payload->>'loginId' = $4
      order by a.created_at desc limit 1`,
    [request.customerId, request.taskId, VAULT_USE, login.id],
  );
  const last = rows[0];
  if (last?.status === "denied") return { kind: "denied" };
  if (last?.status === "approved" && !(last.per_use && last.spent) && (verified || last.per_use))
    return { kind: "granted", approvalId: last.id };
  if (last?.status === "pending" && last.open)
    return {
      kind: "wait",
      reason: "Waiting for the customer's approval",
      approval: { id: last.id, summary: last.summary },
    };
  const role = ROLES[request.role as keyof typeof ROLES]?.name ?? request.role;
  const summary = verified
    ? `${role} wants to sign in to ${login.label} as ${login.account_hint}`
    : `${role} wants to type the ${request.field} of ${login.label} (${login.account_hint}); the page's site cannot be checked, so each use needs your tap`;
  const asked = await requestApproval(tx, {
    customerId: request.customerId,
    userId: null,
    kind: VAULT_USE,
    summary,
    taskId: request.taskId,
    ttlMinutes: 60,
    payload: {
      loginId: login.id,
      label: login.label,
      role: request.role,
      field: request.field,
      perUse: !verified,
    },
  });
  return {
    kind: "wait",
    reason: "Asked the customer for approval; the task waits for their tap",
    approval: { id: asked.id, summary },
  };
}
