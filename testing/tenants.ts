/**
 * A populated tenancy tree for isolation tests: two resellers (R1 with
 * customers A and A2, R2 with customer B), a direct customer D, a user in
 * every role, and rows in every table of `public` for every tenant that can
 * own one (the service's own bookkeeping belongs to `platform`), all written
 * on the service path. Tests then act as each user and check what they reach.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Data, Tx } from "../db/index.ts";

/**
 * Every table in `public`, in the order the migrations declare them: tenant
 * data, and the service's bookkeeping that no tenant may reach at all.
 */
export const TENANT_TABLES = [
  "resellers",
  "customers",
  "users",
  "memberships",
  "invites",
  "employees",
  "vms",
  "tasks",
  "task_steps",
  "frames",
  "approvals",
  "conversations",
  "messages",
  "usage_events",
  "credit_ledger",
  "subscriptions",
  "webhook_events",
  "stripe_pending_subscriptions",
  "audit_log",
  "secrets",
  "bot_state",
  "bot_status_messages",
  "login_links",
  "scheduled_tasks",
  "schedule_runs",
  "budget_reservations",
  "meter_reports",
  "budget_alerts",
  "invoice_payments",
  "revoked_sessions",
  "api_keys",
  "rate_limit_hits",
  "signups",
  "live_viewers",
  "live_pollers",
  "live_frames",
  "edge_handoffs",
  "desktop_controls",
  "vault_logins",
  "vault_uses",
  "deliverables",
  "task_replays",
  "customer_files",
] as const;
export type TenantTable = (typeof TENANT_TABLES)[number];

export type ResellerKey = "R1" | "R2";
export type CustomerKey = "A" | "A2" | "B" | "D";
/** `platform` owns what belongs to no tenant (webhook, bot, session and edge bookkeeping). */
export type TenantKey = ResellerKey | CustomerKey | "platform";

export const RESELLER_KEYS: readonly ResellerKey[] = ["R1", "R2"];
export const CUSTOMER_KEYS: readonly CustomerKey[] = ["A", "A2", "B", "D"];
/** Which reseller each customer belongs to; D is a direct customer. */
export const CUSTOMER_PARENT: Readonly<Record<CustomerKey, ResellerKey | null>> = {
  A: "R1",
  A2: "R1",
  B: "R2",
  D: null,
};

export type Role = "owner" | "admin" | "member" | "viewer";
export const ROLES: readonly Role[] = ["owner", "admin", "member", "viewer"];

/** The people tests act as: staff of R1 in every role, members of A in every role, and outsiders. */
export type UserKey =
  | "platformAdmin"
  | `reseller${Capitalize<Role>}`
  | `customer${Capitalize<Role>}`
  | "stranger"
  /** Belongs nowhere; the user tests add to a tenant when they insert a membership. */
  | "spare";

/** Ids a new row of a customer's table may point at. */
export type CustomerRefs = {
  employee: string;
  /** An employee without a VM, so a new VM row can take it. */
  idleEmployee: string;
  task: string;
  approval: string;
  frame: string;
  conversation: string;
  /** A VM nothing live points at yet, so new live rows (keyed by VM) can take it. */
  spareVm: string;
  /** The seeded active schedule. */
  schedule: string;
};

export type TenantFixture = {
  ids: Record<Exclude<TenantKey, "platform">, string>;
  users: Record<UserKey, string>;
  /** One user per tenant who is nobody a test acts as: the tenant's row in `users`. */
  residents: Record<ResellerKey | CustomerKey, string>;
  refs: Record<CustomerKey, CustomerRefs>;
  /** The seeded rows of each table by the tenant they belong to, as text of `rowKey`. */
  rows: Record<TenantTable, Partial<Record<TenantKey, string[]>>>;
  /** The column `rows` lists, cast to text when compared. */
  rowKey: Record<TenantTable, string>;
  /** One statement that adds a new row of `table` belonging to `tenant` (audit rows through `private.audit`). */
  newRow: (table: TenantTable, tenant: TenantKey) => { sql: string; params: unknown[] };
};

