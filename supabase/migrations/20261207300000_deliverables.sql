-- Deliverables: the files knights hand to customers (issue 23).
--
-- A knight's `deliver_file` step exports a file from its desktop through
-- Orgo's files API and keeps it here, so the customer can download it from
-- the dashboard long after the VM is gone, and so a file too big for a
-- Telegram document (50 MB) can go out as a link instead.
--
-- One row per delivering step: `(task_id, seq)` is unique, so a step that is
-- performed again (a retried job, a worker that died after storing) finds
-- the file it already stored instead of keeping a second copy.
-- The bytes live inline (`storage external`: files are mostly compressed
-- already, so Postgres should not try again), or in Supabase Storage under
-- `storage_path` when that is configured, exactly as screenshots do
-- (20261205000100). Rows are written only by the knight workers on the
-- service path; tenants read their own customer's rows under RLS, like frames.

create table public.deliverables (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  task_id uuid not null,
  seq integer not null check (seq >= 1),
  file_name text not null check (length(file_name) between 1 and 255),
  title text not null check (length(title) between 1 and 200),
  description text check (length(description) <= 1000),
  source_path text not null,
  content_type text not null default 'application/octet-stream',
  size_bytes bigint not null check (size_bytes >= 0),
  sha256 text not null,
  bytes bytea,
  storage_path text,
  -- How it reached the chat: a Telegram document, or a signed dashboard link.
  sent_as text check (sent_as in ('document', 'link')),
  created_at timestamptz not null default now(),
  check (bytes is not null or storage_path is not null),
  unique (task_id, seq),
  foreign key (task_id, customer_id) references public.tasks (id, customer_id) on delete cascade
);
alter table public.deliverables alter column bytes set storage external;
create index deliverables_customer_id_idx on public.deliverables (customer_id);

select private.apply_customer_policies('public.deliverables', false, false);
