export {
  contentTypeOf,
  createDeliverFile,
  type DeliverDeps,
  type Delivered,
  type DeliverFile,
  type DeliverRequest,
  type NotDelivered,
  TELEGRAM_DOCUMENT_MAX_BYTES,
} from "./deliver.ts";
export { LINK_TTL_MS, signedDownloadPath, verifyDownloadLink } from "./links.ts";
export { listDeliverables, readDeliverable } from "./queries.ts";
export {
  createPostgresDeliverableStore,
  type DeliverableRow,
  type DeliverableStore,
  type NewDeliverable,
  type StoredFileLinks,
} from "./store.ts";
export {
  createSupabaseDeliverableStorage,
  DeliverableStorageError,
  SIGNED_URL_TTL_SECONDS,
  type SupabaseDeliverableDeps,
} from "./supabase-store.ts";
export { type TextResultFile, textResultFile } from "./text-result.ts";
