/**
 * Mouse scaled out as an operator runs it, for tests and `npm run chaos`: a
 * web process in webhook mode and worker processes (`main.ts web|worker`,
 * real child processes) on one PostgreSQL and one Redis (or BullMQ on that
 * PostgreSQL). The sandboxes are served once, from the calling process, so
 * every Mouse process talks to the same Telegram, models, Orgo and Stripe,
 * and the caller sees everything they were sent.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SANDBOX } from "../sandbox/index.ts";
import {
  type ModelSandboxOptions,
  type RunningModelSandbox,
  startModelSandbox,
} from "../sandbox/models/index.ts";
import { type RunningOrgoSandbox, startOrgoSandbox } from "../sandbox/orgo/index.ts";
import { type RunningStripeSandbox, startStripeSandbox } from "../sandbox/stripe/index.ts";
import {
  type RunningTelegramSandbox,
  startTelegramSandbox,
  type TelegramSandboxOptions,
} from "../sandbox/telegram/index.ts";
import { freePort } from "./ports.ts";

const ROOT = join(import.meta.dirname, "..");
export const CLUSTER_WEBHOOK_SECRET = "cluster_webhook_secret_0123456789";
const CLUSTER_APP_SECRET = "cluster-app-secret-0123456789-0123456789";

/** One Mouse process. */
export type MouseProcess = {
  role: "web" | "worker";
  url: string;
  child: ChildProcess;
  /** Sends the signal and waits for the process to exit. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

export type Cluster = {
  telegram: RunningTelegramSandbox;
  models: RunningModelSandbox;
  orgo: RunningOrgoSandbox;
  stripe: RunningStripeSandbox;
  web: MouseProcess;
  workers: MouseProcess[];
  /** Starts one more worker process (after a kill, say) and waits until it is ready. */
  spawnWorker: () => Promise<MouseProcess>;
  close: () => Promise<void>;
};

export type ClusterOptions = {
  databaseUrl: string;
  /** BullMQ on this Redis; unset, BullMQ on the PostgreSQL above. */
  redisUrl?: string;
  workers: number;
  /** Where the processes' output goes (one file per process). */
  logDir: string;
  telegram?: TelegramSandboxOptions;
  /** The model sandbox's brain and faults (latency) for every process. */
  models?: ModelSandboxOptions;
  /** More environment for every process. */
  env?: Record<string, string>;
};

async function waitReady(url: string, child: ChildProcess, logFile: string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `${url}: the process exited (${child.exitCode}): ${readFileSync(logFile, "utf8").slice(-2_000)}`,
      );
    const ok = await fetch(`${url}/readyz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}: not ready after ${timeoutMs} ms`);
}

