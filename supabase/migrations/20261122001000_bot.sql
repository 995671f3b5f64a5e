-- The bot's own state: grammY conversation state per chat, kept in Postgres
-- (not memory) so an onboarding in progress survives restarts and works
-- across several web processes, and the status messages knights edit in place.
--
-- Both are the bot's bookkeeping on the service path: RLS is on with no
-- tenant policy, so no customer can read or write them.

create table public.bot_state (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
alter table public.bot_state enable row level security;

create table public.bot_status_messages (
  key text not null,
  chat_id bigint not null,
  message_id bigint,
  -- What the message should say now (set by producers), and what it says (set on send/edit).
  desired_text text not null,
  desired_buttons jsonb,
  last_text text,
  last_edit_at timestamptz,
  -- A short lease: one sender at a time per status message, across processes.
  locked_until timestamptz,
  primary key (key, chat_id)
);
alter table public.bot_status_messages enable row level security;

-- Admin actions on columns no tenant may write (customer status, task state).
-- Column grants keep those columns from `authenticated` altogether, so admins
-- act through these functions, which check the caller's admin flag themselves.
create function private.admin_set_customer_status(p_customer uuid, p_status public.customer_status)
returns boolean language plpgsql security definer set search_path = '' as $$
begin
  if not (select private.is_platform_admin()) then
    raise exception 'platform admins only' using errcode = '42501';
  end if;
  update public.customers set status = p_status, updated_at = now() where id = p_customer;
  return found;
end $$;

create function private.admin_cancel_task(p_task uuid)
returns boolean language plpgsql security definer set search_path = '' as $$
begin
  if not (select private.is_platform_admin()) then
    raise exception 'platform admins only' using errcode = '42501';
  end if;
  update public.tasks
     set cancel_requested_at = coalesce(cancel_requested_at, now()),
         status = case when status in ('awaiting_approval', 'queued') then 'cancelled' else status end,
         finished_at = case when status in ('awaiting_approval', 'queued') then now() else finished_at end,
         updated_at = now()
   where id = p_task and status in ('awaiting_approval', 'queued', 'running', 'waiting_for_input');
  return found;
end $$;

revoke all on function private.admin_set_customer_status(uuid, public.customer_status) from public;
revoke all on function private.admin_cancel_task(uuid) from public;
grant execute on function private.admin_set_customer_status(uuid, public.customer_status) to authenticated;
grant execute on function private.admin_cancel_task(uuid) to authenticated;
