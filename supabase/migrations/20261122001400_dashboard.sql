-- The web side: what the dashboard and the JSON API keep in Postgres so that
-- any number of web processes are interchangeable (nothing lives in one
-- process's memory).
--
-- revoked_sessions  sessions are stateless signed tokens; logging out records
--                   the token's id here until it would have expired anyway.
-- api_keys          resellers' keys for /api. Only a SHA-256 of the key is
--                   stored. Each key acts as its own user (a `users` row with
--                   a reseller membership), so RLS decides what a key reaches
--                   exactly as for a person, and deleting the key's user
--                   removes every right it had.
-- rate_limit_hits   fixed-window request counters per user and per IP,
--                   shared by every web process.
-- signups           businesses that signed themselves up on /onboard, with
--                   the contact they left (the customers table has no column
--                   for it) and a hash of their IP for abuse review.
-- live_viewers      who is watching which VM right now (a heartbeat row per
--                   open stream, expiring on its own when a process dies).
-- live_pollers      one lease per VM: the web process that holds it is the
--                   only one asking Orgo for screenshots of that VM.
-- live_frames       the latest screen of each watched VM (bytes and SHA-256),
--                   written by the poller or copied from a knight's frame;
--                   each change is announced with NOTIFY on `mouse_live`.
--
-- private.admin_set_reseller_status  suspend/resume a reseller (admins only).
--
-- Viewing never writes `vms.last_activity_at`: a watched VM is not a busy VM,
-- so the idle reaper still stops it.

create table public.revoked_sessions (
  jti text primary key check (length(jti) between 8 and 100),
  expires_at timestamptz not null
);
create index revoked_sessions_expires_idx on public.revoked_sessions (expires_at);
alter table public.revoked_sessions enable row level security;

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  reseller_id uuid not null references public.resellers (id) on delete cascade,
  -- The key's own identity: its membership in the reseller carries its rights.
  user_id uuid not null unique references public.users (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  -- The first characters of the key, shown so staff can tell keys apart.
  prefix text not null unique check (prefix ~ '^mk_[A-Za-z0-9]{8}$'),
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  scope text not null check (scope in ('read', 'write')),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_reseller_id_idx on public.api_keys (reseller_id);
alter table public.api_keys enable row level security;
create policy platform_admin_all on public.api_keys for all to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy staff_select on public.api_keys for select to authenticated
  using (reseller_id in (select private.managed_reseller_ids()));
-- Keys are created and revoked on the service path after the caller's rights are checked.
revoke insert, update, delete on public.api_keys from authenticated;

create table public.rate_limit_hits (
  key text not null check (length(key) between 1 and 200),
  window_start timestamptz not null,
  hits integer not null default 1,
  primary key (key, window_start)
);
create index rate_limit_hits_window_idx on public.rate_limit_hits (window_start);
alter table public.rate_limit_hits enable row level security;

create table public.signups (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  business_name text not null check (length(business_name) between 1 and 200),
  contact text not null check (length(contact) between 3 and 200),
  ip_hash text,
  created_at timestamptz not null default now()
);
create index signups_customer_id_idx on public.signups (customer_id);
create index signups_created_at_idx on public.signups (created_at);
select private.apply_customer_policies('public.signups', false, false);

create table public.live_viewers (
  viewer_id text primary key check (length(viewer_id) between 8 and 100),
  vm_id uuid not null references public.vms (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  user_id uuid references public.users (id) on delete cascade,
  -- The web process serving the stream, for diagnostics.
  process text not null,
  connected_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index live_viewers_vm_idx on public.live_viewers (vm_id, expires_at);
create index live_viewers_customer_id_idx on public.live_viewers (customer_id);
select private.apply_customer_policies('public.live_viewers', false, false);

create table public.live_pollers (
  vm_id uuid primary key references public.vms (id) on delete cascade,
  owner text not null,
  expires_at timestamptz not null,
  polled_at timestamptz
);
alter table public.live_pollers enable row level security;

create table public.live_frames (
  vm_id uuid primary key references public.vms (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content_type text not null,
  width integer,
  height integer,
  bytes bytea not null,
  source text not null check (source in ('poll', 'knight')),
  frame_id uuid references public.frames (id) on delete set null,
  task_id uuid references public.tasks (id) on delete set null,
  seq integer,
  captured_at timestamptz not null default now()
);
create index live_frames_customer_id_idx on public.live_frames (customer_id);
select private.apply_customer_policies('public.live_frames', false, false);

-- Admins suspend and resume resellers from the dashboard. Column grants keep
-- `status` from `authenticated`, so this checks the admin flag itself, like
-- private.admin_set_customer_status.
create function private.admin_set_reseller_status(p_reseller uuid, p_status public.customer_status)
returns boolean language plpgsql security definer set search_path = '' as $$
begin
  if not (select private.is_platform_admin()) then
    raise exception 'platform admins only' using errcode = '42501';
  end if;
  update public.resellers set status = p_status where id = p_reseller;
  return found;
end $$;
revoke all on function private.admin_set_reseller_status(uuid, public.customer_status) from public;
grant execute on function private.admin_set_reseller_status(uuid, public.customer_status) to authenticated;
