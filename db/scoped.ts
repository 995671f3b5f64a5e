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

/** A value a one-round-trip statement can carry (inlined as a quoted literal, so no binary data). */
export type SqlValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | null
  | undefined
  | readonly SqlValue[]
  | { readonly [key: string]: unknown };

export type Data = {
  asUser: <T>(claims: Claims, fn: (tx: Tx) => Promise<T>) => Promise<T>;
  asService: <T>(reason: string, fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /**
   * One statement with `asUser`'s scope in a single round trip: for the hot
   * paths (the bot's read-only commands) where a transaction's three round
   * trips are most of the cost. `$n` in `text` are placeholders only.
   */
  statementAsUser: <Row extends pg.QueryResultRow = pg.QueryResultRow>(
    claims: Claims,
    text: string,
    values?: readonly SqlValue[],
  ) => Promise<pg.QueryResult<Row>>;
  /** One statement with `asService`'s scope in a single round trip (see `statementAsUser`). */
  statementAsService: <Row extends pg.QueryResultRow = pg.QueryResultRow>(
    reason: string,
    text: string,
    values?: readonly SqlValue[],
  ) => Promise<pg.QueryResult<Row>>;
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

/** The text form node-postgres would send for a parameter, for the array and scalar values we inline. */
function textOf(value: Exclude<SqlValue, null | undefined>): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`cannot send ${value} to Postgres`);
    return String(value);
  }
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) throw new TypeError("binary values need asUser/asService");
  if (Array.isArray(value)) {
    const items = value.map((item: SqlValue) => {
      if (item == null) return "NULL";
      if (Array.isArray(item)) return textOf(item);
      return `"${textOf(item).replace(/[\\"]/g, "\\$&")}"`;
    });
    return `{${items.join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Replaces `$n` placeholders with quoted literals. A quoted literal is an
 * untyped constant to Postgres, exactly as an extended-protocol parameter is,
 * so the statement's types resolve the same way.
 */
function inline(client: pg.PoolClient, text: string, values: readonly SqlValue[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new RangeError(`no value for $${n}`);
    const value = values[index];
    return value == null ? "null" : client.escapeLiteral(textOf(value));
  });
}

/**
 * Runs one statement after `setup` in a single simple query. Postgres runs a
 * multi-statement simple query as one implicit transaction, so the
 * `set local` scope ends with it and an error rolls all of it back: the
 * guarantees of `inTransaction` for one statement, in one round trip instead
 * of three.
 */
async function inOneRoundTrip<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  setup: (client: pg.PoolClient) => string,
  text: string,
  values: readonly SqlValue[],
): Promise<pg.QueryResult<Row>> {
  const client = await pool.connect();
  try {
    const results = (await client.query(
      `${setup(client)}; ${inline(client, text, values)}`,
    )) as unknown as pg.QueryResult<Row>[];
    return results.at(-1)!;
  } finally {
    client.release();
  }
}

const userSetup = (claims: Claims) => {
  if (!UUID.test(claims.sub)) throw new Error("asUser needs claims with a user id (uuid) in sub");
  return (client: pg.PoolClient) =>
    `select set_config('request.jwt.claims', ${client.escapeLiteral(
      JSON.stringify({ ...claims, role: "authenticated" }),
    )}, true); set local role authenticated`;
};

const serviceSetup = (reason: string) => (client: pg.PoolClient) =>
  `select set_config('request.jwt.claims', '', true), set_config('mouse.service_reason', ${client.escapeLiteral(
    reason.slice(0, 200),
  )}, true); set local role service_role`;

/** Creates the scoped data access for a database. */
export function createData(db: Pick<Database, "pool">): Data {
  return {
    asUser: (claims, fn) => inTransaction(db.pool, userSetup(claims), fn),
    asService: (reason, fn) => inTransaction(db.pool, serviceSetup(reason), fn),
    statementAsUser: (claims, text, values = []) =>
      inOneRoundTrip(db.pool, userSetup(claims), text, values),
    statementAsService: (reason, text, values = []) =>
      inOneRoundTrip(db.pool, serviceSetup(reason), text, values),
  };
}
