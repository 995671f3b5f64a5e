import { startStripeSandbox } from "./start.ts";

/**
 * Runs the sandbox as its own process for the no-keys demo:
 * `node --import tsx sandbox/stripe/serve.ts`. Point the app at it with
 * `STRIPE_API_BASE=http://127.0.0.1:<port>`; events go to
 * `STRIPE_SANDBOX_WEBHOOK_URL`, signed with `STRIPE_WEBHOOK_SECRET`.
 */
async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const webhookUrl = env.STRIPE_SANDBOX_WEBHOOK_URL;
  const running = await startStripeSandbox({
    port: Number(env.STRIPE_SANDBOX_PORT ?? 12111),
    hostname: env.STRIPE_SANDBOX_HOST ?? "127.0.0.1",
    publicUrl: env.STRIPE_SANDBOX_PUBLIC_URL,
    webhookEndpoints: webhookUrl ? [{ url: webhookUrl, secret: env.STRIPE_WEBHOOK_SECRET }] : [],
  });
  const [endpoint] = running.sandbox.store.webhookEndpoints.all();
  console.log(`stripe sandbox listening on ${running.url}`);
  if (endpoint) console.log(`webhooks → ${endpoint.url} (secret ${endpoint.secret})`);

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
