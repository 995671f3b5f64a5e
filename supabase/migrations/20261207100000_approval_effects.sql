-- Approvals that always start their work, exactly once.
--
-- Deciding an approval and running what it unlocks (a knight's task, a
-- schedule) used to be two steps of the request that decided: the decision
-- committed, then the executor ran in the same process. A process killed
-- between the two left an approved approval whose work never started, and
-- only the bot's button ran the executor at all (the dashboard and the JSON
-- API recorded the decision and nothing else).
--
-- Now the decision and the debt commit together: a trigger marks the effect
-- as owed (`effect_status = 'pending'`) in the very statement that approves,
-- whichever channel issued it. The approval-effects queue runs the executor
-- for the kind (job id derived from the approval id), records the outcome
-- here, and a relay re-enqueues effects still owed after a crash or a queue
-- outage. Tenants read these columns; only the service path writes them.

alter table public.approvals
  add column effect_status text
    check (effect_status in ('pending', 'running', 'done', 'failed')),
  add column effect_attempts integer not null default 0,
  add column effect_result text,
  add column effect_done_at timestamptz;

create function private.approval_effect_owed() returns trigger
language plpgsql as $$
begin
  if new.status = 'approved' and old.status is distinct from 'approved' and new.effect_status is null then
    new.effect_status := 'pending';
  end if;
  return new;
end
$$;

create trigger approval_effect_owed
  before update of status on public.approvals
  for each row execute function private.approval_effect_owed();

-- The relay's scan: only effects still owed, oldest decision first.
create index approvals_effect_owed_idx on public.approvals (decided_at)
  where effect_status in ('pending', 'running');
