/**
 * Several statements in one round trip over the extended protocol: Parse
 * (skipped for a name this session has prepared), Bind, Describe and Execute
 * for each, then one Sync, written to the socket at once. Postgres runs
 * everything before a Sync as one transaction: an error skips the rest and
 * rolls all of it back, and `set_config(…, true)` settings end with it. Each
 * statement takes its own snapshot as it starts, as in a simple query.
 *
 * Parameters travel apart from the text, a Buffer in binary: a 65 KB
 * screenshot costs ~0.7 ms of CPU here and in Postgres together, where the
 * same bytes as a hex literal in a simple query cost ~3 ms (bench/RESULTS.md).
 *
 * A node-postgres custom query (`client.query(batch)`): the client hands it
 * the messages of its turn until ReadyForQuery, on a server's socket and on
 * the embedded PGlite's connection alike (db/pglite-pool.ts runs a unit of
 * messages up to its Sync).
 */
import pg from "pg";

/** One statement: `text` with `$n` placeholders, prepared once per session under `name` if given. */
export type BatchStatement = { text: string; values?: readonly unknown[]; name?: string };

/** The part of node-postgres' connection a custom query drives. */
type Connection = {
  parse(message: { text: string; name?: string }): void;
  bind(message: { statement?: string; values?: readonly unknown[] }): void;
  describe(message: { type: "P"; name: string }): void;
  execute(message: { portal: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
  /** Statements this session has prepared, by name (shared with node-postgres' own named queries). */
  parsedStatements: Record<string, string>;
  stream?: { cork?: () => void; uncork?: () => void };
};

type Message = { fields: unknown[] };
type Complete = { text: string };

/** node-postgres' result as it is built from the backend's messages (its runtime API). */
type Builder = pg.QueryResult & {
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): unknown;
  addRow(row: unknown): void;
  addCommandComplete(message: Complete): void;
};
const ResultBuilder = pg.Result as unknown as new () => Builder;

export class Batch implements pg.Submittable {
  /** One result per statement, once the batch has run (`client.query(batch)`); or its first error. */
  readonly results: Promise<pg.QueryResult[]>;
  /** Names this batch asked the session to prepare: known to be prepared once it succeeds. */
  private readonly newlyNamed: string[] = [];
  private connection: Connection | undefined;
  private readonly statements: readonly BatchStatement[];
  private readonly mapValue: (value: unknown) => unknown;
  private readonly collected: Builder[] = [];
  private current: Builder;
  private failure: Error | undefined;
  private failed = false;
  private settle: (error: Error | null, results?: pg.QueryResult[]) => void = () => {};

  /** `mapValue` turns each value into what goes on the wire: a Buffer (binary), a string, or null. */
  constructor(statements: readonly BatchStatement[], mapValue: (value: unknown) => unknown) {
    this.statements = statements;
    this.mapValue = mapValue;
    this.current = this.next();
    this.results = new Promise((resolve, reject) => {
      let done = false;
      this.settle = (error, results) => {
        if (done) return;
        done = true;
        if (error) reject(error);
        else resolve(results ?? []);
      };
    });
  }

  private next(): Builder {
    const result = new ResultBuilder();
    this.collected.push(result);
    return result;
  }

  submit(connection: pg.Connection): Error | undefined {
    const con = connection as unknown as Connection;
    // Every value is mapped before anything is written: a value that cannot be
    // sent fails the batch before it starts (node-postgres hears the returned
    // error), never after its first statements ran.
    let values: unknown[][];
    try {
      values = this.statements.map((s) => (s.values ?? []).map(this.mapValue));
    } catch (error) {
      return error as Error;
    }
    this.connection = con;
    con.stream?.cork?.();
    try {
      this.statements.forEach(({ text, name }, i) => {
        if (!name || con.parsedStatements[name] === undefined) {
          con.parse({ text, ...(name ? { name } : {}) });
          if (name) {
            con.parsedStatements[name] = text;
            this.newlyNamed.push(name);
          }
        }
        con.bind({ ...(name ? { statement: name } : {}), values: values[i] });
        con.describe({ type: "P", name: "" });
        con.execute({ portal: "" });
      });
      con.sync();
    } finally {
      con.stream?.uncork?.();
    }
    return undefined;
  }

  handleRowDescription(message: Message) {
    this.current.addFields(message.fields);
  }

  handleDataRow(message: Message) {
    if (this.failure) return;
    try {
      this.current.addRow(this.current.parseRow(message.fields));
    } catch (error) {
      this.failure = error as Error;
    }
  }

  handleCommandComplete(message: Complete) {
    this.current.addCommandComplete(message);
    this.current = this.next();
  }

  handleEmptyQuery() {
    this.current = this.next();
  }

  handleError(error: Error) {
    this.fail(error);
  }

  handleReadyForQuery() {
    if (this.failure) return this.fail(this.failure);
    this.settle(null, this.collected.slice(0, this.statements.length));
  }

  handleCopyInResponse(connection: pg.Connection) {
    (connection as unknown as Connection).sendCopyFail("COPY is not supported in a batch");
  }

  handleCopyData() {}

  handlePortalSuspended() {}

  /**
   * The names this batch may or may not have prepared: once it failed, the
   * ones it asked for (whether their Parse ran is unknown). The caller
   * deallocates them, so the next batch on the session prepares them afresh.
   */
  get unsure(): readonly string[] {
    return this.failed ? this.newlyNamed : [];
  }

  private fail(error: Error) {
    this.failed = true;
    if (this.connection)
      for (const name of this.newlyNamed) delete this.connection.parsedStatements[name];
    this.settle(error);
  }
}
