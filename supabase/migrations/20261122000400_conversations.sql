-- King Mouse's memory: one conversation per customer and chat, its messages,
-- and a running summary of what was trimmed from the context window.
--
-- Messages are stored verbatim (hostile text included) and never edited; the
-- brain trims by token budget when it builds a prompt, not by deleting rows.

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  chat_id bigint not null,
  summary text,
  summarized_through bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (customer_id, chat_id),
  unique (id, customer_id)
);

create table public.messages (
  id bigint generated always as identity primary key,
  conversation_id uuid not null,
  customer_id uuid not null references public.customers (id) on delete cascade,
  role text not null check (role in ('user', 'assistant', 'tool')),
  content jsonb not null,
  tokens integer,
  user_id uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- With customer_id, so a message can only join a conversation of its own customer.
  foreign key (conversation_id, customer_id)
    references public.conversations (id, customer_id) on delete cascade
);
create index messages_conversation_id_idx on public.messages (conversation_id, id);
create index messages_customer_id_idx on public.messages (customer_id);

select private.apply_customer_policies('public.conversations', true, false);
select private.apply_customer_policies('public.messages', true, false);
revoke update on public.conversations from authenticated;
revoke update on public.messages from authenticated;
