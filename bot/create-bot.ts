/**
 * Builds King Mouse's grammY bot from its dependencies. Features are
 * Composers installed in a deliberate order: context first, then the error
 * boundary around everything, rate limiting, conversations (onboarding),
 * approvals, commands, admin, chat, and the catch-all last.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { conversations } from "@grammyjs/conversations";
import { limit } from "@grammyjs/ratelimiter";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotConfig } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Approvals } from "../approvals/index.ts";
import type { Data } from "../db/index.ts";
import { catalogue, type Locale, localeFor } from "../i18n/index.ts";
import type { Logger } from "../observability/index.ts";
import { createCallbackSigner } from "./callback-data.ts";
import type { MouseContext } from "./context.ts";
import { createAdminFeature } from "./features/admin.ts";
import { createAdminMenuFeature } from "./features/admin-menu.ts";
import { createApprovalsFeature } from "./features/approvals.ts";
import { createChatFeature } from "./features/chat.ts";
import { createCancelFeature, createCustomerFeature } from "./features/customer.ts";
import { createFallbackFeature } from "./features/fallback.ts";
import { createIncomingFilesFeature } from "./features/incoming-files.ts";
import { createLanguageFeature } from "./features/language.ts";
import { createOnboarding } from "./features/onboarding.ts";
import { createOneTimeCodesFeature } from "./features/one-time-codes.ts";
import { createPastedLoginsFeature } from "./features/pasted-logins.ts";
import { createSchedulesFeature } from "./features/schedules.ts";
import { createBotI18n } from "./i18n.ts";
import { cleanText } from "./middleware/clean-text.ts";
import { identify } from "./middleware/identify.ts";
import type {
  BillingPort,
  BrainPort,
  FilesPort,
  KnightsPort,
  PastedLoginsPort,
  SchedulesPort,
} from "./ports.ts";
import { createConversationStorage } from "./storage.ts";

export type BotDeps = {
  token: string;
  /** Skips getMe at start-up (webhook mode, tests). */
  botInfo?: UserFromGetMe;
  apiRoot?: string;
  data: Data;
  logger: Logger;
  appSecret: string;
  adminIds: number[];
  /** Base URL of the dashboard, for /dashboard login links. */
  dashboardUrl: string;
  brain: BrainPort;
  knights: KnightsPort;
  /** /schedules and its buttons; without it those commands fall through to the chat. */
  schedules?: SchedulesPort;
  /** Photos and documents the customer sends; without it they reach the fallback. */
  files?: FilesPort;
  billing: BillingPort;
  broadcast: (chatIds: number[], text: string) => Promise<number>;
  /** Deciding approvals (the effect runs from the approval-effects queue). */
  approvals: Approvals;
  /** Logins pasted into chat; absent, such messages are handled like any other. */
  logins?: PastedLoginsPort;
  /** Incoming flood control per user: `limit` updates per `timeFrame` ms. */
  rateLimit?: { limit: number; timeFrame: number };
};

/** The English apology (tests match it); users read `error-sorry` in their language. */
export const SORRY = "Sorry — something went wrong on my side. Please try again in a moment.";

/**
 * The language of an update: the one the user chose with /language, else
 * the language their Telegram app sends now, else the one stored when they
 * joined; unknown languages read English.
 */
const localeOf = (ctx: MouseContext): Locale =>
  localeFor(ctx.mouse?.user?.language ?? ctx.from?.language_code ?? ctx.mouse?.user?.language_code);

/** Creates the bot (not started: the caller picks webhook or long polling). */
export function createBot(deps: BotDeps): Bot<MouseContext> {
  const config: BotConfig<MouseContext> = {
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
    ...(deps.apiRoot ? { client: { apiRoot: deps.apiRoot } } : {}),
  };
  const bot = new Bot<MouseContext>(deps.token, config);
  // Direct replies ride out short flood waits; long ones fail fast rather than stall an update.
  const retry = autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 5 });
  bot.api.config.use(retry);
  const signer = createCallbackSigner(deps.appSecret);
  // Before anything reads or stores the update's text (lib/text.ts).
  bot.use(cleanText());

  // One update at a time per chat (long polling runs updates concurrently otherwise).
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(identify({ data: deps.data, logger: deps.logger, adminIds: deps.adminIds }));
  // Every handler after this speaks the user's language through `ctx.t` (i18n/locales/).
  bot.use(createBotI18n((ctx) => localeOf(ctx as MouseContext)).middleware() as never);
  const guarded = bot.errorBoundary(async (error) => {
    error.ctx.log.error({ err: error.error }, "update handler failed");
    if (error.ctx.chat?.type === "private")
      await error.ctx.reply(error.ctx.t("error-sorry")).catch(() => {});
    if (error.ctx.callbackQuery) await error.ctx.answerCallbackQuery().catch(() => {});
  });

  const { limit: max = 20, timeFrame = 10_000 } = deps.rateLimit ?? {};
  guarded.use(
    limit<MouseContext, never>({
      limit: max,
      timeFrame,
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      // Called once per excess: one polite notice, then silence until the user slows down.
      onLimitExceeded: async (ctx) => {
        if (ctx.chat?.type === "private") await ctx.reply(ctx.t("error-too-fast")).catch(() => {});
      },
    }),
  );
  // Before anything can store or read a message (conversations, the brain, a knight).
  if (deps.knights.relayCode)
    guarded.use(createOneTimeCodesFeature({ relayCode: deps.knights.relayCode }));
  if (deps.logins)
    guarded.use(
      createPastedLoginsFeature({ logins: deps.logins, signer, dashboardUrl: deps.dashboardUrl }),
    );
  guarded.use(
    conversations({
      storage: createConversationStorage(deps.data),
      // Conversations get a fresh Api per update: give it the same flood-wait retries.
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(retry);
          await next();
        },
      ],
    }),
  );
  // Everything a customer or admin does happens in their private chat with the bot;
  // groups and channels only ever reach the fallback.
  const privately = guarded.chatType("private");
  privately.use(createAdminMenuFeature());
  privately.use(createCancelFeature());
  privately.use(
    createOnboarding({ data: deps.data, billing: deps.billing, catalogue: catalogue() }),
  );
  privately.use(createLanguageFeature({ data: deps.data }));
  privately.use(createApprovalsFeature({ signer, approvals: deps.approvals }));
  privately.use(
    createCustomerFeature({
      data: deps.data,
      billing: deps.billing,
      knights: deps.knights,
      dashboardUrl: deps.dashboardUrl,
    }),
  );
  if (deps.schedules)
    privately.use(createSchedulesFeature({ data: deps.data, schedules: deps.schedules, signer }));
  privately.use(
    createAdminFeature({ data: deps.data, knights: deps.knights, broadcast: deps.broadcast }),
  );
  if (deps.files) privately.use(createIncomingFilesFeature({ files: deps.files }));
  privately.use(
    createChatFeature({
      brain: deps.brain,
      knights: deps.knights,
      signer,
    }),
  );
  guarded.use(createFallbackFeature());
  return bot;
}
