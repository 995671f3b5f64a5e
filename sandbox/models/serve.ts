import { startModelSandbox } from "./start.ts";

/**
 * Runs both model stand-ins as their own process for the no-keys demo and
 * benchmarks: `node --import tsx sandbox/models/serve.ts`. Then set
 * `ANTHROPIC_BASE_URL=http://127.0.0.1:<port>` and
 * `OPENAI_BASE_URL=http://127.0.0.1:<port>/v1`. `MODELS_SANDBOX_LATENCY_MS`
 * adds a delay to every call (e.g. 1500 to feel like a real model).
 */
async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const running = await startModelSandbox({
    port: Number(env.MODELS_SANDBOX_PORT ?? 12112),
    hostname: env.MODELS_SANDBOX_HOST ?? "127.0.0.1",
    faults: { latencyMs: Number(env.MODELS_SANDBOX_LATENCY_MS ?? 0) },
  });
  console.log(
    `model sandbox listening: anthropic ${running.anthropicBaseURL}, openai ${running.openaiBaseURL}`,
  );

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