/**
 * Everything a hostile client could put in a token it signed itself: none of
 * it may grant anything, since the policy helpers read only `sub`.
 */
export function forgedClaims(sub: string, customerId: string) {
  return {
    sub,
    role: "service_role",
    is_platform_admin: true,
    app_metadata: {
      platform_admin: true,
      role: "owner",
      customer_id: customerId,
      customer_ids: [customerId],
    },
    user_metadata: { is_platform_admin: true, role: "owner" },
  };
}

const capital = (role: Role) => `${role[0]!.toUpperCase()}${role.slice(1)}` as Capitalize<Role>;

/** Seeds the tree through `asService` and returns every id a test needs. */
export async function seedTenants(data: Data): Promise<TenantFixture> {
  return data.asService("test: seed tenants", async (tx) => {
    const insert = async (sql: string, params: unknown[], key = "id"): Promise<string> => {
      const { rows } = await tx.query<{ id: string }>(
        `${sql} returning (${key})::text as id`,
        params,
      );
      return rows[0]!.id;
    };
    const rows = Object.fromEntries(TENANT_TABLES.map((t) => [t, {}])) as TenantFixture["rows"];
    const add = (table: TenantTable, tenant: TenantKey, id: string) => {
      const list = rows[table][tenant] ?? [];
      list.push(id);
      rows[table][tenant] = list;
    };
    const newUser = (name: string, admin = false) =>
      insert("insert into public.users (display_name, is_platform_admin) values ($1, $2)", [
        name,
        admin,
      ]);
    const member = async (user: string, tenant: ResellerKey | CustomerKey, role: Role) => {
      const column = tenant.startsWith("R") ? "reseller_id" : "customer_id";
      const id = await insert(
        `insert into public.memberships (user_id, ${column}, role) values ($1, $2, $3)`,
        [user, ids[tenant], role],
      );
      add("memberships", tenant, id);
    };

    const ids = {} as TenantFixture["ids"];
    for (const r of RESELLER_KEYS) {
      ids[r] = await insert("insert into public.resellers (name) values ($1)", [`Reseller ${r}`]);
      add("resellers", r, ids[r]);
    }
    for (const c of CUSTOMER_KEYS) {
      const parent = CUSTOMER_PARENT[c];
      ids[c] = await insert("insert into public.customers (reseller_id, name) values ($1, $2)", [
        parent ? ids[parent] : null,
        `Customer ${c}`,
      ]);
      add("customers", c, ids[c]);
    }

    const users = {
      platformAdmin: await newUser("Platform admin", true),
    } as TenantFixture["users"];
    for (const role of ROLES) {
      users[`reseller${capital(role)}`] = await newUser(`R1 ${role}`);
      await member(users[`reseller${capital(role)}`], "R1", role);
      users[`customer${capital(role)}`] = await newUser(`A ${role}`);
      await member(users[`customer${capital(role)}`], "A", role);
    }
    users.stranger = await newUser("Stranger");
    users.spare = await newUser("Spare");

    const residents = {} as TenantFixture["residents"];
    for (const tenant of [...RESELLER_KEYS, ...CUSTOMER_KEYS]) {
      residents[tenant] = await newUser(`Resident of ${tenant}`);
      add("users", tenant, residents[tenant]);
      await member(residents[tenant], tenant, "member");
      const reseller = tenant.startsWith("R") ? ids[tenant] : null;
      const customer = reseller ? null : ids[tenant];
      const parent = customer ? CUSTOMER_PARENT[tenant as CustomerKey] : null;
      add(
        "audit_log",
        tenant,
        await seedAudit(tx, customer, reseller ?? (parent ? ids[parent] : null)),
      );
      add(
        "secrets",
        tenant,
        await insert(
          "insert into public.secrets (reseller_id, customer_id, name, key_id, ciphertext) values ($1, $2, 'bot_token', 'k1', 'c2VjcmV0')",
          [reseller, customer],
        ),
      );
      add(
        "login_links",
        tenant,
        await insert(
          "insert into public.login_links (token_hash, user_id, expires_at) values ($1, $2, now() + interval '10 minutes')",
          [sha256(randomUUID()), residents[tenant]],
          "token_hash",
        ),
      );
    }
    for (const r of RESELLER_KEYS) {
      const keyUser = await newUser(`API key of ${r}`);
      add(
        "api_keys",
        r,
        await insert(
          "insert into public.api_keys (reseller_id, user_id, name, prefix, key_hash, scope) values ($1, $2, 'Seeded key', $3, $4, 'read')",
          [ids[r], keyUser, apiKeyPrefix(), sha256(randomUUID())],
        ),
      );
    }

    const refs = {} as TenantFixture["refs"];
    for (const c of CUSTOMER_KEYS) {
      const parent = CUSTOMER_PARENT[c];
      refs[c] = await seedCustomerWork(tx, ids[c], parent ? ids[parent] : null, (table, id) =>
        add(table, c, id),
      );
    }
    for (const [table, sql, key] of PLATFORM_SEEDS)
      add(table, "platform", await insert(sql, [`seeded_${randomUUID()}`], key));

    const rowKey = Object.fromEntries(
      TENANT_TABLES.map((t) => [t, ROW_KEYS[t] ?? "id"]),
    ) as TenantFixture["rowKey"];
    const fixture = { ids, users, residents, refs, rows, rowKey };
    return { ...fixture, newRow: (table, tenant) => newRowFor(fixture, table, tenant) };
  });
}

