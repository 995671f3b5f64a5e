/**
 * The one way application code touches data.
 *
 * `asUser` runs a function in a transaction that does what PostgREST does for
 * a request: the caller's JWT claims in `request.jwt.claims` and `SET LOCAL
 * ROLE authenticated`, so every row it reads or writes passes row-level
 * security. `asService` is the explicitly named privileged path (webhooks,
 * workers, the bot's own bookkeeping): `service_role`, which bypasses RLS, with
 * the reason recorded in the transaction for logs and `pg_stat_activity`.
 * Feature code receives a `Data`, never the pool, so it cannot forget to scope
 * a query.
 *
 * On embedded PGlite a transaction holds the whole database: never await other
 * `Data` or queue work inside `fn`.
 */
import type pg from "pg";
import type { Database } from "./database.ts";

/** Supabase-shaped claims: `sub` is our user id; roles come from `app_metadata` and memberships. */
export type Claims = {
  sub: string;
  /** Ignored: asUser always acts as `authenticated` (a forged "service_role" claim grants nothing). */
  role?: string;
  app_metadata?: Record<string, unknown>;
  [claim: string]: unknown;
};

/** A transaction-bound query function; it is only valid inside the callback that received it. */
export type Tx = {
  query: <Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    params?: unknown[],
  ) => Promise<pg.QueryResult<Row>>;
};

export type Data = {
  asUser: <T>(claims: Claims, fn: (tx: Tx) => Promise<T>) => Promise<T>;
  asService: <T>(reason: string, fn: (tx: Tx) => Promise<T>) => Promise<T>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `fn` in a transaction opened by `begin` plus the statements `setup`
 * returns, sent as one simple query: one round trip instead of three, which
 * is most of the cost of a short transaction (values are quoted with the
 * driver's `escapeLiteral`).
 */
async function inTransaction<T>(
  pool: pg.Pool,
  setup: (client: pg.PoolClient) => string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let open = true;
  const tx: Tx = {
    query: (text, params) => {
      if (!open) throw new Error("transaction already finished: a Tx must not escape its callback");
      return client.query(text, params);
    },
  };
  try {
    await client.query(`begin; ${setup(client)}`);
    const result = await fn(tx);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    open = false;
    client.release();
  }
}

/** Creates the scoped data access for a database. */
export function createData(db: Pick<Database, "pool">): Data {
  return {
    asUser: (claims, fn) => {
      if (!UUID.test(claims.sub))
        throw new Error("asUser needs claims with a user id (uuid) in sub");
      return inTransaction(
        db.pool,
        (client) =>
          `select set_config('request.jwt.claims', ${client.escapeLiteral(
            JSON.stringify({ ...claims, role: "authenticated" }),
          )}, true); set local role authenticated`,
        fn,
      );
    },
    asService: (reason, fn) =>
      inTransaction(
        db.pool,
        (client) =>
          `select set_config('request.jwt.claims', '', true), set_config('mouse.service_reason', ${client.escapeLiteral(
            reason.slice(0, 200),
          )}, true); set local role service_role`,
        fn,
      ),
  };
}
