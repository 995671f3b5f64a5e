/**
 * The sandbox is for tests, benchmarks and the no-keys demo: production code
 * must never import it, or a deployment would carry (and could run) the
 * stand-ins. Only the process wiring (runtime/, which starts the sandboxes
 * for services without keys), the test harness, the benchmarks and test
 * files may. This scans every other source file's static imports, re-exports
 * and dynamic imports and resolves each relative specifier to see where it
 * lands. (The replay encoder once drew its captions with the sandbox's font.)
 */
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
/** Folders allowed to import the sandbox. */
const ALLOWED = ["sandbox", "runtime", "testing", "bench"];
const SKIPPED = new Set(["node_modules", ".git", ".data", "coverage", "dist"]);

/** Every relative module specifier in `source`: `from "…"`, `import "…"`, `import("…")`. */
function specifiersIn(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'`])(\.{1,2}\/[^"'`]+)\1/g;
  for (const match of source.matchAll(pattern)) found.push(match[2]!);
  return found;
}

async function productionFiles(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name) || entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      const rel = relative(ROOT, path);
      if (entry.isDirectory()) {
        if (!ALLOWED.includes(rel)) await walk(path);
      } else if (/\.(m?[jt]sx?)$/.test(entry.name) && !/test/i.test(entry.name)) out.push(path);
    }
  };
  await walk(ROOT);
  return out;
}

describe("production code never imports the sandbox", () => {
  it("finds the imports it looks for", () => {
    expect(
      specifiersIn(`import { a } from "../sandbox/orgo/font.ts";
        export { b } from './x.ts';
        import "../side-effect.ts";
        const c = await import("../../sandbox/telegram/index.ts");
        import type { D } from "../d.ts";
        import e from "node:fs";`),
    ).toEqual([
      "../sandbox/orgo/font.ts",
      "./x.ts",
      "../side-effect.ts",
      "../../sandbox/telegram/index.ts",
      "../d.ts",
    ]);
  });

  it("no file outside sandbox/, runtime/, testing/, bench/ and test files imports from sandbox/", async () => {
    const files = await productionFiles();
    expect(files.length).toBeGreaterThan(100);
    const offenders: string[] = [];
    for (const file of files) {
      for (const specifier of specifiersIn(await readFile(file, "utf8"))) {
        const target = relative(ROOT, resolve(dirname(file), specifier));
        if (target === "sandbox" || target.startsWith("sandbox/"))
          offenders.push(`${relative(ROOT, file)} → ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
