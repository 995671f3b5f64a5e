/**
 * Applies one verified Stripe event, exactly once: the event id goes into
 * `webhook_events` in the same transaction as its effects, so a repeated
 * delivery finds it and changes nothing, and a failure leaves no trace for
 * Stripe's retry to trip over. Messages to the customer go out after commit.
 */

import type Stripe from "stripe";
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import { catalogue, formatMoney, formatNumber, type Locale } from "../i18n/index.ts";
import type { Notifier, OutgoingMessage } from "../notify/index.ts";
import type { Logger } from "../observability/index.ts";
import { MICROS_PER_CENT } from "./ledger.ts";
import { ownerReaders } from "./owners.ts";
import { applyPendingSubscriptions, keepPendingSubscription } from "./pending-subscriptions.ts";
import { planFor } from "./plans.ts";
import {
  applyInvoiceOutcome,
  applySubscription,
  idOf,
  type PlanChange,
  resolveCustomerId,
} from "./subscription-sync.ts";

/** Event types this endpoint acts on; anything else is acknowledged and ignored. */
export const HANDLED_STRIPE_EVENTS = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
] as const;

export type StripeEventOutcome = "processed" | "duplicate" | "ignored";

export type StripeEventDeps = {
  data: Data;
  notifier?: Notifier;
  logger?: Pick<Logger, "warn" | "error">;
};

/**
 * What to do once the transaction committed; `unmapped` names an object no
 * customer of ours owns (`kept`: stored until its customer is linked).
 */
type Effects = { messages: OutgoingMessage[]; unmapped?: string; kept?: boolean };

/** Processes a verified event once; duplicates and unknown types change nothing. */
export async function handleStripeEvent(
  deps: StripeEventDeps,
  event: Stripe.Event,
): Promise<StripeEventOutcome> {
  if (!(HANDLED_STRIPE_EVENTS as readonly string[]).includes(event.type)) return "ignored";
  const result = await deps.data.asService(
    `stripe webhook ${event.type}`,
    async (tx): Promise<Effects & { outcome: StripeEventOutcome }> => {
      const { rowCount } = await tx.query(
        `insert into public.webhook_events (provider, event_id, type, processed_at)
         values ('stripe', $1, $2, now()) on conflict do nothing`,
        [event.id, event.type],
      );
      if (rowCount === 0) return { outcome: "duplicate", messages: [] };
      return { outcome: "processed", ...(await applyEvent(tx, event)) };
    },
  );
  if (result.unmapped) {
    deps.logger?.warn(
      { event: event.id, object: result.unmapped },
      result.kept
        ? "stripe subscription for a customer not linked yet; kept until the link"
        : "stripe event for an object no customer owns; acknowledged without effect",
    );
  }
  for (const message of result.messages) {
    // The event is committed; a lost notice must not make Stripe redeliver it.
    await deps.notifier?.send(message).catch((error: unknown) => {
      deps.logger?.warn({ err: error, event: event.id }, "billing notice not queued");
    });
  }
  return result.outcome;
}

async function applyEvent(tx: Tx, event: Stripe.Event): Promise<Effects> {
  switch (event.type) {
    case "checkout.session.completed":
      return checkoutCompleted(tx, event.data.object);
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const subscription = event.data.object;
      const result = await applySubscription(tx, subscription, event.created);
      if (result.customerId && result.applied && event.type === "customer.subscription.deleted") {
        await audit(tx, {
          action: "billing.subscription_ended",
          targetType: "stripe_subscription",
          targetId: subscription.id,
          customerId: result.customerId,
          detail: { status: subscription.status },
        });
      }
      if (!result.customerId) {
        const kept = await keepPendingSubscription(tx, event, subscription);
        return { messages: [], unmapped: subscription.id, kept };
      }
      return planChanged(tx, result.planChange);
    }
    case "invoice.paid":
    case "invoice.payment_failed":
      return invoiceOutcome(tx, event.data.object, event.type === "invoice.paid", event.created);
    default:
      return { messages: [] };
  }
}

