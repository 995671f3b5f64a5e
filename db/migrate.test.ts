import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, databaseBackends } from "../testing/index.ts";
import type { Database } from "./index.ts";
import { listMigrations, MigrationError, migrate } from "./index.ts";

describe.each(databaseBackends())("migrator on %s", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(() => db?.close());

  it("applies every migration in order on an empty database, then is a no-op", async () => {
    const files = await listMigrations();
    const first = await migrate(db.pool, { queue: true });
    expect(first.applied).toEqual(files.map((f) => f.file));
    const { rows } = await db.pool.query(
      "select version from supabase_migrations.schema_migrations order by version",
    );
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
    const second = await migrate(db.pool, { queue: true });
    expect(second).toMatchObject({ applied: [], skipped: files.length });
  });

  it("provides what Supabase would: roles and auth.uid() / auth.jwt() reading request claims", async () => {
    const client = await db.pool.connect();
    try {
      await client.query("begin");
      await client.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: "6f1c6c1e-2b7a-4a57-9d61-0c1d2b3a4e5f", role: "authenticated" }),
      ]);
      await client.query("set local role authenticated");
      const { rows } = await client.query(
        "select auth.uid() as uid, auth.jwt() ->> 'role' as role, current_user as who",
      );
      expect(rows[0]).toEqual({
        uid: "6f1c6c1e-2b7a-4a57-9d61-0c1d2b3a4e5f",
        role: "authenticated",
        who: "authenticated",
      });
      await client.query("rollback");
      const roles = await client.query(
        "select rolname from pg_roles where rolname in ('anon','authenticated','service_role') order by 1",
      );
      expect(roles.rows.map((r) => r.rolname)).toEqual(["anon", "authenticated", "service_role"]);
    } finally {
      client.release();
    }
  });

  it("is safe when two migrators run at once", async () => {
    const results = await Promise.all([migrate(db.pool), migrate(db.pool)]);
    expect(results.flatMap((r) => r.applied)).toEqual([]);
  });

  it("rolls back a failing migration whole and names the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mouse-migrations-"));
    await writeFile(
      join(dir, "20990101000000_good.sql"),
      "create table migrate_probe_good (id int);",
    );
    await writeFile(
      join(dir, "20990101000001_bad.sql"),
      "create table migrate_probe_half (id int);\nselect * from no_such_table;",
    );
    await expect(migrate(db.pool, { dir })).rejects.toThrow(MigrationError);
    await expect(migrate(db.pool, { dir })).rejects.toThrow("20990101000001_bad.sql");
    const { rows } = await db.pool.query(
      "select to_regclass('migrate_probe_good') as good, to_regclass('migrate_probe_half') as half",
    );
    expect(rows[0]).toEqual({ good: "migrate_probe_good", half: null });
  });
});
