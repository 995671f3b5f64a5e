import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "./database.ts";
import { listMigrations, migrate } from "./migrate.ts";
import { ensureTemplate, templatePath } from "./template.ts";

describe("embedded database template", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mouse-template-"));
    expect((await ensureTemplate(join(dir, "templates"))).built).toBe(true);
    expect((await ensureTemplate(join(dir, "templates"))).built).toBe(false);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("is named after the schema it holds, so a changed migration never meets a stale one", async () => {
    const path = await templatePath(join(dir, "templates"));
    expect(await readdir(join(dir, "templates"))).toEqual([path.split("/").at(-1)]);
    expect(path).toMatch(/pglite-[0-9a-f]{16}$/);
  });

  it("opens a new data folder already migrated, and never overwrites an existing one", async () => {
    const options = {
      kind: "embedded" as const,
      dataDir: join(dir, "pg"),
      templateDir: join(dir, "templates"),
    };
    const db = await createDatabase(options);
    const result = await migrate(db.pool, { queue: true });
    expect(result.applied).toEqual([]);
    expect(result.skipped).toBe((await listMigrations()).length);
    await db.pool.query("insert into public.resellers (name) values ('Kept across restarts')");
    await db.close();

    const again = await createDatabase(options);
    const { rows } = await again.pool.query<{ name: string }>("select name from public.resellers");
    expect(rows.map((r) => r.name)).toContain("Kept across restarts");
    await again.close();
  });

  it("leaves an in-memory database empty", async () => {
    const db = await createDatabase({
      kind: "embedded",
      dataDir: "memory://",
      templateDir: join(dir, "templates"),
    });
    const result = await migrate(db.pool);
    expect(result.applied.length).toBe((await listMigrations()).length);
    await db.close();
  });
});
