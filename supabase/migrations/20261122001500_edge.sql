-- Edge hand-offs: work the Cloudflare Worker takes in but cannot queue itself,
-- since BullMQ (and Redis) do not run on Workers. The Worker writes each item
-- here in the request's transaction (a Telegram update together with its
-- dedupe mark, a message a Stripe webhook wants sent), and the Node worker's
-- relay (maintenance job `telegram.relay`) puts it on its BullMQ queue and
-- deletes the row, so nothing is lost between the two runtimes.
--
-- Service bookkeeping, like webhook_events: RLS on with no tenant policy.

create table public.edge_handoffs (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('telegram_update', 'telegram_message', 'telegram_status')),
  payload jsonb not null,
  created_at timestamptz not null default now(),
  -- A relay's short lease: a relay that dies mid-batch leaves its rows to the next one.
  claimed_until timestamptz
);
alter table public.edge_handoffs enable row level security;
