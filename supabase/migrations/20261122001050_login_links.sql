-- One-time dashboard login links, sent by the bot's /dashboard command.
--
-- Only a SHA-256 of the token is stored, so a database reader cannot log in;
-- a link works once and for 10 minutes. Service path only (RLS, no policy).

create table public.login_links (
  token_hash text primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index login_links_user_id_idx on public.login_links (user_id);
alter table public.login_links enable row level security;
