/**
 * The transaction set-up travels as one simple query with quoted values, so
 * whatever a reason or a claim contains must arrive as data, never as SQL.
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
