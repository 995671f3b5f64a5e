export type BillingErrorCode =
  | "unknown_customer"
  | "unknown_plan"
  | "not_allowed"
  | "invalid_amount"
  | "not_configured"
  | "already_subscribed"
  | "not_subscribed";

/** Something billing refuses to do for a reason the caller can show, e.g. an unknown plan. */
export class BillingError extends Error {
  readonly code: BillingErrorCode;
  constructor(message: string, code: BillingErrorCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BillingError";
    this.code = code;
  }
}

/** Postgres "insufficient privilege" (RLS refusals and our budget guard raise it). */
export function isPermissionDenied(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "42501";
}
