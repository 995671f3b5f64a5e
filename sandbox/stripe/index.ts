export type { ErrorLogger } from "./app.ts";
export type { StripeErrorBody, StripeErrorType } from "./errors.ts";
export { StripeApiError } from "./errors.ts";
export type { FailureRule } from "./failures.ts";
export type { Params } from "./form.ts";
export { parseStripeForm } from "./form.ts";
export type { StripeSandbox, StripeSandboxOptions, WebhookEndpointOption } from "./sandbox.ts";
export { createStripeSandbox } from "./sandbox.ts";
export type { RunningStripeSandbox } from "./start.ts";
export { startStripeSandbox } from "./start.ts";
export type { StripeEvent, StripeObject } from "./types.ts";
export type {
  DeliverOptions,
  DeliveryTarget,
  RetryPolicy,
  WebhookDelivery,
  WebhookDispatcher,
} from "./webhooks/dispatcher.ts";
export type { BatchOrder } from "./webhooks/reorder.ts";
export { signWebhookPayload } from "./webhooks/signature.ts";
export { startVerifyingReceiver } from "./webhooks/test-receiver.ts";
