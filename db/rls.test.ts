/**
 * The tenant-isolation matrix: every tenant table × every kind of caller ×
 * every tenant's rows × select/insert/update/delete, generated from one spec
 * of who may do what. A case fails either way: a caller reaching rows it must
 * not (a leak), or a caller blocked from what it legitimately may do.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CUSTOMER_PARENT,
  type CustomerKey,
  createTestDatabase,
  databaseBackends,
  forgedClaims,
  ROLES,
  type Role,
  seedTenants,
  TENANT_TABLES,
  type TenantFixture,
  type TenantKey,
  type TenantTable,
} from "../testing/index.ts";
import { createData, type Data, type Database, migrate, type Tx } from "./index.ts";

/** How much of one tenant a caller holds, as the policy helpers grant it. */
type Level = "none" | "read" | "write" | "manage" | "admin";
const RANK: Record<Level, number> = { none: 0, read: 1, write: 2, manage: 3, admin: 4 };

type Op = "select" | "insert" | "update" | "delete";
const OPS: Op[] = ["select", "insert", "update", "delete"];
/** The least level an operation needs; null: nobody acting as a user may (service path only). */
type Rule = Level | null;
/**
 * The rule for each op, then an update that touches a column tenants are
 * granted wherever anyone is, so the update probes row access, not grants.
 */
type TableSpec = [select: Rule, insert: Rule, update: Rule, remove: Rule, probeUpdate: string];

// Read straight off the policies and column grants in supabase/migrations.
// A tenant's `users` rows are its residents (everyone's own row is tested in
// rls-escalation); a new customer is judged on the reseller it is created
// under; audit rows are appended through private.audit, the insert probe.
// biome-ignore format: the spec reads as a table
const SPEC: Record<TenantTable, TableSpec> = {
  //                   select    insert    update    delete    probe update
  resellers:           ["read",   "admin",  "manage", "admin",  "set name = name"],
  customers:           ["read",   "manage", "manage", "admin",  "set name = name"],
  users:               ["read",   "admin",  "admin",  "admin",  "set display_name = display_name"],
  memberships:         ["read",   "manage", "manage", "manage", "set role = role"],
  invites:             ["manage", "manage", null,     "manage", "set expires_at = expires_at"],
  employees:           ["read",   "write",  "write",  "manage", "set name = name"],
  vms:                 ["read",   "admin",  "admin",  "admin",  "set status = status"],
  tasks:               ["read",   "write",  "write",  "admin",  "set cancel_requested_at = now()"],
  task_steps:          ["read",   "admin",  "admin",  "admin",  "set status = status"],
  frames:              ["read",   "admin",  "admin",  "admin",  "set width = width"],
  approvals:           ["read",   "write",  "write",  "admin",  "set status = status"],
  conversations:       ["read",   "write",  null,     "admin",  "set summary = summary"],
  messages:            ["read",   "write",  null,     "admin",  "set tokens = tokens"],
  usage_events:        ["read",   "admin",  "admin",  "admin",  "set reported_at = now()"],
  credit_ledger:       ["read",   "admin",  "admin",  "admin",  "set reason = reason"],
  subscriptions:       ["read",   "admin",  "admin",  "admin",  "set status = status"],
  webhook_events:      ["admin",  null,     null,     null,     "set processed_at = now()"],
  stripe_pending_subscriptions: ["admin", null, null,   null,     "set received_at = now()"],
  audit_log:           ["manage", "read",   null,     null,     "set detail = detail"],
  secrets:             ["manage", "manage", "manage", "manage", "set key_id = key_id"],
  // Service bookkeeping: RLS on and no policy at all, so not even an admin.
  bot_state:           [null,     null,     null,     null,     "set value = value"],
  bot_status_messages: [null,     null,     null,     null,     "set desired_text = desired_text"],
  login_links:         [null,     null,     null,     null,     "set used_at = now()"],
  // Tenants create pending schedules and pause or cancel them; the executor activates.
  scheduled_tasks:     ["read",   "write",  "write",  "admin",  "set status = 'paused'"],
  // What each run did: the scheduler writes them; tenants read their own.
  schedule_runs:       ["read",   "admin",  "admin",  "admin",  "set late = late"],
  budget_reservations: ["read",   "admin",  "admin",  "admin",  "set settled_at = now()"],
  meter_reports:       ["read",   "admin",  "admin",  "admin",  "set sent_at = now()"],
  budget_alerts:       ["read",   "admin",  "admin",  "admin",  "set sent_at = now()"],
  invoice_payments:    ["read",   "admin",  "admin",  "admin",  "set paid_at = paid_at"],
  revoked_sessions:    [null,     null,     null,     null,     "set expires_at = expires_at"],
  // Reseller managers list their keys; keys are made and revoked on the service path.
  api_keys:            ["manage", null,     null,     null,     "set last_used_at = now()"],
  rate_limit_hits:     [null,     null,     null,     null,     "set hits = hits + 1"],
  signups:             ["read",   "admin",  "admin",  "admin",  "set contact = contact"],
  live_viewers:        ["read",   "admin",  "admin",  "admin",  "set expires_at = expires_at"],
  live_pollers:        [null,     null,     null,     null,     "set polled_at = now()"],
  live_frames:         ["read",   "admin",  "admin",  "admin",  "set captured_at = now()"],
  edge_handoffs:       [null,     null,     null,     null,     "set claimed_until = now()"],
  // Take-overs are written by agents/knights/takeover.ts on the service path, after a role check.
  desktop_controls:    ["read",   "admin",  "admin",  "admin",  "set actions = actions"],
  // The vault: logins are the managers' alone; uses are written by the knights' worker.
  vault_logins:        ["manage", "manage", "manage", "manage", "set label = label"],
  vault_uses:          ["manage", "admin",  "admin",  "admin",  "set reason = reason"],
  // Files knights delivered: read like frames, written by the workers only.
  deliverables:        ["read",   "admin",  "admin",  "admin",  "set title = title"],
  task_replays:        ["read",   "admin",  "admin",  "admin",  "set sent_at = now()"],
  customer_files:      ["read",   "admin",  "admin",  "admin",  "set file_name = file_name"],
};

