/**
 * `postinstall` (run with runtime/register.ts): readies what a first
 * `npm start` would otherwise build on the clock. It builds the embedded
 * database template (db/template.ts) and loads the product's modules once,
 * which fills the compiled-JSX and V8 compile caches. Never fails the
 * install: whatever is missing, the first start builds the slow way.
 */
import { access } from "node:fs/promises";
import { relative } from "node:path";

const say = (line: string) => process.stdout.write(`mouse: ${line}\n`);
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

try {
  const { buildTemplate, templatePath } = await import("../db/template.ts");
  const existing = await templatePath();
  const ready = await access(existing).then(
    () => true,
    () => false,
  );
  const path = ready ? existing : await buildTemplate();
  say(
    `embedded database template ${ready ? "up to date" : "built"} (${relative(process.cwd(), path)})`,
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
