/**
 * How many input tokens one King Mouse turn costs as a chat grows.
 *
 *   node --import tsx bench/context-growth-chat.ts [customerMessages=200]
 *
 * Runs a real conversation through King Mouse (embedded PGlite, the Anthropic
 * and OpenAI sandboxes, the production memory budget) and prints, at
 * checkpoints, the prompt tokens of the turn's first model call (uncached +
 * cache read + cache write, as the sandbox counts them) next to what
 * replaying the whole history would have cost. Every tenth message asks for a
 * tool (list employees), so tool rounds and untrusted data are in the mix.
 */

import { createKingMouse } from "../agents/brain/index.ts";
import { seedTenants } from "../agents/brain/test-support.ts";
import { createModelRouter } from "../agents/models/index.ts";
import { startSandboxedModels } from "../agents/models/test-servers.ts";
import { createData, migrate } from "../db/index.ts";
import { createTestDatabase } from "../testing/index.ts";

const total = Number(process.argv[2] ?? 200);
const db = await createTestDatabase("pglite");
await migrate(db.pool);
const data = createData(db);
const tenants = await seedTenants(data);
const models = await startSandboxedModels();
const king = createKingMouse({
  data,
  models: createModelRouter({ providers: [models.providers.anthropic, models.providers.openai] }),
});

const checkpoints = new Set([1, 2, 5, 10, 20, 30, 50, 75, 100, 125, 150, 175, 200, total]);
const tokens = (t: string) => Math.ceil(t.length / 4) + 3;
let history = 0; // tokens of every earlier customer message and reply
let base = 0; // system prompt and tools, measured on the first turn
const rows: string[][] = [];
for (let i = 1; i <= total; i++) {
  const text =
    i % 10 === 0
      ? "list my employees"
      : `Message ${i}: we're planning the weekend menu at the bakery; what should we add for the ${i}th special?`;
  const before = models.anthropic.log.entries().length;
  const reply = await king.handleMessage({
    userId: tenants.a.owner,
    customerId: tenants.a.customer,
    chatId: 1,
    text,
  });
  if (reply.status !== "answered") throw new Error(`turn ${i}: ${reply.status} ${reply.text}`);
  const calls = models.anthropic.log
    .entries()
    .slice(before)
    .filter((e) => e.status === 200);
  const first = calls[0]!.usage!;
  const prompt = first.input + first.cacheRead + first.cacheCreation;
  if (i === 1) base = prompt - tokens(text);
  // What the first call would carry if every earlier message were replayed.
  const fullHistory = base + history + tokens(text);
  history += tokens(text) + tokens(reply.text);
  if (checkpoints.has(i)) {
    rows.push([
      String(i),
      String(i * 2),
      String(prompt),
      String(first.cacheRead),
      String(
        calls.reduce((n, c) => n + c.usage!.input + c.usage!.cacheRead + c.usage!.cacheCreation, 0),
      ),
      String(fullHistory),
    ]);
  }
}

const header = [
  "customer msgs",
  "chat msgs*",
  "prompt tokens (1st call)",
  "of which cache read",
  "all calls this turn",
  "if full history replayed",
];
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c]!)).join("  ");
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  "* customer messages and final replies; tool rounds are stored too but never replayed.",
);
await models.close();
await db.close();
