-- Demo data: a platform admin, a reseller with two customers, their knights
-- and some finished work, so a fresh `npm start` (or `supabase db reset`)
-- shows a populated dashboard. Fixed ids and `on conflict do nothing` make it
-- safe to apply twice. Telegram ids 100000001… are the sandbox's demo users.

insert into public.users (id, telegram_user_id, telegram_username, display_name, is_platform_admin) values
  ('00000000-0000-4000-8000-000000000001', 100000001, 'ada_admin', 'Ada (platform admin)', true),
  ('00000000-0000-4000-8000-000000000002', 100000002, 'rita_reseller', 'Rita (Acme Digital)', false),
  ('00000000-0000-4000-8000-000000000003', 100000003, 'bella_bakes', 'Bella (Bella''s Bakery)', false),
  ('00000000-0000-4000-8000-000000000004', 100000004, 'gus_garage', 'Gus (Corner Garage)', false)
on conflict do nothing;

insert into public.resellers (id, name, revenue_share_bps) values
  ('00000000-0000-4000-8000-0000000000a1', 'Acme Digital', 2000)
on conflict do nothing;

insert into public.customers (id, reseller_id, name, business_description, plan) values
  ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000a1', 'Bella''s Bakery',
   'Neighbourhood bakery: website, Instagram and weekly specials', 'pro'),
  ('00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000a1', 'Corner Garage',
   'Car repairs: bookings, supplier research and parts orders', 'free')
on conflict do nothing;

insert into public.memberships (user_id, reseller_id, customer_id, role) values
  ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000a1', null, 'owner'),
  ('00000000-0000-4000-8000-000000000003', null, '00000000-0000-4000-8000-0000000000c1', 'owner'),
  ('00000000-0000-4000-8000-000000000004', null, '00000000-0000-4000-8000-0000000000c2', 'owner')
on conflict do nothing;

insert into public.employees (id, customer_id, name, role_template, status) values
  ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000c1', 'Pixel', 'web_developer', 'idle'),
  ('00000000-0000-4000-8000-0000000000e2', '00000000-0000-4000-8000-0000000000c1', 'Buzz', 'social_media_manager', 'idle'),
  ('00000000-0000-4000-8000-0000000000e3', '00000000-0000-4000-8000-0000000000c2', 'Scout', 'researcher', 'idle')
on conflict do nothing;

insert into public.tasks (id, customer_id, employee_id, requested_by, request, status, approved_by, approved_at,
                          step_count, cost_micros, result, error, created_at, queued_at, started_at, finished_at) values
  ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000e1',
   '00000000-0000-4000-8000-000000000003', 'Update the opening hours on the bakery website to 7am-3pm', 'succeeded',
   '00000000-0000-4000-8000-000000000003', now() - interval '2 days', 6, 184000,
   'Opening hours now read 7am-3pm on the home and contact pages.', null,
   now() - interval '2 days', now() - interval '2 days', now() - interval '2 days', now() - interval '2 days' + interval '4 minutes'),
  ('00000000-0000-4000-8000-0000000000f2', '00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000e2',
   '00000000-0000-4000-8000-000000000003', 'Post this week''s specials to Instagram', 'failed',
   '00000000-0000-4000-8000-000000000003', now() - interval '1 day', 3, 62000, null,
   'Instagram asked for a login code; reply with the code and I will try again.',
   now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day' + interval '2 minutes'),
  ('00000000-0000-4000-8000-0000000000f3', '00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000e3',
   '00000000-0000-4000-8000-000000000004', 'Find three suppliers of brake pads near Leeds with prices', 'succeeded',
   '00000000-0000-4000-8000-000000000004', now() - interval '3 hours', 9, 241000,
   'Found 3 suppliers; the cheapest is PartsCo at £18.40 a set. Details saved to Desktop/suppliers.txt.', null,
   now() - interval '3 hours', now() - interval '3 hours', now() - interval '3 hours', now() - interval '3 hours' + interval '6 minutes')
on conflict do nothing;

-- Bella's Bakery is in Berlin and has one recurring task: today's special on
-- Instagram every morning at 8:00 Berlin time, approved, active; yesterday's
-- run (the failed post above) is its history. The next run is the next 8:00 there.
update public.customers set time_zone = 'Europe/Berlin'
 where id = '00000000-0000-4000-8000-0000000000c1' and time_zone = 'UTC';

insert into public.scheduled_tasks (id, customer_id, employee_id, role_template, request, cadence, at_time,
                                    status, budget_micros, created_by, next_run_at, last_run_at) values
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000e2',
   'social_media_manager', 'Post today''s special on Instagram with a photo from the shared folder', 'daily', '08:00',
   'active', 500000, '00000000-0000-4000-8000-000000000003',
   (date_trunc('day', now() at time zone 'Europe/Berlin') + interval '8 hours'
     + case when (now() at time zone 'Europe/Berlin')::time >= '08:00' then interval '1 day' else interval '0' end)
     at time zone 'Europe/Berlin',
   now() - interval '1 day')
on conflict do nothing;

insert into public.schedule_runs (schedule_id, customer_id, due_at, started_at, outcome, task_id) values
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000c1',
   date_trunc('minute', now() - interval '1 day'), now() - interval '1 day', 'started',
   '00000000-0000-4000-8000-0000000000f2')
on conflict do nothing;

insert into public.task_steps (customer_id, task_id, seq, status, action, params, outcome, input_tokens, output_tokens, cost_micros, finished_at)
select t.customer_id, t.id, s.seq, 'done', s.action, s.params::jsonb, '{"ok":true}'::jsonb, 2600, 90, t.cost_micros / t.step_count, t.started_at + s.seq * interval '30 seconds'
  from public.tasks t
  cross join lateral (values
    (1, 'screenshot', '{}'), (2, 'left_click', '{"coordinate":[640,360]}'), (3, 'type', '{"text":"…"}')) as s(seq, action, params)
 where t.id in ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000f2', '00000000-0000-4000-8000-0000000000f3')
on conflict do nothing;

insert into public.usage_events (customer_id, kind, quantity, cost_micros, idempotency_key, task_id, occurred_at)
select t.customer_id, 'model_tokens', 16000, t.cost_micros, 'seed:' || t.id, t.id, t.finished_at
  from public.tasks t where t.id::text like '00000000-0000-4000-8000-0000000000f%'
on conflict do nothing;

-- An unredeemed invite for a third demo business (expires far in the future).
insert into public.customers (id, reseller_id, name, plan) values
  ('00000000-0000-4000-8000-0000000000c3', '00000000-0000-4000-8000-0000000000a1', 'New demo business', 'free')
on conflict do nothing;
insert into public.invites (token, customer_id, role, created_by, expires_at) values
  ('demo_invite_0000000000000001', '00000000-0000-4000-8000-0000000000c3', 'owner',
   '00000000-0000-4000-8000-000000000002', now() + interval '10 years')
on conflict do nothing;
