import type { Update } from "grammy/types";

/** An update before Telegram numbers it. */
export type NewUpdate = Omit<Update, "update_id">;

/** By default Telegram holds back these update types (allowed_updates = []). */
const OFF_BY_DEFAULT = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

/** The kind of an update: its one field besides update_id. */
export function updateType(update: NewUpdate | Update): string {
  return Object.keys(update).find((key) => key !== "update_id") ?? "unknown";
}

/** The bot's pending updates, in update_id order, shared by getUpdates and the webhook. */
export type UpdateQueue = ReturnType<typeof createUpdateQueue>;

/**
 * Creates an update queue. Ids increase but skip now and then (Telegram's
 * are not contiguous either), so clients that assume +1 get caught.
 */
export function createUpdateQueue({ firstId = 700_000_001 }: { firstId?: number } = {}) {
  const pending = new Map<number, Update>();
  const listeners = new Set<(update: Update) => void>();
  let nextId = firstId;
  let issued = 0;
  let allowed: Set<string> | undefined;

  const isAllowed = (type: string) => (allowed ? allowed.has(type) : !OFF_BY_DEFAULT.has(type));

  return {
    /** Numbers and queues an update; undefined when allowed_updates filters it out. */
    push(update: NewUpdate): Update | undefined {
      const numbered = { update_id: nextId, ...update } as Update;
      issued++;
      nextId += issued % 3 === 0 ? 2 : 1;
      if (!isAllowed(updateType(update))) return undefined;
      pending.set(numbered.update_id, numbered);
      for (const listener of listeners) listener(numbered);
      return numbered;
    },
    /** Forgets every update below `offset` (getUpdates' confirmation). */
    confirm(offset: number): void {
      for (const id of pending.keys()) {
        if (id >= offset) break;
        pending.delete(id);
      }
    },
    /** Keeps only the newest `count` updates (negative getUpdates offset). */
    keepLast(count: number): void {
      const drop = pending.size - count;
      let i = 0;
      for (const id of pending.keys()) {
        if (i++ >= drop) break;
        pending.delete(id);
      }
    },
    peek(limit: number): Update[] {
      const result: Update[] = [];
      for (const update of pending.values()) {
        if (result.length >= limit) break;
        result.push(update);
      }
      return result;
    },
    all: () => [...pending.values()],
    get: (id: number) => pending.get(id),
    remove: (id: number) => pending.delete(id),
    clear: () => pending.clear(),
    get size() {
      return pending.size;
    },
    /** Sets allowed_updates; an empty list or undefined means Telegram's default. */
    setAllowed(types: string[] | undefined): void {
      allowed = types && types.length > 0 ? new Set(types) : undefined;
    },
    allowedList: (): string[] | undefined => (allowed ? [...allowed] : undefined),
    onPush(listener: (update: Update) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
