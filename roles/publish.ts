/**
 * Publishing roles: a reseller (or the platform) adds a role, updates it and
 * retires it. An update is a new version (the old one stays, so tasks that
 * started on it keep it); retiring marks every version. Run these as the
 * acting user (`asUser`): the policies let a reseller's owners and admins
 * write their own reseller's roles only, and platform admins any.
 */
import { randomBytes } from "node:crypto";
import type { Tx } from "../db/index.ts";
import { type CatalogueRole, type KnightTool, type PlanTier, roleHistory } from "./catalogue.ts";

export type RoleDraft = {
  name: string;
  pitch: string;
  pickWhen: string;
  instructions: string;
  allowedTools?: KnightTool[];
  aliases?: string[];
  defaultBudgetMicros: number;
  defaultMaxSteps: number;
  starterTasks?: string[];
  scheduleSuggestion?: string | null;
  priceMicros?: number;
  minPlan?: PlanTier;
};

/** A publishing step the caller may not take, or a key that is not theirs. */
export class PublishError extends Error {
  override name = "PublishError";
  readonly code: "not_found" | "not_yours" | "retired";
  constructor(code: PublishError["code"], message: string) {
    super(message);
    this.code = code;
  }
}

/** Publishes a new role (version 1) for a reseller (or the platform with null); returns it. */
export async function publishRole(
  tx: Tx,
  by: { userId: string | null; resellerId: string | null },
  draft: RoleDraft,
): Promise<CatalogueRole> {
  const slug = draft.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  // Reseller keys carry a random part: two resellers may both sell a "Florist Assistant".
  const key = by.resellerId
    ? `r_${randomBytes(4).toString("hex")}_${slug || "role"}`
    : `${/^[a-z]/.test(slug) ? "" : "r_"}${slug}`;
  return insertVersion(tx, key, 1, by, draft);
}

/** Publishes the next version of `key`; tasks already started keep theirs. */
export async function updateRole(
  tx: Tx,
  by: { userId: string | null },
  key: string,
  draft: RoleDraft,
): Promise<CatalogueRole> {
  const [latest] = await roleHistory(tx, key);
  if (!latest) throw new PublishError("not_found", "That role does not exist.");
  if (latest.retiredAt) throw new PublishError("retired", "That role was retired.");
  return insertVersion(
    tx,
    key,
    latest.version + 1,
    { userId: by.userId, resellerId: latest.resellerId },
    draft,
  );
}

/** Retires every version of `key`: nobody can hire it any more; running tasks finish. */
export async function retireRole(tx: Tx, key: string): Promise<void> {
  const { rowCount } = await tx.query(
    "update public.catalogue_roles set retired_at = now() where key = $1 and retired_at is null",
    [key],
  );
  if (!rowCount) throw new PublishError("not_found", "That role does not exist or is retired.");
}

async function insertVersion(
  tx: Tx,
  key: string,
  version: number,
  by: { userId: string | null; resellerId: string | null },
  d: RoleDraft,
): Promise<CatalogueRole> {
  await tx.query(
    `insert into public.catalogue_roles
       (key, version, reseller_id, name, pitch, pick_when, instructions, allowed_tools, aliases,
        default_budget_micros, default_max_steps, starter_tasks, schedule_suggestion, price_micros,
        min_plan, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      key,
      version,
      by.resellerId,
      d.name,
      d.pitch,
      d.pickWhen,
      d.instructions,
      d.allowedTools ?? ["computer", "browser"],
      d.aliases ?? [],
      d.defaultBudgetMicros,
      d.defaultMaxSteps,
      d.starterTasks ?? [],
      d.scheduleSuggestion ?? null,
      d.priceMicros ?? 0,
      d.minPlan ?? "free",
      by.userId,
    ],
  );
  const [row] = await roleHistory(tx, key);
  if (!row || row.version !== version)
    throw new PublishError("not_yours", "That role is not yours to change.");
  return row;
}
