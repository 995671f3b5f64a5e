/**
 * `postinstall`: builds the embedded database template (db/template.ts) so
 * the first `npm start` opens a migrated database at once. Never fails the
 * install: without a template the first start initialises the database itself.
 */
import { access } from "node:fs/promises";
import { relative } from "node:path";
import { buildTemplate, templatePath } from "./template.ts";

const say = (line: string) => process.stdout.write(`mouse: ${line}\n`);
try {
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
    `no embedded database template (${error instanceof Error ? error.message : String(error)}); the first start will initialise the database instead`,
  );
}
