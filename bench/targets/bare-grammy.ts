/**
 * The webhook row's baseline: a bare grammY bot behind Hono's webhook
 * adapter that answers /help and /status with a fixed text (no database, no
 * queue, no identity), replying through the same sandbox Bot API.
 *
 *   PORT=… TELEGRAM_API_ROOT=… TELEGRAM_WEBHOOK_SECRET=… node --import tsx bench/targets/bare-grammy.ts
 */
import { Bot, webhookCallback } from "grammy";
import { Hono } from "hono";
import { listen } from "../../lib/http-server.ts";
import { DEFAULT_BOT } from "../../sandbox/telegram/index.ts";

const bot = new Bot(DEFAULT_BOT.token, {
  botInfo: {
    id: DEFAULT_BOT.id,
    is_bot: true,
    first_name: DEFAULT_BOT.first_name,
    username: DEFAULT_BOT.username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  } as never,
  client: { apiRoot: process.env.TELEGRAM_API_ROOT! },
});
bot.command("help", (ctx) => ctx.reply("King Mouse hires AI workers. /status shows what they do."));
bot.command("status", (ctx) => ctx.reply("No tasks yet — tell me what you need done."));

const app = new Hono().post(
  "/telegram/webhook",
  webhookCallback(bot, "hono", { secretToken: process.env.TELEGRAM_WEBHOOK_SECRET! }),
);
const server = await listen(app, { port: Number(process.env.PORT) });
console.log(`bare grammY bot on ${server.url}`);
const stop = () => void server.close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
