/**
 * The customer's logins, managed by its owners and admins: add, edit,
 * delete, list. One function per operation, each taking the acting user and
 * running in that user's transaction, so row-level security has the last
 * word and a member, a viewer or another customer's user reaches nothing.
 * Values go straight into the encrypted secrets store in the same
 * transaction as the login's row (all or nothing); what comes back is the
 * login without its values (`LoginInfo`), so no channel can echo one.
 */
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import type { Logger } from "../observability/index.ts";
import { createKeyring, createSecretStore, type SecretStore } from "../secrets/index.ts";
import { VaultConflictError, VaultForbiddenError, VaultNotFoundError } from "./errors.ts";
import {
  accountHint,
  checkDomains,
  checkLabel,
  checkNotes,
  checkPassword,
  checkRoles,
  checkStandingRoles,
  checkTotpSeed,
  checkUsername,
  type LoginField,
  type LoginInput,
  type LoginPatch,
} from "./validate.ts";

/** Who is acting: a signed-in user (dashboard, API, bot). */
export type VaultActor = { userId: string };

/** Everything about a login but its values. */
export type LoginInfo = {
  id: string;
  customerId: string;
  label: string;
  /** A masked username (`ro…@bakery.com`). */
  accountHint: string;
  allowedDomains: string[];
  allowedRoles: string[];
  /** Roles that need no tap per task (on a verified domain). */
  standingRoles: string[];
  hasTotp: boolean;
  notes: string;
  createdAt: Date;
  updatedAt: Date;
};

type LoginRow = {
  id: string;
  customer_id: string;
  label: string;
  account_hint: string;
  allowed_domains: string[];
  allowed_roles: string[];
  standing_roles: string[];
  has_totp: boolean;
  notes: string;
  created_at: Date;
  updated_at: Date;
};
const COLUMNS =
  "id, customer_id, label, account_hint, allowed_domains, allowed_roles, standing_roles, has_totp, notes, created_at, updated_at";

