-- Tenancy: resellers, customers, users, memberships, onboarding invites, and
-- the helper functions every row-level-security policy is built from.
--
-- The tree is platform -> resellers -> customers -> employees -> tasks -> steps.
-- Who may see what is decided here, in the database, from the caller's user id
-- (`auth.uid()`, the `sub` claim our session tokens and Supabase Auth both set)
-- and the memberships table; nothing a user can edit (user_metadata, request
-- bodies) is ever consulted. Helpers are SECURITY DEFINER with an empty
-- search_path in the unexposed `private` schema (Supabase's guidance), so
-- policies stay cheap (`(select …)` evaluates once per statement) and cannot
-- recurse through the memberships table's own policies.

create type public.membership_role as enum ('owner', 'admin', 'member', 'viewer');
create type public.customer_status as enum ('active', 'suspended');

create table public.resellers (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  revenue_share_bps integer not null default 2000 check (revenue_share_bps between 0 and 10000),
  stripe_account_id text unique,
  status public.customer_status not null default 'active',
  created_at timestamptz not null default now()
);

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  reseller_id uuid references public.resellers (id) on delete restrict,
  name text not null check (length(name) between 1 and 200),
  business_description text check (length(business_description) <= 4000),
  plan text not null default 'free',
  status public.customer_status not null default 'active',
  monthly_budget_micros bigint check (monthly_budget_micros >= 0),
  stripe_customer_id text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index customers_reseller_id_idx on public.customers (reseller_id);

create table public.users (
  id uuid primary key default gen_random_uuid(),
  telegram_user_id bigint unique,
  telegram_username text,
  display_name text check (length(display_name) <= 200),
  email text unique check (email is null or email ~ '^[^@\s]+@[^@\s]+$'),
  is_platform_admin boolean not null default false,
  language_code text,
  created_at timestamptz not null default now()
);

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  reseller_id uuid references public.resellers (id) on delete cascade,
  customer_id uuid references public.customers (id) on delete cascade,
  role public.membership_role not null,
  created_at timestamptz not null default now(),
  check ((reseller_id is null) <> (customer_id is null)),
  unique (user_id, reseller_id),
  unique (user_id, customer_id)
);
create index memberships_user_id_idx on public.memberships (user_id);
create index memberships_customer_id_idx on public.memberships (customer_id);
create index memberships_reseller_id_idx on public.memberships (reseller_id);

create table public.invites (
  id uuid primary key default gen_random_uuid(),
  token text not null unique check (token ~ '^[A-Za-z0-9_-]{16,64}$'),
  customer_id uuid not null references public.customers (id) on delete cascade,
  role public.membership_role not null default 'owner',
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  redeemed_by uuid references public.users (id) on delete set null,
  redeemed_at timestamptz,
  check ((redeemed_by is null) = (redeemed_at is null))
);
create index invites_customer_id_idx on public.invites (customer_id);

-- ---------------------------------------------------------------------------
-- Helpers (private, SECURITY DEFINER, search_path = '')

create function private.is_platform_admin() returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce(
    (select u.is_platform_admin from public.users u where u.id = (select auth.uid())),
    false)
$$;

-- Customers the caller may read: its own customer memberships (any role) and
-- every customer of a reseller it is staff of.
create function private.readable_customer_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.customer_id from public.memberships m
   where m.user_id = (select auth.uid()) and m.customer_id is not null
  union
  select c.id from public.customers c
    join public.memberships m on m.reseller_id = c.reseller_id
   where m.user_id = (select auth.uid())
$$;

-- Customers the caller may change: owner/admin/member of the customer (not a
-- viewer), or owner/admin of its reseller.
create function private.writable_customer_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.customer_id from public.memberships m
   where m.user_id = (select auth.uid()) and m.customer_id is not null
     and m.role in ('owner', 'admin', 'member')
  union
  select c.id from public.customers c
    join public.memberships m on m.reseller_id = c.reseller_id
   where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')
$$;

-- Customers the caller manages: owner/admin of the customer or of its reseller.
create function private.managed_customer_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.customer_id from public.memberships m
   where m.user_id = (select auth.uid()) and m.customer_id is not null
     and m.role in ('owner', 'admin')
  union
  select c.id from public.customers c
    join public.memberships m on m.reseller_id = c.reseller_id
   where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin')
$$;

create function private.readable_reseller_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.reseller_id from public.memberships m
   where m.user_id = (select auth.uid()) and m.reseller_id is not null
$$;

create function private.managed_reseller_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.reseller_id from public.memberships m
   where m.user_id = (select auth.uid()) and m.reseller_id is not null
     and m.role in ('owner', 'admin')
$$;

-- Users who share a customer or reseller with the caller (the team page).
create function private.visible_user_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select (select auth.uid())
  union
  select m.user_id from public.memberships m
   where m.customer_id in (select private.readable_customer_ids())
      or m.reseller_id in (select private.readable_reseller_ids())
