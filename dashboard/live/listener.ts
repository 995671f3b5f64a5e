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
  let client: pg.PoolClient | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (closed) return;
    try {
      const c = await pool.connect();
      if (closed) {
        c.release();
        return;
      }
      client = c;
      c.on("notification", (message) => {
        if (channels.includes(message.channel)) onNotify(message.channel, message.payload ?? "");
      });
      c.on("error", (error) => {
        logger.warn({ err: error }, "live view: notification connection lost");
        drop(c, error);
      });
      for (const channel of channels) await c.query(`listen ${quoteIdent(channel)}`);
    } catch (error) {
      logger.warn({ err: error }, "live view: cannot listen for notifications, retrying");
      if (client) drop(client, error);
      else schedule();
    }
  };
  const drop = (c: pg.PoolClient, error: unknown) => {
    if (client === c) client = undefined;
    c.removeAllListeners("notification");
    c.release(error instanceof Error ? error : true);
    schedule();
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
      const c = client;
      client = undefined;
      if (!c) return;
      c.removeAllListeners("notification");
      for (const channel of channels)
        await c.query(`unlisten ${quoteIdent(channel)}`).catch(() => {});
      c.release();
    },
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad channel name ${name}`);
  return name;
}
