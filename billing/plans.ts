/**
 * The plan catalogue. Limits are per calendar month; money is integer
 * micro-dollars (1 USD = 1,000,000) so arithmetic is exact.
 */
export type PlanId = "free" | "pro" | "team";

export type Plan = {
  id: PlanId;
  name: string;
  /** Monthly price in micro-dollars (0 for free). */
  priceMicros: number;
  includedMessages: number;
  /** Model spend included before overage, micro-dollars. */
  includedAiMicros: number;
  includedVmMinutes: number;
  concurrentKnights: number;
  /** Default hard monthly budget (all usage cost), micro-dollars. */
  defaultBudgetMicros: number;
  /** Largest file a knight may deliver (stored for the customer), bytes. */
  maxDeliverableBytes: number;
  /** Stripe lookup key of the plan's recurring price. */
  stripeLookupKey?: string;
};

const MB = 1024 * 1024;

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    priceMicros: 0,
    includedMessages: 200,
    includedAiMicros: 2_000_000,
    includedVmMinutes: 60,
    concurrentKnights: 1,
    defaultBudgetMicros: 5_000_000,
    maxDeliverableBytes: 20 * MB,
  },
  pro: {
    id: "pro",
    name: "Pro",
    priceMicros: 49_000_000,
    includedMessages: 5_000,
    includedAiMicros: 30_000_000,
    includedVmMinutes: 1_200,
    concurrentKnights: 3,
    defaultBudgetMicros: 100_000_000,
    maxDeliverableBytes: 200 * MB,
    stripeLookupKey: "mouse_pro_monthly",
  },
  team: {
    id: "team",
    name: "Team",
    priceMicros: 199_000_000,
    includedMessages: 25_000,
    includedAiMicros: 150_000_000,
    includedVmMinutes: 6_000,
    concurrentKnights: 10,
    defaultBudgetMicros: 500_000_000,
    maxDeliverableBytes: 500 * MB,
    stripeLookupKey: "mouse_team_monthly",
  },
};

/** The plan for an id stored in the database; unknown ids fall back to free. */
export function planFor(id: string): Plan {
  return PLANS[id as PlanId] ?? PLANS.free;
}

/** Formats micro-dollars as a dollar amount, e.g. 1_234_567 → "$1.23". */
export function formatMicros(micros: number | bigint | string): string {
  const value = Number(micros) / 1_000_000;
  return `$${value.toFixed(2)}`;
}

/** The plan whose Stripe price has this lookup key, if any. */
export function planForLookupKey(lookupKey: string | null | undefined): Plan | undefined {
  if (!lookupKey) return undefined;
  return Object.values(PLANS).find((plan) => plan.stripeLookupKey === lookupKey);
}
