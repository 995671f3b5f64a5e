/**
 * The Telegram sandbox as a process of its own for the webhook rows, so its
 * work (answering the bots' replies) is not charged to the product or to the
 * load generator. Flood limits are off: those rows measure ingest and reply
 * latency, and the broadcast row measures the limits.
 *
 *   BENCH_CHATS_FROM=1000000 BENCH_CHATS=10000 node --import tsx bench/targets/telegram.ts
 *
 * Prints `telegram sandbox on <url>` once every chat exists. With
 * BENCH_REPLY_TIMES=1 that URL notes when each `sendMessage` reached the Bot
 * API (wall clock, ms, per chat; the first per chat since the last reset),
 * read with `GET /_bench/replies` and cleared with `POST /_bench/replies/reset`.
 */
import { Hono } from "hono";
import { listen } from "../../lib/http-server.ts";
import { startTelegramSandbox } from "../../sandbox/telegram/index.ts";

const from = Number(process.env.BENCH_CHATS_FROM ?? 1_000_000);
const count = Number(process.env.BENCH_CHATS ?? 0);
const running = await startTelegramSandbox({ limits: false, maxRecordedCalls: 1_000 });
for (let id = from; id < from + count; id++) running.sandbox.users.get(id);

let url = running.url;
let close = () => running.close();
if (process.env.BENCH_REPLY_TIMES === "1") {
  const replies = new Map<string, number>();
  const timed = new Hono()
    .get("/_bench/replies", (c) => c.json(Object.fromEntries(replies)))
    .post("/_bench/replies/reset", (c) => {
      replies.clear();
      return c.body(null, 204);
    })
    .all("*", async (c) => {
      const at = performance.timeOrigin + performance.now();
      if (c.req.method === "POST" && c.req.path.endsWith("/sendMessage")) {
        const body = (await c.req.raw
          .clone()
          .json()
          .catch(() => ({}))) as { chat_id?: unknown };
        const chat = String(body.chat_id);
        if (!replies.has(chat)) replies.set(chat, at);
      }
      return running.sandbox.app.fetch(c.req.raw);
    });
  const server = await listen(timed);
  url = server.url;
  close = () => Promise.all([server.close(), running.close()]).then(() => {});
}
console.log(`telegram sandbox on ${url}`);
const stop = () => void close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
