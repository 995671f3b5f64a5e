-- Task replays: the short animation of a finished task's screenshots (issue 23).
--
-- When a task ends (succeeded, failed or cancelled) a worker job, off the
-- knights' hot path, builds a GIF from the frames already stored and sends
-- it to the customer with sendAnimation; the dashboard's task page plays the
-- same file. One row per task: the job inserts it before sending, so a job
-- that runs twice sends one replay. Written by workers only; tenants read
-- their own customer's rows under RLS, like frames.

create table public.task_replays (
  task_id uuid primary key,
  customer_id uuid not null references public.customers (id) on delete cascade,
  content_type text not null default 'image/gif',
  bytes bytea not null,
  size_bytes integer not null,
  frame_count integer not null,
  duration_ms integer not null,
  width integer not null,
  height integer not null,
  -- The steps behind the frames, in order, for the dashboard's scrubber.
  frame_steps jsonb not null default '[]',
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  foreign key (task_id, customer_id) references public.tasks (id, customer_id) on delete cascade
);
alter table public.task_replays alter column bytes set storage external;
create index task_replays_customer_id_idx on public.task_replays (customer_id);

select private.apply_customer_policies('public.task_replays', false, false);
