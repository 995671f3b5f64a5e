import { spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

function runMain(env: Record<string, string>, role = "all") {
  const result = spawnSync(
    process.execPath,
    ["--import", "./runtime/register.js", "main.ts", role],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

describe("main.ts start-up errors", () => {
  it.each([
    [
      { PORT: "abc" },
      /^mouse: Invalid configuration: PORT must be an integer between 0 and 65535 \(got "abc"\)$/,
    ],
    [
      { DATABASE_URL: "postgres://nope" },
      /^mouse: cannot reach the database at DATABASE_URL \(postgres:\/\/nope\): .+$/,
    ],
    [
      { REDIS_URL: "tcp://x" },
      /^mouse: Invalid configuration: REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/,
    ],
  ])("%o stops start-up with a one-line reason", async (env, expected) => {
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-cli-"));
    const { status, stderr } = runMain({ ...env, DATA_DIR: dataDir, LOG_LEVEL: "silent" });
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(expected);
    expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it("rejects an unknown role", () => {
    const { status, stderr } = runMain({}, "everything");
    expect(status).toBe(1);
    expect(stderr).toBe(
      'mouse: unknown role "everything" (expected one of all, web, worker, migrate)',
    );
  });

  it("migrates an embedded database from the command line, twice", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mouse-cli-"));
    const first = runMain({ DATA_DIR: dataDir }, "migrate");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/applied [1-9]\d* migration\(s\), 0 already applied/);
    const second = runMain({ DATA_DIR: dataDir }, "migrate");
    expect(second.stdout).toMatch(/applied 0 migration\(s\), [1-9]\d* already applied/);
  }, 240_000);
});
