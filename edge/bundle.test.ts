/**
 * `wrangler deploy --dry-run` bundles the Worker as Cloudflare would receive
 * it; the Node-only parts (BullMQ, ioredis, PGlite, the queue kit, the
 * sandboxes, the knights) must not be in it.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

type Metafile = {
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown> }>;
};

describe("the Worker bundle", () => {
  let outdir: string;
  let output: string;
  let inputs: string[];
  let code: string;
  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), "mouse-worker-"));
    const run = await promisify(execFile)(
      process.execPath,
      [WRANGLER, "deploy", "--dry-run", "--outdir", outdir, "--metafile"],
      { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" } },
    );
    output = run.stdout + run.stderr;
    const meta = JSON.parse(await readFile(join(outdir, "bundle-meta.json"), "utf8")) as Metafile;
    const entry = Object.values(meta.outputs).find((o) => o.entryPoint);
    inputs = Object.keys(entry?.inputs ?? {});
    code = await readFile(join(outdir, "worker.js"), "utf8");
  });
  afterAll(() => (outdir ? rm(outdir, { recursive: true, force: true }) : undefined));

  it("bundles without errors and holds the webhooks, the API, the dashboard and the Postgres driver for Workers", () => {
    expect(output).toContain("--dry-run: exiting now.");
    expect(output).not.toMatch(/✘|\[ERROR\]/);
    expect(inputs.some((f) => f.includes("node_modules/pg-cloudflare/"))).toBe(true);
    expect(inputs).toEqual(
      expect.arrayContaining([
        "edge/worker.ts",
        "bot/webhook.ts",
        "billing/webhook-routes.ts",
        "api/api-routes.ts",
        "dashboard/routes.tsx",
      ]),
    );
    expect(code).toContain("/telegram/webhook");
    expect(code).toContain("/stripe/webhook");
  });

  it("contains no BullMQ, ioredis, PGlite or other Node-only part of the product", () => {
    const nodeOnly = inputs.filter(
      (f) =>
        /node_modules\/(bullmq|ioredis|@electric-sql\/pglite|@grammyjs\/runner|msgpackr)\/|^(queue\/(queues|index)\.ts|(sandbox|agents|runtime)\/)|^db\/(database|pglite-pool|migrate)\.ts/.test(
          f,
        ) &&
        // The role catalogue is plain data with no imports (the vault's forms name roles), and a
        // step's plain words are text over the catalogue (the task page's timeline tells them).
        f !== "agents/roles.ts" &&
        f !== "agents/knights/narrate.ts",
    );
    expect(nodeOnly).toEqual([]);
    expect(code.match(/bullmq|ioredis|pglite/gi)).toBeNull();
  });

  it("stays small enough for quick cold starts", async () => {
    // About 1.1 MB minified today: zod (the API's validation) and stripe are
    // two thirds of it. BullMQ and ioredis would add another 900 KB.
    expect((await stat(join(outdir, "worker.js"))).size).toBeLessThan(1.5 * 1024 * 1024);
  });
});