/** The column (or expression) that names a row, where it is not `id`. */
const ROW_KEYS: Partial<Record<TenantTable, string>> = {
  webhook_events: "event_id",
  stripe_pending_subscriptions: "stripe_subscription_id",
  task_replays: "task_id",
  bot_state: "key",
  bot_status_messages: "key",
  login_links: "token_hash",
  budget_alerts: "customer_id::text || '/' || period || '/' || threshold_pct",
  invoice_payments: "stripe_invoice_id",
  revoked_sessions: "jti",
  rate_limit_hits: "key",
  live_viewers: "viewer_id",
  live_pollers: "vm_id",
  live_frames: "vm_id",
};

/** The service's bookkeeping: one row each, `$1` a fresh unique name. */
const PLATFORM_SEEDS: [TenantTable, string, string][] = [
  [
    "webhook_events",
    "insert into public.webhook_events (provider, event_id, type) values ('stripe', $1, 'invoice.paid')",
    "event_id",
  ],
  [
    "stripe_pending_subscriptions",
    `insert into public.stripe_pending_subscriptions
       (stripe_subscription_id, stripe_customer_id, event_id, event_type, event_created, snapshot)
     values ($1, 'cus_seeded', 'evt_seeded', 'customer.subscription.created', 1, '{}')`,
    "stripe_subscription_id",
  ],
  ["bot_state", `insert into public.bot_state (key, value) values ($1, '{"step":"name"}')`, "key"],
  [
    "bot_status_messages",
    "insert into public.bot_status_messages (key, chat_id, desired_text) values ($1, 42, 'Working…')",
    "key",
  ],
  [
    "revoked_sessions",
    "insert into public.revoked_sessions (jti, expires_at) values ($1, now() + interval '1 day')",
    "jti",
  ],
  [
    "rate_limit_hits",
    "insert into public.rate_limit_hits (key, window_start) values ($1, now())",
    "key",
  ],
  [
    "edge_handoffs",
    `insert into public.edge_handoffs (kind, payload) values ('telegram_update', jsonb_build_object('seed', $1::text))`,
    "id",
  ],
];

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const apiKeyPrefix = () => `mk_${randomUUID().replaceAll("-", "").slice(0, 8)}`;

async function seedAudit(tx: Tx, customer: string | null, reseller: string | null) {
  const { rows } = await tx.query<{ id: string }>(
    "select private.audit('test.seeded', null, null, $1, $2, '{}')::text as id",
    [customer, reseller],
  );
  return rows[0]!.id;
}

