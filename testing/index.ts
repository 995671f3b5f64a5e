export { ADMIN_TELEGRAM_ID, APP_SECRET, type BotHarness, startBotHarness } from "./bot-harness.ts";
export {
  type Cluster,
  type MouseProcess,
  type RedisServer,
  startCluster,
  startRedisServer,
} from "./cluster.ts";
export { customerFacingProblems, INTERNAL_NAMES } from "./customer-facing.ts";
export { createTestDatabase, type DatabaseBackend, databaseBackends } from "./databases.ts";
export { freePort } from "./ports.ts";
export { createTestQueues, type QueueBackend, queueTargets, testNamespace } from "./queues.ts";
export {
  CUSTOMER_KEYS,
  CUSTOMER_PARENT,
  type CustomerKey,
  type CustomerRefs,
  forgedClaims,
  RESELLER_KEYS,
  type ResellerKey,
  ROLES,
  type Role,
  seedTenants,
  TENANT_TABLES,
  type TenantFixture,
  type TenantKey,
  type TenantTable,
  type UserKey,
} from "./tenants.ts";
