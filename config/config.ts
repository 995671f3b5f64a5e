import { resolve } from "node:path";
import type { z } from "zod";
import { parseTrustProxy, type TrustProxy } from "../lib/client-address.ts";
import { type Env, envSchema, SANDBOX_SERVICES } from "./schema.ts";

/**
 * The sandbox Stripe's signing secret. It is in the source, so anyone can sign
 * events with it: production never accepts it (see `productionProblems`).
 */
export const SANDBOX_STRIPE_WEBHOOK_SECRET = "whsec_sandbox_local_0123456789";

export type SandboxService = (typeof SANDBOX_SERVICES)[number];

/** Where a service comes from: the in-process sandbox, or the real thing with a key. */
export type Service<Real> = { mode: "sandbox" } | ({ mode: "real" } & Real);

export type Config = {
  env: "development" | "production" | "test";
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  database: { kind: "embedded"; dataDir: string } | { kind: "server"; url: string };
  /** Folder for generated local state (the embedded database, a generated APP_SECRET). */
  dataDir: string;
  queue: { kind: "postgres" } | { kind: "redis"; url: string };
  web: { port: number; publicUrl?: string };
  /** Unset means "generate once into dataDir" (see `resolveAppSecret`). */
  appSecret?: string;
  telegram: {
    bot: Service<{ token: string; apiRoot?: string; username?: string }>;
    delivery: { kind: "polling" } | { kind: "webhook"; publicUrl: string; secret?: string };
    adminIds: number[];
  };
  anthropic: Service<{ apiKey: string; baseUrl?: string }> & { model: string };
  openai: Service<{ apiKey: string; baseUrl?: string }> & { model: string };
  orgo: Service<{ apiKey: string; baseUrl: string; workspaceId?: string }>;
  stripe: Service<{ secretKey: string; webhookSecret?: string; apiBase?: string }>;
  supabase:
    | { mode: "off" }
    | {
        mode: "on";
        url: string;
        anonKey: string;
        serviceRoleKey?: string;
        /** Where delivered files are kept in Supabase Storage (used only with the service key). */
        storageBucket: string;
      };
  /** Recurring work: the least time between two runs of a schedule (15 min in production, 1 min otherwise). */
  schedules: { minIntervalMs: number };
  /** How long a knight waiting for help keeps its VM running (billed) before it is stopped. */
  knights: { helpWaitMs: number };
  /** `TRUST_PROXY`: which X-Forwarded-For hops decide the client address (rate limits, sign-ups). */
  trustProxy: TrustProxy;
  /** Public sign-ups: this many addresses signing up within the window is a spike (proof of work asked). */
  signups: { spikeAddresses: number; spikeWindowMs: number };
  /** `ALLOW_SANDBOX`: services that may stay on their sandbox in production. */
  allowSandbox: SandboxService[];
};

/** A configuration that cannot start: each problem names the variable and what it expects. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-6";
const DEFAULT_OPENAI_MODEL = "gpt-5.1";
/** The Supabase Storage bucket for delivered files, created (private) on first use if missing. */
export const DEFAULT_STORAGE_BUCKET = "deliverables";

function describeIssues(error: z.ZodError, env: Record<string, string | undefined>): string[] {
  return error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const got = env[name];
    const shown =
      got === undefined
        ? ""
        : ` (got "${name.includes("URL") ? redactUrl(got) : mask(name, got)}")`;
    return `${name} ${issue.message}${shown}`;
  });
}

function mask(name: string, value: string): string {
  return /KEY|SECRET|TOKEN/.test(name) ? "…" : value.slice(0, 80);
}

/** Drops the password from a connection URL so it can appear in messages and logs. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return value.slice(0, 80);
  }
}

/**
 * Turns an environment into a typed configuration. Pure: it reads nothing but
 * its argument, so tests call it with a plain object.
 */
