-- Take-over: a customer takes the controls of a knight's desktop and hands
-- them back (issue 24).
--
-- desktop_controls      one row per take-over: who holds the controls of
--                       which VM, for which task, since when, how many
--                       actions they performed and the note they left when
--                       handing back. At most one open row (ended_at null)
--                       per VM: two people cannot control one desktop at
--                       once, whichever web process they reach. Written only
--                       on the service path by agents/knights/control, after
--                       the caller's role was checked under RLS; members read
--                       their customer's rows.
-- tasks.control_requested_at
--                       set while someone holds (or asked for) the controls;
--                       the knight's loop reads it with its step reservation
--                       and pauses at that step boundary, never mid-action.
--                       A paused task is not re-queued while it is set.
-- tasks.paused_reason   gains 'takeover' (paused for a person at the
--                       controls) and 'help' (the knight asked for help).
-- live_frames.source    gains 'customer': a screen after a person's action.

alter table public.tasks add column control_requested_at timestamptz;

alter table public.tasks drop constraint if exists tasks_paused_reason_check;
alter table public.tasks add constraint tasks_paused_reason_check
  check (paused_reason in ('question', 'budget', 'takeover', 'help'));

alter table public.live_frames drop constraint if exists live_frames_source_check;
alter table public.live_frames add constraint live_frames_source_check
  check (source in ('poll', 'knight', 'customer'));

create table public.desktop_controls (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  employee_id uuid not null references public.employees (id) on delete cascade,
  vm_id uuid not null references public.vms (id) on delete cascade,
  task_id uuid references public.tasks (id) on delete set null,
  user_id uuid references public.users (id) on delete set null,
  reason text not null default 'customer' check (reason in ('customer', 'help')),
  actions integer not null default 0,
  note text check (length(note) <= 2000),
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  ended_by uuid references public.users (id) on delete set null
);
create unique index desktop_controls_one_per_vm on public.desktop_controls (vm_id)
  where ended_at is null;
create index desktop_controls_customer_id_idx on public.desktop_controls (customer_id);
create index desktop_controls_task_id_idx on public.desktop_controls (task_id);

select private.apply_customer_policies('public.desktop_controls', false, false);
