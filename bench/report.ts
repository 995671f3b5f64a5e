/**
 * What a benchmark row produces and how the suite shows it: one table on the
 * terminal and the same rows as JSON in `bench/results.json`.
 */
import { writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";

export type Mode = "quick" | "full";

/** Everything a row needs from the suite. */
export type RowContext = {
  mode: Mode;
  /** Progress lines for the operator (stderr), never part of the table. */
  log: (message: string) => void;
};

/** One row of the table. */
export type RowResult = {
  id: string;
  name: string;
  /** The measured figure, in words and numbers ("2,310 updates/s, p99 38 ms, 0 errors"). */
  figure: string;
  target: string;
  /** The baseline measured in the same run, in words and numbers. */
  baseline: string;
  /** Our figure relative to the baseline (how the ratio reads is in `ratioMeaning`). */
  ratio: number | null;
  ratioMeaning: string;
  /** true / false against the target; null when the row could not be judged (pending). */
  pass: boolean | null;
  /** The raw numbers behind the figure, for results.json. */
  metrics: Record<string, unknown>;
  notes: string[];
  seconds: number;
};

/** A benchmark row: its identity and how to run it. */
export type Row = {
  id: string;
  name: string;
  target: string;
  run: (ctx: RowContext) => Promise<Omit<RowResult, "id" | "name" | "target" | "seconds">>;
};

/** Formats a number with thousands separators and at most `digits` decimals. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** The machine the numbers came from, so figures from different machines are read by ratio. */
export function machine() {
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    database: process.env.DATABASE_URL ? "PostgreSQL server (DATABASE_URL)" : "embedded PGlite",
    redis: process.env.REDIS_URL ? "Redis (REDIS_URL)" : "none (BullMQ on Postgres)",
  };
}

const verdict = (pass: boolean | null) => (pass === null ? "pending" : pass ? "pass" : "FAIL");

/** The results as a plain-text table (what `npm run bench` prints). */
export function formatTable(results: RowResult[]): string {
  const header = ["row", "figure", "target", "baseline (same run)", "ratio", "result"];
  const rows = results.map((r) => [
    r.name,
    r.figure,
    r.target,
    r.baseline,
    r.ratio === null ? "—" : `${num(r.ratio, 2)} (${r.ratioMeaning})`,
    verdict(r.pass),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join(" │ ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("─┼─"), ...rows.map(line)].join("\n");
}

/** The same table as Markdown, for RESULTS.md. */
export function formatMarkdown(results: RowResult[]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    "| row | figure | target | baseline (same run) | ratio | result |",
    "| --- | --- | --- | --- | --- | --- |",
    ...results.map(
      (r) =>
        `| ${esc(r.name)} | ${esc(r.figure)} | ${esc(r.target)} | ${esc(r.baseline)} | ${
          r.ratio === null ? "—" : `${num(r.ratio, 2)} (${esc(r.ratioMeaning)})`
        } | ${verdict(r.pass)} |`,
    ),
  ].join("\n");
}

/** Writes the run to `path` as JSON. */
export async function writeResults(
  path: string,
  run: { mode: Mode; startedAt: string; results: RowResult[] },
): Promise<void> {
  await writeFile(path, `${JSON.stringify({ ...run, machine: machine() }, null, 2)}\n`);
}
