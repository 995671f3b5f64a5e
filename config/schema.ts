import { z } from "zod";

/**
 * The environment as the operating contract names it (DESIGN.md). Every
 * setting is optional: unset means the embedded default or the sandbox.
 */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const httpUrl = (what: string) =>
  optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: `must be an http(s) URL ${what}` })
      .transform((v) => v.replace(/\/+$/, ""))
      .optional(),
  );

/** A whole number of minutes from 1 to 1440, optional. */
const minutes = (range: string) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,4}$/, { error: `must be a whole number of minutes ${range}` })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, { error: `must be a whole number of minutes ${range}` })
          .max(1440, { error: `must be a whole number of minutes ${range}` }),
      )
      .optional(),
  );

/** The services that have a sandbox stand-in, as `ALLOW_SANDBOX` names them. */
export const SANDBOX_SERVICES = ["telegram", "anthropic", "openai", "orgo", "stripe"] as const;

/** A whole number from `min` to `max`, optional. */
const count = (min: number, max: number, what: string) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,6}$/, { error: `must be a whole number ${what}` })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(min, { error: `must be a whole number ${what}` })
          .max(max, { error: `must be a whole number ${what}` }),
      )
      .optional(),
  );

export const envSchema = z.object({
  NODE_ENV: optionalText.pipe(z.enum(["development", "production", "test"]).optional()),
  LOG_LEVEL: optionalText.pipe(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  ),
  DATABASE_URL: optionalText.pipe(
    z
      .url({
        protocol: /^postgres(ql)?$/,
        error: "must be a postgres:// or postgresql:// connection string",
      })
      .optional(),
  ),
  DATA_DIR: optionalText,
  REDIS_URL: optionalText.pipe(
    z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
  ),
  PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, { error: "must be an integer between 0 and 65535" })
      .transform(Number)
      .pipe(z.number().max(65535, { error: "must be an integer between 0 and 65535" }))
      .optional(),
  ),
  PUBLIC_URL: httpUrl("(the public base URL, e.g. https://mouse.example.com)"),
  APP_SECRET: optionalText.pipe(
    z
      .string()
      .min(32, { error: "must be at least 32 characters (e.g. openssl rand -hex 32)" })
      .optional(),
  ),
  TELEGRAM_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, {
        error: "must look like 123456789:AA… (the token @BotFather gave you)",
      })
      .optional(),
  ),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: "must be 1-256 characters of A-Z a-z 0-9 _ -" })
      .optional(),
  ),
  TELEGRAM_API_ROOT: httpUrl("(a Bot API server root)"),
  TELEGRAM_BOT_USERNAME: optionalText,
  ADMIN_TELEGRAM_IDS: optionalText.pipe(
    z
      .string()
      .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, {
        error: "must be a comma-separated list of numeric Telegram user ids",
      })
      .transform((v) => v.split(",").map((id) => Number(id.trim())))
      .optional(),
  ),
  SCHEDULE_MIN_INTERVAL_MINUTES: minutes("from 1 to 1440"),
  KNIGHT_HELP_WAIT_MINUTES: minutes("(1-1440)"),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: httpUrl("(the Anthropic API base)"),
  ANTHROPIC_MODEL: optionalText,
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: httpUrl("(the OpenAI API base, ending in /v1)"),
  OPENAI_MODEL: optionalText,
  ORGO_API_KEY: optionalText,
  ORGO_BASE_URL: httpUrl("(the Orgo API base, e.g. https://www.orgo.ai/api)"),
  ORGO_WORKSPACE_ID: optionalText,
  STRIPE_SECRET_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, {
        error: "must start with sk_test_, sk_live_, rk_test_ or rk_live_",
      })
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optionalText.pipe(
    z.string().startsWith("whsec_", { error: "must start with whsec_" }).optional(),
  ),
  STRIPE_API_BASE: httpUrl("(the Stripe API base)"),
  ALLOW_SANDBOX: optionalText.pipe(
    z
      .string()
      .transform((v) => v.split(",").map((name) => name.trim().toLowerCase()))
      .pipe(
        z.array(
          z.enum(SANDBOX_SERVICES, {
            error: `must be a comma-separated list of ${SANDBOX_SERVICES.join(", ")}`,
          }),
        ),
      )
      .optional(),
  ),
  TRUST_PROXY: optionalText,
  SIGNUP_SPIKE_ADDRESSES: count(1, 100_000, "of addresses from 1 to 100000"),
  SIGNUP_SPIKE_WINDOW_MINUTES: minutes("(1-1440)"),
  SUPABASE_URL: httpUrl("(your project URL, https://<ref>.supabase.co)"),
  SUPABASE_ANON_KEY: optionalText,
  SUPABASE_SERVICE_ROLE_KEY: optionalText,
  SUPABASE_STORAGE_BUCKET: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{2,62}$/, {
        error: "must be a bucket name: 3-63 lowercase letters, digits, dots, dashes or underscores",
      })
      .optional(),
  ),
});

export type Env = z.infer<typeof envSchema>;