$$;

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to authenticated, service_role;

-- Applies the standard policies to a table with a `customer_id` column:
-- admins everything; readers select; writers insert/update when
-- `tenant_writes`; managers delete when `tenant_deletes`. Tables written only
-- by the service path (workers, webhooks) pass false and get no write policy.
create function private.apply_customer_policies(
  target regclass, tenant_writes boolean, tenant_deletes boolean)
returns void language plpgsql set search_path = '' as $$
begin
  execute format('alter table %s enable row level security', target);
  execute format('create policy platform_admin_all on %s for all to authenticated
    using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()))', target);
  execute format('create policy tenant_select on %s for select to authenticated
    using (customer_id in (select private.readable_customer_ids()))', target);
  if tenant_writes then
    execute format('create policy tenant_insert on %s for insert to authenticated
      with check (customer_id in (select private.writable_customer_ids()))', target);
    execute format('create policy tenant_update on %s for update to authenticated
      using (customer_id in (select private.writable_customer_ids()))
      with check (customer_id in (select private.writable_customer_ids()))', target);
  end if;
  if tenant_deletes then
    execute format('create policy tenant_delete on %s for delete to authenticated
      using (customer_id in (select private.managed_customer_ids()))', target);
  end if;
end $$;
revoke all on function private.apply_customer_policies(regclass, boolean, boolean) from public;

-- ---------------------------------------------------------------------------
-- Policies

alter table public.resellers enable row level security;
create policy platform_admin_all on public.resellers for all to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy staff_select on public.resellers for select to authenticated
  using (id in (select private.readable_reseller_ids()));
create policy staff_update on public.resellers for update to authenticated
  using (id in (select private.managed_reseller_ids()))
  with check (id in (select private.managed_reseller_ids()));
-- Resellers may rename themselves; their share and payout account are the platform's to set.
revoke update on public.resellers from authenticated;
grant update (name) on public.resellers to authenticated;

alter table public.customers enable row level security;
create policy platform_admin_all on public.customers for all to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
-- reseller_id is tested directly too, so a reseller's INSERT … RETURNING sees the row it just made.
create policy tenant_select on public.customers for select to authenticated
  using (id in (select private.readable_customer_ids())
      or reseller_id in (select private.readable_reseller_ids()));
create policy reseller_insert on public.customers for insert to authenticated
  with check (reseller_id in (select private.managed_reseller_ids()));
create policy manager_update on public.customers for update to authenticated
  using (id in (select private.managed_customer_ids()))
  with check (id in (select private.managed_customer_ids()));
-- Plan, status (suspension), reseller and Stripe ids are set and changed only
-- through billing, admins and the service path, not even when a reseller
-- creates the customer.
revoke insert, update on public.customers from authenticated;
grant insert (reseller_id, name, business_description, monthly_budget_micros)
  on public.customers to authenticated;
grant update (name, business_description, monthly_budget_micros, updated_at) on public.customers to authenticated;

alter table public.users enable row level security;
create policy platform_admin_all on public.users for all to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy visible_select on public.users for select to authenticated
  using (id in (select private.visible_user_ids()));
create policy self_update on public.users for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));
-- Nobody promotes themselves: the admin flag and Telegram identity are not user-editable.
revoke update on public.users from authenticated;
grant update (display_name, email, language_code) on public.users to authenticated;

alter table public.memberships enable row level security;
create policy platform_admin_all on public.memberships for all to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy tenant_select on public.memberships for select to authenticated
  using (user_id = (select auth.uid())
      or customer_id in (select private.readable_customer_ids())
      or reseller_id in (select private.readable_reseller_ids()));
create policy manager_insert on public.memberships for insert to authenticated
  with check (customer_id in (select private.managed_customer_ids())
           or reseller_id in (select private.managed_reseller_ids()));
create policy manager_update on public.memberships for update to authenticated
  using (customer_id in (select private.managed_customer_ids())
      or reseller_id in (select private.managed_reseller_ids()))
  with check (customer_id in (select private.managed_customer_ids())
           or reseller_id in (select private.managed_reseller_ids()));
create policy manager_delete on public.memberships for delete to authenticated
  using (customer_id in (select private.managed_customer_ids())
      or reseller_id in (select private.managed_reseller_ids()));
revoke update on public.memberships from authenticated;
grant update (role) on public.memberships to authenticated;

alter table public.invites enable row level security;
create policy platform_admin_all on public.invites for all to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy manager_select on public.invites for select to authenticated
  using (customer_id in (select private.managed_customer_ids()));
create policy manager_insert on public.invites for insert to authenticated
  with check (customer_id in (select private.managed_customer_ids()) and redeemed_by is null);
create policy manager_delete on public.invites for delete to authenticated
  using (customer_id in (select private.managed_customer_ids()) and redeemed_by is null);
-- Redeeming an invite is the bot's job, on the service path.
revoke update on public.invites from authenticated;