const STAFF_LEVEL: Record<Role, Level> = {
  owner: "manage",
  admin: "manage",
  member: "read",
  viewer: "read",
};
const MEMBER_LEVEL: Record<Role, Level> = {
  owner: "manage",
  admin: "manage",
  member: "write",
  viewer: "read",
};

type Actor = {
  name: string;
  level: (tenant: TenantKey) => Level;
  run: <T>(data: Data, f: TenantFixture, fn: (tx: Tx) => Promise<T>) => Promise<T>;
};

const asUserKey =
  (key: keyof TenantFixture["users"]): Actor["run"] =>
  (data, f, fn) =>
    data.asUser({ sub: f.users[key] }, fn);

const ACTORS: Actor[] = [
  { name: "platform admin", level: () => "admin", run: asUserKey("platformAdmin") },
  ...ROLES.map(
    (role): Actor => ({
      name: `reseller ${role} of R1`,
      level: (t) => (t === "R1" || t === "A" || t === "A2" ? STAFF_LEVEL[role] : "none"),
      run: asUserKey(`reseller${capital(role)}`),
    }),
  ),
  ...ROLES.map(
    (role): Actor => ({
      name: `customer ${role} of A`,
      level: (t) => (t === "A" ? MEMBER_LEVEL[role] : "none"),
      run: asUserKey(`customer${capital(role)}`),
    }),
  ),
  { name: "user with no memberships", level: () => "none", run: asUserKey("stranger") },
  {
    name: "user with forged admin claims",
    level: () => "none",
    run: (data, f, fn) =>
      data.asUser({ sub: f.users.stranger }, async (tx) => {
        await tx.query("select set_config('request.jwt.claims', $1, true)", [
          JSON.stringify(forgedClaims(f.users.stranger, f.ids.A)),
        ]);
        return fn(tx);
      }),
  },
  {
    name: "anon",
    level: () => "none",
    run: (data, _f, fn) =>
      data.asService("test: act as anon", async (tx) => {
        await tx.query("select set_config('request.jwt.claims', '{\"role\":\"anon\"}', true)");
        await tx.query("set local role anon");
        return fn(tx);
      }),
  },
];

function capital(role: Role) {
  return `${role[0]!.toUpperCase()}${role.slice(1)}` as Capitalize<Role>;
}

function holds(actor: Actor, table: TenantTable, tenant: TenantKey, op: Op): boolean {
  const rule = SPEC[table][OPS.indexOf(op)] as Rule;
  if (rule === null) return false;
  const judgedOn =
    table === "customers" && op === "insert"
      ? (CUSTOMER_PARENT[tenant as CustomerKey] ?? "platform")
      : tenant;
  return RANK[actor.level(judgedOn)] >= RANK[rule];
}

type Outcome = { rows: number } | { code: string; message: string };
const DENIED = "42501"; // insufficient_privilege: missing grant, or a new row failing a policy
/** A delete that passed RLS, then met `on delete restrict` (23001 since PostgreSQL 16, 23503 before). */
const RESTRICTED = ["23001", "23503"];

