import { QUEUE_NAMES, type QueueKit, type QueueRole } from "../queue/index.ts";

/**
 * Removes every queue of a kit's namespace (jobs, schedulers, counters), so a
 * run leaves nothing behind in a shared Redis. On Postgres the queues go with
 * the row's database anyway.
 */
export async function obliterateQueues(kit: QueueKit): Promise<void> {
  if (kit.kind !== "redis") return;
  for (const role of Object.keys(QUEUE_NAMES) as QueueRole[])
    await kit
      .queue(role)
      .obliterate({ force: true })
      .catch(() => {});
}
