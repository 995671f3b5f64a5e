/**
 * A transaction's scope travels with its statements in one round trip, the
 * reason or the claims as parameters: whatever they contain must arrive as
 * data, never as SQL, and a failure must leave nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, databaseBackends } from "../testing/index.ts";
import { createData, type Data, type Database, migrate } from "./index.ts";

const HOSTILE = `it's \\'; set local role postgres; -- "quoted" \\\\ back`;

describe.each(databaseBackends())("scoped transactions on %s", (backend) => {
  let db: Database;
  let data: Data;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await migrate(db.pool);
    data = createData(db);
  });
  afterAll(() => db?.close());

  it("asService records any reason verbatim and runs as service_role", async () => {
    const row = await data.asService(HOSTILE, async (tx) => {
      const { rows } = await tx.query<{ reason: string; role: string }>(
        "select current_setting('mouse.service_reason') as reason, current_user as role",
      );
      return rows[0]!;
    });
    expect(row).toEqual({ reason: HOSTILE, role: "service_role" });
  });

  it("asUser carries claims verbatim and runs as authenticated", async () => {
    const sub = "00000000-0000-4000-8000-000000000001";
    const row = await data.asUser({ sub, note: HOSTILE }, async (tx) => {
      const { rows } = await tx.query<{ claims: string; role: string }>(
        "select current_setting('request.jwt.claims') as claims, current_user as role",
      );
      return rows[0]!;
    });
    expect(row.role).toBe("authenticated");
    expect(JSON.parse(row.claims)).toEqual({ sub, note: HOSTILE, role: "authenticated" });
  });
});

describe.each(databaseBackends())("one-round-trip statements on %s", (backend) => {
  let db: Database;
  let data: Data;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await migrate(db.pool);
    data = createData(db);
  });
  afterAll(() => db?.close());

  it("statementAsService runs as service_role with the reason, and the scope ends with the statement", async () => {
    const { rows } = await data.statementAsService<{ reason: string; role: string }>(
      HOSTILE,
      "select current_setting('mouse.service_reason') as reason, current_user as role",
    );
    expect(rows).toEqual([{ reason: HOSTILE, role: "service_role" }]);
    // Every pooled connection is back to the pool's own role and no reason.
    const after = await Promise.all(
      Array.from({ length: 12 }, () =>
        db.pool.query<{ role: string; reason: string | null }>(
          "select current_user as role, current_setting('mouse.service_reason', true) as reason",
        ),
      ),
    );
    for (const r of after) expect(r.rows[0]!.role).not.toBe("service_role");
    for (const r of after) expect(r.rows[0]!.reason ?? "").toBe("");
  });

  it("statementAsUser carries claims and is bound by row-level security", async () => {
    const sub = "00000000-0000-4000-8000-000000000002";
    const { rows } = await data.statementAsUser<{ claims: string; role: string; events: string }>(
      { sub, note: HOSTILE },
      `select current_setting('request.jwt.claims') as claims, current_user as role,
              (select count(*) from public.webhook_events)::text as events`,
    );
    expect(rows[0]!.role).toBe("authenticated");
    expect(JSON.parse(rows[0]!.claims)).toEqual({ sub, note: HOSTILE, role: "authenticated" });
    await db.pool.query(
      "insert into public.webhook_events (provider, event_id, type) values ('stripe', 'rls-1', 'x')",
    );
    const seen = await data.statementAsUser<{ n: string }>(
      { sub },
      "select count(*)::text as n from public.webhook_events",
    );
    // A plain user sees none of the service bookkeeping.
    expect(seen.rows[0]!.n).toBe("0");
    expect(() => data.statementAsUser({ sub: "not-a-uuid" }, "select 1")).toThrow(/uuid/);
  });

  it("passes hostile values as data, with parameter typing", async () => {
    const ids = ["a'b", 'c"d', "e\\f", HOSTILE];
    const inserted = await data.statementAsService<{ event_id: string }>(
      "test: insert many",
      `insert into public.webhook_events (provider, event_id, type)
       select 'stripe', id, $2 from unnest($1::text[]) id
       on conflict do nothing returning event_id`,
      [ids, HOSTILE],
    );
    expect(inserted.rows.map((r) => r.event_id).sort()).toEqual([...ids].sort());
    const { rows } = await data.statementAsService<{ event_id: string; type: string }>(
      "test: read back",
      "select event_id, type from public.webhook_events where provider = $1 and event_id = $2 limit $3",
      ["stripe", HOSTILE, 5],
    );
    expect(rows).toEqual([{ event_id: HOSTILE, type: HOSTILE }]);
    const nulls = await data.statementAsService<{ v: string | null }>(
      "test: null",
      "select $1::text as v",
      [null],
    );
    expect(nulls.rows).toEqual([{ v: null }]);
  });

  it("carries binary data byte for byte, and text with every kind of quote", async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 131) % 256));
    const texts = ["", "plain", HOSTILE, "\\", "'", "''\\''", "ünïcødé ' \\x00"];
    const { rows } = await data.statementAsService<{ b: Buffer; t: string[] }>(
      "test: bytes",
      "select $1::bytea as b, $2::text[] as t",
      [bytes, texts],
    );
    expect(Buffer.compare(rows[0]!.b, bytes)).toBe(0);
    expect(rows[0]!.t).toEqual(texts);
    for (const text of texts) {
      const [{ v }] = (
        await data.statementAsService<{ v: string }>("test: text", "select $1::text as v", [text])
      ).rows as [{ v: string }];
      expect(v).toBe(text);
    }
  });

  it("an error rolls the statement back and leaves the connection clean", async () => {
    await expect(
      data.statementAsService(
        "test: failing insert",
        `insert into public.webhook_events (provider, event_id, type)
         select 'stripe', 'rolled-back-' || g, case when g = 3 then 1 / 0 else 0 end::text
           from generate_series(1, 3) g`,
      ),
    ).rejects.toThrow(/division by zero/);
    const { rows } = await db.pool.query(
      "select 1 from public.webhook_events where event_id like 'rolled-back-%'",
    );
    expect(rows).toHaveLength(0);
    const role = await db.pool.query<{ role: string }>("select current_user as role");
    expect(role.rows[0]!.role).not.toBe("service_role");
  });

  it("statementsAsService runs several statements as one transaction, with a result each", async () => {
    const results = await data.statementsAsService(
      "test: batch",
      [
        {
          text: "insert into public.webhook_events (provider, event_id, type) values ('stripe', $1, 'x')",
          values: ["batch-1"],
        },
        {
          text: "select event_id, current_setting('synchronous_commit') as sync from public.webhook_events where event_id = $1",
          values: ["batch-1"],
        },
      ],
      { lazyCommit: true },
    );
    expect(results).toHaveLength(2);
    expect(results[0]!.rowCount).toBe(1);
    expect(results[1]!.rows).toEqual([{ event_id: "batch-1", sync: "off" }]);
    // The setting was the transaction's own.
    const sync = await db.pool.query<{ s: string }>(
      "select current_setting('synchronous_commit') as s",
    );
    expect(sync.rows[0]!.s).toBe("on");

    // A failing statement takes the ones before it back with it.
    await expect(
      data.statementsAsService("test: failing batch", [
        {
          text: "insert into public.webhook_events (provider, event_id, type) values ('stripe', 'batch-2', 'x')",
        },
        { text: "select 1 / 0" },
      ]),
    ).rejects.toThrow(/division by zero/);
    const { rows } = await db.pool.query(
      "select 1 from public.webhook_events where event_id = 'batch-2'",
    );
    expect(rows).toHaveLength(0);
  });
  it("a value that cannot be sent fails the batch before any of it runs", async () => {
    await expect(
      data.statementsAsService("test: unsendable", [
        {
          text: "insert into public.webhook_events (provider, event_id, type) values ('stripe', 'unsent-1', 'x')",
        },
        { text: "select $1::numeric", values: [Number.NaN] },
      ]),
    ).rejects.toThrow(/cannot send NaN/);
    const { rows } = await db.pool.query(
      "select 1 from public.webhook_events where event_id = 'unsent-1'",
    );
    expect(rows).toHaveLength(0);
    // Every connection still answers.
    const after = await Promise.all(
      Array.from({ length: 8 }, () =>
        data.statementAsService<{ v: number }>("test: after", "select 1 as v"),
      ),
    );
    for (const r of after) expect(r.rows).toEqual([{ v: 1 }]);
  });

  it("a prepared statement under row-level security shows each user only their own rows", async () => {
    // Two customers with an owner and a task each, and a user with no customer.
    const { rows: people } = await db.pool.query<{ name: string; user_id: string }>(
      `with c as (insert into public.customers (name) values ('Prep A'), ('Prep B') returning id, name),
            u as (insert into public.users (display_name) values ('Prep A'), ('Prep B'), ('Prep none')
                  returning id, display_name),
            m as (insert into public.memberships (user_id, customer_id, role)
                  select u.id, c.id, 'owner' from u join c on c.name = u.display_name returning 1),
            t as (insert into public.tasks (customer_id, request)
                  select id, 'task of ' || name from c returning 1)
       select display_name as name, id as user_id from u, (select count(*) from m) mm, (select count(*) from t) tt`,
    );
    const id = (name: string) => people.find((p) => p.name === name)!.user_id;
    const tasks = async (name: string) => {
      const { rows } = await data.statementAsUser<{ request: string }>(
        { sub: id(name) },
        "select request from public.tasks where request like $1 order by request",
        ["task of Prep %"],
        { name: "test_scoped_tasks" },
      );
      return rows.map((r) => r.request);
    };
    // Enough rounds, on every connection of the pool, that Postgres moves the
    // prepared statement to a generic plan (after five runs) and reuses it.
    for (let round = 0; round < 8; round++) {
      const seen = await Promise.all(
        ["Prep A", "Prep B", "Prep none"].flatMap((name) => [tasks(name), tasks(name)]),
      );
      expect(seen).toEqual([
        ["task of Prep A"],
        ["task of Prep A"],
        ["task of Prep B"],
        ["task of Prep B"],
        [],
        [],
      ]);
    }
  });

  it("a prepared statement whose first batch failed is prepared afresh and runs", async () => {
    const named = {
      name: "test_scoped_named",
      text: "select $1::text || '!' as v",
      values: ["hi"],
    };
    // On every connection of the pool: the first use fails after the statement was prepared…
    await Promise.all(
      Array.from({ length: 8 }, () =>
        expect(
          data.statementsAsService("test: named, failing", [named, { text: "select 1 / 0" }]),
        ).rejects.toThrow(/division by zero/),
      ),
    );
    // …and the next ones run it, prepared or not.
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(
        Array.from({ length: 8 }, () => data.statementsAsService("test: named", [named])),
      );
      for (const [r] of results) expect(r!.rows).toEqual([{ v: "hi!" }]);
    }
  });
});
