/**
 * Test harness for the brain (not part of its public API): a migrated
 * database with two tenants, both model sandboxes behind a router, and King
 * Mouse wired to them.
 */
import { createData, type Data, type Database, migrate } from "../../db/index.ts";
import type { Brain } from "../../sandbox/models/index.ts";
import { createTestDatabase, type DatabaseBackend } from "../../testing/index.ts";
import { type AttemptRecord, createModelRouter, type ModelProvider } from "../models/index.ts";
import { type SandboxedModels, startSandboxedModels } from "../models/test-servers.ts";
import { createKingMouse, type KingMouseDeps } from "./king-mouse.ts";

export type Tenants = {
  a: {
    customer: string;
    owner: string;
    viewer: string;
    employee: string;
    task: string;
    frame: string;
  };
  b: { customer: string; owner: string; employee: string; task: string };
};

/** Secrets only tenant B's rows contain; no reply to A may ever show them. */
export const B_SECRETS = ["Zephyr Holdings", "Nimbus-Quartz", "B-CONFIDENTIAL-4417"];

/** Tenant A (pro plan, owner + viewer, one employee, one running task, one frame) and tenant B. */
export async function seedTenants(data: Data): Promise<Tenants> {
  return data.asService("test: seed tenants", async (tx) => {
    const one = async (sql: string, params: unknown[]) =>
      (await tx.query<{ id: string }>(`${sql} returning id`, params)).rows[0]!.id;
    const user = (name: string) =>
      one("insert into public.users (display_name) values ($1)", [name]);
    const customer = (name: string, plan: string) =>
      one("insert into public.customers (name, plan, business_description) values ($1, $2, $3)", [
        name,
        plan,
        `${name}: small business`,
      ]);
    const member = (u: string, c: string, role: string) =>
      tx.query("insert into public.memberships (user_id, customer_id, role) values ($1, $2, $3)", [
        u,
        c,
        role,
      ]);

    const aCustomer = await customer("Bella's Bakery", "pro");
    const [aOwner, aViewer] = [await user("Bella"), await user("Vic viewer")];
    await member(aOwner, aCustomer, "owner");
    await member(aViewer, aCustomer, "viewer");
    const aEmployee = await one(
      "insert into public.employees (customer_id, name, role_template) values ($1, 'Pixel', 'web_developer')",
      [aCustomer],
    );
    const aTask = await one(
      `insert into public.tasks (customer_id, employee_id, request, status, step_count, cost_micros)
       values ($1, $2, 'Update the opening hours on the website', 'running', 4, 120000)`,
      [aCustomer, aEmployee],
    );
    const aFrame = await one(
      `insert into public.frames (customer_id, task_id, sha256, width, height, bytes)
       values ($1, $2, 'abc', 1280, 800, '\\x89504e47')`,
      [aCustomer, aTask],
    );

    const bCustomer = await customer(B_SECRETS[0]!, "team");
    const bOwner = await user("Zed");
    await member(bOwner, bCustomer, "owner");
    const bEmployee = await one(
      "insert into public.employees (customer_id, name, role_template) values ($1, $2, 'researcher')",
      [bCustomer, B_SECRETS[1]],
    );
    const bTask = await one(
      `insert into public.tasks (customer_id, employee_id, request, status, result)
       values ($1, $2, 'Compile the acquisition shortlist', 'succeeded', $3)`,
      [bCustomer, bEmployee, `Shortlist ready: ${B_SECRETS[2]}`],
    );
    return {
      a: {
        customer: aCustomer,
        owner: aOwner,
        viewer: aViewer,
        employee: aEmployee,
        task: aTask,
        frame: aFrame,
      },
      b: { customer: bCustomer, owner: bOwner, employee: bEmployee, task: bTask },
    };
  });
}

export type Harness = {
  db: Database;
  data: Data;
  tenants: Tenants;
  models: SandboxedModels;
  attempts: AttemptRecord[];
  king: ReturnType<typeof createKingMouse>;
  /** Rebuilds King Mouse with other options (same database and sandboxes). */
  rebuild: (deps?: Partial<KingMouseDeps>) => ReturnType<typeof createKingMouse>;
  /** A router over other providers, retrying without waiting and logging into `attempts`. */
  routerOf: (providers: ModelProvider[]) => ReturnType<typeof createModelRouter>;
  close: () => Promise<void>;
};

/** A fresh database on `backend`, seeded, plus sandboxed models and King Mouse. */
export async function startHarness(
  backend: DatabaseBackend,
  { brain }: { brain?: Brain } = {},
): Promise<Harness> {
  const db = await createTestDatabase(backend);
  await migrate(db.pool);
  const data = createData(db);
  const tenants = await seedTenants(data);
  const models = await startSandboxedModels({ brain });
  const attempts: AttemptRecord[] = [];
  const routerOf = (providers: ModelProvider[]) =>
    createModelRouter({
      providers,
      retry: { attempts: 2, baseDelayMs: 1 },
      breaker: { failureThreshold: 1_000 },
      sleep: async () => {},
      onAttempt: (a) => attempts.push(a),
    });
  const router = routerOf([models.providers.anthropic, models.providers.openai]);
  const rebuild = (deps: Partial<KingMouseDeps> = {}) =>
    createKingMouse({ data, models: router, ...deps });
  return {
    db,
    data,
    tenants,
    models,
    attempts,
    king: rebuild(),
    rebuild,
    routerOf,
    close: async () => {
      await models.close();
      await db.close();
    },
  };
}

/** Resets both sandboxes' faults and logs between tests. */
export function resetModels(h: Harness): void {
  for (const sandbox of [h.models.anthropic, h.models.openai]) {
    sandbox.faults.clear();
    sandbox.log.clear();
  }
  h.attempts.length = 0;
}

/** Rows of a query on the service path (tests inspect the database directly). */
export async function rows<T extends Record<string, unknown>>(
  h: Harness,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return h.data.asService("test: inspect", async (tx) => (await tx.query<T>(sql, params)).rows);
}
