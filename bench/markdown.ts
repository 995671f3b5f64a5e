/**
 * Prints a results file as the Markdown table RESULTS.md carries:
 * `node --import tsx bench/markdown.ts [bench/results.json]`.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ROOT } from "./processes.ts";
import { formatMarkdown, type RowResult } from "./report.ts";

const path = resolve(process.argv[2] ?? resolve(ROOT, "bench/results.json"));
const run = JSON.parse(await readFile(path, "utf8")) as {
  mode: string;
  startedAt: string;
  results: RowResult[];
  machine: Record<string, unknown>;
};
console.log(formatMarkdown(run.results));
console.log(
  `\nMode ${run.mode}, started ${run.startedAt}; machine: ${JSON.stringify(run.machine)}`,
);
for (const r of run.results) for (const note of r.notes) console.log(`- ${r.name}: ${note}`);
