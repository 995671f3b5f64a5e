/**
 * The start-up banner for people: printed once beside the JSON logs, it says
 * where the dashboard and the Telegram simulator are, offers a one-time
 * sign-in link for each seeded demo persona, which services are local
 * stand-ins and which are real, and how to stop. Without it a newcomer who
 * ran `npm start` sees log lines and nowhere to go.
 */
import { DEMO_INVITE_TOKEN, DEMO_PERSONAS, type DemoPersona } from "../accounts/index.ts";
import { createLoginLink } from "../auth/index.ts";
import { type Config, sandboxedServices } from "../config/index.ts";
import type { Data } from "../db/index.ts";

/** How long the banner's sign-in links work (each works once). */
export const DEMO_LINK_TTL_MINUTES = 60;

export type DemoSignIn = { persona: DemoPersona; url: string };

export type BannerFacts = {
  role: "all" | "web" | "worker";
  /** The dashboard's base URL (PUBLIC_URL, or where this process listens). */
  url: string;
  /** Whether /simulator exists (Telegram is the sandbox's). */
  simulator: boolean;
  sandboxed: string[];
  real: string[];
  database: string;
  queue: string;
  signIns: DemoSignIn[];
};

/**
 * One-time sign-in links for the seeded demo personas that exist in this
 * database. Only for the no-keys demo (sandboxed Telegram): with a real bot
 * nobody should find working sign-in links in a log.
 */
export async function demoSignIns(
  data: Data,
  { baseUrl, config }: { baseUrl: string; config: Config },
): Promise<DemoSignIn[]> {
  if (config.telegram.bot.mode !== "sandbox") return [];
  const ids = DEMO_PERSONAS.map((p) => p.userId);
  const { rows } = await data.statementAsService<{ id: string }>(
    "banner: which demo personas are seeded",
    "select id from public.users where id = any($1::uuid[])",
    [ids],
  );
  const seeded = new Set(rows.map((r) => r.id));
  const links: DemoSignIn[] = [];
  for (const persona of DEMO_PERSONAS) {
    if (!seeded.has(persona.userId)) continue;
    const { token } = await createLoginLink(data, persona.userId, {
      ttlMinutes: DEMO_LINK_TTL_MINUTES,
    });
    links.push({ persona, url: `${baseUrl}/login/${token}` });
  }
  return links;
}

/** The facts about this process the banner states, from its configuration. */
export function bannerFacts(
  config: Config,
  facts: Pick<BannerFacts, "role" | "url" | "signIns">,
): BannerFacts {
  const sandboxed = sandboxedServices(config);
  const all = ["telegram", "anthropic", "openai", "orgo", "stripe"];
  return {
    ...facts,
    simulator: config.telegram.bot.mode === "sandbox",
    sandboxed,
    real: [
      ...all.filter((s) => !sandboxed.includes(s)),
      ...(config.supabase.mode === "on" ? ["supabase"] : []),
    ],
    database:
      config.database.kind === "embedded"
        ? `embedded PGlite in ${config.database.dataDir}`
        : "PostgreSQL server (DATABASE_URL)",
    queue: config.queue.kind === "redis" ? "BullMQ on Redis" : "BullMQ on the database",
  };
}

/** The banner's text: plain lines, one thing each, that a person (or a test) can follow. */
export function renderBanner(facts: BannerFacts): string {
  const base = facts.url.replace(/\/+$/, "");
  const pad = (label: string) => label.padEnd(22);
  const lines = ["", "  Mouse is running.", ""];
  if (facts.role !== "worker") {
    lines.push(`  ${pad("Dashboard")}${base}/`);
    if (facts.simulator) {
      lines.push(`  ${pad("Telegram simulator")}${base}/simulator`);
      lines.push(`  ${pad("Scan the demo QR code")}${base}/simulator?start=${DEMO_INVITE_TOKEN}`);
    }
  } else {
    lines.push("  This process runs the workers only (knights, outbox, updates, maintenance).");
  }
  if (facts.signIns.length > 0) {
    lines.push(
      "",
      `  Sign in to the dashboard as a demo persona (each link works once, for ${DEMO_LINK_TTL_MINUTES} minutes):`,
    );
    for (const { persona, url } of facts.signIns) {
      lines.push(`  ${pad(`  ${persona.role}`)}${url}   ${persona.name}`);
    }
  }
  lines.push(
    "",
    `  ${pad("Sandboxed (local)")}${facts.sandboxed.length ? facts.sandboxed.join(", ") : "none"}`,
    `  ${pad("Real services")}${facts.real.length ? facts.real.join(", ") : "none: no keys configured"}`,
    `  ${pad("Data")}${facts.database}; ${facts.queue}`,
    "",
    "  Stop with Ctrl+C (SIGINT) or SIGTERM.",
    "",
  );
  return `${lines.join("\n")}\n`;
}
