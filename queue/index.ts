export {
  createQueueKit,
  QUEUE_NAMES,
  type QueueBackendOptions,
  type QueueKit,
  type QueueRole,
} from "./queues.ts";
