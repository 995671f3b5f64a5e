import type { Statement, Tx } from "../db/index.ts";
import type { Period } from "./period.ts";

/** `role_fee`: a catalogue role's price per task (a reseller's markup), never covered by a plan. */
export type UsageKind = "model_tokens" | "vm_minutes" | "message" | "role_fee";

export type UsageEvent = {
  customerId: string;
  kind: UsageKind;
  quantity: number;
  costMicros: number;
  /** Unique per real-world occurrence (e.g. `model:<task>:<step>`); a retry reuses it. */
  idempotencyKey: string;
  taskId?: string | null;
  detail?: Record<string, unknown>;
};

/**
 * The ledger's insert of one usage event: a second run with the same
 * idempotency key changes nothing. For callers that batch it with their own
 * statements (`Data.statementsAsService`); others use `recordUsage`.
 */
export function usageStatement(event: UsageEvent): Statement {
  return {
    name: "billing_record_usage",
    text: `insert into public.usage_events (customer_id, kind, quantity, cost_micros, idempotency_key, task_id, detail)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (idempotency_key) do nothing`,
    values: [
      event.customerId,
      event.kind,
      event.quantity,
      Math.max(0, Math.round(event.costMicros)),
      event.idempotencyKey,
      event.taskId ?? null,
      JSON.stringify(event.detail ?? {}),
    ],
  };
}

/**
 * Records one usage event in the ledger, exactly once: a second call with the
 * same idempotency key changes nothing and returns `recorded: false`. Runs in
 * the caller's transaction (the service path: tenants cannot write usage).
 */
export async function recordUsage(tx: Tx, event: UsageEvent): Promise<{ recorded: boolean }> {
  const { text, values } = usageStatement(event);
  const { rowCount } = await tx.query(text, values as unknown[]);
  return { recorded: rowCount === 1 };
}

export type PeriodUsage = {
  messages: number;
  aiMicros: number;
  vmMinutes: number;
  /** Recorded cost of the VM minutes and of the messages, micro-dollars. */
  vmMicros: number;
  messageMicros: number;
  /** Catalogue roles' prices per task, micro-dollars. */
  roleFeeMicros: number;
  /** Every usage cost of the period (what the monthly budget caps), micro-dollars. */
  totalMicros: number;
};

/**
 * What a customer used in a period: by default the current calendar month
 * (UTC) by the database's clock, or the given `[start, end)`.
 */
export async function periodUsage(
  tx: Tx,
  customerId: string,
  period?: Period,
): Promise<PeriodUsage> {
  const window = period
    ? "occurred_at >= $2 and occurred_at < $3"
    : "occurred_at >= date_trunc('month', now() at time zone 'utc') at time zone 'utc'";
  const { rows } = await tx.query<{ kind: string; quantity: string; cost: string }>(
    `select kind, coalesce(sum(quantity), 0)::text as quantity, coalesce(sum(cost_micros), 0)::text as cost
       from public.usage_events
      where customer_id = $1 and ${window}
      group by kind`,
    period ? [customerId, period.start, period.end] : [customerId],
  );
  const by = (kind: UsageKind) => rows.find((r) => r.kind === kind);
  return {
    messages: Number(by("message")?.quantity ?? 0),
    aiMicros: Number(by("model_tokens")?.cost ?? 0),
    vmMinutes: Number(by("vm_minutes")?.quantity ?? 0),
    vmMicros: Number(by("vm_minutes")?.cost ?? 0),
    messageMicros: Number(by("message")?.cost ?? 0),
    roleFeeMicros: Number(by("role_fee")?.cost ?? 0),
    totalMicros: rows.reduce((n, r) => n + Number(r.cost), 0),
  };
}
