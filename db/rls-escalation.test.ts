/**
 * Ways past the isolation matrix: promoting oneself, editing columns that
 * belong to billing or the workers, forging token claims, writing another
 * tenant's audit trail, reading secret ciphertext, and pointing one's own
 * rows at another tenant's parents.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseBackends,
  forgedClaims,
  seedTenants,
  type TenantFixture,
  type UserKey,
} from "../testing/index.ts";
import { createData, type Data, type Database, migrate, type Tx } from "./index.ts";

type Outcome = { rows: number; values: unknown[] } | { code: string; message: string };

/** Runs one statement in a savepoint and reports what happened without disturbing the transaction. */
async function attempt(tx: Tx, sql: string, params: unknown[] = []): Promise<Outcome> {
  await tx.query("savepoint attempt");
  try {
    const result = await tx.query(sql, params);
    return {
      rows: result.rowCount ?? 0,
      values: result.rows.map((row) => Object.values(row)[0]),
    };
  } catch (error) {
    const { code = "", message = String(error) } = error as { code?: string; message?: string };
    return { code, message };
  } finally {
    await tx.query("rollback to savepoint attempt");
  }
}

const denied = { code: "42501" };
class RollBack extends Error {}

describe.each(databaseBackends())("escalation attempts on %s", (backend) => {
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

  /** Acts as a seeded user (optionally with extra claims) and rolls everything back. */
  async function as<T>(
    who: UserKey,
    fn: (tx: Tx) => Promise<T>,
    claims?: Record<string, unknown>,
  ): Promise<T> {
    let result: T | undefined;
    await data
      .asUser({ sub: f.users[who] }, async (tx) => {
        if (claims)
          await tx.query("select set_config('request.jwt.claims', $1, true)", [
            JSON.stringify(claims),
          ]);
        result = await fn(tx);
        throw new RollBack();
      })
      .catch((error) => {
        if (!(error instanceof RollBack)) throw error;
      });
    return result as T;
  }

  it("nobody makes themselves a platform admin, though everyone may edit their own profile", async () => {
    for (const who of ["customerOwner", "resellerOwner", "stranger"] as const) {
      const me = f.users[who];
      await as(who, async (tx) => {
        expect(
          await attempt(tx, "update public.users set is_platform_admin = true where id = $1", [me]),
        ).toMatchObject(denied);
        expect(
          await attempt(tx, "update public.users set telegram_user_id = 1 where id = $1", [me]),
        ).toMatchObject(denied);
        expect(
          await attempt(tx, "update public.users set display_name = 'Me' where id = $1", [me]),
        ).toMatchObject({ rows: 1 });
        expect(await attempt(tx, "select private.is_platform_admin()")).toMatchObject({
          values: [false],
        });
      });
    }
    await as("customerOwner", async (tx) => {
      // A teammate is visible, but their profile is theirs to edit.
      const teammate = f.residents.A;
      expect(
        await attempt(tx, "select id from public.users where id = $1", [teammate]),
      ).toMatchObject({ rows: 1 });
      expect(
        await attempt(tx, "update public.users set display_name = 'Hacked' where id = $1", [
          teammate,
        ]),
      ).toMatchObject({ rows: 0 });
    });
  });

  it("members and viewers cannot raise their own role or join where they please", async () => {
    for (const who of [
      "customerMember",
      "customerViewer",
      "resellerMember",
      "resellerViewer",
    ] as const) {
      const me = f.users[who];
      await as(who, async (tx) => {
        expect(
          await attempt(tx, "select id from public.memberships where user_id = $1", [me]),
        ).toMatchObject({ rows: 1 });
        expect(
          await attempt(tx, "update public.memberships set role = 'owner' where user_id = $1", [
            me,
          ]),
        ).toMatchObject({ rows: 0 });
        for (const target of [f.ids.A, f.ids.B]) {
          expect(
            await attempt(
              tx,
              "insert into public.memberships (user_id, customer_id, role) values ($1, $2, 'owner')",
              [me, target],
            ),
          ).toMatchObject(denied);
        }
        expect(
          await attempt(
            tx,
            "insert into public.memberships (user_id, reseller_id, role) values ($1, $2, 'owner')",
            [me, f.ids.R1],
          ),
        ).toMatchObject(denied);
      });
    }
    await as("customerOwner", async (tx) => {
      // A manager edits roles, but cannot move a membership to another customer.
      expect(
        await attempt(tx, "update public.memberships set customer_id = $1 where user_id = $2", [
          f.ids.B,
          f.users.customerMember,
        ]),
      ).toMatchObject(denied);
      expect(
        await attempt(tx, "update public.memberships set role = 'admin' where user_id = $1", [
          f.users.customerMember,
        ]),
      ).toMatchObject({ rows: 1 });
    });
  });

  it("plan, status, revenue share and Stripe identities are not the tenants' to set", async () => {
    await as("customerOwner", async (tx) => {
      for (const set of [
        "plan = 'enterprise'",
        "status = 'active'",
        "stripe_customer_id = 'cus_other'",
        "reseller_id = null",
      ]) {
        expect(
          await attempt(tx, `update public.customers set ${set} where id = $1`, [f.ids.A]),
        ).toMatchObject(denied);
      }
      expect(
        await attempt(tx, "update public.customers set name = 'Renamed' where id = $1", [f.ids.A]),
      ).toMatchObject({ rows: 1 });
    });
    await as("resellerOwner", async (tx) => {
      for (const set of ["revenue_share_bps = 10000", "stripe_account_id = 'acct_x'"]) {
        expect(
          await attempt(tx, `update public.resellers set ${set} where id = $1`, [f.ids.R1]),
        ).toMatchObject(denied);
      }
      for (const [column, value] of [
        ["plan", "enterprise"],
        ["status", "suspended"],
        ["stripe_customer_id", "cus_someone_elses"],
      ]) {
        expect(
          await attempt(
            tx,
            `insert into public.customers (reseller_id, name, ${column}) values ($1, 'Freebie', $2)`,
            [f.ids.R1, value],
          ),
        ).toMatchObject(denied);
      }
    });
  });

  it("reseller staff who create a customer can read it back and invite its owner", async () => {
    await as("resellerAdmin", async (tx) => {
      // What onboarding does: insert … returning, then the invite and its audit entry.
      const { rows } = await tx.query<{ id: string }>(
        "insert into public.customers (reseller_id, name) values ($1, 'New Bakery') returning id",
        [f.ids.R1],
      );
      const customerId = rows[0]!.id;
      await tx.query(
        "insert into public.invites (token, customer_id, created_by, expires_at) values ($1, $2, $3, now() + interval '1 day')",
        ["new_bakery_owner_invite", customerId, f.users.resellerAdmin],
      );
      await tx.query("select private.audit('customer.created', 'customer', $1, $2, $3, '{}')", [
        customerId,
        customerId,
        f.ids.R1,
      ]);
      expect(
        await attempt(tx, "select name from public.customers where id = $1", [customerId]),
      ).toMatchObject({ values: ["New Bakery"] });
    });
  });

  it("what the knights did and what it cost belong to the workers", async () => {
    await as("customerOwner", async (tx) => {
      for (const [table, set, expected] of [
        ["tasks", "status = 'succeeded'", denied],
        ["tasks", "cost_micros = 0", denied],
        ["tasks", "customer_id = $2", denied],
        ["employees", "customer_id = $2", denied],
        ["approvals", "customer_id = $2", denied],
        ["vms", "status = 'deleted'", { rows: 0 }],
        ["usage_events", "cost_micros = 0", { rows: 0 }],
        ["credit_ledger", "amount_micros = 1e12", { rows: 0 }],
      ] as const) {
        const params = set.includes("$2") ? [f.ids.A, f.ids.B] : [f.ids.A];
        const sql = `update public.${table} set ${set} where customer_id = $1`;
        expect(await attempt(tx, sql, params), sql).toMatchObject(expected);
      }
    });
  });

  it("a tenant cannot hang its own rows on another tenant's employee, task or conversation", async () => {
    await as("customerOwner", async (tx) => {
      const B = f.refs.B;
      for (const [sql, params] of [
        [
          "insert into public.tasks (customer_id, employee_id, request) values ($1, $2, 'Use their desktop')",
          [f.ids.A, B.employee],
        ],
        [
          "insert into public.approvals (customer_id, task_id, kind, summary, expires_at) values ($1, $2, 'task.run', 'x', now() + interval '1 hour')",
          [f.ids.A, B.task],
        ],
        [
          `insert into public.messages (customer_id, conversation_id, role, content) values ($1, $2, 'user', '"hi"')`,
          [f.ids.A, B.conversation],
        ],
      ] as const) {
        // The foreign key includes customer_id, so B's parent is not found for A.
        expect(await attempt(tx, sql, [...params]), sql).toMatchObject({ code: "23503" });
      }
      expect(
        await attempt(tx, "update public.tasks set employee_id = $1 where customer_id = $2", [
          B.employee,
          f.ids.A,
        ]),
      ).toMatchObject(denied);
    });
  });

  it("schedules start pending and tenants may pause or cancel them, never activate or re-point them", async () => {
    const schedule = f.rows.scheduled_tasks.A![0]!; // seeded active
    const insert = (status: string, employee: string, approval: string | null, extra = "") =>
      `insert into public.scheduled_tasks (customer_id, employee_id, approval_id, role_template, request, cadence, status${extra ? ", next_run_at" : ""})
       values ('${f.ids.A}', '${employee}', ${approval ? `'${approval}'` : "null"}, 'assistant', 'Post daily', 'daily', '${status}'${extra})`;
    await as("customerMember", async (tx) => {
      const A = f.refs.A;
      const B = f.refs.B;
      expect(await attempt(tx, insert("active", A.employee, A.approval))).toMatchObject(denied);
      expect(await attempt(tx, insert("paused", A.employee, A.approval))).toMatchObject(denied);
      expect(
        await attempt(tx, insert("pending_approval", A.employee, A.approval, ", now()")),
      ).toMatchObject(denied);
      // Composite foreign keys: another customer's employee or approval is not found for A.
      expect(await attempt(tx, insert("pending_approval", B.employee, A.approval))).toMatchObject({
        code: "23503",
      });
      expect(await attempt(tx, insert("pending_approval", A.employee, B.approval))).toMatchObject({
        code: "23503",
      });
      expect(await attempt(tx, insert("pending_approval", A.employee, A.approval))).toMatchObject({
        rows: 1,
      });

      const set = (assignment: string) =>
        attempt(tx, `update public.scheduled_tasks set ${assignment} where id = $1`, [schedule]);
      for (const assignment of [
        "status = 'active'",
        "status = 'pending_approval'",
        "next_run_at = now()",
        "budget_micros = 1e12",
        `employee_id = '${B.employee}'`,
        `approval_id = '${B.approval}'`,
        `customer_id = '${f.ids.B}'`,
      ]) {
        expect(await set(assignment), assignment).toMatchObject(denied);
      }
      expect(await set("status = 'cancelled'")).toMatchObject({ rows: 1 });
      // Paused is as far as a tenant goes: resuming is the approval executor's job.
      await tx.query("update public.scheduled_tasks set status = 'paused' where id = $1", [
        schedule,
      ]);
      expect(await set("status = 'active'")).toMatchObject(denied);
    });
    await as("customerViewer", async (tx) => {
      expect(
        await attempt(tx, "update public.scheduled_tasks set status = 'paused' where id = $1", [
          schedule,
        ]),
      ).toMatchObject({ rows: 0 });
    });
  });

  it("a tenant's new task waits for approval: no status, approver, cost or worker fields of its own", async () => {
    await as("customerOwner", async (tx) => {
      const A = f.refs.A;
      const B = f.refs.B;
      const insert = (column: string, value: unknown) =>
        attempt(
          tx,
          `insert into public.tasks (customer_id, employee_id, request, ${column}) values ($1, $2, 'Work', $3)`,
          [f.ids.A, A.employee, value],
        );
      for (const [column, value] of [
        // Queued straight away, the knights' relay would run it without a tap.
        ["status", "queued"],
        ["status", "succeeded"],
        ["approved_by", f.users.customerOwner],
        ["approved_at", new Date()],
        ["cost_micros", -1_000_000_000],
        ["step_count", 1],
        ["result", "Done, trust me"],
        ["enqueued_at", new Date()],
        // The knight would load this screen on the service path and show it to the model and chat.
        ["first_frame_id", B.frame],
        ["first_frame_id", A.frame],
        ["approval_id", B.approval],
        ["approval_id", A.approval],
      ] as const) {
        expect(await insert(column, value), `${column} = ${value}`).toMatchObject(denied);
      }
      expect(
        await attempt(
          tx,
          "insert into public.tasks (customer_id, employee_id, requested_by, request, budget_micros, max_steps) values ($1, $2, $3, 'Work', 1000000, 10) returning status",
          [f.ids.A, A.employee, f.users.customerOwner],
        ),
      ).toMatchObject({ values: ["awaiting_approval"] });
    });
  });

  it("customers may lower their monthly budget but only a platform admin raises or clears it", async () => {
    const budget = (tx: Tx, value: number | null) =>
      attempt(tx, "update public.customers set monthly_budget_micros = $2 where id = $1", [
        f.ids.A,
        value,
      ]);
    for (const who of ["customerOwner", "customerAdmin", "resellerOwner"] as const) {
      await as(who, async (tx) => {
        // No budget of its own: the free plan's 5 USD applies.
        expect(await budget(tx, 5_000_001), who).toMatchObject(denied);
        expect(await budget(tx, 4_000_000), who).toMatchObject({ rows: 1 });
        await tx.query(
          "update public.customers set monthly_budget_micros = 1000000 where id = $1",
          [f.ids.A],
        );
        expect(await budget(tx, 2_000_000), who).toMatchObject(denied);
        expect(await budget(tx, null), who).toMatchObject(denied);
        expect(await budget(tx, 500_000), who).toMatchObject({ rows: 1 });
      });
    }
    await as("customerMember", async (tx) => {
      expect(await budget(tx, 1_000_000)).toMatchObject({ rows: 0 });
    });
    await as("platformAdmin", async (tx) => {
      expect(await budget(tx, 1_000_000_000)).toMatchObject({ rows: 1 });
    });
  });

  it("nobody mints a login link, an API key or a session record, even for themselves", async () => {
    const hash = "f".repeat(64);
    for (const who of ["platformAdmin", "resellerOwner", "customerOwner"] as const) {
      await as(who, async (tx) => {
        for (const target of [f.users[who], f.users.platformAdmin]) {
          expect(
            await attempt(
              tx,
              "insert into public.login_links (token_hash, user_id, expires_at) values ($1, $2, now() + interval '1 hour')",
              [hash, target],
            ),
          ).toMatchObject(denied);
        }
        expect(
          await attempt(
            tx,
            "insert into public.api_keys (reseller_id, user_id, name, prefix, key_hash, scope) values ($1, $2, 'Mine', 'mk_abcdefgh', $3, 'write')",
            [f.ids.R1, f.users[who], hash],
          ),
        ).toMatchObject(denied);
        expect(
          await attempt(tx, "update public.api_keys set revoked_at = null, scope = 'write'"),
        ).toMatchObject(denied);
        expect(await attempt(tx, "delete from public.revoked_sessions")).toMatchObject({
          rows: 0,
        });
        expect(await attempt(tx, "select token_hash from public.login_links")).toMatchObject({
          rows: 0,
        });
      });
    }
  });

  it("forged token claims grant nothing: the helpers read only the user id", async () => {
    const forged = forgedClaims(f.users.stranger, f.ids.A);
    await as(
      "stranger",
      async (tx) => {
        expect(
          await attempt(tx, "select auth.jwt() -> 'app_metadata' ->> 'platform_admin'"),
        ).toMatchObject({ values: ["true"] });
        expect(await attempt(tx, "select private.is_platform_admin()")).toMatchObject({
          values: [false],
        });
        expect(
          await attempt(tx, "select count(*)::int from private.readable_customer_ids()"),
        ).toMatchObject({ values: [0] });
        expect(await attempt(tx, "select id from public.customers")).toMatchObject({ rows: 0 });
        expect(await attempt(tx, "select id from public.users")).toMatchObject({
          values: [f.users.stranger],
        });
      },
      forged,
    );
    await as(
      "customerViewer",
      async (tx) => {
        expect(
          await attempt(
            tx,
            "insert into public.tasks (customer_id, request) values ($1, 'Viewer sneaks work in')",
            [f.ids.A],
          ),
        ).toMatchObject(denied);
        expect(
          await attempt(tx, "update public.customers set name = 'x' where id = $1", [f.ids.A]),
        ).toMatchObject({ rows: 0 });
      },
      { ...forgedClaims(f.users.customerViewer, f.ids.A), sub: f.users.customerViewer },
    );
  });

  it("private.audit records the session's own user, and only into tenants the user belongs to", async () => {
    const entry = (tx: Tx, customer: string | null, reseller: string | null = null) =>
      attempt(tx, "select private.audit('probe', 'thing', 'x', $1, $2, $3)", [
        customer,
        reseller,
        JSON.stringify({ actor_user_id: f.users.platformAdmin, actor_kind: "admin" }),
      ]);
    const ids: unknown[] = [];
    const keep = async (tx: Tx, customer: string | null) => {
      const { rows } = await tx.query<{ id: string }>(
        "select private.audit('probe', 'thing', 'x', $1, null, $2) as id",
        [customer, JSON.stringify({ actor_user_id: f.users.platformAdmin })],
      );
      ids.push(rows[0]!.id);
    };
    // Committed (not rolled back) so the rows can be read afterwards as the service.
    await data.asUser({ sub: f.users.customerMember }, (tx) => keep(tx, f.ids.A));
    await data.asUser({ sub: f.users.platformAdmin }, (tx) => keep(tx, f.ids.B));
    await data.asUser({ sub: f.users.stranger }, async (tx) => {
      await tx.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify(forgedClaims(f.users.stranger, f.ids.A)),
      ]);
      await keep(tx, null);
    });
    await data.asService("test: audit as system", (tx) => keep(tx, f.ids.D));
    const { rows } = await data.asService("test: read audit", (tx) =>
      tx.query(
        "select actor_user_id, actor_kind from public.audit_log where id = any($1::bigint[]) order by id",
        [ids],
      ),
    );
    expect(rows).toEqual([
      { actor_user_id: f.users.customerMember, actor_kind: "user" },
      { actor_user_id: f.users.platformAdmin, actor_kind: "admin" },
      { actor_user_id: f.users.stranger, actor_kind: "user" },
      { actor_user_id: null, actor_kind: "system" },
    ]);

    await as("customerOwner", async (tx) => {
      expect(await entry(tx, f.ids.B)).toMatchObject(denied);
      expect(await entry(tx, f.ids.A2)).toMatchObject(denied);
      expect(await entry(tx, f.ids.A, f.ids.R2)).toMatchObject(denied);
      expect(await entry(tx, null, f.ids.R1)).toMatchObject(denied);
      expect(await entry(tx, f.ids.A, f.ids.R1)).toMatchObject({ rows: 1 });
    });
    await as("resellerViewer", async (tx) => {
      expect(await entry(tx, f.ids.A, f.ids.R1)).toMatchObject({ rows: 1 });
      expect(await entry(tx, f.ids.B)).toMatchObject(denied);
    });
  });

  it("the audit log is append-only, even for platform admins", async () => {
    for (const who of ["platformAdmin", "customerOwner", "resellerOwner"] as const) {
      await as(who, async (tx) => {
        expect(
          await attempt(
            tx,
            "insert into public.audit_log (actor_user_id, actor_kind, action, customer_id) values ($1, 'admin', 'forged', $2)",
            [f.users.platformAdmin, f.ids.A],
          ),
        ).toMatchObject(denied);
        expect(await attempt(tx, "update public.audit_log set action = 'edited'")).toMatchObject(
          denied,
        );
        expect(await attempt(tx, "delete from public.audit_log")).toMatchObject(denied);
        expect(await attempt(tx, "truncate public.audit_log")).toMatchObject(denied);
      });
    }
  });

  it("secret ciphertext is unreadable to every user; managers see only that a secret exists", async () => {
    for (const [who, visible] of [
      ["platformAdmin", 6],
      ["resellerOwner", 3],
      ["customerOwner", 1],
      ["customerMember", 0],
    ] as const) {
      await as(who, async (tx) => {
        expect(await attempt(tx, "select ciphertext from public.secrets")).toMatchObject(denied);
        expect(await attempt(tx, "select * from public.secrets")).toMatchObject(denied);
        expect(await attempt(tx, "select name, key_id from public.secrets")).toMatchObject({
          rows: visible,
        });
      });
    }
  });

  it("anon reaches no table and no helper", async () => {
    await data
      .asService("test: act as anon", async (tx) => {
        await tx.query("set local role anon");
        for (const sql of [
          "select private.is_platform_admin()",
          "select private.audit('x', null, null, null, null, '{}')",
          "select id from public.users",
          "insert into public.users (display_name) values ('anon')",
        ]) {
          expect(await attempt(tx, sql), sql).toMatchObject(denied);
        }
        throw new RollBack();
      })
      .catch((error) => {
        if (!(error instanceof RollBack)) throw error;
      });
  });

  it("policy-building helpers cannot be called by users", async () => {
    await as("platformAdmin", async (tx) => {
      expect(
        await attempt(tx, "select private.apply_customer_policies('public.tasks', true, true)"),
      ).toMatchObject(denied);
    });
  });
});
