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
import { Batch } from "./batch.ts";
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

/**
 * A value a one-round-trip statement can carry: a parameter in its text form
 * (arrays as Postgres array literals, objects as JSON), a Buffer in binary, so
 * only for bytea.
 */
export type SqlValue =
  | Buffer
  | string
  | number
  | bigint
  | boolean
  | Date
  | null
  | undefined
  | readonly SqlValue[]
  | { readonly [key: string]: unknown };

/**
 * One statement of a batch: `text` (a single statement) with `$n`
 * placeholders for `values` (values past the highest `$n` are not sent).
 * With a `name`, it is prepared once per connection and run by name: for hot statements whose
 * planning costs more than running them. The name must be unique to the text.
 */
export type Statement = { text: string; values?: readonly SqlValue[]; name?: string };

/** How a single statement runs: `name` prepares it once per connection (see `Statement`). */
export type StatementOptions = Pick<Statement, "name">;

export type CommitOptions = {
  /**
   * Commit without waiting for the WAL to reach disk (`synchronous_commit =
   * off` for this transaction only): a durable commit costs an fsync,
   * milliseconds on a busy disk. Only for writes whose loss in a database
   * crash is harmless because nothing outside the database acts on them
   * before the next durable commit, which flushes them too (WAL is flushed in
   * order, and a crash recovers a prefix of it).
   */
  lazyCommit?: boolean;
};

