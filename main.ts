/**
 * Entry point: `node --import ./runtime/register.js main.ts <all|web|worker|migrate>`.
 * Parses the configuration once, starts the role, and owns the process's
 * signals. Start-up failures print one line naming the problem, not a stack.
 *
 * Only the configuration and the boot server load eagerly: the process
 * listens (and answers /healthz) before the product's heavier modules (SDKs,
 * BullMQ, PGlite) are imported.
 */
import { type Config, ConfigError, createConfig } from "./config/index.ts";
import { bootServer } from "./runtime/boot.ts";

const ROLES = ["all", "web", "worker", "migrate"] as const;
/** Errors whose message already says what is wrong, in one line. */
const SELF_EXPLAINING = ["ConfigError", "DatabaseUnavailableError", "MigrationError"];

function fail(message: string): never {
  process.stderr.write(`mouse: ${message}\n`);
  process.exit(1);
}

function explain(error: unknown): string {
  if (
    error instanceof ConfigError ||
    (error instanceof Error && SELF_EXPLAINING.includes(error.name))
  ) {
    return error.message;
  }
  if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
    return `PORT is already in use (${error.message})`;
  }
  return `start-up failed: ${error instanceof Error ? error.message : String(error)}`;
}

async function runMigrate(config: Config) {
  const { createDatabase, migrate } = await import("./db/index.ts");
  // Asked to migrate, it migrates: a new embedded folder is initialised, not copied from the template.
  const db = await createDatabase(
    config.database.kind === "embedded"
      ? { ...config.database, fromTemplate: false }
      : config.database,
  );
  try {
    const result = await migrate(db.pool, { queue: config.queue.kind === "postgres" });
    process.stdout.write(
      `mouse: ${db.describe}: applied ${result.applied.length} migration(s), ${result.skipped} already applied\n`,
    );
  } finally {
    await db.close();
  }
}

async function main() {
  const role = (process.argv[2] ?? "all") as (typeof ROLES)[number];
  if (!ROLES.includes(role)) fail(`unknown role "${role}" (expected one of ${ROLES.join(", ")})`);
  let config: Config;
  try {
    config = createConfig(process.env);
  } catch (error) {
    fail(explain(error));
  }
  if (role === "migrate") {
    await runMigrate(config).catch((error: unknown) => fail(explain(error)));
    return;
  }
  const server = await bootServer({ port: config.web.port }).catch((error: unknown) =>
    fail(explain(error)),
  );
  // The database starts opening (in its own thread, when embedded) before the
  // rest of the product's modules load, so the two overlap.
  const db = await import("./db/index.ts");
  const database = db.createDatabase(db.serviceDatabaseOptions(config));
  database.catch(() => {}); // reported through `mouse.ready`
  const { createLogger } = await import("./observability/index.ts");
  const { startMouse } = await import("./runtime/index.ts");
  const logger = createLogger({ level: config.logLevel });
  const announce = (banner: string) => void process.stdout.write(banner);
  const mouse = await startMouse({ role, config, logger, server, database, announce }).catch(
    (error: unknown) => fail(explain(error)),
  );
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(130);
    }
    void mouse.shutdown(signal).then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    await mouse.ready;
  } catch (error) {
    await mouse.shutdown("start-up failed");
    fail(explain(error));
  }
}

void main();