async function probe(
  tx: Tx,
  f: TenantFixture,
  table: TenantTable,
  tenant: TenantKey,
  op: Op,
): Promise<Outcome> {
  const keys = f.rows[table][tenant]!;
  const where = `(${f.rowKey[table]})::text = any($1::text[])`;
  await tx.query("savepoint probe");
  try {
    if (op === "select") {
      const { rows } = await tx.query<{ n: number }>(
        `select count(*)::int as n from public.${table} where ${where}`,
        [keys],
      );
      return { rows: rows[0]!.n };
    }
    if (op === "insert") {
      const { sql, params } = f.newRow(table, tenant);
      await tx.query(sql, params);
      return { rows: 1 };
    }
    const sql =
      op === "update"
        ? `update public.${table} ${SPEC[table][4]} where ${where}`
        : `delete from public.${table} where ${where}`;
    const result = await tx.query(sql, [keys]);
    return { rows: result.rowCount ?? 0 };
  } catch (error) {
    const { code = "", message = String(error) } = error as { code?: string; message?: string };
    return { code, message };
  } finally {
    await tx.query("rollback to savepoint probe");
  }
}

/** Describes what went wrong with one case, or undefined when it behaved as the spec says. */
function judge(
  allowed: boolean,
  op: Op,
  expectedRows: number,
  outcome: Outcome,
): string | undefined {
  if ("code" in outcome) {
    if (op === "delete" && RESTRICTED.includes(outcome.code))
      return allowed ? undefined : "reached a row";
    if (allowed || outcome.code !== DENIED) return `error ${outcome.code}: ${outcome.message}`;
    return undefined;
  }
  if (allowed)
    return outcome.rows === expectedRows ? undefined : `${outcome.rows} of ${expectedRows} rows`;
  return outcome.rows === 0 ? undefined : `${outcome.rows} of ${expectedRows} rows`;
}

/** Thrown to roll back everything a probe transaction did. */
class RollBack extends Error {}

describe.each(databaseBackends())("tenant isolation on %s", (backend) => {
  let db: Database;
  let data: Data;
  let f: TenantFixture;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await migrate(db.pool);
    data = createData(db);
    f = await seedTenants(data);
  });
  afterAll(() => db?.close());

  it.each(TENANT_TABLES)(
    "%s: no caller reaches another tenant's rows, and each has its allowed access",
    async (table) => {
      const problems: string[] = [];
      let cases = 0;
      for (const actor of ACTORS) {
        await actor
          .run(data, f, async (tx) => {
            for (const tenant of Object.keys(f.rows[table]) as TenantKey[]) {
              for (const op of OPS) {
                cases++;
                const allowed = holds(actor, table, tenant, op);
                const rows = op === "insert" ? 1 : f.rows[table][tenant]!.length;
                const wrong = judge(allowed, op, rows, await probe(tx, f, table, tenant, op));
                if (wrong) {
                  problems.push(
                    `${actor.name} ${allowed ? "cannot" : "can"} ${op.toUpperCase()} ${table} of ${tenant} (${wrong})`,
                  );
                }
              }
            }
            throw new RollBack();
          })
          .catch((error) => {
            if (!(error instanceof RollBack)) throw error;
          });
      }
      expect(problems).toEqual([]);
      expect(cases).toBe(ACTORS.length * Object.keys(f.rows[table]).length * OPS.length);
    },
  );

  it("every table in public is in the matrix, with row-level security on and nothing granted to anon", async () => {
    const { rows } = await db.pool.query<{ name: string; rls: boolean; anon: boolean }>(
      `select c.relname as name, c.relrowsecurity as rls,
              has_table_privilege('anon', c.oid, 'select, insert, update, delete, truncate') as anon
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')`,
    );
    // A new table fails here until the fixture seeds it and the spec says who may reach it.
    expect(rows.map((r) => r.name).sort()).toEqual([...TENANT_TABLES].sort());
    expect(rows.filter((r) => !r.rls || r.anon)).toEqual([]);
  });

  it("seeds rows for every tenant a table can hold", () => {
    for (const table of TENANT_TABLES) {
      for (const keys of Object.values(f.rows[table])) expect(keys?.length).toBeGreaterThan(0);
    }
    expect(Object.keys(f.rows.tasks).sort()).toEqual(["A", "A2", "B", "D"]);
    expect(Object.keys(f.rows.secrets).sort()).toEqual(["A", "A2", "B", "D", "R1", "R2"]);
    expect(Object.keys(f.rows.login_links).sort()).toEqual(["A", "A2", "B", "D", "R1", "R2"]);
    expect(Object.keys(f.rows.api_keys).sort()).toEqual(["R1", "R2"]);
    expect(Object.keys(f.rows.live_pollers).sort()).toEqual(["A", "A2", "B", "D"]);
  });
});
