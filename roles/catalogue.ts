/**
 * The role catalogue as the rest of the product reads it. A role is a
 * versioned row of `public.catalogue_roles` (see
 * 20261208120000_role_catalogue.sql): the platform's roles every customer
 * sees, and a reseller's roles only its own customers see. The current
 * version of a key is its highest; a retired key has no current version.
 * Everything that hires, briefs or prices an employee reads it from here, so
 * the database is the one source of truth.
 */
import type { Tx } from "../db/index.ts";

/** Capabilities a knight may use on its desktop. */
export type KnightTool = "computer" | "browser" | "terminal" | "text_editor" | "file_upload";
export type PlanTier = "free" | "pro" | "team";

/** One version of one role. */
export type CatalogueRole = {
  /** This version's row id (what a task keeps). */
  id: string;
  /** Stable across versions; stored in `employees.role_template`. */
  key: string;
  version: number;
  /** Null for the platform's own roles. */
  resellerId: string | null;
  name: string;
  /** One line for the customer: what this employee is good at. */
  pitch: string;
  /** When King Mouse should pick this role (part of its prompt). */
  pickWhen: string;
  /** The knight's standing instructions for the job, after the platform's own rules. */
  instructions: string;
  allowedTools: KnightTool[];
  aliases: string[];
  /** Default cap on one task's total spend, micro-dollars. */
  defaultBudgetMicros: number;
  defaultMaxSteps: number;
  starterTasks: string[];
  scheduleSuggestion: string | null;
  /** Charged per task on top of usage (a reseller's markup), micro-dollars. */
  priceMicros: number;
  /** The least plan that may hire it. */
  minPlan: PlanTier;
  retiredAt: Date | null;
};

type Row = {
  id: string;
  key: string;
  version: number;
  reseller_id: string | null;
  name: string;
  pitch: string;
  pick_when: string;
  instructions: string;
  allowed_tools: string[];
  aliases: string[];
  default_budget_micros: string;
  default_max_steps: number;
  starter_tasks: string[];
  schedule_suggestion: string | null;
  price_micros: string;
  min_plan: PlanTier;
  retired_at: Date | null;
};

const COLUMNS = `id, key, version, reseller_id, name, pitch, pick_when, instructions, allowed_tools, aliases,
  default_budget_micros::text, default_max_steps, starter_tasks, schedule_suggestion, price_micros::text,
  min_plan, retired_at`;

function fromRow(r: Row): CatalogueRole {
  return {
    id: r.id,
    key: r.key,
    version: r.version,
    resellerId: r.reseller_id,
    name: r.name,
    pitch: r.pitch,
    pickWhen: r.pick_when,
    instructions: r.instructions,
    allowedTools: r.allowed_tools as KnightTool[],
    aliases: r.aliases,
    defaultBudgetMicros: Number(r.default_budget_micros),
    defaultMaxSteps: r.default_max_steps,
    starterTasks: r.starter_tasks,
    scheduleSuggestion: r.schedule_suggestion,
    priceMicros: Number(r.price_micros),
    minPlan: r.min_plan,
    retiredAt: r.retired_at,
  };
}

/**
 * The roles a customer may see now (the platform's and its reseller's current,
 * unretired versions), platform first, then by name: the same order every
 * time, so King Mouse's prompt stays byte-identical and its cache holds.
 * Works on both paths: the filter is explicit, and RLS narrows it further
 * when the caller is a user.
 */
export async function visibleCatalogue(tx: Tx, customerId: string): Promise<CatalogueRole[]> {
  const { rows } = await tx.query<Row>(
    `select ${COLUMNS} from (
       select distinct on (key) * from public.catalogue_roles
        where reseller_id is null
           or reseller_id = (select reseller_id from public.customers where id = $1)
        order by key, version desc) current
      where retired_at is null
      order by reseller_id is not null, name, key`,
    [customerId],
  );
  return rows.map(fromRow);
}

/** One version by its id (what a task keeps), retired or not. */
export async function roleVersion(tx: Tx, id: string): Promise<CatalogueRole | undefined> {
  const { rows } = await tx.query<Row>(
    `select ${COLUMNS} from public.catalogue_roles where id = $1`,
    [id],
  );
  return rows[0] && fromRow(rows[0]);
}

/** The current version of a key a customer may see; undefined when retired or not theirs. */
export async function currentRole(
  tx: Tx,
  customerId: string,
  key: string,
): Promise<CatalogueRole | undefined> {
  // A payload from before versions may name the role as words ("Researcher"), as King Mouse used to.
  return matchRole(await visibleCatalogue(tx, customerId), key);
}

/** Every version a publisher's key has had, newest first (the reseller's history view). */
export async function roleHistory(tx: Tx, key: string): Promise<CatalogueRole[]> {
  const { rows } = await tx.query<Row>(
    `select ${COLUMNS} from public.catalogue_roles where key = $1 order by version desc`,
    [key],
  );
  return rows.map(fromRow);
}

/** Lower-case words only, so "Web-Developer", "web_developer" and "Web developer" compare equal. */
export function normalName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The role a model or customer meant among `roles`: a key, a name or an
 * alias, in any case or separator. Undefined when nothing matches, so the
 * caller can list the valid roles.
 */
export function matchRole(
  roles: readonly CatalogueRole[],
  name: string,
): CatalogueRole | undefined {
  const wanted = normalName(name);
  if (!wanted) return undefined;
  return roles.find(
    (role) =>
      normalName(role.key) === wanted ||
      normalName(role.name) === wanted ||
      role.aliases.some((alias) => normalName(alias) === wanted),
  );
}

const TIER: Record<PlanTier, number> = { free: 0, pro: 1, team: 2 };

/** Whether a customer on `plan` may hire `role` (unknown plans count as free). */
export function planAllows(plan: string, role: Pick<CatalogueRole, "minPlan">): boolean {
  return (TIER[plan as PlanTier] ?? 0) >= TIER[role.minPlan];
}
