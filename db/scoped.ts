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

/**
 * A value a one-round-trip statement can carry (inlined as a quoted literal;
 * a Buffer as bytea's hex form, so only for bytea).
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
 * placeholders for `values`. With a `name`, it is prepared once per
 * connection and run by name (`execute name(…)`): for hot statements whose
 * planning costs more than running them. The name must be unique to the text.
 */
export type Statement = { text: string; values?: readonly SqlValue[]; name?: string };

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
  ) => Promise<pg.QueryResult<Row>>;
  /** One statement with `asService`'s scope in a single round trip (see `statementAsUser`). */
  statementAsService: <Row extends pg.QueryResultRow = pg.QueryResultRow>(
    reason: string,
    text: string,
    values?: readonly SqlValue[],
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
 * Runs `fn` in a transaction opened by `begin` plus the statements `setup`
 * returns, sent as one simple query: one round trip instead of three, which
 * is most of the cost of a short transaction (values quoted by `quote`).
 */
async function inTransaction<T>(
  pool: pg.Pool,
  setup: string,
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
    await client.query(`begin; ${setup}`);
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

/**
 * Replaces `$n` placeholders with quoted literals. A quoted literal is an
 * untyped constant to Postgres, exactly as an extended-protocol parameter is,
 * so the statement's types resolve the same way.
 */
function inline(text: string, values: readonly SqlValue[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new RangeError(`no value for $${n}`);
    return literal(values[index]);
  });
}

function literal(value: SqlValue): string {
  if (value == null) return "null";
  // bytea's hex form needs no scan: hex digits after one (doubled) backslash.
  if (Buffer.isBuffer(value)) return ` E'\\\\x${value.toString("hex")}'`;
  return quote(textOf(value));
}

const SPECIAL = /['\\]/;
const SPECIALS = /['\\]/g;

/**
 * A quoted string literal, exactly as node-postgres' `escapeLiteral` writes
 * it (quotes and backslashes doubled, `E''` when there is a backslash), but
 * with the scan and the doubling done by the regex engine rather than a
 * character-by-character loop, which cost ~1 ms per 100 KB of text (a
 * screenshot's bytea skips even this: `literal` writes its hex directly).
 */
export function quote(text: string): string {
  if (!SPECIAL.test(text)) return `'${text}'`;
  const doubled = `'${text.replace(SPECIALS, "$&$&")}'`;
  return text.includes("\\") ? ` E${doubled}` : doubled;
}

const NAME = /^[a-z_][a-z0-9_]*$/;
/** Names each connection (session) has prepared. */
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

/** Prepares the named statements this connection has not prepared yet. */
async function prepare(client: pg.PoolClient, statements: readonly Statement[]) {
  let names = preparedOn.get(client);
  if (!names) {
    names = new Set();
    preparedOn.set(client, names);
  }
  for (const { name, text } of statements) {
    if (!name || names.has(name)) continue;
    if (!NAME.test(name)) throw new Error(`statement name "${name}" is not a plain identifier`);
    // Embedded PGlite is one session under every connection: another may have prepared it.
    await client.query(`prepare ${name} as ${text}`).catch((error: { code?: string }) => {
      if (error.code !== "42P05") throw error; // duplicate_prepared_statement
    });
    names.add(name);
  }
}

/** A statement as text for a simple query: inlined, or an `execute` of its prepared form. */
function render({ text, values = [], name }: Statement): string {
  if (!name) return inline(text, values);
  return `execute ${name}(${values.map(literal).join(", ")})`;
}

/**
 * Runs one statement after `setup` in a single simple query. Postgres runs a
 * multi-statement simple query as one implicit transaction, so the
 * `set local` scope ends with it and an error rolls all of it back: the
 * guarantees of `inTransaction` for one statement, in one round trip instead
 * of three.
 */
async function inOneRoundTrip(
  pool: pg.Pool,
  setup: string,
  statements: readonly Statement[],
): Promise<pg.QueryResult[]> {
  const client = await pool.connect();
  try {
    await prepare(client, statements);
    const body = statements.map(render).join("; ");
    const results = (await client.query(`${setup}; ${body}`)) as unknown as
      | pg.QueryResult[]
      | pg.QueryResult;
    return (Array.isArray(results) ? results : [results]).slice(-statements.length);
  } finally {
    client.release();
  }
}

const userSetup = (claims: Claims) => {
  if (!UUID.test(claims.sub)) throw new Error("asUser needs claims with a user id (uuid) in sub");
  return `select set_config('request.jwt.claims', ${quote(
    JSON.stringify({ ...claims, role: "authenticated" }),
  )}, true); set local role authenticated`;
};

const serviceSetup = (reason: string, { lazyCommit = false }: CommitOptions = {}) =>
  `select set_config('request.jwt.claims', '', true), set_config('mouse.service_reason', ${quote(
    reason.slice(0, 200),
  )}, true); set local role service_role${lazyCommit ? "; set local synchronous_commit = off" : ""}`;

const first = async <Row extends pg.QueryResultRow>(results: Promise<pg.QueryResult[]>) =>
  (await results)[0] as pg.QueryResult<Row>;

/** Creates the scoped data access for a database. */
export function createData(db: Pick<Database, "pool">): Data {
  return {
    asUser: (claims, fn) => inTransaction(db.pool, userSetup(claims), fn),
    asService: (reason, fn, options) => inTransaction(db.pool, serviceSetup(reason, options), fn),
    statementAsUser: <Row extends pg.QueryResultRow>(
      claims: Claims,
      text: string,
      values: readonly SqlValue[] = [],
    ) => {
      const setup = userSetup(claims); // a bad claim throws here, before any I/O
      return first<Row>(inOneRoundTrip(db.pool, setup, [{ text, values }]));
    },
    statementAsService: <Row extends pg.QueryResultRow>(
      reason: string,
      text: string,
      values: readonly SqlValue[] = [],
    ) => first<Row>(inOneRoundTrip(db.pool, serviceSetup(reason), [{ text, values }])),
    statementsAsService: (reason, statements, options) =>
      inOneRoundTrip(db.pool, serviceSetup(reason, options), statements),
  };
}
