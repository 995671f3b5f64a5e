-- Stopping a task is one statement, whoever asks.
--
-- The bot's /stop, King Mouse's stop_task tool and the knights' own cancel
-- each wrote a different update: only the service path could also finish a
-- task that was not running (tenants may only set `cancel_requested_at`),
-- so a customer's /stop of a task waiting for input left it waiting. Now
-- setting `cancel_requested_at` is the whole request: a task that is not
-- running ends here as `cancelled`; a running one is ended by its loop
-- before its next step, as before. The caller's RLS still decides who may
-- set it (owners, admins and members of the customer).

create function private.task_stop_requested() returns trigger
language plpgsql as $$
begin
  if new.cancel_requested_at is not null and old.cancel_requested_at is null
     and old.status in ('awaiting_approval', 'queued', 'waiting_for_input') then
    new.status := 'cancelled';
    new.finished_at := now();
    new.question := null;
    new.paused_reason := null;
    new.error := 'Stopped by the customer';
  end if;
  return new;
end
$$;

create trigger task_stop_requested
  before update of cancel_requested_at on public.tasks
  for each row execute function private.task_stop_requested();
