import { createSignupGuard, ensureAdmins } from "../accounts/index.ts";
import {
  createKnights,
  createLocalFramePublisher,
  createPgNotifyFramePublisher,
  fanOutFramePublisher,
  type KnightsDeps,
  startKnights,
  writeScheduledTask,
} from "../agents/knights/index.ts";
import { createApiRoutes } from "../api/api-routes.ts";
import { type AppDeps, createApp, type ReadinessCheck } from "../api/index.ts";
import { createWebKit } from "../api/web-kit.ts";
import {
  APPROVALS_RELAY_JOB,
  scheduleApprovalsRelay,
  startApprovalEffects,
} from "../approvals/index.ts";
import { createSupabaseTokenVerifier } from "../auth/supabase.ts";
import {
  createMeterReportingProcessor,
  ensureStripeCatalog,
  METER_REPORT_JOB,
  scheduleMeterReporting,
} from "../billing/index.ts";
import {
  approvalButtons,
  createCallbackSigner,
  createChatOrder,
  createIngestGauge,
  createOutboxNotifier,
  REPLIES_RELAY_JOB,
  registerCommands,
  relayReplies,
  scheduleRepliesRelay,
  startOutboxWorker,
  startPolling,
  startUpdateWorker,
} from "../bot/index.ts";
import { type Config, resolveAppSecret } from "../config/index.ts";
import { createDashboardRoutes, createLiveView } from "../dashboard/index.ts";
import {
  createData,
  createDatabase,
  type Database,
  migrate,
  seedDemoIfEmpty,
  serviceDatabaseOptions,
} from "../db/index.ts";
import {
  createDeliverFile,
  createPostgresDeliverableStore,
  createSupabaseDeliverableStorage,
} from "../deliverables/index.ts";
import { relayHandoffs, scheduleTelegramRelay, TELEGRAM_RELAY_JOB } from "../edge/index.ts";
import { createLogger, createMetrics, type Logger } from "../observability/index.ts";
import { createQueueKit, type QueueKit } from "../queue/index.ts";
import { type Sandboxes, startSandboxes } from "../sandbox/index.ts";
import { createScheduleNotices, startScheduler } from "../schedules/index.ts";
import { createKeyring, createSecretStore } from "../secrets/index.ts";
import { createLoginTyper } from "../vault/index.ts";
import { bannerFacts, demoSignIns, renderBanner } from "./banner.ts";
import { type BootServer, bootServer } from "./boot.ts";
import { createParts, type Parts, webhookSecret } from "./parts.ts";
import { createServices } from "./services.ts";
import { createShutdown } from "./shutdown.ts";
import { startWorkers, type WorkerTuning } from "./workers.ts";

export type Role = "all" | "web" | "worker";

export type StartOptions = {
  role: Role;
  config: Config;
  logger?: Logger;
  /** Queue-name prefix, so tests and side-by-side deployments never share queues. */
  namespace?: string;
  /** How long a stopping worker waits for its active jobs before leaving them to be resumed. */
  drainMs?: number;
  /** BullMQ lock settings: how soon a job left by a dead worker is picked up again. */
  workerOptions?: WorkerTuning;
  /** A server already listening (main.ts listens before loading the product). */
  server?: BootServer;
  /** The database, already opening (main.ts starts it while the product's modules load). */
  database?: Promise<Database>;
  /** Receives the start-up banner for people once the process is ready (main.ts: stdout). */
  announce?: (banner: string) => void;
};

export type Mouse = {
  role: Role;
  url: string;
  config: Config;
  logger: Logger;
  /** Resolves once the database, queue and every part of this role are up. */
  ready: Promise<{ db: Database; queues: QueueKit; parts: Parts; sandboxes: Sandboxes }>;
  liveFrames: ReturnType<typeof createLocalFramePublisher>;
  shutdown: (reason?: string) => Promise<void>;
};

