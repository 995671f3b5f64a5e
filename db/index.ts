export {
  createDatabase,
  type Database,
  type DatabaseOptions,
  DatabaseUnavailableError,
  QUEUE_SCHEMA,
} from "./database.ts";
export {
  listMigrations,
  MIGRATIONS_DIR,
  MigrationError,
  type MigrationResult,
  migrate,
} from "./migrate.ts";
export { type Claims, createData, type Data, type Tx } from "./scoped.ts";
export { seedDemoIfEmpty } from "./seed.ts";
