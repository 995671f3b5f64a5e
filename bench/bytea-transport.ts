/**
 * What a knight's step closing costs the two processes, by how its
 * screenshot travels: as a hex literal inside one simple query (how
 * `Data.statementsAsService` sent it until 2026-12-06), or as a binary
 * parameter of an extended-protocol batch (`db/batch.ts`, how it is sent now).
 * Both are one round trip and one transaction of three statements: the frame
 * insert (65 KB of bytes), a step update and a NOTIFY.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/bytea-transport.ts
 *
 * Prints, per batch: wall time, this process's CPU, and the server backend's
 * CPU (read from /proc, so the server must run on this Linux machine).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { Batch } from "../db/batch.ts";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ROUNDS = 400;
const bytes = randomBytes(65_000);

const client = new pg.Client({ connectionString: url });
await client.connect();
const table = `bench_bytea_${process.pid}`;
// A logged table, as `frames` is: its bytes go through the WAL.
await client.query(`create table ${table} (id uuid primary key, b bytea, t text)`);
await client.query(`alter table ${table} alter b set storage external`);
const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
const backend = rows[0]!.pid;

/** CPU ms a process has used so far (user + system, from /proc/<pid>/stat, in 10 ms ticks). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const variants: Record<string, () => Promise<unknown>> = {
  "hex literal, simple query": () =>
    client.query(
      `begin; set local synchronous_commit = off;
       insert into ${table} (id, b, t) values ('${randomUUID()}', E'\\\\x${bytes.toString("hex")}', 'x');
       update ${table} set t = 'y' where id = '${randomUUID()}';
       select pg_notify('bench_bytea', 'hello'); commit`,
    ),
  "binary parameter, batch": () => {
    const batch = new Batch(
      [
        { text: "select set_config('synchronous_commit', 'off', true)" },
        {
          text: `insert into ${table} (id, b, t) values ($1, $2, $3)`,
          values: [randomUUID(), bytes, "x"],
        },
        { text: `update ${table} set t = $2 where id = $1`, values: [randomUUID(), "y"] },
        { text: "select pg_notify($1, $2)", values: ["bench_bytea", "hello"] },
      ],
      (value) => value,
    );
    client.query(batch);
    return batch.results;
  },
};

for (let pass = 0; pass < 2; pass++) {
  for (const [name, run] of Object.entries(variants)) {
    for (let i = 0; i < 50; i++) await run();
    const backendBefore = cpuMs(backend);
    const before = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < ROUNDS; i++) await run();
    const own = process.cpuUsage(before);
    const per = (ms: number) => (ms / ROUNDS).toFixed(2);
    console.log(
      `${name.padEnd(27)} wall ${per(performance.now() - start)} ms, node CPU ${per((own.user + own.system) / 1_000)} ms, Postgres CPU ${per(cpuMs(backend) - backendBefore)} ms per batch`,
    );
    await client.query(`truncate ${table}`);
  }
}
await client.query(`drop table ${table}`);
await client.end();
