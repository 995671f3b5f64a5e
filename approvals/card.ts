/**
 * The card the Approve / Deny buttons sit under. It is written by the product
 * from the approval record (its kind and payload), in the reader's language,
 * never by a model: a model's reply is its own message, so a manipulated model
 * cannot word the text above a button ("Approve to see your report" over a
 * button that deploys a knight). Each card says what will happen, who does it
 * and what it may cost, in one or two plain sentences; task text is clipped
 * at a word, never mid-word, and ids and tool names never appear.
 */
import { catalogue, formatMoney, type Locale } from "../i18n/index.ts";
import { type Cadence, describeCadenceIn } from "../schedules/cadence.ts";
import type { ApprovalRow } from "./approvals.ts";

type Args = Record<string, string | number>;

/** The catalogue key of each role's name (ids as in `agents/roles.ts`). */
const ROLE_KEYS: Record<string, string> = {
  web_developer: "role-web-developer",
  social_media_manager: "role-social-media-manager",
  researcher: "role-researcher",
  ops_assistant: "role-ops-assistant",
};

/**
 * A role's name in `locale` ("Web Developer", "Desarrollador web"). Roles the
 * catalogue file does not translate (a reseller's, the newer platform roles)
 * keep the name they were published with (`title`), else the key's words.
 */
export function roleName(role: unknown, locale: Locale, title?: unknown): string {
  const key = typeof role === "string" ? ROLE_KEYS[role] : undefined;
  if (key) return catalogue().t(locale, key);
  if (typeof title === "string" && title.trim()) return title;
  return typeof role === "string" ? role.replace(/_/g, " ") : "";
}

/** The card for an approval, in `locale`. */
export function approvalCard(
  approval: Pick<ApprovalRow, "kind" | "summary" | "payload">,
  locale: Locale,
): string {
  const t = (key: string, args?: Args) => catalogue().t(locale, key, args);
  const p = approval.payload ?? {};
  const text = (key: string, max: number) =>
    typeof p[key] === "string" ? clipWords(p[key] as string, max) : "";
  const money = (key: string) =>
    typeof p[key] === "number" ? formatMoney(p[key] as number, locale) : undefined;
  switch (approval.kind) {
    case "deploy_employee": {
      const role = roleName(p.role, locale, p.roleTitle);
      const head =
        typeof p.employeeName === "string"
          ? t("card-deploy-named", {
              name: clipWords(p.employeeName, 60),
              role,
              task: text("task", 300),
            })
          : t("card-deploy-new", { role, task: text("task", 300) });
      const budget = money("budgetMicros");
      const estimate = money("estimateMicros");
      const minutes = typeof p.estimateMinutes === "number" ? p.estimateMinutes : undefined;
      if (!budget) return `${head}\n${t("card-nothing-yet")}`;
      const cost =
        estimate && minutes !== undefined
          ? t("card-budget-estimate", { budget, estimate, minutes })
          : t("card-budget", { budget });
      const price = money("priceMicros");
      return typeof p.priceMicros === "number" && p.priceMicros > 0 && price
        ? `${head}\n${cost} ${t("card-role-price", { price })}`
        : `${head}\n${cost}`;
    }
    case "schedule_task": {
      const role = roleName(p.role, locale);
      const cadence = p.cadence as Cadence | undefined;
      const head = t("card-schedule", {
        role,
        cadence: cadence ? describeCadenceIn(cadence, locale) : "",
        zone: typeof p.timeZone === "string" ? p.timeZone : "UTC",
        task: text("task", 300),
      });
      const perRun = money("perRunMicros");
      const perMonth = money("perMonthMicros");
      return perRun && perMonth
        ? `${head}\n${t("card-schedule-money", { per_run: perRun, per_month: perMonth })}`
        : `${head}\n${t("card-nothing-yet")}`;
    }
    case "schedule_edit": {
      const before = p.before as Cadence | undefined;
      const after = p.cadence as Cadence | undefined;
      if (!before || !after) break;
      return t("card-schedule-edit", {
        task: text("task", 160),
        before: describeCadenceIn(before, locale),
        after: describeCadenceIn(after, locale),
      });
    }
    case "vault_use": {
      const args = {
        role: roleName(p.role, locale),
        label: text("label", 80),
        field: typeof p.field === "string" ? p.field : "password",
      };
      return p.perUse ? t("card-vault-use-each", args) : t("card-vault-use", args);
    }
  }
  // A kind without a card of its own: the line its product code wrote, clipped at a word.
  return `${clipWords(withoutIds(approval.summary), 500)}\n${t("card-nothing-yet")}`;
}

const UUID = /\s*\(?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b\)?/gi;

function withoutIds(text: string): string {
  return text.replace(UUID, "");
}

/** `text` on one line, at most `max` characters, cut at a word (see `clipAtWord`). */
export function clipWords(text: string, max: number): string {
  return clipAtWord(text.replace(/\s+/g, " ").trim(), max);
}

/**
 * At most `max` characters of `text`, cut at a word boundary and marked with
 * " …" (the space shows no word was cut, and lets a test tell).
 */
export function clipAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 2);
  const space = room.search(/\s\S*$/);
  const cut = space > max / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,.;:—-]+$/, "")} …`;
}