async function seedCustomerWork(
  tx: Tx,
  customer: string,
  reseller: string | null,
  add: (table: TenantTable, id: string) => void,
): Promise<CustomerRefs> {
  const one = async (table: TenantTable, columns: string, values: unknown[], key = "id") => {
    const marks = values.map((_, i) => `$${i + 2}`).join(", ");
    const { rows } = await tx.query<{ id: string }>(
      `insert into public.${table} (customer_id, ${columns}) values ($1, ${marks}) returning (${key})::text as id`,
      [customer, ...values],
    );
    add(table, rows[0]!.id);
    return rows[0]!.id;
  };
  const unique = () => randomUUID();
  await one("invites", "token, expires_at", [unique(), new Date(Date.now() + 86_400_000)]);
  const employee = await one("employees", "name, role_template", ["Knight", "assistant"]);
  const idleEmployee = await one("employees", "name, role_template", ["Idle knight", "assistant"]);
  const vm = await one("vms", "employee_id, provider_id, status", [employee, unique(), "running"]);
  const task = await one("tasks", "employee_id, request", [employee, "Update the website"]);
  const frame = await one("frames", "vm_id, task_id, sha256, storage_path", [
    vm,
    task,
    "0".repeat(64),
    `frames/${unique()}.png`,
  ]);
  await one("task_steps", "task_id, seq, action, frame_id", [task, 1, "screenshot", frame]);
  const approval = await one("approvals", "task_id, kind, summary, expires_at", [
    task,
    "task.run",
    "Run it?",
    new Date(Date.now() + 3_600_000),
  ]);
  const conversation = await one("conversations", "chat_id", [Math.floor(Math.random() * 1e12)]);
  for (const role of ["user", "assistant"])
    await one("messages", "conversation_id, role, content", [conversation, role, '"hello"']);
  await one("usage_events", "kind, quantity, cost_micros, idempotency_key", [
    "message",
    1,
    100,
    unique(),
  ]);
  await one("credit_ledger", "kind, amount_micros, reason, idempotency_key", [
    "credit",
    5_000_000,
    "welcome",
    unique(),
  ]);
  await one("subscriptions", "stripe_subscription_id, stripe_customer_id, plan, status", [
    `sub_${unique()}`,
    `cus_${unique()}`,
    "pro",
    "active",
  ]);
  // An active schedule, so pausing one (the right tenants keep) is what the matrix probes.
  const schedule = await one(
    "scheduled_tasks",
    "employee_id, role_template, request, cadence, status, approval_id, next_run_at",
    [employee, "assistant", "Post the specials", "daily", "active", approval, new Date()],
  );
  await one("schedule_runs", "schedule_id, due_at, outcome, task_id", [
    schedule,
    new Date(Date.now() - 86_400_000),
    "started",
    task,
  ]);
  await one("budget_reservations", "task_id, seq, amount_micros", [task, 1, 20_000]);
  await one(
    "meter_reports",
    "period, seq, identifier, stripe_customer_id, billed_cents, covered_cents, event_timestamp, status",
    ["2026-11", 1, `mr_${unique()}`, `cus_${unique()}`, 250, 0, 1_795_000_000, "sent"],
  );
  await one(
    "budget_alerts",
    "period, threshold_pct, budget_micros, spent_micros",
    ["2026-11", 80, 5_000_000, 4_000_000],
    ROW_KEYS.budget_alerts,
  );
  await one(
    "invoice_payments",
    "stripe_invoice_id, amount_paid_micros, currency, reseller_id, reseller_share_bps, reseller_share_micros, paid_at",
    [`in_${unique()}`, 29_000_000, "usd", reseller, 2000, 5_800_000, new Date()],
    ROW_KEYS.invoice_payments,
  );
  await one("signups", "business_name, contact, ip_hash", ["Bakery", "+15550100", "a".repeat(64)]);
  await one(
    "live_viewers",
    "viewer_id, vm_id, process, expires_at",
    [`viewer_${unique()}`, vm, "web-1", new Date(Date.now() + 60_000)],
    ROW_KEYS.live_viewers,
  );
  const { rows: poller } = await tx.query<{ vm_id: string }>(
    "insert into public.live_pollers (vm_id, owner, expires_at) values ($1, 'web-1', now() + interval '1 minute') returning vm_id::text",
    [vm],
  );
  add("live_pollers", poller[0]!.vm_id);
  await one(
    "live_frames",
    "vm_id, sha256, content_type, bytes, source, frame_id, task_id",
    [vm, "0".repeat(64), "image/png", Buffer.from("png"), "knight", frame, task],
    ROW_KEYS.live_frames,
  );
  await one("desktop_controls", "employee_id, vm_id, task_id, actions, ended_at", [
    employee,
    vm,
    task,
    2,
    new Date(),
  ]);
  await one(
    "deliverables",
    "task_id, seq, file_name, title, source_path, size_bytes, sha256, bytes",
    [
      task,
      1,
      "findings.csv",
      "Findings",
      "/home/user/findings.csv",
      3,
      "0".repeat(64),
      Buffer.from("a,b"),
    ],
  );
  await one(
    "task_replays",
    "task_id, bytes, size_bytes, frame_count, duration_ms, width, height",
    [task, Buffer.from("GIF89a"), 6, 1, 1000, 64, 36],
    ROW_KEYS.task_replays,
  );
  await one("customer_files", "file_name, size_bytes, sha256, bytes", [
    "logo.png",
    3,
    "0".repeat(64),
    Buffer.from("png"),
  ]);
  const watched = await one("employees", "name, role_template", ["Spare knight", "assistant"]);
  const spareVm = await one("vms", "employee_id, provider_id, status", [
    watched,
    unique(),
    "running",
  ]);
  const login = await one("vault_logins", "label, account_hint, allowed_domains, allowed_roles", [
    "Instagram",
    "ro…",
    ["instagram.com"],
    ["social_media_manager"],
  ]);
  await one("vault_uses", "login_id, label, task_id, employee_id, field, outcome", [
    login,
    "Instagram",
    task,
    employee,
    "password",
    "typed",
  ]);
  return { employee, idleEmployee, task, approval, frame, conversation, spareVm, schedule };
}

