export { type StorageErrorBody, StorageSandboxError } from "./errors.ts";
export {
  FREE_PLAN_UPLOAD_LIMIT,
  type RunningStorageSandbox,
  type StorageSandboxOptions,
  startStorageSandbox,
} from "./start.ts";
