import { describe, expect, it } from "vitest";
import { ConfigError, createConfig, SANDBOX_STRIPE_WEBHOOK_SECRET } from "./index.ts";

const APP_SECRET = "production-test-secret-0123456789abcdef";
/** A production environment with a real key for every service. */
const REAL = {
  NODE_ENV: "production",
  APP_SECRET,
  TELEGRAM_BOT_TOKEN: "123456:AAbbccddeeffgghhiijjkkll",
  ANTHROPIC_API_KEY: "sk-ant-real",
  OPENAI_API_KEY: "sk-openai-real",
  ORGO_API_KEY: "orgo-real",
  STRIPE_SECRET_KEY: "sk_live_real",
  STRIPE_WEBHOOK_SECRET: "whsec_real",
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    createConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

describe("production refuses the sandbox stand-ins", () => {
  it("starts with every service real", () => {
    expect(problemsOf(REAL)).toEqual([]);
  });

  it.each([
    ["telegram", "TELEGRAM_BOT_TOKEN"],
    ["anthropic", "ANTHROPIC_API_KEY"],
    ["openai", "OPENAI_API_KEY"],
    ["orgo", "ORGO_API_KEY"],
    ["stripe", "STRIPE_SECRET_KEY"],
  ])("stops when %s is left on its sandbox, naming the service in one line", (service, key) => {
    const env: Record<string, string> = { ...REAL };
    delete env[key];
    const problems = problemsOf(env);
    expect(problems).toEqual([
      `NODE_ENV=production but ${service} is on its sandbox: set ${key}, or ALLOW_SANDBOX=${service} to run the stand-in on purpose`,
    ]);
    expect(problems[0]).not.toContain("\n");
    // Said out loud, the same stand-in is allowed.
    expect(problemsOf({ ...env, ALLOW_SANDBOX: service })).toEqual([]);
  });

  it("allows several named services and only those", () => {
    const env = { NODE_ENV: "production", APP_SECRET, ALLOW_SANDBOX: "stripe, Orgo" };
    const problems = problemsOf(env);
    expect(problems.map((p) => p.split(" ")[2])).toEqual(["telegram", "anthropic", "openai"]);
    const allowed = createConfig({
      ...env,
      ALLOW_SANDBOX: "telegram,anthropic,openai,orgo,stripe",
    });
    expect(allowed.allowSandbox).toEqual(["telegram", "anthropic", "openai", "orgo", "stripe"]);
  });

  it("names what ALLOW_SANDBOX may hold", () => {
    expect(problemsOf({ ALLOW_SANDBOX: "stripe,paypal" })[0]).toBe(
      'ALLOW_SANDBOX must be a comma-separated list of telegram, anthropic, openai, orgo, stripe (got "stripe,paypal")',
    );
  });

  it("never takes the sandbox's published Stripe secret as the real one", () => {
    expect(problemsOf({ ...REAL, STRIPE_WEBHOOK_SECRET: SANDBOX_STRIPE_WEBHOOK_SECRET })).toEqual([
      "STRIPE_WEBHOOK_SECRET is the sandbox's published secret, which production never accepts",
    ]);
  });

  it("leaves development alone", () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ NODE_ENV: "test" })).toEqual([]);
  });
});

describe("TRUST_PROXY", () => {
  it("trusts nothing by default", () => {
    expect(createConfig({}).trustProxy).toEqual({ kind: "none" });
    expect(createConfig({ TRUST_PROXY: "0" }).trustProxy).toEqual({ kind: "none" });
  });

  it("reads a hop count or a list of addresses and CIDRs", () => {
    expect(createConfig({ TRUST_PROXY: "2" }).trustProxy).toEqual({ kind: "hops", hops: 2 });
    expect(createConfig({ TRUST_PROXY: "10.0.0.0/8, 192.168.1.7,fd00::/8" }).trustProxy).toEqual({
      kind: "cidrs",
      cidrs: ["10.0.0.0/8", "192.168.1.7", "fd00::/8"],
    });
  });

  it.each(["10.0.0.0/33", "yes", "10.0.0/8", "99"])("refuses %s with the reason", (value) => {
    expect(problemsOf({ TRUST_PROXY: value })[0]).toMatch(/^TRUST_PROXY must be a hop count/);
  });
});

describe("sign-up spike settings", () => {
  it("has sane defaults and reads overrides", () => {
    expect(createConfig({}).signups).toEqual({ spikeAddresses: 20, spikeWindowMs: 600_000 });
    expect(
      createConfig({ SIGNUP_SPIKE_ADDRESSES: "5", SIGNUP_SPIKE_WINDOW_MINUTES: "30" }).signups,
    ).toEqual({ spikeAddresses: 5, spikeWindowMs: 1_800_000 });
    expect(problemsOf({ SIGNUP_SPIKE_ADDRESSES: "0" })[0]).toMatch(/^SIGNUP_SPIKE_ADDRESSES/);
  });
});