type Seeded = Omit<TenantFixture, "newRow">;

function newRowFor(f: Seeded, table: TenantTable, tenant: TenantKey) {
  const fresh = randomUUID();
  const id = tenant === "platform" ? null : f.ids[tenant];
  const isReseller = tenant === "R1" || tenant === "R2";
  const refs = isReseller || tenant === "platform" ? undefined : f.refs[tenant];
  const parent = refs ? CUSTOMER_PARENT[tenant as CustomerKey] : null;
  const row = (sql: string, ...params: unknown[]) => ({ sql, params });
  const needRefs = () => {
    if (!refs) throw new Error(`${table} rows belong to customers, not ${tenant}`);
    return refs;
  };
  switch (table) {
    case "resellers":
      return row("insert into public.resellers (name) values ('New reseller')");
    case "customers":
      return row(
        "insert into public.customers (reseller_id, name) values ($1, 'New customer')",
        parent ? f.ids[parent] : null,
      );
    case "users":
      return row("insert into public.users (display_name) values ('New user')");
    case "memberships":
      return row(
        `insert into public.memberships (user_id, ${isReseller ? "reseller_id" : "customer_id"}, role) values ($1, $2, 'member')`,
        f.users.spare,
        id,
      );
    case "invites":
      return row(
        "insert into public.invites (token, customer_id, expires_at) values ($1, $2, now() + interval '1 day')",
        fresh,
        id,
      );
    case "employees":
      return row(
        "insert into public.employees (customer_id, name, role_template) values ($1, 'New knight', 'assistant')",
        id,
      );
    case "vms":
      return row(
        "insert into public.vms (customer_id, employee_id) values ($1, $2)",
        id,
        needRefs().idleEmployee,
      );
    case "tasks":
      return row(
        "insert into public.tasks (customer_id, employee_id, request) values ($1, $2, 'More work')",
        id,
        needRefs().employee,
      );
    case "task_steps":
      return row(
        "insert into public.task_steps (customer_id, task_id, seq, action) values ($1, $2, 2, 'click')",
        id,
        needRefs().task,
      );
    case "frames":
      return row(
        "insert into public.frames (customer_id, task_id, sha256, storage_path) values ($1, $2, $3, $4)",
        id,
        needRefs().task,
        "1".repeat(64),
        `frames/${fresh}.png`,
      );
    case "approvals":
      return row(
        "insert into public.approvals (customer_id, task_id, kind, summary, expires_at) values ($1, $2, 'task.run', 'Again?', now() + interval '1 hour')",
        id,
        needRefs().task,
      );
    case "conversations":
      return row(
        "insert into public.conversations (customer_id, chat_id) values ($1, $2)",
        id,
        Math.floor(Math.random() * 1e12),
      );
    case "messages":
      return row(
        `insert into public.messages (customer_id, conversation_id, role, content) values ($1, $2, 'user', '"hi"')`,
        id,
        needRefs().conversation,
      );
    case "usage_events":
      return row(
        "insert into public.usage_events (customer_id, kind, quantity, cost_micros, idempotency_key) values ($1, 'message', 1, 0, $2)",
        id,
        fresh,
      );
    case "credit_ledger":
      return row(
        "insert into public.credit_ledger (customer_id, kind, amount_micros, reason, idempotency_key) values ($1, 'credit', 1000000, 'free money', $2)",
        id,
        fresh,
      );
    case "subscriptions":
      return row(
        "insert into public.subscriptions (customer_id, stripe_subscription_id, stripe_customer_id, plan, status) values ($1, $2, 'cus_x', 'pro', 'active')",
        id,
        `sub_${fresh}`,
      );
    case "webhook_events":
      return row(
        "insert into public.webhook_events (provider, event_id, type) values ('stripe', $1, 'invoice.paid')",
        `evt_${fresh}`,
      );
    case "stripe_pending_subscriptions":
      return row(
        `insert into public.stripe_pending_subscriptions
           (stripe_subscription_id, stripe_customer_id, event_id, event_type, event_created, snapshot)
         values ($1, 'cus_probe', 'evt_probe', 'customer.subscription.created', 1, '{}')`,
        `sub_${fresh}`,
      );
    case "audit_log":
      return row(
        "select private.audit('test.probe', null, null, $1, $2, '{}')",
        refs ? id : null,
        isReseller ? id : parent ? f.ids[parent] : null,
      );
    case "secrets":
      return row(
        `insert into public.secrets (${isReseller ? "reseller_id" : "customer_id"}, name, key_id, ciphertext) values ($1, 'model_key', 'k1', 'Y2lwaGVy')`,
        id,
      );
    case "bot_state":
      return row("insert into public.bot_state (key, value) values ($1, '{}')", `new_${fresh}`);
    case "bot_status_messages":
      return row(
        "insert into public.bot_status_messages (key, chat_id, desired_text) values ($1, 42, 'Forged')",
        `new_${fresh}`,
      );
    case "login_links":
      if (tenant === "platform") throw new Error("login links belong to a tenant's user");
      return row(
        "insert into public.login_links (token_hash, user_id, expires_at) values ($1, $2, now() + interval '10 minutes')",
        createHash("sha256").update(fresh).digest("hex"),
        f.residents[tenant],
      );
    case "scheduled_tasks":
      return row(
        "insert into public.scheduled_tasks (customer_id, employee_id, role_template, request, cadence) values ($1, $2, 'assistant', 'Every morning', 'daily')",
        id,
        needRefs().employee,
      );
    case "schedule_runs":
      return row(
        "insert into public.schedule_runs (customer_id, schedule_id, due_at, outcome) values ($1, $2, now(), 'started')",
        id,
        needRefs().schedule,
      );
    case "budget_reservations":
      return row(
        "insert into public.budget_reservations (customer_id, task_id, seq, amount_micros) values ($1, $2, 2, 1000)",
        id,
        needRefs().task,
      );
    case "meter_reports":
      return row(
        "insert into public.meter_reports (customer_id, period, seq, identifier, billed_cents, covered_cents, event_timestamp, status) values ($1, '2026-11', 2, $2, 0, 100, 1795000000, 'covered')",
        id,
        `mr_${fresh}`,
      );
    case "budget_alerts":
      return row(
        "insert into public.budget_alerts (customer_id, period, threshold_pct, budget_micros, spent_micros) values ($1, '2026-11', 100, 1, 1)",
        id,
      );
    case "invoice_payments":
      return row(
        "insert into public.invoice_payments (stripe_invoice_id, customer_id, amount_paid_micros, currency, paid_at) values ($1, $2, 1, 'usd', now())",
        `in_${fresh}`,
        id,
      );
    case "revoked_sessions":
      return row(
        "insert into public.revoked_sessions (jti, expires_at) values ($1, now() + interval '1 day')",
        `jti_${fresh}`,
      );
    case "api_keys":
      return row(
        "insert into public.api_keys (reseller_id, user_id, name, prefix, key_hash, scope) values ($1, $2, 'New key', $3, $4, 'write')",
        id,
        f.users.spare,
        `mk_${fresh.replaceAll("-", "").slice(0, 8)}`,
        createHash("sha256").update(fresh).digest("hex"),
      );
    case "rate_limit_hits":
      return row(
        "insert into public.rate_limit_hits (key, window_start) values ($1, now())",
        `new_${fresh}`,
      );
    case "signups":
      return row(
        "insert into public.signups (customer_id, business_name, contact) values ($1, 'Sign-up', 'new@example.com')",
        id,
      );
    case "live_viewers":
      return row(
        "insert into public.live_viewers (viewer_id, vm_id, customer_id, process, expires_at) values ($1, $2, $3, 'web-2', now() + interval '1 minute')",
        `viewer_${fresh}`,
        needRefs().spareVm,
        id,
      );
    case "live_pollers":
      return row(
        "insert into public.live_pollers (vm_id, owner, expires_at) values ($1, 'web-2', now() + interval '1 minute')",
        needRefs().spareVm,
      );
    case "live_frames":
      return row(
        "insert into public.live_frames (vm_id, customer_id, sha256, content_type, bytes, source) values ($1, $2, $3, 'image/png', '\\x00', 'poll')",
        needRefs().spareVm,
        id,
        "1".repeat(64),
      );
    case "desktop_controls":
      return row(
        "insert into public.desktop_controls (customer_id, employee_id, vm_id, ended_at) values ($1, $2, $3, now())",
        id,
        needRefs().employee,
        needRefs().spareVm,
      );
    case "edge_handoffs":
      return row(
        "insert into public.edge_handoffs (kind, payload) values ('telegram_message', '{}')",
      );
    case "vault_logins":
      return row(
        "insert into public.vault_logins (customer_id, label, allowed_domains, allowed_roles) values ($1, $2, '{wix.com}', '{web_developer}')",
        id,
        `Wix ${fresh}`,
      );
    case "vault_uses":
      return row(
        "insert into public.vault_uses (customer_id, label, task_id, field, outcome) values ($1, 'Wix', $2, 'password', 'typed')",
        id,
        needRefs().task,
      );
    case "customer_files":
      return row(
        "insert into public.customer_files (customer_id, file_name, size_bytes, sha256, bytes) values ($1, 'photo.jpg', 1, $2, '\\x00')",
        id,
        "1".repeat(64),
      );
    case "task_replays":
      // Keyed by task: a fresh task in the same statement (its insert is allowed where
      // tasks are writable, so the replay's own policy is what decides).
      return row(
        "with t as (insert into public.tasks (customer_id, employee_id, request) values ($1, $2, 'Replayed work') returning id) insert into public.task_replays (customer_id, task_id, bytes, size_bytes, frame_count, duration_ms, width, height) select $1, t.id, '\\x00', 1, 1, 1000, 64, 36 from t",
        id,
        needRefs().employee,
      );
    case "deliverables":
      return row(
        "insert into public.deliverables (customer_id, task_id, seq, file_name, title, source_path, size_bytes, sha256, storage_path) values ($1, $2, $3, 'more.csv', 'More', '/home/user/more.csv', 0, $4, $5)",
        id,
        needRefs().task,
        2 + Math.floor(Math.random() * 1e6),
        "1".repeat(64),
        `deliverables/${fresh}.csv`,
      );
  }
}
