-- The customer's vault: logins a knight may use without ever seeing them (issue 25).
--
-- `vault_logins` holds what may be shown about a login (its label, a masked
-- account hint, the domains and roles it is for, whether it has a TOTP seed,
-- notes); the username, password and TOTP seed themselves are sealed by the
-- application into `public.secrets` (AES-256-GCM, named
-- `login_<id without dashes>_<field>`), so this table never holds a value.
-- Only the customer's managers (owners and admins, and their reseller's)
-- see or change logins; members and viewers see nothing.
--
-- `vault_uses` is the customer's record of every time a knight asked for a
-- field: which login, which task, which field, typed or refused and why,
-- never the value. Written on the service path by the knight worker; read by
-- the customer's managers.

create table public.vault_logins (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  label text not null check (length(label) between 1 and 80),
  account_hint text not null default '' check (length(account_hint) <= 120),
  allowed_domains text[] not null default '{}',
  allowed_roles text[] not null default '{}',
  has_totp boolean not null default false,
  notes text not null default '' check (length(notes) <= 2000),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (customer_id, label)
);

alter table public.vault_logins enable row level security;
create policy platform_admin_all on public.vault_logins for all to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy manager_all on public.vault_logins for all to authenticated
  using (customer_id in (select private.managed_customer_ids()))
  with check (customer_id in (select private.managed_customer_ids()));

create table public.vault_uses (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  login_id uuid references public.vault_logins (id) on delete set null,
  label text not null,
  task_id uuid references public.tasks (id) on delete set null,
  employee_id uuid references public.employees (id) on delete set null,
  field text not null check (field in ('username', 'password', 'totp')),
  outcome text not null check (outcome in ('typed', 'refused')),
  reason text,
  created_at timestamptz not null default now()
);
create index vault_uses_customer_idx on public.vault_uses (customer_id, created_at desc);
create index vault_uses_task_idx on public.vault_uses (task_id);

alter table public.vault_uses enable row level security;
create policy platform_admin_all on public.vault_uses for all to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy manager_select on public.vault_uses for select to authenticated
  using (customer_id in (select private.managed_customer_ids()));
