import type { BotState } from "../core.ts";
import { BotApiError, badRequest, tooManyRequests } from "../errors.ts";
import { LONG_POLL_MAX_TIMEOUT } from "../long-poll.ts";
import { startWebhookDelivery } from "../webhook-deliverer.ts";
import type { MethodContext, MethodHandler } from "./context.ts";

const WEBHOOK_ACTIVE =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** allowed_updates, when the call carries it (Telegram keeps the last setting otherwise). */
function applyAllowedUpdates(context: MethodContext): void {
  const value = context.params.json("allowed_updates", "allowed updates");
  if (value === undefined) return;
  if (!Array.isArray(value)) throw badRequest("can't parse allowed updates JSON object");
  context.bot.updates.setAllowed(value.filter((v): v is string => typeof v === "string"));
}

/** getUpdates: confirmation by offset, long polling, Telegram's 409s. */
export const getUpdates: MethodHandler = (context) => {
  const { bot, params } = context;
  if (bot.webhook) throw new BotApiError(409, WEBHOOK_ACTIVE);
  applyAllowedUpdates(context);
  return bot.poller.getUpdates({
    offset: params.int("offset", 0) ?? 0,
    limit: clamp(params.int("limit", 100) ?? 100, 1, 100),
    timeoutSeconds: clamp(params.int("timeout", 0) ?? 0, 0, LONG_POLL_MAX_TIMEOUT),
    signal: context.signal,
  });
};

function removeWebhook(bot: BotState): boolean {
  if (!bot.webhook) return false;
  bot.webhook.deliverer.stop();
  delete bot.webhook;
  return true;
}

/** deleteWebhook: stops delivery; undelivered updates wait for getUpdates. */
export const deleteWebhook: MethodHandler = (context) => {
  const removed = removeWebhook(context.bot);
  if (context.params.bool("drop_pending_updates")) context.bot.updates.clear();
  context.description = removed ? "Webhook was deleted" : "Webhook is already deleted";
  return true;
};

/** setWebhook: validates the URL and secret_token, then starts delivery. */
export const setWebhook: MethodHandler = (context) => {
  const { bot, params, core } = context;
  const url = params.string("url");
  if (url === "") return deleteWebhook(context);

  const now = core.now();
  if (
    core.settings.limits.setWebhook &&
    bot.lastWebhookSetAt !== undefined &&
    now - bot.lastWebhookSetAt < 1000
  ) {
    throw tooManyRequests(1);
  }
  bot.lastWebhookSetAt = now;

  const secretToken = params.string("secret_token");
  const maxConnections = clamp(params.int("max_connections", 40) ?? 40, 1, 100);
  const drop = params.bool("drop_pending_updates");
  const current = bot.webhook?.target;
  if (
    current &&
    current.url === url &&
    (current.secretToken ?? "") === secretToken &&
    current.maxConnections === maxConnections &&
    !drop
  ) {
    applyAllowedUpdates(context);
    context.description = "Webhook is already set";
    return true;
  }

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest("invalid webhook URL specified");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw badRequest("invalid webhook URL specified");
  }
  if (parsed.protocol !== "https:" && core.settings.webhook.requireHttps) {
    throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  }
  if (secretToken.length > 256) throw badRequest("secret token is too long");
  if (!/^[A-Za-z0-9_-]*$/.test(secretToken)) {
    throw badRequest("secret token contains unallowed characters");
  }

  removeWebhook(bot);
  if (drop) bot.updates.clear();
  bot.poller.terminateForWebhook();
  applyAllowedUpdates(context);
  delete bot.lastWebhookError;
  const target = { url, maxConnections, ...(secretToken ? { secretToken } : {}) };
  const deliverer = startWebhookDelivery({
    target,
    timing: core.settings.webhook,
    queue: bot.updates,
    transport: core.settings.webhookTransport,
    now: core.now,
    onError: (error) => {
      bot.lastWebhookError = error;
    },
    onReply: (method, replyParams) => context.callAsBot(method, replyParams),
  });
  bot.webhook = { target, deliverer };
  context.description = "Webhook was set";
  return true;
};

/** getWebhookInfo: URL, pending_update_count and the last delivery error. */
export const getWebhookInfo: MethodHandler = ({ bot }) => webhookInfo(bot);

/** The getWebhookInfo answer for a bot. */
export function webhookInfo(bot: BotState) {
  const target = bot.webhook?.target;
  const allowed = bot.updates.allowedList();
  return {
    url: target?.url ?? "",
    has_custom_certificate: false,
    pending_update_count: bot.updates.size,
    ...(bot.lastWebhookError
      ? {
          last_error_date: bot.lastWebhookError.date,
          last_error_message: bot.lastWebhookError.message,
        }
      : {}),
    ...(target ? { max_connections: target.maxConnections, ip_address: "127.0.0.1" } : {}),
    ...(allowed ? { allowed_updates: allowed } : {}),
  };
}