export type Data = {
  asUser: <T>(claims: Claims, fn: (tx: Tx) => Promise<T>) => Promise<T>;
  asService: <T>(reason: string, fn: (tx: Tx) => Promise<T>, options?: CommitOptions) => Promise<T>;
  /**
   * One statement with `asUser`'s scope in a single round trip: for the hot
   * paths (the bot's read-only commands) where a transaction's three round
   * trips are most of the cost. `$n` in `text` are placeholders only.
   */
  statementAsUser: <Row extends pg.QueryResultRow = pg.QueryResultRow>(
    claims: Claims,
    text: string,
    values?: readonly SqlValue[],
    options?: StatementOptions,
  ) => Promise<pg.QueryResult<Row>>;
  /** One statement with `asService`'s scope in a single round trip (see `statementAsUser`). */
  statementAsService: <Row extends pg.QueryResultRow = pg.QueryResultRow>(
    reason: string,
    text: string,
    values?: readonly SqlValue[],
    options?: StatementOptions,
  ) => Promise<pg.QueryResult<Row>>;
  /**
   * Several statements with `asService`'s scope, in one round trip and one
   * transaction (all or nothing); one result per statement. Each statement
   * takes its own snapshot as it starts (READ COMMITTED), so one that follows
   * a `select … for update` sees whatever committed while the lock was awaited.
   */
  statementsAsService: (
    reason: string,
    statements: readonly Statement[],
    options?: CommitOptions,
  ) => Promise<pg.QueryResult[]>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The scope a transaction opens with, as a statement of its own: the
 * settings PostgREST makes for a request, local to the transaction
 * (`set_config(…, true)`; `role` is what `SET LOCAL ROLE` sets). Prepared once
 * per connection, with the reason or the claims as a parameter, so whatever
 * they contain arrives as data.
 */
const serviceScope = (reason: string, { lazyCommit = false }: CommitOptions = {}): Statement => ({
  name: lazyCommit ? "mouse_service_scope_lazy" : "mouse_service_scope",
  text: `select set_config('request.jwt.claims', '', true), set_config('mouse.service_reason', $1, true),
                set_config('role', 'service_role', true)${lazyCommit ? ", set_config('synchronous_commit', 'off', true)" : ""}`,
  values: [reason.slice(0, 200)],
});

const userScope = (claims: Claims): Statement => {
  if (!UUID.test(claims.sub)) throw new Error("asUser needs claims with a user id (uuid) in sub");
  return {
    name: "mouse_user_scope",
    text: "select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)",
    values: [JSON.stringify({ ...claims, role: "authenticated" })],
  };
};

/**
 * Runs `fn` in a transaction whose `begin` and scope go in one round trip,
 * instead of two, which with the commit is most of a short transaction's cost.
 */
async function inTransaction<T>(
  pool: pg.Pool,
  scope: Statement,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const opening = batchOf([{ text: "begin" }, scope]);
  const client = await pool.connect();
  const lost = watchConnection(client);
  let open = true;
  const tx: Tx = {
    query: (text, params) => {
      if (!open) throw new Error("transaction already finished: a Tx must not escape its callback");
      return client.query(text, params);
    },
  };
  try {
    await run(client, opening);
    const result = await fn(tx);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    await forgetNames(client, opening);
    throw error;
  } finally {
    open = false;
    lost.release();
  }
}

/**
 * Holds a checked-out client's connection errors. The server may end a
 * session while the client waits between statements (PostgreSQL restarting:
 * 57P01); node-postgres then emits `error` on the client, which would crash
 * the process with no listener. The statement in flight, or the next one,
 * fails instead, and the client is released with the error so the pool
 * discards it rather than handing a dead connection out again.
 */
function watchConnection(client: pg.PoolClient) {
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on("error", onError);
  return {
    release: () => {
      client.removeListener("error", onError);
      client.release(lost ?? false);
    },
  };
}

/**
 * Runs statements after `scope` in one round trip and one transaction (see
 * `db/batch.ts`): an error rolls all of it back, and the scope ends with it.
 */
async function inOneRoundTrip(
  pool: pg.Pool,
  scope: Statement,
  statements: readonly Statement[],
): Promise<pg.QueryResult[]> {
  const batch = batchOf([scope, ...statements]); // a bad statement name throws before any I/O
  const client = await pool.connect();
  const lost = watchConnection(client);
  try {
    return (await run(client, batch)).slice(1);
  } catch (error) {
    await forgetNames(client, batch);
    throw error;
  } finally {
    lost.release();
  }
}

/** The text form node-postgres would send for a parameter, for the arrays and scalars we send as text. */
function textOf(value: Exclude<SqlValue, null | undefined>): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`cannot send ${value} to Postgres`);
    return String(value);
  }
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString("hex")}`;
  if (ArrayBuffer.isView(value)) throw new TypeError("binary values go as Buffers");
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

/** A parameter on the wire: a Buffer in binary (bytea), anything else as its text form. */
const toParameter = (value: unknown) =>
  value == null || Buffer.isBuffer(value)
    ? value
    : textOf(value as Exclude<SqlValue, null | undefined>);

const NAME = /^[a-z_][a-z0-9_]*$/;

const PLACEHOLDER = /\$(\d+)/g;

/**
 * The batch of statements, each with the values its text refers to: several
 * statements of a batch may share one values array, and Postgres refuses a
 * statement given more parameters than it has.
 */
function batchOf(statements: readonly Statement[]): Batch {
  return new Batch(
    statements.map((statement) => {
      const { name, text, values } = statement;
      if (name && !NAME.test(name))
        throw new Error(`statement name "${name}" is not a plain identifier`);
      if (!values?.length) return statement;
      let used = 0;
      for (const [, n] of text.matchAll(PLACEHOLDER)) used = Math.max(used, Number(n));
      return used === values.length ? statement : { ...statement, values: values.slice(0, used) };
    }),
    toParameter,
  );
}

function run(client: pg.PoolClient, batch: Batch): Promise<pg.QueryResult[]> {
  client.query(batch);
  return batch.results;
}

/** After a failed batch, drops the statements it may have prepared (see `Batch.unsure`). */
async function forgetNames(client: pg.PoolClient, batch: Batch) {
  for (const name of batch.unsure) await client.query(`deallocate ${name}`).catch(() => {});
}

/** Creates the scoped data access for a database. */
export function createData(db: Pick<Database, "pool">): Data {
  return {
    asUser: (claims, fn) => inTransaction(db.pool, userScope(claims), fn),
    asService: (reason, fn, options) => inTransaction(db.pool, serviceScope(reason, options), fn),
    statementAsUser: <Row extends pg.QueryResultRow>(
      claims: Claims,
      text: string,
      values: readonly SqlValue[] = [],
      options: StatementOptions = {},
    ) => {
      const scope = userScope(claims); // a bad claim throws here, before any I/O
      return first<Row>(inOneRoundTrip(db.pool, scope, [{ text, values, ...options }]));
    },
    statementAsService: <Row extends pg.QueryResultRow>(
      reason: string,
      text: string,
      values: readonly SqlValue[] = [],
      options: StatementOptions = {},
    ) => first<Row>(inOneRoundTrip(db.pool, serviceScope(reason), [{ text, values, ...options }])),
    statementsAsService: (reason, statements, options) =>
      inOneRoundTrip(db.pool, serviceScope(reason, options), statements),
  };
}

const first = async <Row extends pg.QueryResultRow>(results: Promise<pg.QueryResult[]>) =>
  (await results)[0] as pg.QueryResult<Row>;
