import { DEFAULT_BOT } from "./core.ts";
import { startTelegramSandbox } from "./start.ts";

/**
 * Runs the sandbox as its own process for the no-keys demo:
 * `node --import tsx sandbox/telegram/serve.ts`. Point the app at it with
 * `TELEGRAM_API_ROOT=http://127.0.0.1:<port>` and the printed bot token
 * (or set TELEGRAM_BOT_TOKEN to register that token instead).
 * `TELEGRAM_SANDBOX_NO_LIMITS=1` turns flood limits off.
 */
async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const token = env.TELEGRAM_BOT_TOKEN;
  const botId = token ? Number(token.split(":")[0]) : Number.NaN;
  const running = await startTelegramSandbox({
    port: Number(env.TELEGRAM_SANDBOX_PORT ?? 12113),
    hostname: env.TELEGRAM_SANDBOX_HOST ?? "127.0.0.1",
    bots: [token && Number.isInteger(botId) ? { ...DEFAULT_BOT, token, id: botId } : DEFAULT_BOT],
    ...(env.TELEGRAM_SANDBOX_NO_LIMITS === "1" ? { limits: false as const } : {}),
  });
  const bot = running.sandbox.defaultBot;
  console.log(
    `telegram sandbox listening on ${running.apiRoot} (bot @${bot.username}, token ${bot.token})`,
  );
  console.log(`chat simulator API: ${running.url}/_sandbox/chats`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void running.close().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

await main(process.env);
