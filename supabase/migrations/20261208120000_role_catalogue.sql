-- The role catalogue: what kinds of employee a customer can hire, as data.
--
-- Until now four roles were fixed in code (agents/roles.ts). A role is now a
-- versioned record: every change is a new row with the next version number,
-- so a task can keep the exact version it started with (`tasks.role_version_id`)
-- while the publisher edits the role. Retiring sets `retired_at` on every
-- version of the key: retired roles cannot be hired, running tasks finish on
-- their version.
--
-- Who publishes: the platform (reseller_id null, visible to every signed-in
-- user) and resellers (visible to their own staff and to their own customers
-- only). A reseller's role may carry a price per task (`price_micros`), which
-- is charged to the customer through the usage ledger (kind `role_fee`) and so
-- reaches Stripe, invoices and the reseller's earnings like any other usage.
-- `min_plan` is the least plan that may hire the role.
--
-- Also here: employees' notes (what a knight learned about the customer's
-- world, kept across tasks), a tenant table under the standard policies, with
-- members allowed to delete them too (the dashboard's edit/delete follows the
-- write rule, like every other piece of the customer's work).

create table public.catalogue_roles (
  id uuid primary key default gen_random_uuid(),
  key text not null check (key ~ '^[a-z][a-z0-9_]{1,63}$'),
  version integer not null check (version >= 1),
  reseller_id uuid references public.resellers (id) on delete cascade,
  name text not null check (length(name) between 1 and 80),
  pitch text not null check (length(pitch) between 1 and 300),
  pick_when text not null check (length(pick_when) between 1 and 500),
  instructions text not null check (length(instructions) between 1 and 8000),
  allowed_tools text[] not null default '{computer,browser}',
  aliases text[] not null default '{}',
  default_budget_micros bigint not null check (default_budget_micros > 0),
  default_max_steps integer not null check (default_max_steps between 1 and 1000),
  starter_tasks text[] not null default '{}',
  schedule_suggestion text check (length(schedule_suggestion) <= 200),
  price_micros bigint not null default 0 check (price_micros between 0 and 1000000000),
  min_plan text not null default 'free' check (min_plan in ('free', 'pro', 'team')),
  retired_at timestamptz,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (key, version)
);
create index catalogue_roles_reseller_id_idx on public.catalogue_roles (reseller_id);

-- The resellers whose roles the caller may see: those it is staff of, and the
-- one its customers belong to.
create function private.catalogue_reseller_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select m.reseller_id from public.memberships m
     where m.user_id = (select auth.uid()) and m.reseller_id is not null
    union
    select c.reseller_id from public.customers c
     where c.reseller_id is not null and c.id in (select private.readable_customer_ids());
end $$;
revoke all on function private.catalogue_reseller_ids() from public;
grant execute on function private.catalogue_reseller_ids() to authenticated, service_role;

alter table public.catalogue_roles enable row level security;
create policy platform_admin_all on public.catalogue_roles for all to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy visible_select on public.catalogue_roles for select to authenticated
  using (reseller_id is null or reseller_id in (select private.catalogue_reseller_ids()));
create policy reseller_insert on public.catalogue_roles for insert to authenticated
  with check (reseller_id in (select private.managed_reseller_ids()));
create policy reseller_update on public.catalogue_roles for update to authenticated
  using (reseller_id in (select private.managed_reseller_ids()))
  with check (reseller_id in (select private.managed_reseller_ids()));
-- A version never changes once published: only retiring is an update.
revoke update on public.catalogue_roles from authenticated;
grant update (retired_at) on public.catalogue_roles to authenticated;

alter table public.tasks
  add column role_version_id uuid references public.catalogue_roles (id) on delete restrict;

-- A role's price per task is usage like any other.
alter table public.usage_events drop constraint usage_events_kind_check;
alter table public.usage_events add constraint usage_events_kind_check
  check (kind in ('model_tokens', 'vm_minutes', 'message', 'role_fee'));

create table public.employee_notes (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete cascade,
  employee_id uuid not null,
  body text not null check (length(body) between 1 and 500),
  task_id uuid references public.tasks (id) on delete set null,
  written_by text not null default 'knight' check (written_by in ('knight', 'person')),
  updated_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (employee_id, customer_id)
    references public.employees (id, customer_id) on delete cascade
);
create index employee_notes_employee_idx on public.employee_notes (employee_id, created_at);
select private.apply_customer_policies('public.employee_notes', true, false);
create policy tenant_delete on public.employee_notes for delete to authenticated
  using (customer_id in (select private.writable_customer_ids()));
revoke insert, update on public.employee_notes from authenticated;
grant insert (customer_id, employee_id, body, written_by, updated_by) on public.employee_notes to authenticated;
grant update (body, updated_by, updated_at) on public.employee_notes to authenticated;

-- ---------------------------------------------------------------------------
-- The platform's base catalogue. Each role's instructions are about the job;
-- the platform's own safety rules come before them in every knight's prompt.
insert into public.catalogue_roles
  (key, version, name, pitch, pick_when, instructions, allowed_tools, aliases,
   default_budget_micros, default_max_steps, starter_tasks, schedule_suggestion, min_plan)
values
('web_developer', 1, 'Web Developer',
 'Builds and updates websites and landing pages.',
 'websites, landing pages, online shops, web forms, opening hours or prices on the site, fixing or updating site content',
 'You build and update websites: write clean HTML/CSS/JS, prefer simple static sites and the site builder the customer already uses, check the result in the browser at desktop and mobile widths, and report the URL and what changed. When you find where something is managed (the admin URL, the page that holds the opening hours), remember it for next time.',
 '{computer,browser,terminal,text_editor,file_upload}',
 '{web developer,web dev,developer,website builder,web designer}',
 5000000, 120,
 '{"Update the opening hours on our website","Add a page for our new menu"}', null, 'free'),
('social_media_manager', 1, 'Social Media Manager',
 'Drafts and schedules posts, keeps profiles up to date.',
 'Instagram, Facebook, LinkedIn, X or TikTok posts, captions, stories, scheduling posts, profile updates',
 'You manage social media: draft posts in the customer''s voice, use the customer''s own photos when provided, schedule rather than post immediately unless told otherwise, and report links to what you published or scheduled. Remember the brand''s tone and the accounts you post to.',
 '{computer,browser,file_upload}',
 '{social media manager,social media,marketer,instagram manager}',
 2000000, 60,
 '{"Post our daily special on Instagram"}', 'every morning at 8', 'free'),
('researcher', 1, 'Researcher',
 'Finds, compares and summarises information from the web.',
 'finding suppliers, leads, facts or options; comparing products or services; one-off research and summaries with sources',
 'You research on the web: use several independent sources, note the URL of every fact, prefer recent information, and finish with a short summary and a table of findings (deliver it as a CSV file when it has more than a few rows).',
 '{computer,browser,text_editor}',
 '{researcher,research assistant,analyst}',
 2000000, 80,
 '{"Find three cheaper flour suppliers near us"}', null, 'free'),
('ops_assistant', 1, 'Data Entry / Ops Assistant',
 'Moves data between spreadsheets, forms and web apps; routine admin.',
 'spreadsheets, data entry, filling forms, copying records or orders between systems, updating stock lists',
 'You do careful data entry and routine operations: double-check every value you type against its source, keep a log of the records you changed, and stop to ask when data is missing or ambiguous.',
 '{computer,browser,text_editor,file_upload}',
 '{data entry,data entry assistant,ops assistant,operations assistant,assistant,virtual assistant,admin assistant}',
 1500000, 100,
 '{"Copy this week''s orders into our spreadsheet"}', null, 'free'),
('competitor_price_tracker', 1, 'Competitor Price Tracker',
 'Checks competitors'' prices and reports what changed since last time.',
 'competitor prices, price monitoring or tracking, how our prices compare, price changes at other shops',
 'You track competitors'' prices. For every competitor page and product in the task, open the page, find the product''s current price exactly as shown (with its currency), and note the URL and the time. Compare with the prices you remembered from the last run: keep a table with columns product, competitor, price now, price last time, change. Save it as /home/user/prices.csv and hand it over with deliver_file, then summarise the changes in one or two sentences. Remember each product''s price for the next run. Never buy anything or fill in forms on competitors'' sites.',
 '{computer,browser,text_editor}',
 '{competitor price tracker,price tracker,price monitor,competitor tracker}',
 2000000, 80,
 '{"Track the price of our best sellers at two competitors"}', 'every Monday at 9', 'pro'),
('review_responder', 1, 'Review Responder',
 'Drafts replies to new Google and Facebook reviews for your approval.',
 'customer reviews, Google or Facebook reviews, replying to reviews, reputation, complaints left online',
 'You answer customer reviews. Open the review sites named in the task, list the reviews that have no reply yet, and draft a short, warm, specific reply to each in the customer''s voice: thank them, address the exact point they raised, never argue, never offer refunds or discounts unless the task says so. Do not post anything: ask the customer to approve the drafts first, then post exactly the approved text. Remember the tone the customer liked.',
 '{computer,browser}',
 '{review responder,reviews,review manager,reputation manager}',
 1500000, 60,
 '{"Draft replies to our new Google reviews"}', 'every day at 18', 'free'),
('bookkeeping_assistant', 1, 'Bookkeeping Assistant',
 'Collects invoices and receipts from portals into a spreadsheet.',
 'invoices, receipts, bills, expenses, bookkeeping, accounting exports, collecting documents from supplier portals',
 'You keep the books tidy. Sign in to the portals named in the task with the stored logins, download the invoices and receipts of the period asked for into /home/user/invoices, and keep a spreadsheet with one row per document: date, supplier, number, amount, tax, currency, file name. Double-check every amount against the document. Deliver the spreadsheet with deliver_file. Never pay, approve or dispute anything.',
 '{computer,browser,text_editor,file_upload}',
 '{bookkeeping assistant,bookkeeper,accounting assistant,invoice collector}',
 3000000, 150,
 '{"Collect last month''s supplier invoices into a spreadsheet"}', 'on the 1st of every month at 9', 'pro'),
('appointment_assistant', 1, 'Appointment & Inbox Assistant',
 'Keeps the booking calendar and the inbox in order.',
 'appointments, bookings, reservations, calendar, rescheduling, answering routine e-mails, inbox triage',
 'You look after appointments and the inbox. Read new booking requests and e-mails, put confirmed appointments in the customer''s calendar or booking system, draft short replies to routine questions (opening hours, prices, directions) from what the customer told you, and list anything unusual for the customer. Ask before cancelling or moving an appointment or sending anything that is not routine.',
 '{computer,browser,text_editor}',
 '{appointment assistant,inbox assistant,booking assistant,receptionist,secretary}',
 1500000, 80,
 '{"Answer this morning''s booking requests"}', 'every weekday at 9', 'free');
