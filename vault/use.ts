/**
 * How a knight uses a login without seeing it. The knight's model only ever
 * reads labels (`available`) and asks for a field by label; `resolve` runs
 * at the Orgo call, on the service path: it finds the login among the
 * task's customer's own, checks the knight's role and the page's domain,
 * opens the value (or computes the TOTP code from the seed), records the use
 * (login, task, field, outcome — never the value) with its audit entry, and
 * hands the value to the caller, which types it and forgets it.
 */
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import type { SecretStore } from "../secrets/index.ts";
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
  /** `reason` is safe to show the model and the customer. */
  | { ok: false; reason: string };

/** True when `host` is one of `domains` or a subdomain of one. */
export function hostAllowed(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return domains.some((d) => h === d || h.endsWith(`.${d}`));
}

type Row = {
  id: string;
  label: string;
  allowed_domains: string[];
  allowed_roles: string[];
  has_totp: boolean;
};

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
  async function record(
    tx: Tx,
    request: UseRequest,
    login: Row | undefined,
    outcome: "typed" | "refused",
    reason: string | null,
  ) {
    await tx.query(
      `insert into public.vault_uses (customer_id, login_id, label, task_id, employee_id, field, outcome, reason)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        request.customerId,
        login?.id ?? null,
        (login?.label ?? request.label).slice(0, 80),
        request.taskId,
        request.employeeId,
        request.field,
        outcome,
        reason,
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
    /** The logins a knight of `role` may use for `customerId`, by label. */
    async available(customerId: string, role: string): Promise<AvailableLogin[]> {
      const { rows } = await data.statementAsService<Row>(
        "vault: logins a knight may use",
        `select id, label, allowed_domains, allowed_roles, has_totp from public.vault_logins
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
          `select id, label, allowed_domains, allowed_roles, has_totp from public.vault_logins
            where customer_id = $1 and lower(label) = lower($2)`,
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
        const stored = await secrets.get(
          { customerId: request.customerId },
          secretName(login.id, request.field),
          tx,
        );
        if (stored === undefined)
          return refuse(`The login "${login.label}" has no ${request.field}`);
        const value = request.field === "totp" ? totp(stored, now()) : stored;
        await record(tx, request, login, "typed", null);
        return { ok: true, value, loginId: login.id };
      });
    },
  };
}
