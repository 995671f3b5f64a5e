/**
 * `npm run bench`: every row of the benchmark table against the sandboxes on
 * loopback, one table printed and written to `bench/results.json`.
 *
 *   npm run bench                        full figures (about 10 minutes)
 *   npm run bench -- --quick             every row in a few seconds
 *   npm run bench -- --only webhook,broadcast
 *
 * DATABASE_URL / REDIS_URL choose the database and queue as they do for the
 * product; unset, rows run on embedded PGlite.
 */
import { resolve } from "node:path";
import { ROOT } from "./processes.ts";
import { formatTable, type Mode, machine, type RowResult, writeResults } from "./report.ts";
import { ROWS, runRows } from "./rows/index.ts";

function parseArgs(argv: string[]): { mode: Mode; only?: string[]; out: string } {
  let mode: Mode = "full";
  let only: string[] | undefined;
  let out = resolve(ROOT, "bench/results.json");
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--quick") mode = "quick";
    else if (arg === "--only") only = argv[++i]?.split(",");
    else if (arg.startsWith("--only=")) only = arg.slice(7).split(",");
    else if (arg === "--out") out = resolve(argv[++i]!);
    else throw new Error(`unknown argument ${arg} (use --quick, --only a,b, --out file)`);
  }
  const unknown = only?.filter((id) => !ROWS.some((row) => row.id === id)) ?? [];
  if (unknown.length > 0)
    throw new Error(`unknown row ${unknown.join(", ")}; rows: ${ROWS.map((r) => r.id).join(", ")}`);
  return { mode, ...(only ? { only } : {}), out };
}

const { mode, only, out } = parseArgs(process.argv.slice(2));
const startedAt = new Date().toISOString();
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
log(`mode ${mode}; ${JSON.stringify(machine())}`);
const results: RowResult[] = await runRows({ mode, log, ...(only ? { only } : {}) });
await writeResults(out, { mode, startedAt, results });
console.log(formatTable(results));
for (const r of results) for (const note of r.notes) console.log(`  ${r.id}: ${note}`);
console.log(`\nwritten to ${out}`);
process.exit(results.some((r) => r.pass === false && r.metrics.error !== undefined) ? 1 : 0);
