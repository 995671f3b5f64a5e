/**
 * `postinstall` (run with runtime/register.js): readies what a first
 * `npm start` would otherwise build on the clock. It builds the embedded
 * database template (db/template.ts) and loads the product's modules once,
 * which fills the compiled-JSX and V8 compile caches. Never fails the
 * install: whatever is missing, the first start builds the slow way.
 */
import { relative } from "node:path";

const say = (line: string) => process.stdout.write(`mouse: ${line}\n`);
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

try {
  const { ensureTemplate } = await import("../db/template.ts");
  const { path, built } = await ensureTemplate();
  say(
    `embedded database template ${built ? "built" : "up to date"} (${relative(process.cwd(), path)})`,
  );
} catch (error) {
  say(
    `no embedded database template (${reason(error)}); the first start will initialise the database`,
  );
}

try {
  const started = performance.now();
  await import("./index.ts");
  say(`module caches warm (${Math.round(performance.now() - started)} ms)`);
} catch (error) {
  say(`module caches not warmed (${reason(error)})`);
}
