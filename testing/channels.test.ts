/**
 * One operation, one function: the channels (the bot's features, King
 * Mouse's tools, the JSON API, the dashboard) parse input, call the domain
 * function that owns an operation and render what it returns. They never
 * insert, update or delete tenant rows themselves, so two channels cannot
 * drift apart again (the dashboard's approve once recorded a decision and
 * started nothing). This scans their source for such statements against
 * every table that holds tenant data (the tables with row-level security).
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate } from "../db/index.ts";
import { createTestDatabase } from "./databases.ts";

const ROOT = join(import.meta.dirname, "..");
const CHANNELS = ["bot", "api", "dashboard", "agents/brain/tools"];

/**
 * Tables with RLS that are the channels' own plumbing, not tenant state:
 * what a web or bot process keeps about its own traffic.
 */
const CHANNEL_PLUMBING: Record<string, string> = {
  bot_state: "the bot's conversation state (grammY storage adapter)",
  bot_status_messages: "which Telegram message shows a status (the outbox)",
  webhook_events: "update ids seen, for deduplication and per-chat order",
  chat_replies: "the bot's replies waiting for the outbox",
  rate_limit_hits: "the web's rate-limit counters",
  live_viewers: "who watches a live view right now",
  live_pollers: "which process polls a desktop for its viewers",
  live_frames: "the live view's latest frames",
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !/\.test\.tsx?$|test-support|test-harness/.test(f));
}

/** Every `insert into` / `update` / `delete from` a file sends to a public table. */
function writesIn(source: string): { table: string; statement: string }[] {
  const found: { table: string; statement: string }[] = [];
  const pattern = /\b(insert\s+into|update|delete\s+from)\s+public\.([a-z_]+)/gi;
  for (const match of source.matchAll(pattern)) {
    found.push({ statement: match[1]!.toLowerCase().replace(/\s+/g, " "), table: match[2]! });
  }
  return found;
}

describe("channels hold no SQL that changes tenant state", () => {
  it("finds the statements it looks for", () => {
    expect(
      writesIn(`await tx.query("update public.tasks set x = 1");
        tx.query(\`insert into public.credit_ledger (a) values (1)\`);
        "DELETE FROM public.memberships where id = $1"`),
    ).toEqual([
      { statement: "update", table: "tasks" },
      { statement: "insert into", table: "credit_ledger" },
      { statement: "delete from", table: "memberships" },
    ]);
  });

  it("leaves every write to a tenant table to the domain folders", async () => {
    const db = await createTestDatabase("pglite");
    let tenantTables: Set<string>;
    try {
      await migrate(db.pool);
      const { rows } = await db.pool.query<{ name: string }>(
        `select relname as name from pg_class
          where relnamespace = 'public'::regnamespace and relkind = 'r' and relrowsecurity`,
      );
      tenantTables = new Set(rows.map((r) => r.name).filter((n) => !(n in CHANNEL_PLUMBING)));
    } finally {
      await db.close();
    }
    expect(tenantTables.size).toBeGreaterThan(10);
    expect(tenantTables).toContain("tasks");
    const offenders: string[] = [];
    for (const channel of CHANNELS) {
      for (const file of await sourceFiles(join(ROOT, channel))) {
        for (const write of writesIn(await readFile(file, "utf8"))) {
          if (tenantTables.has(write.table))
            offenders.push(`${relative(ROOT, file)}: ${write.statement} public.${write.table}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
