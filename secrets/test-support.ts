/**
 * Fixtures for the secrets tests: a small tenancy tree written as the
 * database owner, and a scanner that looks for a string in every column of
 * every table outside the system schemas.
 */
import type pg from "pg";

export type Tenants = {
  resellerId: string;
  customerA: string;
  customerB: string;
  /** Owner of customer A. */
  ownerA: string;
  /** Viewer of customer A: may read, may not manage. */
  viewerA: string;
  /** Owner of customer B. */
  ownerB: string;
};

/** Creates a reseller with customers A and B and their users, as the database owner. */
export async function createTenants(pool: pg.Pool): Promise<Tenants> {
  const one = async (sql: string, params: unknown[] = []) =>
    (await pool.query<{ id: string }>(sql, params)).rows[0]!.id;
  const resellerId = await one(
    "insert into public.resellers (name) values ('Acme Resale') returning id",
  );
  const customer = (name: string) =>
    one("insert into public.customers (reseller_id, name) values ($1, $2) returning id", [
      resellerId,
      name,
    ]);
  const customerA = await customer("Customer A");
  const customerB = await customer("Customer B");
  const user = async (customerId: string, role: string, name: string) => {
    const id = await one("insert into public.users (display_name) values ($1) returning id", [
      name,
    ]);
    await pool.query(
      "insert into public.memberships (user_id, customer_id, role) values ($1, $2, $3)",
      [id, customerId, role],
    );
    return id;
  };
  return {
    resellerId,
    customerA,
    customerB,
    ownerA: await user(customerA, "owner", "Owner A"),
    viewerA: await user(customerA, "viewer", "Viewer A"),
    ownerB: await user(customerB, "owner", "Owner B"),
  };
}

/** Where a needle was found: `schema.table.column`. */
export type Hit = string;

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Looks for any of `needles` in every column of every table, partitioned
 * table and materialised view in every non-system schema. Text, json, jsonb,
 * arrays and every other type are compared through their text form; bytea is
 * searched as raw bytes. Reads table contents only, never session state.
 */
export async function findEverywhere(pool: pg.Pool, needles: string[]): Promise<Hit[]> {
  const { rows: columns } = await pool.query<{
    schema: string;
    table: string;
    column: string;
    type: string;
  }>(
    `select n.nspname as schema, c.relname as table, a.attname as column, t.typname as type
       from pg_catalog.pg_class c
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
       join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       join pg_catalog.pg_type t on t.oid = a.atttypid
      where c.relkind in ('r', 'p', 'm')
        and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg\\_%'
      order by 1, 2, a.attnum`,
  );
  const tables = new Map<string, { column: string; type: string }[]>();
  for (const c of columns) {
    const key = `${quote(c.schema)}.${quote(c.table)}`;
    tables.set(key, [...(tables.get(key) ?? []), { column: c.column, type: c.type }]);
  }
  const hits: Hit[] = [];
  for (const [table, cols] of tables) {
    const tests = cols.map(({ column, type }, i) => {
      const match =
        type === "bytea"
          ? `position(convert_to(n, 'UTF8') in ${quote(column)}) > 0`
          : `strpos(${quote(column)}::text, n) > 0`;
      return `count(*) filter (where exists (select 1 from unnest($1::text[]) n where ${match})) as c${i}`;
    });
    const { rows } = await pool.query(`select ${tests.join(", ")} from ${table}`, [needles]);
    cols.forEach(({ column }, i) => {
      if (Number(rows[0]?.[`c${i}`]) > 0) hits.push(`${table.replaceAll('"', "")}.${column}`);
    });
  }
  return hits;
}
