-- Recurring work that really runs: customer time zones, richer cadences, and
-- a record of every run a schedule made.
--
-- * `customers.time_zone`: the IANA zone "every day at 8" is read in. The app
--   validates names with Intl before writing (Postgres' own zone list and the
--   ICU list Node uses differ at the edges); here only the shape is checked.
--   Managers may change it under RLS like the customer's name.
-- * `scheduled_tasks` gains the cadences customers ask for (weekdays, several
--   weekdays, a day of the month, every N hours, a cron expression for the
--   API, every N minutes for the demo) and `at_time` is now local time in the
--   customer's zone. `consecutive_failures` and `paused_reason` let a schedule
--   pause itself after three failed runs, and say why.
-- * `schedule_runs`: one row per due slot a schedule started (or refused to
--   start: over budget, customer suspended). Unique (schedule_id, due_at), and
--   written in the same transaction that advances `next_run_at` and creates
--   the knight task, so any number of scanning workers start a run once.
--   Tenants read their runs; only the scheduler (service path) writes them.

alter table public.customers
  add column time_zone text not null default 'UTC'
    check (length(time_zone) between 1 and 64 and time_zone ~ '^[A-Za-z][A-Za-z0-9_+/-]*$');
grant update (time_zone) on public.customers to authenticated;

alter table public.scheduled_tasks drop constraint scheduled_tasks_cadence_check;
alter table public.scheduled_tasks
  add constraint scheduled_tasks_cadence_check
    check (cadence in ('daily', 'weekdays', 'weekly', 'monthly', 'hourly', 'minutely', 'cron')),
  -- weekly: the chosen days (0 = Sunday); `weekday` stays for schedules written before.
  add column days smallint[] check (days <@ array[0, 1, 2, 3, 4, 5, 6]::smallint[]),
  -- monthly: 1–31; a day past the month's end means its last day.
  add column month_day smallint check (month_day between 1 and 31),
  -- hourly / minutely: every N hours or minutes.
  add column every_n integer check (every_n between 1 and 1440),
  add column cron text check (length(cron) between 9 and 120),
  add column consecutive_failures integer not null default 0,
  add column paused_reason text check (paused_reason in ('customer', 'failures')),
  add column last_run_late boolean not null default false;
comment on column public.scheduled_tasks.at_time is 'Local time of day in the customer''s time zone.';

create table public.schedule_runs (
  id uuid primary key default gen_random_uuid(),
  schedule_id uuid not null references public.scheduled_tasks (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  -- The slot this run belongs to (for "run now": the moment it was asked).
  due_at timestamptz not null,
  started_at timestamptz not null default now(),
  outcome text not null check (outcome in ('started', 'over_budget', 'suspended')),
  -- Started later than a minute after its slot (the system was down).
  late boolean not null default false,
  manual boolean not null default false,
  task_id uuid references public.tasks (id) on delete set null,
  unique (schedule_id, due_at)
);
create index schedule_runs_customer_id_idx on public.schedule_runs (customer_id);
-- A schedule's history, newest first (the dashboard, the last outcome).
create index schedule_runs_schedule_started_idx on public.schedule_runs (schedule_id, started_at desc);
create index schedule_runs_task_id_idx on public.schedule_runs (task_id) where task_id is not null;

-- Tenants read their own runs; writes are the scheduler's (service path) and platform admins'.
select private.apply_customer_policies('public.schedule_runs', false, false);

-- After three failed runs in a row a schedule pauses itself; the scheduler
-- then asks the customer once (pause_noticed_at) whether to resume or delete.
-- Counted by a trigger on the task's final status, so every way a task ends
-- (the knight's loop, a crash, an admin's kill) counts, exactly once.
alter table public.scheduled_tasks add column pause_noticed_at timestamptz;

create function private.count_schedule_run_outcome() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.status = 'succeeded' then
    update public.scheduled_tasks s set consecutive_failures = 0
      from public.schedule_runs r
     where r.task_id = new.id and s.id = r.schedule_id and s.consecutive_failures <> 0;
  else
    update public.scheduled_tasks s
       set consecutive_failures = s.consecutive_failures + 1,
           status = case when s.consecutive_failures + 1 >= 3 and s.status = 'active'
                         then 'paused' else s.status end,
           paused_reason = case when s.consecutive_failures + 1 >= 3 and s.status = 'active'
                                then 'failures' else s.paused_reason end,
           pause_noticed_at = case when s.consecutive_failures + 1 >= 3 and s.status = 'active'
                                   then null else s.pause_noticed_at end,
           updated_at = now()
      from public.schedule_runs r
     where r.task_id = new.id and s.id = r.schedule_id;
  end if;
  return null;
end $$;
revoke all on function private.count_schedule_run_outcome() from public;

create trigger tasks_count_schedule_run_outcome
  after update of status on public.tasks
  for each row
  when (old.status is distinct from new.status and new.status in ('succeeded', 'failed'))
  execute function private.count_schedule_run_outcome();

create index scheduled_tasks_pause_notice_idx on public.scheduled_tasks (id)
  where paused_reason = 'failures' and pause_noticed_at is null;