/**
 * Starts one Mouse process. The HTTP server listens first, so `/healthz`
 * answers at once and `/readyz` reports 503 until the rest is up; then the
 * sandboxes (for services without keys), the database (opened, migrated), the
 * queue and the role's parts start. Everything started registers its close
 * step with one shutdown path, which runs them in reverse.
 *
 * Roles: `web` serves HTTP and receives Telegram updates (webhook route, or
 * long polling when there is no PUBLIC_URL); `worker` runs the queues
 * (knights, outbox, webhook updates, maintenance); `all` does both.
 */
export async function startMouse({
  role,
  config,
  logger = createLogger({ level: config.logLevel }),
  namespace = "",
  drainMs = 10_000,
  workerOptions = {},
  ...options
}: StartOptions): Promise<Mouse> {
  const metrics = createMetrics();
  const shutdown = createShutdown(logger);
  const checks: ReadinessCheck[] = [];
  const deps: AppDeps = { logger, metrics, readiness: () => checks };
  const web = role !== "worker";
  /** Knights' frames for live viewers in this process (the dashboard subscribes). */
  const liveFrames = createLocalFramePublisher();
  const work = role !== "web";

  // The server swaps to the full app once its parts exist; until then the
  // boot app answers health probes only.
  const server = options.server ?? (await bootServer({ port: config.web.port }));
  shutdown.add("http server", () => server.close());
  const { url } = server;
  const swapIn = () => {
    const app = createApp(deps);
    server.serve((request, env) => app.fetch(request, env as never));
  };
  swapIn();
  const publicUrl = config.web.publicUrl ?? url;
  logger.info({ url, role }, "listening");

  const ready = (async () => {
    // The database opens (PGlite unpacks or a pool connects) while the sandboxes start.
    const opening = options.database ?? createDatabase(serviceDatabaseOptions(config));
    opening.catch(() => {}); // a failure is reported by the await below
    shutdown.add("database", async () => (await opening.catch(() => undefined))?.close());
    const [appSecret, sandboxes] = await Promise.all([
      resolveAppSecret(config),
      startSandboxes(config, { webUrl: url }),
    ]);
    shutdown.add("sandboxes", sandboxes.close);
    if (sandboxes.services.length > 0) {
      logger.info(
        { sandboxed: sandboxes.services },
        `sandbox serving: ${sandboxes.services.join(", ")} (no keys configured)`,
      );
    }

    const db = await opening;
    // An embedded database was migrated and seeded while it opened (db.prepared).
    const migrated =
      db.prepared?.migration ??
      (await migrate(db.pool, { queue: config.queue.kind === "postgres" }));
    logger.info({ database: db.describe, applied: migrated.applied.length }, "database ready");
    // The embedded default is a demo: give it something to show on first start.
    const seeded =
      db.prepared?.seeded ?? (db.kind === "embedded" && (await seedDemoIfEmpty(db.pool)));
    if (seeded) logger.info("seeded demo data");

    const queues = createQueueKit(
      config.queue.kind === "redis"
        ? { kind: "redis", url: config.queue.url }
        : { kind: "postgres", pool: db.queuePool },
      { namespace },
    );
    shutdown.add("queues", () => queues.close());

    const data = createData(db);
    const services = createServices(config, sandboxes);
    const notifier = createOutboxNotifier(queues, data);
    const signer = createCallbackSigner(appSecret);
    // The customer's logins: sealed under APP_SECRET, typed by knights without being seen.
    const secrets = createSecretStore({
      data,
      keyring: createKeyring({ current: appSecret }),
      logger,
    });
    // Files knights deliver: kept in Supabase Storage when its service key is set, else in
    // Postgres; sent as documents or signed dashboard links.
    const { store: deliverableStore, links: fileLinks } =
      config.supabase.mode === "on" && config.supabase.serviceRoleKey
        ? createSupabaseDeliverableStorage({
            data,
            url: config.supabase.url,
            serviceRoleKey: config.supabase.serviceRoleKey,
            bucket: config.supabase.storageBucket,
          })
        : { store: createPostgresDeliverableStore(data), links: undefined };
    const knightDeps: KnightsDeps = {
      data,
      queues,
      orgo: services.orgo,
      model: services.computer,
      notifier,
      logger,
      publicUrl,
      vault: createLoginTyper({ data, secrets }),
      approvalButtons: (approvalId, chatId, t) => approvalButtons(signer, approvalId, chatId, t),
      dashboardUrl: publicUrl,
      deliverables: {
        store: deliverableStore,
        deliver: createDeliverFile({
          data,
          orgo: services.orgo,
          store: deliverableStore,
          appSecret,
          publicUrl,
        }),
      },
      // Frames reach live viewers in this process directly, and other processes through Postgres NOTIFY.
      publisher: fanOutFramePublisher(liveFrames, createPgNotifyFramePublisher(data)),
      options: {
        maintenanceWorker: false,
        helpWaitMs: config.knights.helpWaitMs,
        ...(workerOptions.lockDuration || workerOptions.stalledInterval
          ? { worker: workerOptions }
          : {}),
      },
    };
    // A worker process runs the knights; a web process only needs their controls.
    const runningKnights = work ? await startKnights(knightDeps) : undefined;
    const knights = runningKnights ?? createKnights(knightDeps);
    const parts = createParts({
      config,
      data,
      queues,
      services,
      logger,
      appSecret,
      publicUrl,
      notifier,
      knights,
      // One event loop takes the webhook and handles its updates: the route goes first.
      ...(web && work ? { webhookGauge: createIngestGauge() } : {}),
    });
    await ensureAdmins(data, config.telegram.adminIds);
    // Every role handles updates (web: polling; worker: queued webhook updates), so every role knows the bot.
    await parts.bot.init().catch((error) => {
      throw new Error(
        `the Telegram bot could not start (getMe failed): ${(error as Error).message}`,
      );
    });

    if (work) {
      const meterReport = createMeterReportingProcessor({
        data,
        stripe: services.stripe,
        notifier: parts.notifier,
        logger,
      });
      const workers = [
        ...startWorkers({
          queues,
          logger,
          metrics,
          tuning: workerOptions,
          maintenance: async (job) => {
            if (job.name === METER_REPORT_JOB) return meterReport(job);
            if (job.name === APPROVALS_RELAY_JOB) return parts.approvals.relay();
            if (job.name === REPLIES_RELAY_JOB) return relayReplies({ data, queues });
            if (job.name === TELEGRAM_RELAY_JOB)
              return relayHandoffs({ data, queues, notifier: parts.notifier, logger });
            return parts.knights.handleMaintenanceJob(job);
          },
        }),
        startOutboxWorker({
          queues,
          api: parts.bot.api,
          data,
          logger,
          documents: deliverableStore,
        }),
        startApprovalEffects({
          data,
          queues,
          executors: parts.executors,
          notifier: parts.notifier,
          logger,
        }),
        ...(config.telegram.delivery.kind === "webhook"
          ? [
              startUpdateWorker({
                bot: parts.bot,
                queues,
                order: createChatOrder(data),
                logger,
                yieldTo: parts.webhookGauge,
              }),
            ]
          : []),
        ...(runningKnights?.workers ?? []),
      ];
      // Recurring work: one due scan a second, whichever worker takes it (schedules/).
      const signer = createCallbackSigner(appSecret);
      const scheduler = await startScheduler({
        data,
        queues,
        logger,
        enqueue: parts.knights.enqueue,
        writeTask: writeScheduledTask,
        notices: createScheduleNotices({
          data,
          notifier: parts.notifier,
          logger,
          sign: (payload, chatId) => signer.sign(payload, chatId),
          billingUrl: `${publicUrl}/billing`,
        }),
      });
      workers.push(scheduler.worker);
      await scheduleMeterReporting(queues);
      await scheduleApprovalsRelay(queues);
      await scheduleRepliesRelay(queues);
      // Effects owed since before this start (a process died right after a decision).
      await parts.approvals
        .relay({ graceMs: 0 })
        .catch((err) => logger.warn({ err }, "initial approvals relay failed"));
      // Work a Cloudflare Worker handed off (edge/); a Worker can only share a database server.
      if (db.kind === "server") await scheduleTelegramRelay(queues);
      // Workers close before the queue kit: active jobs get `drainMs` to
      // finish; a job still running after that is left locked and resumes
      // on the next start (BullMQ's stalled-job check).
      shutdown.add("workers", async () => {
        parts.knights.stopLoops(false);
        const drained = Promise.all(workers.map((w) => w.close()));
        const timedOut = await Promise.race([
          drained.then(() => false),
          new Promise<boolean>((r) => setTimeout(() => r(true), drainMs).unref()),
        ]);
        if (timedOut) {
          logger.warn({ drainMs }, "jobs still running; leaving them to resume on next start");
          parts.knights.stopLoops(true);
          await Promise.all(workers.map((w) => w.close(true)));
        }
      });
    }

    if (web) {
      for (const routes of await parts.routes()) deps.routes = [...(deps.routes ?? []), routes];
      const botUsername = parts.bot.botInfo.username;
      const kit = createWebKit({
        data,
        appSecret,
        publicUrl,
        trustProxy: config.trustProxy,
        ...(config.supabase.mode === "on"
          ? {
              externalTokens: createSupabaseTokenVerifier({
                url: config.supabase.url,
                anonKey: config.supabase.anonKey,
              }),
            }
          : {}),
      });
      const live = createLiveView({
        data,
        logger,
        orgo: services.orgo,
        pool: db.pool,
        localFrames: liveFrames,
      });
      live.start();
      shutdown.add("live view", () => live.stop());
      const shared = {
        data,
        appSecret,
        publicUrl,
        kit,
        logger,
        botUsername,
        queues,
        approvals: parts.approvals,
        schedules: parts.schedules,
        control: parts.knights.control,
        notifier: parts.notifier,
      };
      deps.api = createApiRoutes(shared);
      deps.dashboard = createDashboardRoutes({
        ...shared,
        live,
        stripe: services.stripe,
        portalOrigins: [sandboxes.stripe?.url ?? "https://billing.stripe.com"],
        ...(sandboxes.telegram ? { sandbox: { telegramUrl: sandboxes.telegram.url } } : {}),
        // The Mini App signs people in with initData signed by this bot's token.
        miniApp: { botToken: services.telegram.token },
        ...(fileLinks ? { fileLinks } : {}),
        signupGuard: createSignupGuard({
          data,
          appSecret,
          spikeAddresses: config.signups.spikeAddresses,
          spikeWindowMs: config.signups.spikeWindowMs,
          notifier: parts.notifier,
        }),
      });
      await registerCommands(parts.bot.api, config.telegram.adminIds).catch((err) =>
        logger.warn({ err }, "could not register the bot's command menus"),
      );
      if (config.telegram.delivery.kind === "webhook") {
        await parts.bot.api.setWebhook(`${config.telegram.delivery.publicUrl}/telegram/webhook`, {
          secret_token: await webhookSecret(config, appSecret),
          allowed_updates: ["message", "edited_message", "callback_query", "channel_post"],
        });
        logger.info("telegram: webhook set");
      } else {
        const stopPolling = await startPolling(parts.bot, logger);
        shutdown.add("telegram polling", stopPolling);
      }
    }
    swapIn();
    // Only now is this process ready: until the app with its routes is swapped in,
    // /readyz says 503 (a load balancer sending traffic earlier would meet 404s).
    checks.push({ name: "database", check: async () => void (await db.pool.query("select 1")) });
    checks.push({ name: "queue", check: queues.ping });
    // After the routes are up, so the sandbox's catalogue events find /stripe/webhook.
    if (config.stripe.mode === "sandbox") await ensureStripeCatalog(services.stripe);
    logger.info({ role, bot: parts.bot.botInfo.username }, "ready");
    if (options.announce) {
      const signIns = web ? await demoSignIns(data, { baseUrl: publicUrl, config }) : [];
      options.announce(renderBanner(bannerFacts(config, { role, url: publicUrl, signIns })));
    }
    return { db, queues, parts, sandboxes };
  })();
  // A failed start is reported by whoever awaits `ready`; never as an unhandled rejection.
  ready.catch(() => {});

  return {
    role,
    url,
    config,
    logger,
    ready,
    liveFrames,
    shutdown: (reason) => shutdown.shutdown(reason),
  };
}
