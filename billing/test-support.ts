/**
 * Shared set-up for billing tests: a migrated database, customers with an
 * owner on Telegram, a recording Notifier, and the Stripe sandbox reached
 * through the real stripe-node client and our webhook route.
 */
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { createData, type Data, type Database, migrate } from "../db/index.ts";
import { listen } from "../lib/index.ts";
import type { Notifier, OutgoingMessage } from "../notify/index.ts";
import { type RunningStripeSandbox, startStripeSandbox } from "../sandbox/stripe/index.ts";
import { createTestDatabase, type DatabaseBackend } from "../testing/index.ts";
import { createStripeClient } from "./stripe-client.ts";
import { createStripeWebhookRoutes } from "./webhook-routes.ts";

export async function billingDatabase(
  backend: DatabaseBackend,
  { queue = false }: { queue?: boolean } = {},
): Promise<{ db: Database; data: Data }> {
  const db = await createTestDatabase(backend);
  await migrate(db.pool, { queue });
  return { db, data: createData(db) };
}

let telegramIds = 700_000_000 + Math.floor(Math.random() * 1_000_000) * 100;

export type TestCustomer = { customerId: string; ownerId: string; ownerChatId: number };

/** A customer with one owner who has a Telegram account. */
export async function createCustomer(
  db: Database,
  options: { plan?: string; resellerId?: string; budgetMicros?: number; name?: string } = {},
): Promise<TestCustomer> {
  const ownerChatId = ++telegramIds;
  const user = await db.pool.query<{ id: string }>(
    "insert into public.users (telegram_user_id, display_name) values ($1, 'Owner') returning id",
    [ownerChatId],
  );
  const customer = await db.pool.query<{ id: string }>(
    `insert into public.customers (name, plan, reseller_id, monthly_budget_micros)
     values ($1, $2, $3, $4) returning id`,
    [
      options.name ?? `Shop ${randomUUID().slice(0, 8)}`,
      options.plan ?? "free",
      options.resellerId ?? null,
      options.budgetMicros ?? null,
    ],
  );
  const ownerId = user.rows[0]!.id;
  const customerId = customer.rows[0]!.id;
  await db.pool.query(
    "insert into public.memberships (user_id, customer_id, role) values ($1, $2, 'owner')",
    [ownerId, customerId],
  );
  return { customerId, ownerId, ownerChatId };
}

/** A user with a role in a customer (or a platform admin with no membership). */
export async function createUser(
  db: Database,
  options: { admin?: boolean; customerId?: string; resellerId?: string; role?: string } = {},
): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    "insert into public.users (display_name, is_platform_admin) values ('Someone', $1) returning id",
    [options.admin ?? false],
  );
  const id = rows[0]!.id;
  if (options.customerId || options.resellerId) {
    await db.pool.query(
      "insert into public.memberships (user_id, customer_id, reseller_id, role) values ($1, $2, $3, $4)",
      [id, options.customerId ?? null, options.resellerId ?? null, options.role ?? "member"],
    );
  }
  return id;
}

/** A Notifier that keeps what it was asked to send. */
export function recordingNotifier(): Notifier & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    sent,
    send: async (message) => {
      sent.push(message);
    },
    status: async (_key, message) => {
      sent.push(message);
    },
  };
}

export const WEBHOOK_SECRET = "whsec_billing_tests";

export type BillingStripe = {
  running: RunningStripeSandbox;
  stripe: Stripe;
  notifier: ReturnType<typeof recordingNotifier>;
  close: () => Promise<void>;
};

/**
 * The sandbox delivering webhooks to our real route, served on a port, with
 * retries that wait no real time. `autoDeliver: false` leaves delivery to the test.
 */
export async function startBillingStripe(
  data: Data,
  options: { autoDeliver?: boolean; clock?: () => number } = {},
): Promise<BillingStripe> {
  const notifier = recordingNotifier();
  const running = await startStripeSandbox({
    webhookRetry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 },
    webhookSleep: async () => {},
    autoDeliverWebhooks: options.autoDeliver ?? true,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const stripe = createStripeClient({
    secretKey: "sk_test_billing",
    apiBase: running.url,
    maxNetworkRetries: 0,
  });
  const server = await listen(
    createStripeWebhookRoutes({ data, stripe, notifier, webhookSecret: WEBHOOK_SECRET }),
  );
  running.sandbox.addWebhookEndpoint({
    url: `${server.url}/stripe/webhook`,
    secret: WEBHOOK_SECRET,
  });
  return {
    running,
    stripe,
    notifier,
    close: async () => {
      await running.close();
      await server.close();
    },
  };
}
