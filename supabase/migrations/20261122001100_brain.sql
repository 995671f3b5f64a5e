-- King Mouse's brain: recurring tasks a customer asked for in chat.
--
-- The brain stores a schedule as `pending_approval` and asks the customer to
-- approve it (a schedule spends money every time it runs); only the approval's
-- executor, on the service path, turns it `active`. Running due schedules is
-- the knights' job: they read `active` rows whose `next_run_at` has passed.
-- Tenants may create pending schedules and pause or cancel their own, never
-- activate one themselves, so no prompt injection or forged request can start
-- recurring spend without a tap.

alter table public.approvals add constraint approvals_id_customer_id_key unique (id, customer_id);

create table public.scheduled_tasks (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  employee_id uuid,
  role_template text not null check (length(role_template) between 1 and 64),
  request text not null check (length(request) between 1 and 4000),
  cadence text not null check (cadence in ('daily', 'weekly', 'monthly')),
  -- Time of day (UTC) the run is due; weekly runs also use `weekday` (0 = Sunday).
  at_time time not null default '09:00',
  weekday smallint check (weekday between 0 and 6),
  status text not null default 'pending_approval'
    check (status in ('pending_approval', 'active', 'paused', 'cancelled')),
  approval_id uuid,
  budget_micros bigint check (budget_micros >= 0),
  created_by uuid references public.users (id) on delete set null,
  next_run_at timestamptz,
  last_run_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Parents must belong to the same customer: a tenant cannot point its
  -- schedule at another tenant's employee or approval.
  foreign key (employee_id, customer_id) references public.employees (id, customer_id)
    on delete set null (employee_id),
  foreign key (approval_id, customer_id) references public.approvals (id, customer_id)
    on delete set null (approval_id)
);
create index scheduled_tasks_customer_id_idx on public.scheduled_tasks (customer_id);
create index scheduled_tasks_due_idx on public.scheduled_tasks (next_run_at) where status = 'active';

-- Admins everything, readers select; writes below are narrower than the standard ones.
select private.apply_customer_policies('public.scheduled_tasks', false, false);

create policy tenant_insert on public.scheduled_tasks for insert to authenticated
  with check (customer_id in (select private.writable_customer_ids())
              and status = 'pending_approval' and next_run_at is null and last_run_at is null);
create policy tenant_update on public.scheduled_tasks for update to authenticated
  using (customer_id in (select private.writable_customer_ids()))
  with check (customer_id in (select private.writable_customer_ids())
              and status in ('paused', 'cancelled'));

revoke update on public.scheduled_tasks from authenticated;
grant update (status, updated_at) on public.scheduled_tasks to authenticated;