/** Starts the sandboxes, one web process and `workers` worker processes; resolves once all are ready. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const telegram = await startTelegramSandbox(options.telegram ?? {});
  const models = await startModelSandbox(options.models ?? {});
  const orgo = await startOrgoSandbox({
    workspaces: [{ id: SANDBOX.orgoWorkspaceId, name: "mouse" }],
  });
  const stripe = await startStripeSandbox({
    apiKeys: [SANDBOX.stripeSecretKey],
    webhookEndpoints: [{ url: `${webUrl}/stripe/webhook`, secret: SANDBOX.stripeWebhookSecret }],
  });
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    APP_SECRET: CLUSTER_APP_SECRET,
    DATABASE_URL: options.databaseUrl,
    PUBLIC_URL: webUrl,
    TELEGRAM_BOT_TOKEN: SANDBOX.telegramBot.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_BOT_USERNAME: SANDBOX.telegramBot.username,
    TELEGRAM_WEBHOOK_SECRET: CLUSTER_WEBHOOK_SECRET,
    ANTHROPIC_API_KEY: SANDBOX.anthropicApiKey,
    ANTHROPIC_BASE_URL: models.anthropicBaseURL,
    OPENAI_API_KEY: SANDBOX.openaiApiKey,
    OPENAI_BASE_URL: models.openaiBaseURL,
    ORGO_API_KEY: SANDBOX.orgoApiKey,
    ORGO_BASE_URL: orgo.baseUrl,
    ORGO_WORKSPACE_ID: SANDBOX.orgoWorkspaceId,
    STRIPE_SECRET_KEY: SANDBOX.stripeSecretKey,
    STRIPE_API_BASE: stripe.url,
    STRIPE_WEBHOOK_SECRET: SANDBOX.stripeWebhookSecret,
    ...(options.env ?? {}),
  };
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  else delete env.REDIS_URL;
  const children = new Set<ChildProcess>();
  let started = 0;

  // A process that cannot start (a database slow to accept connections on a
  // loaded machine) is started again, as an orchestrator would.
  const spawnMouse = async (role: "web" | "worker", port: number): Promise<MouseProcess> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await spawnOnce(role, port);
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  };
  const spawnOnce = async (role: "web" | "worker", port: number): Promise<MouseProcess> => {
    const logFile = join(options.logDir, `${role}-${++started}.log`);
    const log = openSync(logFile, "a");
    const child = spawn(
      join(ROOT, "node_modules/.bin/node"),
      ["--import", "./runtime/register.js", "main.ts", role],
      { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ["ignore", log, log] },
    );
    children.add(child);
    child.on("exit", () => children.delete(child));
    const url = `http://127.0.0.1:${port}`;
    const stop = (signal: NodeJS.Signals = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      });
    try {
      await waitReady(url, child, logFile);
    } catch (error) {
      await stop("SIGKILL");
      throw error;
    }
    return { role, url, child, stop };
  };

  const closeSandboxes = async () => {
    await Promise.allSettled([telegram.close(), models.close(), orgo.close(), stripe.close()]);
  };
  try {
    // Workers first: the web process points the webhook here once it is ready.
    const workers: MouseProcess[] = [];
    for (let i = 0; i < options.workers; i++)
      workers.push(await spawnMouse("worker", await freePort()));
    const web = await spawnMouse("web", webPort);
    const cluster: Cluster = {
      telegram,
      models,
      orgo,
      stripe,
      web,
      workers,
      spawnWorker: async () => {
        const worker = await spawnMouse("worker", await freePort());
        cluster.workers.push(worker);
        return worker;
      },
      close: async () => {
        await Promise.allSettled(
          [...children].map(
            (child) =>
              new Promise<void>((resolve) => {
                if (child.exitCode !== null || child.signalCode !== null) return resolve();
                const hard = setTimeout(() => child.kill("SIGKILL"), 15_000);
                child.once("exit", () => {
                  clearTimeout(hard);
                  resolve();
                });
                child.kill("SIGTERM");
              }),
          ),
        );
        await closeSandboxes();
      },
    };
    return cluster;
  } catch (error) {
    for (const child of children) child.kill("SIGKILL");
    await closeSandboxes();
    throw error;
  }
}

/** A redis-server of the caller's own on `port`, keeping its data in `dir` across a stop. */
export type RedisServer = {
  url: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
};

/** Starts a private redis-server (the machine's own is shared and must never be stopped). */
export async function startRedisServer(port: number, dir: string): Promise<RedisServer> {
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(
        "redis-server",
        [
          ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir],
          ...["--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"],
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let output = "";
      c.stdout?.on("data", (chunk) => {
        output += String(chunk);
        if (output.includes("Ready to accept connections")) {
          child = c;
          resolve();
        }
      });
      c.on("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const c = child;
      if (!c || c.exitCode !== null) return resolve();
      c.once("exit", () => resolve());
      // SHUTDOWN SAVE writes dump.rdb, which the next start loads: stopped, not flushed.
      spawnSync("redis-cli", ["-p", String(port), "shutdown", "save"]);
    });
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
