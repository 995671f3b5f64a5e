import type { Message } from "grammy/types";
import { createCustomerInvite, ensureAdmins } from "../accounts/index.ts";
import { stopTask } from "../agents/knights/index.ts";
import {
  createApprovalExecutors,
  createApprovals,
  startApprovalEffects,
} from "../approvals/index.ts";
import {
  type BillingPort,
  type BrainPort,
  createBot,
  createOutboxNotifier,
  type FilesPort,
  type KnightsPort,
  type PastedLoginsPort,
  startOutboxWorker,
  startPolling,
} from "../bot/index.ts";
import { createData, type Data, type Database, migrate } from "../db/index.ts";
import { createLogger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import {
  DEFAULT_BOT,
  type RunningTelegramSandbox,
  startTelegramSandbox,
  type TelegramSandboxOptions,
} from "../sandbox/telegram/index.ts";
import { customerFacingProblems } from "./customer-facing.ts";
import { createTestDatabase, type DatabaseBackend } from "./databases.ts";
import { createTestQueues, type QueueBackend } from "./queues.ts";

export const ADMIN_TELEGRAM_ID = 900_001;
export const APP_SECRET = "test-app-secret-0123456789abcdef0123456789";

export type BotHarness = Awaited<ReturnType<typeof startBotHarness>>;

/**
 * A whole bot on real parts: a fresh database, the sandbox Telegram Bot API
 * (grammY talks to it over HTTP), long polling, BullMQ for the outbox.
 * `brain`, `knights` and `billing` are the bot's ports to our own modules.
 */
export async function startBotHarness({
  backend = "pglite",
  queue = "postgres",
  brain,
  knights,
  files,
  billing,
  telegram = { limits: false },
  outboxLimit,
  dashboardUrl = "http://127.0.0.1:8787",
  logins,
}: {
  backend?: DatabaseBackend;
  /** BullMQ's backend for the outbox: Postgres (the database above) or Redis (REDIS_URL). */
  queue?: QueueBackend;
  brain: BrainPort;
  knights?: KnightsPort;
  files?: FilesPort | ((data: Data) => FilesPort);
  billing?: BillingPort;
  telegram?: TelegramSandboxOptions;
  outboxLimit?: { max: number; duration: number };
  /** The dashboard's public URL the bot links to (HTTPS turns on Mini App buttons). */
  dashboardUrl?: string;
  /** Built from the harness's database, e.g. `(data) => createPastedLogins(…)`. */
  logins?: (data: Data) => PastedLoginsPort;
}) {
  const db: Database = await createTestDatabase(backend);
  await migrate(db.pool, { queue: true });
  const data: Data = createData(db);
  const tg: RunningTelegramSandbox = await startTelegramSandbox(telegram);
  const queues: QueueKit = createTestQueues(queue, db);
  const logger = createLogger({ level: process.env.TEST_LOG ?? "silent" });
  const notifier = createOutboxNotifier(queues, data);
  const executors = createApprovalExecutors();
  // Deciding and running approvals as production does: the decision, then the effect from its queue.
  const approvals = createApprovals({ data, queues, logger, policy: { backoffMs: 200 } });
  await ensureAdmins(data, [ADMIN_TELEGRAM_ID]);
  const bot = createBot({
    token: DEFAULT_BOT.token,
    botInfo: {
      id: DEFAULT_BOT.id,
      is_bot: true,
      first_name: DEFAULT_BOT.first_name,
      username: DEFAULT_BOT.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
    } as never,
    apiRoot: tg.apiRoot,
    data,
    logger,
    appSecret: APP_SECRET,
    adminIds: [ADMIN_TELEGRAM_ID],
    dashboardUrl,
    brain,
    // Without a knights runner the bot still stops tasks through the knights' one stop operation.
    knights: knights ?? {
      answer: async () => false,
      stop: (input) => data.asUser({ sub: input.userId }, (tx) => stopTask(tx, input)),
    },
    ...(files ? { files: typeof files === "function" ? files(data) : files } : {}),
    billing: billing ?? {
      checkoutUrl: async ({ plan }) => `https://checkout.example.test/${plan}`,
      portalUrl: async () => undefined,
    },
    broadcast: notifier.broadcast,
    approvals,
    ...(logins ? { logins: logins(data) } : {}),
  });
  const stopPolling = await startPolling(bot, logger);
  const outbox = startOutboxWorker({
    queues,
    api: bot.api,
    data,
    logger,
    ...(outboxLimit ? { limit: outboxLimit } : {}),
  });
  const effects = startApprovalEffects({ data, queues, executors, notifier, logger });

  /** Creates a customer with an owner invite, as the seeded reseller would; returns the token. */
  const invite = async (name = "New business", ttlHours = 24) => {
    const reseller = await data.asService("test: reseller", async (tx) => {
      const r = await tx.query<{ id: string }>(
        "insert into public.resellers (name) values ('Test Reseller') returning id",
      );
      const u = await tx.query<{ id: string }>(
        "insert into public.users (display_name) values ('Reseller staff') returning id",
      );
      await tx.query(
        "insert into public.memberships (user_id, reseller_id, role) values ($1, $2, 'owner')",
        [u.rows[0]!.id, r.rows[0]!.id],
      );
      return { resellerId: r.rows[0]!.id, userId: u.rows[0]!.id };
    });
    return createCustomerInvite(
      data,
      { userId: reseller.userId },
      { name, resellerId: reseller.resellerId, ttlHours },
    );
  };

  /** A customer with one member of the given role, bound to a Telegram user; returns their ids. */
  const member = async (
    telegramId: number,
    {
      role = "owner",
      customerName = `Customer of ${telegramId}`,
      status = "active",
      plan = "free",
    }: {
      role?: "owner" | "admin" | "member" | "viewer";
      customerName?: string;
      status?: "active" | "suspended";
      plan?: string;
    } = {},
  ) =>
    data.asService("test: member", async (tx) => {
      const c = await tx.query<{ id: string }>(
        "insert into public.customers (name, status, plan) values ($1, $2, $3) returning id",
        [customerName, status, plan],
      );
      const u = await tx.query<{ id: string }>(
        "insert into public.users (telegram_user_id, display_name) values ($1, $2) returning id",
        [telegramId, `user ${telegramId}`],
      );
      await tx.query(
        "insert into public.memberships (user_id, customer_id, role) values ($1, $2, $3)",
        [u.rows[0]!.id, c.rows[0]!.id, role],
      );
      return { customerId: c.rows[0]!.id, userId: u.rows[0]!.id };
    });

  /** Waits for the bot's next message in a chat (text or caption contains `includes`, if given). */
  const next = (chatId: number, includes?: string | RegExp, timeoutMs = 10_000): Promise<Message> =>
    tg.sandbox.users.get(chatId).waitForBotMessage({
      timeoutMs,
      ...(includes
        ? {
            predicate: (m: Message) => {
              const text = m.text ?? m.caption ?? "";
              return typeof includes === "string" ? text.includes(includes) : includes.test(text);
            },
          }
        : {}),
    });

  /** The next message carrying Approve / Deny buttons in a chat: an approval's card. */
  const nextCard = (chatId: number, timeoutMs = 10_000): Promise<Message> =>
    tg.sandbox.users.get(chatId).waitForBotMessage({
      timeoutMs,
      predicate: (m: Message) =>
        m.reply_markup?.inline_keyboard
          .flat()
          .some((b) => "callback_data" in b && b.callback_data.startsWith("ap:")) ?? false,
    });

  return {
    db,
    data,
    tg,
    nextCard,
    /** Ids, tool names and mid-word cuts in anything the bot sent so far (see customer-facing.ts). */
    customerFacingProblems: () => customerFacingProblems(tg.sandbox),
    telegram: tg.sandbox,
    queues,
    bot,
    executors,
    approvals,
    notifier,
    invite,
    member,
    next,
    close: async () => {
      await stopPolling();
      await outbox.close();
      await effects.close();
      await queues.close();
      await tg.close();
      await db.close();
    },
  };
}
