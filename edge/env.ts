/**
 * The Worker's configuration: `[vars]` and secrets from wrangler.toml, plus
 * the Hyperdrive binding, checked with the Node processes' own rules.
 */
import { type Env, envSchema } from "../config/schema.ts";

/** What `env.HYPERDRIVE` is: Hyperdrive hands out a connection string per binding. */
export type HyperdriveBinding = { connectionString: string };

/** The Worker's bindings, as named in wrangler.toml. */
export type EdgeBindings = {
  HYPERDRIVE: HyperdriveBinding;
  LOG_LEVEL?: string;
  APP_SECRET?: string;
  TELEGRAM_WEBHOOK_SECRET?: string;
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_API_BASE?: string;
  TELEGRAM_BOT_USERNAME?: string;
  PUBLIC_URL?: string;
};

export type EdgeConfig = {
  databaseUrl: string;
  logLevel: NonNullable<Env["LOG_LEVEL"]>;
  telegramWebhookSecret: string;
  /** Present when both Stripe secrets are set; the Stripe webhook is served only then. */
  stripe?: { secretKey: string; webhookSecret: string; apiBase?: string };
  /** Present when APP_SECRET is set: the dashboard and the JSON API are served only then. */
  web?: { appSecret: string; botUsername: string; publicUrl?: string };
};

/** The Worker cannot start with these bindings; each problem names the binding. */
export class EdgeConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid Worker configuration: ${problems.join("; ")}`);
    this.name = "EdgeConfigError";
    this.problems = problems;
  }
}

// The rules of the Node processes' environment, so both runtimes accept the same values.
const edgeSchema = envSchema.pick({
  LOG_LEVEL: true,
  APP_SECRET: true,
  TELEGRAM_WEBHOOK_SECRET: true,
  TELEGRAM_BOT_USERNAME: true,
  PUBLIC_URL: true,
  STRIPE_SECRET_KEY: true,
  STRIPE_WEBHOOK_SECRET: true,
  STRIPE_API_BASE: true,
});

/**
 * The webhook secret the Node processes derive from APP_SECRET when
 * TELEGRAM_WEBHOOK_SECRET is unset (`runtime/parts.ts`), computed with
 * WebCrypto: both runtimes accept the same webhook.
 */
export async function deriveWebhookSecret(appSecret: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, encoder.encode("mouse/telegram-webhook/v1")),
  );
  const base64 = btoa(String.fromCharCode(...mac));
  return base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "").slice(0, 48);
}

/** Turns the Worker's bindings into its configuration, or throws `EdgeConfigError`. */
export async function createEdgeConfig(bindings: EdgeBindings): Promise<EdgeConfig> {
  const problems: string[] = [];
  const databaseUrl = bindings.HYPERDRIVE?.connectionString;
  if (!databaseUrl)
    problems.push("HYPERDRIVE binding is missing (see [[hyperdrive]] in wrangler.toml)");
  const parsed = edgeSchema.safeParse(bindings);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      problems.push(`${String(issue.path[0])} ${issue.message}`);
  const env = parsed.success ? parsed.data : {};
  if (!bindings.TELEGRAM_WEBHOOK_SECRET?.trim() && !bindings.APP_SECRET?.trim())
    problems.push("TELEGRAM_WEBHOOK_SECRET or APP_SECRET must be set (the webhook's secret token)");
  if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET))
    problems.push("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together");
  if (env.APP_SECRET && !env.TELEGRAM_BOT_USERNAME)
    problems.push("TELEGRAM_BOT_USERNAME must be set with APP_SECRET (the dashboard's deep links)");
  if (problems.length > 0 || !databaseUrl) throw new EdgeConfigError(problems);
  return {
    databaseUrl,
    logLevel: env.LOG_LEVEL ?? "info",
    telegramWebhookSecret:
      env.TELEGRAM_WEBHOOK_SECRET ?? (await deriveWebhookSecret(env.APP_SECRET as string)),
    ...(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
      ? {
          stripe: {
            secretKey: env.STRIPE_SECRET_KEY,
            webhookSecret: env.STRIPE_WEBHOOK_SECRET,
            ...(env.STRIPE_API_BASE ? { apiBase: env.STRIPE_API_BASE } : {}),
          },
        }
      : {}),
    ...(env.APP_SECRET && env.TELEGRAM_BOT_USERNAME
      ? {
          web: {
            appSecret: env.APP_SECRET,
            botUsername: env.TELEGRAM_BOT_USERNAME,
            ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
          },
        }
      : {}),
  };
}
