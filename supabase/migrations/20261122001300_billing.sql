-- Billing bookkeeping: overage reports sent to Stripe Billing Meters, budget
-- alert markers, paid invoices (for reseller earnings), credit spent on
-- overage, and the rule that customers may lower but never raise their own
-- monthly budget.
--
-- Meter reports are written before they are sent (an outbox): each row has
-- the deterministic `identifier` Stripe deduplicates on, so a reporter that
-- crashes after sending resends the same identifier and never bills twice.
-- Alert markers make each 80%/100% alert go out once per customer and month.
-- All of it is written on the service path; tenants may read their own rows.

-- Credit spent on overage is a negative ledger entry of its own kind.
alter table public.credit_ledger drop constraint credit_ledger_kind_check;
alter table public.credit_ledger add constraint credit_ledger_kind_check
  check (kind in ('credit', 'refund', 'adjustment', 'payment', 'overage'));

create table public.meter_reports (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  -- Calendar month (UTC) the overage belongs to, 'YYYY-MM'.
  period text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
  seq integer not null check (seq >= 1),
  identifier text not null unique check (length(identifier) between 1 and 100),
  stripe_customer_id text,
  -- Cents sent to the meter, and cents paid from the customer's credit instead.
  billed_cents bigint not null check (billed_cents >= 0),
  covered_cents bigint not null check (covered_cents >= 0),
  event_timestamp bigint not null,
  status text not null check (status in ('pending', 'sent', 'covered')),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (customer_id, period, seq),
  check (billed_cents + covered_cents > 0),
  check ((billed_cents > 0) = (stripe_customer_id is not null))
);
create index meter_reports_pending_idx on public.meter_reports (created_at) where status = 'pending';

create table public.budget_alerts (
  customer_id uuid not null references public.customers (id) on delete cascade,
  period text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
  threshold_pct integer not null check (threshold_pct in (80, 100)),
  budget_micros bigint not null,
  spent_micros bigint not null,
  sent_at timestamptz not null default now(),
  primary key (customer_id, period, threshold_pct)
);

create table public.invoice_payments (
  stripe_invoice_id text primary key,
  customer_id uuid not null references public.customers (id) on delete cascade,
  stripe_subscription_id text,
  amount_paid_micros bigint not null check (amount_paid_micros >= 0),
  currency text not null,
  -- The reseller and its share when the invoice was paid: a later change of
  -- share does not rewrite what was already earned.
  reseller_id uuid references public.resellers (id) on delete set null,
  reseller_share_bps integer check (reseller_share_bps between 0 and 10000),
  reseller_share_micros bigint not null default 0 check (reseller_share_micros >= 0),
  paid_at timestamptz not null
);
create index invoice_payments_customer_idx on public.invoice_payments (customer_id, paid_at);
create index invoice_payments_reseller_idx on public.invoice_payments (reseller_id, paid_at);

select private.apply_customer_policies('public.meter_reports', false, false);
select private.apply_customer_policies('public.budget_alerts', false, false);
select private.apply_customer_policies('public.invoice_payments', false, false);

-- The plans' default budgets (billing/plans.ts `defaultBudgetMicros`; a test
-- keeps the two equal). A customer with no budget of its own has this one.
create function private.plan_default_budget_micros(plan text) returns bigint
language sql immutable set search_path = '' as $$
  select case plan
    when 'pro' then 100000000
    when 'team' then 500000000
    else 5000000
  end::bigint
$$;

-- Orders Stripe subscription states for events created in the same second:
-- a later lifecycle stage wins over an earlier one.
create function private.subscription_status_rank(status text) returns integer
language sql immutable set search_path = '' as $$
  select case status
    when 'incomplete' then 0
    when 'trialing' then 1
    when 'active' then 1
    when 'past_due' then 1
    when 'paused' then 1
    when 'unpaid' then 2
    when 'incomplete_expired' then 3
    when 'canceled' then 3
    else 0
  end
$$;

-- Tenants may lower their monthly budget; raising it (or clearing it back
-- to the plan default, which may be higher) is for platform admins and the
-- service path.
create function private.guard_monthly_budget() returns trigger
language plpgsql set search_path = '' as $$
begin
  -- On insert (a reseller creating a customer) the ceiling is the plan default.
  if tg_op = 'INSERT' then
    if new.monthly_budget_micros is not null
       and current_user in ('authenticated', 'anon')
       and not (select private.is_platform_admin())
       and new.monthly_budget_micros > private.plan_default_budget_micros(new.plan) then
      raise exception 'only a platform admin can set a budget above the plan default'
        using errcode = '42501';
    end if;
    return new;
  end if;
  if new.monthly_budget_micros is distinct from old.monthly_budget_micros
     and current_user in ('authenticated', 'anon')
     and not (select private.is_platform_admin())
     and (new.monthly_budget_micros is null
          or new.monthly_budget_micros > coalesce(old.monthly_budget_micros,
                                                  private.plan_default_budget_micros(old.plan))) then
    raise exception 'only a platform admin can raise the monthly budget'
      using errcode = '42501';
  end if;
  return new;
end $$;

create trigger customers_guard_monthly_budget
  before insert or update of monthly_budget_micros on public.customers
  for each row execute function private.guard_monthly_budget();

revoke all on function private.plan_default_budget_micros(text) from public;
revoke all on function private.subscription_status_rank(text) from public;
revoke all on function private.guard_monthly_budget() from public;
grant execute on function private.plan_default_budget_micros(text) to authenticated, service_role;
grant execute on function private.subscription_status_rank(text) to authenticated, service_role;
grant execute on function private.guard_monthly_budget() to authenticated, service_role;
