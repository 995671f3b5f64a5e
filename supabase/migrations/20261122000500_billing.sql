-- Money: usage events (the source of truth for what was consumed), the
-- credit ledger, Stripe subscriptions, and the webhook events already processed.
--
-- Every usage event and ledger entry carries a unique idempotency key, so a
-- retried worker or a re-delivered webhook can never count twice. Amounts are
-- integer micro-dollars (1 USD = 1,000,000) so sums are exact. Tenants may
-- read their own money rows and never write them: only the service path
-- (metering, webhooks, admin credits through audited commands) does.

create table public.usage_events (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  kind text not null check (kind in ('model_tokens', 'vm_minutes', 'message')),
  quantity numeric not null check (quantity >= 0),
  cost_micros bigint not null check (cost_micros >= 0),
  idempotency_key text not null unique check (length(idempotency_key) between 1 and 200),
  task_id uuid references public.tasks (id) on delete set null,
  detail jsonb not null default '{}',
  occurred_at timestamptz not null default now(),
  reported_at timestamptz
);
create index usage_events_customer_time_idx on public.usage_events (customer_id, occurred_at);

create table public.credit_ledger (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  kind text not null check (kind in ('credit', 'refund', 'adjustment', 'payment')),
  amount_micros bigint not null,
  reason text not null check (length(reason) between 1 and 500),
  idempotency_key text not null unique,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index credit_ledger_customer_id_idx on public.credit_ledger (customer_id);

create table public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  stripe_subscription_id text not null unique,
  stripe_customer_id text not null,
  plan text not null,
  status text not null,
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  -- `created` of the newest Stripe event applied: an older event never overwrites a newer state.
  stripe_event_created bigint not null default 0,
  updated_at timestamptz not null default now()
);
create index subscriptions_customer_id_idx on public.subscriptions (customer_id);

create table public.webhook_events (
  provider text not null check (provider in ('stripe', 'telegram')),
  event_id text not null,
  type text not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  primary key (provider, event_id)
);

select private.apply_customer_policies('public.usage_events', false, false);
select private.apply_customer_policies('public.credit_ledger', false, false);
select private.apply_customer_policies('public.subscriptions', false, false);
-- Webhook bookkeeping is the service's alone: RLS on, no tenant policy.
alter table public.webhook_events enable row level security;
create policy platform_admin_select on public.webhook_events for select to authenticated
  using ((select private.is_platform_admin()));