async function checkoutCompleted(tx: Tx, session: Stripe.Checkout.Session): Promise<Effects> {
  const stripeCustomerId = idOf(session.customer);
  const customerId = await resolveCustomerId(
    tx,
    session.client_reference_id ?? session.metadata?.mouse_customer_id,
    stripeCustomerId,
  );
  if (!customerId) return { messages: [] };
  let pending: PlanChange[] = [];
  if (stripeCustomerId) {
    const { rows } = await tx.query<{ stripe_customer_id: string }>(
      `update public.customers set stripe_customer_id = coalesce(stripe_customer_id, $2),
              updated_at = now()
        where id = $1 returning stripe_customer_id`,
      [customerId, stripeCustomerId],
    );
    // Subscriptions that arrived before this link are applied now, in event order.
    if (rows[0]?.stripe_customer_id === stripeCustomerId) {
      pending = await applyPendingSubscriptions(tx, stripeCustomerId);
    }
  }
  await audit(tx, {
    action: "billing.checkout_completed",
    targetType: "stripe_checkout_session",
    targetId: session.id,
    customerId,
    detail: {
      mode: session.mode,
      plan: session.metadata?.mouse_plan ?? null,
      amountTotalCents: session.amount_total,
      currency: session.currency,
      subscription: idOf(session.subscription),
    },
  });
  const first = pending[0];
  const last = pending.at(-1);
  if (!first || !last || first.from === last.to) return { messages: [] };
  return planChanged(tx, { customerId, from: first.from, to: last.to });
}

async function invoiceOutcome(
  tx: Tx,
  invoice: Stripe.Invoice,
  paid: boolean,
  eventCreated: number,
): Promise<Effects> {
  const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription);
  const synced = subscriptionId
    ? await applyInvoiceOutcome(tx, subscriptionId, paid ? "paid" : "failed", eventCreated)
    : { customerId: null };
  const customerId =
    synced.customerId ?? (await resolveCustomerId(tx, null, idOf(invoice.customer)));
  if (!customerId) return { messages: [] };
  const amountCents = paid ? invoice.amount_paid : invoice.amount_due;
  if (paid) {
    // The reseller's share is fixed at payment time from its current revenue share.
    await tx.query(
      `insert into public.invoice_payments
         (stripe_invoice_id, customer_id, stripe_subscription_id, amount_paid_micros, currency,
          reseller_id, reseller_share_bps, reseller_share_micros, paid_at)
       select $1, c.id, $3, $4::bigint, $5, c.reseller_id, r.revenue_share_bps,
              coalesce($4::bigint * r.revenue_share_bps / 10000, 0), to_timestamp($6)
         from public.customers c left join public.resellers r on r.id = c.reseller_id
        where c.id = $2
       on conflict (stripe_invoice_id) do nothing`,
      [
        invoice.id,
        customerId,
        subscriptionId,
        amountCents * MICROS_PER_CENT,
        invoice.currency,
        invoice.status_transitions?.paid_at ?? eventCreated,
      ],
    );
  }
  await audit(tx, {
    action: paid ? "billing.invoice_paid" : "billing.invoice_payment_failed",
    targetType: "stripe_invoice",
    targetId: invoice.id,
    customerId,
    detail: { amountCents, currency: invoice.currency, subscription: subscriptionId },
  });
  const effects = await planChanged(tx, synced.planChange);
  if (!paid) {
    for (const { chatId, locale } of await ownerReaders(tx, customerId)) {
      const amount = formatMoney(amountCents * MICROS_PER_CENT, locale);
      effects.messages.push({
        chatId,
        text: catalogue().t(locale, "billing-payment-failed", { amount }),
      });
    }
  }
  return effects;
}

async function planChanged(tx: Tx, change: PlanChange | undefined): Promise<Effects> {
  if (!change) return { messages: [] };
  await audit(tx, {
    action: "billing.plan_changed",
    targetType: "customer",
    targetId: change.customerId,
    customerId: change.customerId,
    detail: { from: change.from, to: change.to },
  });
  const plan = planFor(change.to);
  const text = (locale: Locale) =>
    plan.id === "free"
      ? catalogue().t(locale, "billing-plan-ended")
      : catalogue().t(locale, "billing-plan-now", {
          plan: plan.name,
          messages: formatNumber(plan.includedMessages, locale),
          ai: formatMoney(plan.includedAiMicros, locale),
          hours: formatNumber(plan.includedVmMinutes / 60, locale),
          knights: plan.concurrentKnights,
        });
  const readers = await ownerReaders(tx, change.customerId);
  return { messages: readers.map(({ chatId, locale }) => ({ chatId, text: text(locale) })) };
}
