import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database, DatabaseUnavailableError } from "./database.ts";
import { listMigrations } from "./migrate.ts";
import { createPGlitePool } from "./pglite-pool.ts";
import { openInThread } from "./pglite-thread.ts";

const run = promisify(execFile);

describe("the embedded database in its own thread", () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mouse-thread-"));
    db = await createDatabase({ kind: "embedded", dataDir: "memory://" });
    await db.pool.query("create table notes (id int primary key, body text not null)");
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps Postgres' error code and position, and the pool goes on working", async () => {
    await db.pool.query("insert into notes values (1, 'first')");
    const duplicate = await db.pool.query("insert into notes values (1, 'again')").catch((e) => e);
    expect(duplicate).toMatchObject({ code: "23505", constraint: "notes_pkey" });
    const typo = await db.pool.query("select bodyy from notes").catch((e) => e);
    expect(typo).toMatchObject({ code: "42703", position: "8" });
    const { rows } = await db.pool.query("select body from notes where id = $1", [1]);
    expect(rows).toEqual([{ body: "first" }]);
  });

  it("runs concurrent clients' transactions one at a time, each seeing its own writes", async () => {
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const client = await db.pool.connect();
        try {
          await client.query("begin");
          await client.query("insert into notes values ($1, $2)", [100 + i, `n${i}`]);
          const { rows } = await client.query(
            "select count(*)::int as n from notes where id = $1",
            [100 + i],
          );
          expect(rows[0].n).toBe(1);
          await client.query(i % 2 ? "rollback" : "commit");
        } finally {
          client.release();
        }
      }),
    );
    const { rows } = await db.pool.query("select id from notes where id >= 100 order by id");
    expect(rows.map((r) => r.id)).toEqual([100, 102, 104]);
  });

  it("delivers NOTIFY to a listening client", async () => {
    const listener = await db.pool.connect();
    try {
      const heard = new Promise<string | undefined>((resolve) =>
        listener.on("notification", (n) => resolve(n.payload)),
      );
      await listener.query("listen thread_test");
      await db.pool.query("select pg_notify('thread_test', 'hello')");
      await listener.query("select 1"); // PGlite hands notifications out with a reply
      expect(await heard).toBe("hello");
    } finally {
      listener.release();
    }
  });

  it("migrates and seeds a new folder while it opens, and only once", async () => {
    const options = {
      kind: "embedded" as const,
      dataDir: join(dir, "pg"),
      prepare: { queue: true, seedDemo: true },
    };
    const first = await createDatabase(options);
    expect(first.prepared?.seeded).toBe(true);
    expect(first.prepared?.migration.skipped).toBe((await listMigrations()).length);
    const { rows } = await first.pool.query("select count(*)::int as n from public.customers");
    expect(rows[0].n).toBeGreaterThan(0);
    await first.close();

    const again = await createDatabase(options);
    expect(again.prepared).toMatchObject({ seeded: false, migration: { applied: [] } });
    await again.close();
  });

  it("says which folder it could not open", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "not a folder");
    const error = await createDatabase({ kind: "embedded", dataDir: join(file, "pg") }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error.message).toContain(`embedded database in ${join(file, "pg")}`);
  });

  it("lets its thread end by itself once closed, with every query answered first", async () => {
    const thread = await openInThread({ dataDir: "memory://" });
    const pool = createPGlitePool(thread.session, { max: 2 });
    const busy = pool.query("select count(*)::int as n from generate_series(1, 300000)");
    await pool.end();
    expect((await busy).rows).toEqual([{ n: 300000 }]);
    // 0: the thread ran out of work and exited; terminate() would make it 1.
    expect(await thread.close()).toBe(0);
    await expect(thread.session.run(new Uint8Array([0]))).rejects.toThrow(/stopped/);
  });

  it("does not keep a process alive that has nothing left to do", async () => {
    const script = `
      import { createDatabase } from "./db/database.ts";
      const db = await createDatabase({ kind: "embedded", dataDir: "memory://" });
      const { rows } = await db.pool.query("select 41 + 1 as answer");
      console.log(rows[0].answer); // and no close(): the process must still end
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: join(import.meta.dirname, ".."),
      timeout: 30_000,
    });
    expect(stdout.trim()).toBe("42");
  });
});
