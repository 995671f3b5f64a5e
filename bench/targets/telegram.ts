/**
 * The Telegram sandbox as a process of its own for the webhook row, so its
 * work (answering the bots' replies) is not charged to the product or to the
 * load generator. Flood limits are off: that row measures ingest, and the
 * broadcast row measures the limits.
 *
 *   BENCH_CHATS_FROM=1000000 BENCH_CHATS=10000 node --import tsx bench/targets/telegram.ts
 *
 * Prints `telegram sandbox on <url>` once every chat exists.
 */
import { startTelegramSandbox } from "../../sandbox/telegram/index.ts";

const from = Number(process.env.BENCH_CHATS_FROM ?? 1_000_000);
const count = Number(process.env.BENCH_CHATS ?? 0);
const running = await startTelegramSandbox({ limits: false, maxRecordedCalls: 1_000 });
for (let id = from; id < from + count; id++) running.sandbox.users.get(id);
console.log(`telegram sandbox on ${running.url}`);
const stop = () => void running.close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
