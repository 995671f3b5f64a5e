-- The audit log and encrypted per-tenant secrets.
--
-- Audit rows are append-only and their actor is taken from the session, not
-- from the caller: tenants write them only through `private.audit(...)`,
-- which records `auth.uid()` itself and refuses a customer or reseller the
-- user does not belong to (a customer's own reseller may be named with it),
-- so nobody writes into another tenant's trail.
-- Nobody updates or deletes them.
--
-- Secrets (a reseller's own bot token, a customer's own model key) are stored
-- as AES-256-GCM ciphertext produced by the application with a key derived
-- from APP_SECRET; `key_id` names that key so it can rotate. The database
-- never sees plaintext, and tenants cannot even read the ciphertext column.

create table public.audit_log (
  id bigint generated always as identity primary key,
  actor_user_id uuid references public.users (id) on delete set null,
  actor_kind text not null check (actor_kind in ('user', 'admin', 'system')),
  action text not null check (length(action) between 1 and 100),
  target_type text,
  target_id text,
  customer_id uuid references public.customers (id) on delete set null,
  reseller_id uuid references public.resellers (id) on delete set null,
  detail jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index audit_log_customer_id_idx on public.audit_log (customer_id, created_at);
create index audit_log_reseller_id_idx on public.audit_log (reseller_id);

alter table public.audit_log enable row level security;
create policy platform_admin_select on public.audit_log for select to authenticated
  using ((select private.is_platform_admin()));
create policy manager_select on public.audit_log for select to authenticated
  using (customer_id in (select private.managed_customer_ids())
      or reseller_id in (select private.managed_reseller_ids()));
revoke insert, update, delete, truncate on public.audit_log from authenticated, anon;

-- Records an action by the current session's user (or the system on the service path).
create function private.audit(
  p_action text, p_target_type text, p_target_id text,
  p_customer_id uuid, p_reseller_id uuid, p_detail jsonb)
returns bigint language plpgsql volatile security definer set search_path = '' as $$
declare
  actor uuid := (select auth.uid());
  admin boolean := (select private.is_platform_admin());
  entry_id bigint;
begin
  -- `role` is the caller's SET ROLE even inside this definer function; the
  -- service path is trusted to name any tenant.
  if actor is not null and not admin
     and current_setting('role', true) is distinct from 'service_role'
     and ((p_customer_id is not null
           and p_customer_id not in (select private.readable_customer_ids()))
       or (p_reseller_id is not null
           and p_reseller_id not in (select private.readable_reseller_ids())
           -- a customer's own reseller may be named alongside it
           and p_reseller_id is distinct from
               (select c.reseller_id from public.customers c where c.id = p_customer_id))) then
    raise exception 'cannot write to the audit trail of a tenant you do not belong to'
      using errcode = 'insufficient_privilege';
  end if;
  insert into public.audit_log
    (actor_user_id, actor_kind, action, target_type, target_id, customer_id, reseller_id, detail)
  values (
    actor,
    case when actor is null then 'system' when admin then 'admin' else 'user' end,
    p_action, p_target_type, p_target_id, p_customer_id, p_reseller_id, coalesce(p_detail, '{}'))
  returning id into entry_id;
  return entry_id;
end $$;
revoke all on function private.audit(text, text, text, uuid, uuid, jsonb) from public;
grant execute on function private.audit(text, text, text, uuid, uuid, jsonb) to authenticated, service_role;

create table public.secrets (
  id uuid primary key default gen_random_uuid(),
  reseller_id uuid references public.resellers (id) on delete cascade,
  customer_id uuid references public.customers (id) on delete cascade,
  name text not null check (name ~ '^[a-z][a-z0-9_]{0,63}$'),
  key_id text not null,
  ciphertext text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((reseller_id is null) <> (customer_id is null)),
  unique (reseller_id, name),
  unique (customer_id, name)
);
create index secrets_customer_id_idx on public.secrets (customer_id);

alter table public.secrets enable row level security;
create policy platform_admin_all on public.secrets for all to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy manager_all on public.secrets for all to authenticated
  using (customer_id in (select private.managed_customer_ids())
      or reseller_id in (select private.managed_reseller_ids()))
  with check (customer_id in (select private.managed_customer_ids())
           or reseller_id in (select private.managed_reseller_ids()));
-- Tenants see that a secret exists, never its ciphertext.
revoke select on public.secrets from authenticated;
grant select (id, reseller_id, customer_id, name, key_id, created_at, updated_at)
  on public.secrets to authenticated;

-- The anonymous API role reads and writes nothing of ours.
revoke all on all tables in schema public from anon;
alter default privileges in schema public revoke all on tables from anon;
