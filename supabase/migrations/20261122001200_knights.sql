-- Knights at work: what the knight workers add to the base knight tables
-- (20261122000300) so a run is exact across crashes, queue outages and
-- budget caps.
--
-- tasks
--   approval_id     one task per approval: re-running the deploy executor
--                   finds the task it already made instead of making another.
--   enqueued_at     the relay marker: set once the BullMQ job exists. A task
--                   queued in Postgres whose job is missing (the queue was
--                   down, the process died between the two writes) is found
--                   by the relay and enqueued again (job id = task id, so
--                   enqueueing twice is harmless).
--   paused_reason   why a task is waiting_for_input: a question for the
--                   customer, or a budget it reached.
--   first_frame_id  the screen the knight saw before its first step.
--   None of these is in the tenants' insert or update grants on tasks
--   (20261122000300): the workers set them on the service path.
-- vms
--   provider_name   the deterministic Orgo computer name (mouse-<employee>),
--                   written before the computer is created: a worker that
--                   died mid-create finds it by name rather than making a
--                   second VM.
--   workspace_id, resolution  where the computer lives and its screen size.
--   A metering session runs from started_at to stopped_at; closing it
--   records `vm_minutes` usage keyed by the session, whoever closes it.
-- budget_reservations
--   the worst-case cost of a step, reserved before the step and settled
--   after it. A reservation is only taken when the customer's monthly budget
--   minus this period's usage, open reservations and running VM minutes
--   still covers it, checked under a lock on the customer row, so concurrent
--   knights cannot spend the same last cents. Written by workers only.

alter table public.tasks
  -- With customer_id in the key, a tenant cannot claim another tenant's approval
  -- (and so cannot block that tenant's deployment through the unique index).
  add column approval_id uuid unique,
  add constraint tasks_approval_same_customer foreign key (approval_id, customer_id)
    references public.approvals (id, customer_id) on delete set null (approval_id),
  add column enqueued_at timestamptz,
  add column paused_reason text check (paused_reason in ('question', 'budget')),
  add column first_frame_id uuid references public.frames (id) on delete set null;

alter table public.vms
  add column provider_name text unique check (length(provider_name) between 1 and 64),
  add column workspace_id text,
  add column resolution text;

create table public.budget_reservations (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  task_id uuid not null references public.tasks (id) on delete cascade,
  seq integer not null check (seq >= 1),
  amount_micros bigint not null check (amount_micros >= 0),
  settled_micros bigint check (settled_micros >= 0),
  created_at timestamptz not null default now(),
  settled_at timestamptz,
  unique (task_id, seq)
);
create index budget_reservations_open_idx on public.budget_reservations (customer_id)
  where settled_at is null;

select private.apply_customer_policies('public.budget_reservations', false, false);
