/**
 * Billing: plans, the usage ledger, budgets and alerts, credits, Stripe
 * subscriptions (checkout, portal, plan changes, webhook), overage metering,
 * reseller earnings, quotes and the /billing summary.
 *
 * Wiring: build one client with `createStripeClient({ secretKey, apiBase })`;
 * at start-up in sandbox mode run `ensureStripeCatalog(stripe)`; mount
 * `createStripeWebhookRoutes({ data, stripe, webhookSecret, notifier, logger })`
 * on the web app; on workers call `scheduleMeterReporting(queues)` once and
 * route maintenance jobs named `METER_REPORT_JOB` to
 * `createMeterReportingProcessor({ data, stripe, notifier, logger })`.
 */
export type { StripeDeps } from "./billing-customer.ts";
export { type AlertThreshold, type BudgetAlert, notifyBudgetAlerts } from "./budget-alerts.ts";
export {
  type BudgetCheck,
  budgetStatus,
  checkBudget,
  effectiveBudget,
  setMonthlyBudget,
  spendPosition,
} from "./budgets.ts";
export {
  ensureStripeCatalog,
  findOverageMeter,
  OVERAGE_LOOKUP_KEY,
  OVERAGE_METER_EVENT,
  type StripeCatalog,
} from "./catalog.ts";
export { type CheckoutRequest, createCheckout, createPortal } from "./checkout.ts";
export { type CreditRequest, creditCustomer } from "./credits.ts";
export { BillingError, type BillingErrorCode } from "./errors.ts";
export {
  type Balance,
  customerBalance,
  MICROS_PER_CENT,
  type Overage,
  overageCents,
  overageMicros,
} from "./ledger.ts";
export {
  createMeterReportingProcessor,
  METER_REPORT_JOB,
  MeterReportingError,
  scheduleMeterReporting,
} from "./meter-jobs.ts";
export {
  type MeterReportingDeps,
  type MeterRunResult,
  reportOverage,
  sendPendingReports,
} from "./meter-reporting.ts";
export { monthPeriod, type Period, parsePeriodKey, periodKey, previousPeriod } from "./period.ts";
export { changePlan, type PlanChangeRequest } from "./plan-changes.ts";
export {
  formatMicros,
  PLANS,
  type Plan,
  type PlanId,
  planFor,
  planForLookupKey,
} from "./plans.ts";
export {
  MESSAGE_MICROS,
  MODEL_PRICES,
  type ModelPrice,
  modelCostMicros,
  type TokenUsage,
  VM_MINUTE_MICROS,
} from "./prices.ts";
export {
  type ActualCost,
  type Estimate,
  type EstimateInput,
  estimateTask,
  taskActualCost,
} from "./quotes.ts";
export { type MeterReconciliation, reconcileMeter } from "./reconcile.ts";
export {
  type ResellerEarnings,
  type ResellerMonth,
  resellerEarnings,
  resellerEarningsHistory,
} from "./resellers.ts";
export { createStripeClient, type StripeClientOptions, stripeHost } from "./stripe-client.ts";
export { type BillingSummary, billingSummary } from "./summary.ts";
export {
  type PeriodUsage,
  periodUsage,
  recordUsage,
  type UsageEvent,
  type UsageKind,
  usageStatement,
} from "./usage.ts";
export {
  HANDLED_STRIPE_EVENTS,
  handleStripeEvent,
  type StripeEventDeps,
  type StripeEventOutcome,
} from "./webhook-events.ts";
export { createStripeWebhookRoutes, type StripeWebhookDeps } from "./webhook-routes.ts";
