export {
  createDatabase,
  type Database,
  type DatabaseOptions,
  DatabaseUnavailableError,
  QUEUE_SCHEMA,
  SERVER_POOL_MAX,
  serviceDatabaseOptions,
} from "./database.ts";
export {
  listMigrations,
  MIGRATIONS_DIR,
  MigrationError,
  type MigrationResult,
  migrate,
} from "./migrate.ts";
export {
  type Claims,
  type CommitOptions,
  createData,
  type Data,
  type Statement,
  type Tx,
} from "./scoped.ts";
export { seedDemoIfEmpty } from "./seed.ts";
