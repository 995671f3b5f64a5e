/**
 * LISTEN on Postgres channels with one dedicated pool connection, reconnecting
 * after errors. On embedded PGlite every pool client sees every NOTIFY (one
 * session), which this handles the same way.
 */
import type pg from "pg";
import type { Logger } from "../../observability/index.ts";

export type Notifications = { close: () => Promise<void> };

/** Calls `onNotify(channel, payload)` for every NOTIFY on `channels` until closed. */
export function listenForNotifications(
  pool: pg.Pool,
  channels: string[],
  onNotify: (channel: string, payload: string) => void,
  { logger, retryMs = 1_000 }: { logger: Logger; retryMs?: number },
): Notifications {
  /** The listening connection and the one way to give it back to the pool. */
  let current: { client: pg.PoolClient; letGo: (error?: Error) => void } | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (closed) return;
    let c: pg.PoolClient | undefined;
    try {
      c = await pool.connect();
      if (closed) {
        c.release();
        return;
      }
      const client = c;
      // A connection can report errors after it is given back (the server
      // ends its sessions at shutdown): ours stop listening then, and it is
      // released exactly once, with the error so the pool discards it.
      let released = false;
      const onError = (error: Error) => {
        logger.warn({ err: error }, "live view: notification connection lost");
        drop(error);
      };
      const letGo = (error?: Error) => {
        if (released) return;
        released = true;
        if (current?.client === client) current = undefined;
        client.removeListener("error", onError);
        client.removeAllListeners("notification");
        client.release(error ?? false);
      };
      const drop = (error: Error) => {
        letGo(error);
        schedule();
      };
      current = { client, letGo };
      client.on("notification", (message) => {
        if (channels.includes(message.channel)) onNotify(message.channel, message.payload ?? "");
      });
      client.on("error", onError);
      for (const channel of channels) await client.query(`listen ${quoteIdent(channel)}`);
    } catch (error) {
      logger.warn({ err: error }, "live view: cannot listen for notifications, retrying");
      if (c && current?.client === c)
        current.letGo(error instanceof Error ? error : new Error(String(error)));
      schedule();
    }
  };
  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, retryMs);
    timer.unref();
  };
  void connect();

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const listening = current;
      if (!listening) return;
      listening.client.removeAllListeners("notification");
      for (const channel of channels)
        await listening.client.query(`unlisten ${quoteIdent(channel)}`).catch(() => {});
      listening.letGo();
    },
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad channel name ${name}`);
  return name;
}
