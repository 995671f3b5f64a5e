import { describe, expect, it } from "vitest";
import { ConfigError, createConfig, sandboxedServices } from "./index.ts";

describe("createConfig", () => {
  it("runs on embedded defaults with the sandbox for every service when nothing is set", () => {
    const config = createConfig({});
    expect(config.database.kind).toBe("embedded");
    expect(config.queue.kind).toBe("postgres");
    expect(config.web.port).toBe(8787);
    expect(config.telegram.delivery.kind).toBe("polling");
    expect(sandboxedServices(config)).toEqual([
      "telegram",
      "anthropic",
      "openai",
      "orgo",
      "stripe",
    ]);
  });

  it("switches to servers, webhook mode and real services when they are configured", () => {
    const config = createConfig({
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/mouse",
      REDIS_URL: "redis://127.0.0.1:6379",
      PUBLIC_URL: "https://mouse.example.com/",
      TELEGRAM_BOT_TOKEN: "123456:AAbbccddeeffgghhiijjkkll",
      TELEGRAM_WEBHOOK_SECRET: "s3cret_token",
      ANTHROPIC_API_KEY: "sk-ant-x",
      ADMIN_TELEGRAM_IDS: "1, 22,333",
    });
    expect(config.database).toEqual({
      kind: "server",
      url: "postgres://postgres@127.0.0.1:5432/mouse",
    });
    expect(config.queue).toEqual({ kind: "redis", url: "redis://127.0.0.1:6379" });
    expect(config.telegram.delivery).toEqual({
      kind: "webhook",
      publicUrl: "https://mouse.example.com",
      secret: "s3cret_token",
    });
    expect(config.telegram.bot.mode).toBe("real");
    expect(config.telegram.adminIds).toEqual([1, 22, 333]);
    expect(sandboxedServices(config)).toEqual(["openai", "orgo", "stripe"]);
  });

  it.each([
    [{ PORT: "abc" }, 'PORT must be an integer between 0 and 65535 (got "abc")'],
    [{ PORT: "70000" }, "PORT must be an integer between 0 and 65535"],
    [
      { DATABASE_URL: "mysql://db" },
      "DATABASE_URL must be a postgres:// or postgresql:// connection string",
    ],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL must be a redis:// or rediss:// URL"],
    [{ ADMIN_TELEGRAM_IDS: "alice" }, "ADMIN_TELEGRAM_IDS must be a comma-separated list"],
    [{ KNIGHT_HELP_WAIT_MINUTES: "ten" }, "KNIGHT_HELP_WAIT_MINUTES must be a whole number"],
    [{ KNIGHT_HELP_WAIT_MINUTES: "0" }, "KNIGHT_HELP_WAIT_MINUTES must be a whole number"],
    [{ STRIPE_SECRET_KEY: "pk_test_1" }, "STRIPE_SECRET_KEY must start with sk_test_"],
    [{ TELEGRAM_WEBHOOK_SECRET: "abc" }, "TELEGRAM_WEBHOOK_SECRET is set but PUBLIC_URL is not"],
    [{ NODE_ENV: "production" }, "APP_SECRET must be set in production"],
  ])("rejects %o naming the variable", (env, message) => {
    expect(() => createConfig(env)).toThrow(ConfigError);
    expect(() => createConfig(env)).toThrow(message);
  });

  it("turns on Supabase, with a storage bucket for delivered files (default or named)", () => {
    const base = {
      SUPABASE_URL: "https://ref.supabase.co/",
      SUPABASE_ANON_KEY: "anon",
      SUPABASE_SERVICE_ROLE_KEY: "service",
    };
    expect(createConfig(base).supabase).toEqual({
      mode: "on",
      url: "https://ref.supabase.co",
      anonKey: "anon",
      serviceRoleKey: "service",
      storageBucket: "deliverables",
    });
    expect(
      createConfig({ ...base, SUPABASE_STORAGE_BUCKET: "mouse-files" }).supabase,
    ).toMatchObject({
      storageBucket: "mouse-files",
    });
    expect(() => createConfig({ ...base, SUPABASE_STORAGE_BUCKET: "No Spaces" })).toThrow(
      /SUPABASE_STORAGE_BUCKET must be a bucket name/,
    );
  });

  it("never echoes a secret's value in its error", () => {
    try {
      createConfig({ APP_SECRET: "short-but-secret" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("APP_SECRET must be at least 32 characters");
      expect((error as Error).message).not.toContain("short-but-secret");
    }
  });

  it("keeps a database password out of its error", () => {
    expect(() => createConfig({ DATABASE_URL: "mysql://u:hunter2@db/x" })).toThrow(/u:\*\*\*@db/);
  });
});
