export { addUniqueJob, EnqueueTimeoutError, type UniqueJob } from "./enqueue.ts";
export {
  createQueueKit,
  QUEUE_NAMES,
  type QueueBackendOptions,
  type QueueKit,
  type QueueRole,
} from "./queues.ts";
