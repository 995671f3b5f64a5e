-- Scaling out the bot (issue 29): per-chat order across processes, and one
-- durable path for the replies a chat gets.
--
-- webhook_events.chat_key / pending: the webhook intake records which chat an
-- update belongs to and that it is not handled yet; a worker handles an update
-- only when no earlier update of its chat is still pending, so whichever
-- process takes it, a chat's updates run one at a time, in the order Telegram
-- sent them, each after the previous one's conversation state committed.
--
-- chat_replies: what the bot answered in a chat, written before it is sent, so
-- a reply survives a Redis outage or a crash and goes out once, in order; the
-- text is blanked as soon as Telegram has it. One sender at a time holds a
-- chat's first unsent reply (claimed_until), so replies leave in order.
--
-- Both are the service's bookkeeping: RLS on, no tenant policy.

alter table public.webhook_events
  add column chat_key text,
  add column pending boolean not null default false;
create index webhook_events_pending_chat_idx on public.webhook_events (chat_key, ((event_id)::bigint))
  where pending;

create table public.chat_replies (
  id bigint generated always as identity primary key,
  chat_id bigint not null,
  -- The update and position that produced it: the same update handled again writes nothing new.
  source text not null unique,
  payload jsonb,
  created_at timestamptz not null default now(),
  claimed_until timestamptz,
  sent_at timestamptz
);
create index chat_replies_unsent_idx on public.chat_replies (chat_id, id) where sent_at is null;
alter table public.chat_replies enable row level security;
