-- Knights and their work: employees, VMs, tasks, task steps, screenshot
-- frames, and approvals waiting for a customer's tap.
--
-- Every row carries `customer_id` (denormalised onto steps and frames) so
-- each policy is one indexed membership test, never a join up the tree.
-- Where a tenant may write a row that points at a parent (a task at its
-- employee, an approval at its task), the foreign key includes `customer_id`,
-- so nobody can hang their own row on another tenant's knight or task.
-- Customers may create and steer employees, tasks and approvals; VMs, steps
-- and frames are written only by the knight workers on the service path, so
-- a customer cannot forge what a knight did or what it cost. A task a
-- customer inserts is only a request awaiting approval: status, approver,
-- cost, results and the workers' columns are not theirs to set at all.

create table public.employees (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  role_template text not null check (length(role_template) between 1 and 64),
  status text not null default 'idle' check (status in ('idle', 'working', 'paused', 'removed')),
  created_at timestamptz not null default now(),
  removed_at timestamptz,
  unique (id, customer_id)
);
create index employees_customer_id_idx on public.employees (customer_id);

create table public.vms (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  employee_id uuid not null unique references public.employees (id) on delete cascade,
  provider text not null default 'orgo',
  provider_id text unique,
  status text not null default 'creating' check (status in
    ('creating', 'starting', 'running', 'stopping', 'stopped', 'deleting', 'deleted', 'error')),
  started_at timestamptz,
  stopped_at timestamptz,
  last_activity_at timestamptz,
  created_at timestamptz not null default now()
);
create index vms_customer_id_idx on public.vms (customer_id);

create table public.tasks (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  employee_id uuid,
  requested_by uuid references public.users (id) on delete set null,
  request text not null check (length(request) between 1 and 20000),
  status text not null default 'awaiting_approval' check (status in
    ('awaiting_approval', 'queued', 'running', 'waiting_for_input', 'succeeded', 'failed', 'cancelled')),
  approved_by uuid references public.users (id) on delete set null,
  approved_at timestamptz,
  budget_micros bigint check (budget_micros >= 0),
  max_steps integer not null default 50 check (max_steps between 1 and 1000),
  step_count integer not null default 0,
  cost_micros bigint not null default 0,
  question text,
  result text,
  error text,
  created_at timestamptz not null default now(),
  queued_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  cancel_requested_at timestamptz,
  updated_at timestamptz not null default now(),
  foreign key (employee_id, customer_id)
    references public.employees (id, customer_id) on delete set null (employee_id),
  unique (id, customer_id)
);
create index tasks_customer_id_idx on public.tasks (customer_id);
create index tasks_employee_id_idx on public.tasks (employee_id);
create index tasks_status_idx on public.tasks (status) where status in ('queued', 'running', 'waiting_for_input');

create table public.frames (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  vm_id uuid references public.vms (id) on delete set null,
  task_id uuid references public.tasks (id) on delete cascade,
  sha256 text not null,
  content_type text not null default 'image/png',
  width integer,
  height integer,
  bytes bytea,
  storage_path text,
  created_at timestamptz not null default now(),
  check (bytes is not null or storage_path is not null)
);
create index frames_customer_id_idx on public.frames (customer_id);
create index frames_task_id_idx on public.frames (task_id);

create table public.task_steps (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  task_id uuid not null references public.tasks (id) on delete cascade,
  seq integer not null check (seq >= 1),
  status text not null default 'pending' check (status in ('pending', 'done', 'failed')),
  action text not null,
  params jsonb not null default '{}',
  outcome jsonb,
  frame_id uuid references public.frames (id) on delete set null,
  provider text,
  model text,
  input_tokens integer not null default 0,
  output_tokens integer not null default 0,
  cache_read_tokens integer not null default 0,
  cache_write_tokens integer not null default 0,
  cost_micros bigint not null default 0,
  model_ms integer,
  action_ms integer,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  unique (task_id, seq)
);
create index task_steps_customer_id_idx on public.task_steps (customer_id);

create table public.approvals (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  task_id uuid,
  kind text not null check (length(kind) between 1 and 64),
  summary text not null,
  payload jsonb not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'approved', 'denied', 'expired')),
  requested_by uuid references public.users (id) on delete set null,
  decided_by uuid references public.users (id) on delete set null,
  decided_at timestamptz,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  foreign key (task_id, customer_id) references public.tasks (id, customer_id) on delete cascade
);
create index approvals_customer_id_idx on public.approvals (customer_id);

select private.apply_customer_policies('public.employees', true, true);
select private.apply_customer_policies('public.tasks', true, false);
select private.apply_customer_policies('public.approvals', true, false);
-- Restrictive: an approval is born pending and undecided, and whoever decides
-- it records themselves (never another user) as the decider.
create policy born_pending on public.approvals as restrictive for insert to authenticated
  with check (status = 'pending' and decided_by is null and decided_at is null);
create policy decided_by_self on public.approvals as restrictive for update to authenticated
  with check (decided_by is null or decided_by = (select auth.uid()) or (select private.is_platform_admin()));
select private.apply_customer_policies('public.vms', false, false);
select private.apply_customer_policies('public.task_steps', false, false);
select private.apply_customer_policies('public.frames', false, false);

-- What a customer may change on its own rows; the rest (status, cost, steps,
-- VM reference) belongs to the workers.
revoke update on public.employees from authenticated;
grant update (name, status, removed_at) on public.employees to authenticated;
revoke update on public.tasks from authenticated;
grant update (cancel_requested_at, updated_at) on public.tasks to authenticated;
-- Inserted `queued`, a task would be run by the knights' relay without a tap;
-- with a `first_frame_id` (20261122001200) naming another tenant's frame, the
-- knight would load that screen on the service path and show it to the model.
revoke insert on public.tasks from authenticated;
grant insert (customer_id, employee_id, requested_by, request, budget_micros, max_steps)
  on public.tasks to authenticated;
revoke update on public.approvals from authenticated;
grant update (status, decided_by, decided_at) on public.approvals to authenticated;
