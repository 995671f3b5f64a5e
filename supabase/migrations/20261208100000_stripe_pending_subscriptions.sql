-- Subscription snapshots Stripe sent before Mouse could tell whose they are.
--
-- A subscription made outside Mouse's own Checkout (in Stripe's dashboard, say)
-- names a Stripe customer no Mouse customer is linked to yet. Answering 200 and
-- forgetting it meant Stripe never sent it again and the later link found
-- nothing. The newest snapshot per subscription is kept here and applied, in
-- event order, when a Mouse customer is linked to that Stripe customer
-- (billing/pending-subscriptions.ts). Service bookkeeping: RLS on, platform
-- admins may read it, nobody else reaches it.
create table public.stripe_pending_subscriptions (
  stripe_subscription_id text primary key,
  stripe_customer_id text not null,
  event_id text not null,
  event_type text not null,
  -- Stripe's `created` of the event (unix seconds): a newer snapshot replaces an older one.
  event_created bigint not null,
  snapshot jsonb not null,
  received_at timestamptz not null default now()
);

create index stripe_pending_subscriptions_customer
  on public.stripe_pending_subscriptions (stripe_customer_id);

alter table public.stripe_pending_subscriptions enable row level security;
create policy platform_admin_select on public.stripe_pending_subscriptions
  for select to authenticated using ((select private.is_platform_admin()));