const toInfo = (row: LoginRow): LoginInfo => ({
  id: row.id,
  customerId: row.customer_id,
  label: row.label,
  accountHint: row.account_hint,
  allowedDomains: row.allowed_domains,
  allowedRoles: row.allowed_roles,
  standingRoles: row.standing_roles,
  hasTotp: row.has_totp,
  notes: row.notes,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The secrets-store name of one field of one login. */
export const secretName = (loginId: string, field: LoginField) =>
  `login_${loginId.replaceAll("-", "").toLowerCase()}_${field}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws unless the transaction's user manages `customerId` (owner or admin). */
async function assertManager(tx: Tx, customerId: string): Promise<void> {
  if (!UUID.test(customerId)) throw new VaultForbiddenError();
  const { rows } = await tx.query<{ ok: boolean }>(
    "select $1::uuid in (select private.managed_customer_ids()) or (select private.is_platform_admin()) as ok",
    [customerId],
  );
  if (!rows[0]?.ok) throw new VaultForbiddenError();
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === "23505";

export type VaultDeps = { data: Data; secrets: SecretStore };

export type Vault = ReturnType<typeof createVault>;

/** The managers' operations on a customer's logins. */
export function createVault({ data, secrets }: VaultDeps) {
  const asActor = <T>(actor: VaultActor, fn: (tx: Tx) => Promise<T>) =>
    data.asUser({ sub: actor.userId }, fn);

  async function loadRow(tx: Tx, customerId: string, loginId: string) {
    if (!UUID.test(loginId)) throw new VaultNotFoundError();
    const { rows } = await tx.query<LoginRow>(
      `select ${COLUMNS} from public.vault_logins where id = $1 and customer_id = $2 for update`,
      [loginId, customerId],
    );
    if (!rows[0]) throw new VaultNotFoundError();
    return rows[0];
  }

  return {
    /** Stores a new login; its values are sealed in the same transaction. */
    async add(actor: VaultActor, customerId: string, input: LoginInput): Promise<LoginInfo> {
      const label = checkLabel(input.label);
      const username = checkUsername(input.username);
      const password = checkPassword(input.password);
      const seed = checkTotpSeed(input.totpSeed);
      const domains = checkDomains(input.allowedDomains);
      const roles = checkRoles(input.allowedRoles);
      const standing = checkStandingRoles(input.standingRoles, roles);
      const notes = checkNotes(input.notes);
      return asActor(actor, async (tx) => {
        await assertManager(tx, customerId);
        await tx.query("savepoint add_login");
        let row: LoginRow;
        try {
          const { rows } = await tx.query<LoginRow>(
            `insert into public.vault_logins
               (customer_id, label, account_hint, allowed_domains, allowed_roles, standing_roles,
                has_totp, notes, created_by)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
            [
              customerId,
              label,
              accountHint(username),
              domains,
              roles,
              standing,
              !!seed,
              notes,
              actor.userId,
            ],
          );
          row = rows[0]!;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          await tx.query("rollback to savepoint add_login");
          throw new VaultConflictError(label);
        }
        const owner = { customerId };
        await secrets.put(owner, secretName(row.id, "username"), username, tx);
        await secrets.put(owner, secretName(row.id, "password"), password, tx);
        if (seed) await secrets.put(owner, secretName(row.id, "totp"), seed, tx);
        await audit(tx, {
          action: "vault.login.add",
          targetType: "vault_login",
          targetId: row.id,
          customerId,
          detail: { label, domains, roles, standing, totp: !!seed },
        });
        return toInfo(row);
      });
    },

    /** Changes a login; secret fields left empty keep their stored value. */
    async edit(
      actor: VaultActor,
      customerId: string,
      loginId: string,
      patch: LoginPatch,
    ): Promise<LoginInfo> {
      const label = patch.label !== undefined ? checkLabel(patch.label) : undefined;
      const username = patch.username ? checkUsername(patch.username) : undefined;
      const password = patch.password ? checkPassword(patch.password) : undefined;
      const seed = patch.totpSeed ? checkTotpSeed(patch.totpSeed) : undefined;
      const dropSeed = patch.totpSeed === null;
      const domains =
        patch.allowedDomains !== undefined ? checkDomains(patch.allowedDomains) : undefined;
      const roles = patch.allowedRoles !== undefined ? checkRoles(patch.allowedRoles) : undefined;
      const notes = patch.notes !== undefined ? checkNotes(patch.notes) : undefined;
      return asActor(actor, async (tx) => {
        await assertManager(tx, customerId);
        const before = await loadRow(tx, customerId, loginId);
        const standing =
          patch.standingRoles !== undefined || roles
            ? checkStandingRoles(
                patch.standingRoles ??
                  before.standing_roles.filter((r) => (roles ?? []).includes(r as never)),
                roles ?? before.allowed_roles,
              )
            : before.standing_roles;
        const owner = { customerId };
        if (username) await secrets.put(owner, secretName(loginId, "username"), username, tx);
        if (password) await secrets.put(owner, secretName(loginId, "password"), password, tx);
        if (seed) await secrets.put(owner, secretName(loginId, "totp"), seed, tx);
        if (dropSeed) await secrets.delete(owner, secretName(loginId, "totp"), tx);
        await tx.query("savepoint edit_login");
        let row: LoginRow;
        try {
          const { rows } = await tx.query<LoginRow>(
            `update public.vault_logins
                set label = $3, account_hint = $4, allowed_domains = $5, allowed_roles = $6,
                    has_totp = $7, notes = $8, standing_roles = $9, updated_at = now()
              where id = $1 and customer_id = $2 returning ${COLUMNS}`,
            [
              loginId,
              customerId,
              label ?? before.label,
              username ? accountHint(username) : before.account_hint,
              domains ?? before.allowed_domains,
              roles ?? before.allowed_roles,
              seed ? true : dropSeed ? false : before.has_totp,
              notes ?? before.notes,
              standing,
            ],
          );
          row = rows[0]!;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          await tx.query("rollback to savepoint edit_login");
          throw new VaultConflictError(label ?? before.label);
        }
        const changed = [
          ...(label && label !== before.label ? ["label"] : []),
          ...(username ? ["username"] : []),
          ...(password ? ["password"] : []),
          ...(seed ? ["totp"] : dropSeed ? ["totp removed"] : []),
          ...(domains ? ["domains"] : []),
          ...(roles ? ["roles"] : []),
          ...(patch.standingRoles !== undefined ? ["standing roles"] : []),
          ...(notes !== undefined ? ["notes"] : []),
        ];
        await audit(tx, {
          action: "vault.login.edit",
          targetType: "vault_login",
          targetId: loginId,
          customerId,
          detail: { label: row.label, changed },
        });
        return toInfo(row);
      });
    },

    /** Deletes a login and its sealed values; false when there was none. */
    async remove(actor: VaultActor, customerId: string, loginId: string): Promise<boolean> {
      return asActor(actor, async (tx) => {
        await assertManager(tx, customerId);
        if (!UUID.test(loginId)) return false;
        const { rows } = await tx.query<{ label: string }>(
          "delete from public.vault_logins where id = $1 and customer_id = $2 returning label",
          [loginId, customerId],
        );
        if (!rows[0]) return false;
        for (const field of ["username", "password", "totp"] as const)
          await secrets.delete({ customerId }, secretName(loginId, field), tx);
        await audit(tx, {
          action: "vault.login.delete",
          targetType: "vault_login",
          targetId: loginId,
          customerId,
          detail: { label: rows[0].label },
        });
        return true;
      });
    },

    /** The customer's logins, without values, by label. */
    async list(actor: VaultActor, customerId: string): Promise<LoginInfo[]> {
      return asActor(actor, async (tx) => {
        await assertManager(tx, customerId);
        const { rows } = await tx.query<LoginRow>(
          `select ${COLUMNS} from public.vault_logins where customer_id = $1 order by lower(label)`,
          [customerId],
        );
        return rows.map(toInfo);
      });
    },

    /** One login without its values. */
    async get(actor: VaultActor, customerId: string, loginId: string): Promise<LoginInfo> {
      return asActor(actor, async (tx) => {
        await assertManager(tx, customerId);
        if (!UUID.test(loginId)) throw new VaultNotFoundError();
        const { rows } = await tx.query<LoginRow>(
          `select ${COLUMNS} from public.vault_logins where id = $1 and customer_id = $2`,
          [loginId, customerId],
        );
        if (!rows[0]) throw new VaultNotFoundError();
        return toInfo(rows[0]);
      });
    },

    /** Every use of the customer's logins, newest first: login, task, field, outcome, time. */
    async uses(actor: VaultActor, customerId: string, { limit = 100 } = {}): Promise<LoginUse[]> {
      return asActor(actor, async (tx) => {
        await assertManager(tx, customerId);
        const { rows } = await tx.query<LoginUse>(
          `select u.id, u.login_id as "loginId", u.label, u.task_id as "taskId",
                  t.request as "taskRequest", e.name as "employeeName", u.field, u.outcome,
                  u.reason, u.created_at as "at"
             from public.vault_uses u
             left join public.tasks t on t.id = u.task_id
             left join public.employees e on e.id = u.employee_id
            where u.customer_id = $1 order by u.created_at desc limit $2`,
          [customerId, Math.min(500, Math.max(1, limit))],
        );
        return rows;
      });
    },
  };
}

/** One use of a login, as the customer sees it. */
export type LoginUse = {
  id: string;
  loginId: string | null;
  label: string;
  taskId: string | null;
  taskRequest: string | null;
  employeeName: string | null;
  /** A login's field, or a one-time code the customer relayed from chat (`codes.ts`). */
  field: LoginField | "one_time_code";
  outcome: "typed" | "refused";
  reason: string | null;
  at: Date;
};

/** The vault over the secrets store sealed under `appSecret` (what every process derives alike). */
export function vaultFor(data: Data, appSecret: string, logger?: Logger): Vault {
  return createVault({
    data,
    secrets: createSecretStore({
      data,
      keyring: createKeyring({ current: appSecret }),
      ...(logger ? { logger } : {}),
    }),
  });
}
