-- Customer files: photos and documents a customer sends King Mouse in
-- Telegram ("use this logo"), kept for the customer and put on the desktop of
-- the knight that needs them (issue 23).
--
-- The bot downloads the file (Telegram lets bots download up to 20 MB) and
-- stores it here; when one of the customer's knights is working (or waiting
-- for an answer) the file is uploaded to its desktop through Orgo's files API
-- (at most 10 MB) and `desktop_path` says where it went, which King Mouse
-- tells the customer. Files not placed yet are put on the desktop of the next
-- knight that starts work for the customer. Written on the service path by
-- the one operation that receives them; tenants read their own rows.

create table public.customer_files (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  uploaded_by uuid references public.users (id) on delete set null,
  file_name text not null check (length(file_name) between 1 and 255),
  content_type text not null default 'application/octet-stream',
  size_bytes integer not null check (size_bytes >= 0),
  sha256 text not null,
  bytes bytea not null,
  employee_id uuid references public.employees (id) on delete set null,
  desktop_path text,
  placed_at timestamptz,
  created_at timestamptz not null default now()
);
alter table public.customer_files alter column bytes set storage external;
create index customer_files_customer_id_idx on public.customer_files (customer_id);
create index customer_files_unplaced_idx on public.customer_files (customer_id) where desktop_path is null;

select private.apply_customer_policies('public.customer_files', false, false);