export function createConfig(raw: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error, raw));
  const env: Env = parsed.data;
  const problems: string[] = [];

  const dataDir = resolve(env.DATA_DIR ?? "./.data");
  const publicUrl = env.PUBLIC_URL;

  if (env.TELEGRAM_WEBHOOK_SECRET && !publicUrl) {
    problems.push("TELEGRAM_WEBHOOK_SECRET is set but PUBLIC_URL is not (webhook mode needs both)");
  }
  if (env.SUPABASE_URL && !env.SUPABASE_ANON_KEY) {
    problems.push("SUPABASE_ANON_KEY must be set when SUPABASE_URL is set");
  }
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET && env.NODE_ENV === "production") {
    problems.push("STRIPE_WEBHOOK_SECRET must be set in production when STRIPE_SECRET_KEY is set");
  }
  if (env.NODE_ENV === "production" && !env.APP_SECRET) {
    problems.push("APP_SECRET must be set in production (at least 32 characters)");
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (typeof trustProxy === "string") problems.push(`TRUST_PROXY ${trustProxy}`);
  if (env.NODE_ENV === "production") problems.push(...productionProblems(env));
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: env.NODE_ENV ?? "development",
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "silent" : "info"),
    dataDir,
    database: env.DATABASE_URL
      ? { kind: "server", url: env.DATABASE_URL }
      : { kind: "embedded", dataDir: resolve(dataDir, "pg") },
    queue: env.REDIS_URL ? { kind: "redis", url: env.REDIS_URL } : { kind: "postgres" },
    knights: { helpWaitMs: (env.KNIGHT_HELP_WAIT_MINUTES ?? 10) * 60_000 },
    trustProxy: typeof trustProxy === "string" ? { kind: "none" } : trustProxy,
    signups: {
      spikeAddresses: env.SIGNUP_SPIKE_ADDRESSES ?? 20,
      spikeWindowMs: (env.SIGNUP_SPIKE_WINDOW_MINUTES ?? 10) * 60_000,
    },
    allowSandbox: env.ALLOW_SANDBOX ?? [],
    web: { port: env.PORT ?? 8787, ...(publicUrl ? { publicUrl } : {}) },
    schedules: {
      minIntervalMs:
        (env.SCHEDULE_MIN_INTERVAL_MINUTES ?? (env.NODE_ENV === "production" ? 15 : 1)) * 60_000,
    },
    ...(env.APP_SECRET ? { appSecret: env.APP_SECRET } : {}),
    telegram: {
      bot: env.TELEGRAM_BOT_TOKEN
        ? {
            mode: "real",
            token: env.TELEGRAM_BOT_TOKEN,
            ...(env.TELEGRAM_API_ROOT ? { apiRoot: env.TELEGRAM_API_ROOT } : {}),
            ...(env.TELEGRAM_BOT_USERNAME ? { username: env.TELEGRAM_BOT_USERNAME } : {}),
          }
        : { mode: "sandbox" },
      delivery: publicUrl
        ? {
            kind: "webhook",
            publicUrl,
            ...(env.TELEGRAM_WEBHOOK_SECRET ? { secret: env.TELEGRAM_WEBHOOK_SECRET } : {}),
          }
        : { kind: "polling" },
      adminIds: env.ADMIN_TELEGRAM_IDS ?? [],
    },
    anthropic: {
      ...(env.ANTHROPIC_API_KEY
        ? {
            mode: "real" as const,
            apiKey: env.ANTHROPIC_API_KEY,
            ...(env.ANTHROPIC_BASE_URL ? { baseUrl: env.ANTHROPIC_BASE_URL } : {}),
          }
        : { mode: "sandbox" as const }),
      model: env.ANTHROPIC_MODEL ?? DEFAULT_ANTHROPIC_MODEL,
    },
    openai: {
      ...(env.OPENAI_API_KEY
        ? {
            mode: "real" as const,
            apiKey: env.OPENAI_API_KEY,
            ...(env.OPENAI_BASE_URL ? { baseUrl: env.OPENAI_BASE_URL } : {}),
          }
        : { mode: "sandbox" as const }),
      model: env.OPENAI_MODEL ?? DEFAULT_OPENAI_MODEL,
    },
    orgo: env.ORGO_API_KEY
      ? {
          mode: "real",
          apiKey: env.ORGO_API_KEY,
          baseUrl: env.ORGO_BASE_URL ?? "https://www.orgo.ai/api",
          ...(env.ORGO_WORKSPACE_ID ? { workspaceId: env.ORGO_WORKSPACE_ID } : {}),
        }
      : { mode: "sandbox" },
    stripe: env.STRIPE_SECRET_KEY
      ? {
          mode: "real",
          secretKey: env.STRIPE_SECRET_KEY,
          ...(env.STRIPE_WEBHOOK_SECRET ? { webhookSecret: env.STRIPE_WEBHOOK_SECRET } : {}),
          ...(env.STRIPE_API_BASE ? { apiBase: env.STRIPE_API_BASE } : {}),
        }
      : { mode: "sandbox" },
    supabase:
      env.SUPABASE_URL && env.SUPABASE_ANON_KEY
        ? {
            mode: "on",
            url: env.SUPABASE_URL,
            anonKey: env.SUPABASE_ANON_KEY,
            storageBucket: env.SUPABASE_STORAGE_BUCKET ?? DEFAULT_STORAGE_BUCKET,
            ...(env.SUPABASE_SERVICE_ROLE_KEY
              ? { serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY }
              : {}),
          }
        : { mode: "off" },
  };
}

/** The key whose absence leaves each service on its sandbox. */
const SANDBOX_KEYS: Record<SandboxService, keyof Env> = {
  telegram: "TELEGRAM_BOT_TOKEN",
  anthropic: "ANTHROPIC_API_KEY",
  openai: "OPENAI_API_KEY",
  orgo: "ORGO_API_KEY",
  stripe: "STRIPE_SECRET_KEY",
};

/**
 * In production a service left on its sandbox is a mistake unless the operator
 * says otherwise: stand-ins accept published credentials (the sandbox Stripe's
 * signing secret is in the source), so each one not named in ALLOW_SANDBOX
 * stops start-up, naming the service and how to fix it.
 */
function productionProblems(env: Env): string[] {
  const allowed = new Set(env.ALLOW_SANDBOX ?? []);
  const problems = SANDBOX_SERVICES.filter((s) => !env[SANDBOX_KEYS[s]] && !allowed.has(s)).map(
    (s) =>
      `NODE_ENV=production but ${s} is on its sandbox: set ${SANDBOX_KEYS[s]}, or ALLOW_SANDBOX=${s} to run the stand-in on purpose`,
  );
  if (env.STRIPE_WEBHOOK_SECRET === SANDBOX_STRIPE_WEBHOOK_SECRET) {
    problems.push(
      "STRIPE_WEBHOOK_SECRET is the sandbox's published secret, which production never accepts",
    );
  }
  return problems;
}

/** The services that will be served by the in-process sandbox. */
export function sandboxedServices(config: Config): string[] {
  const services: [string, { mode: string }][] = [
    ["telegram", config.telegram.bot],
    ["anthropic", config.anthropic],
    ["openai", config.openai],
    ["orgo", config.orgo],
    ["stripe", config.stripe],
  ];
  return services.filter(([, s]) => s.mode === "sandbox").map(([name]) => name);
}
