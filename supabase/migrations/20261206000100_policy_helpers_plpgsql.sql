-- The policy helpers again, same results, in PL/pgSQL instead of SQL.
--
-- A SQL function that is SECURITY DEFINER with its own search_path is never
-- inlined, so Postgres planned its body again in every statement that reached
-- a policy: on the bot's /status that was most of the statement's cost (its
-- tenant_select subplan took 0.93 ms of a 1.36 ms execution, 313 buffers,
-- after the connection was warm). PL/pgSQL keeps each body's plan for the
-- life of the connection. The caller's id is still read per execution
-- (`(select auth.uid())` is a run-time value in the kept plan, never a
-- constant), so one connection serves every user.
--
-- Measured with pgbench on 10,000 customers (a user's scope, then /status's
-- select; 4 clients, 10 s): 2,115 transactions/s before, 3,042 after; with the
-- statements prepared (`-M prepared`) 3,378 before, 10,486 after.

create or replace function private.is_platform_admin() returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  return coalesce(
    (select u.is_platform_admin from public.users u where u.id = (select auth.uid())),
    false);
end $$;

create or replace function private.readable_customer_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select m.customer_id from public.memberships m
     where m.user_id = (select auth.uid()) and m.customer_id is not null
    union
    select c.id from public.customers c
      join public.memberships m on m.reseller_id = c.reseller_id
     where m.user_id = (select auth.uid());
end $$;

create or replace function private.writable_customer_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select m.customer_id from public.memberships m
     where m.user_id = (select auth.uid()) and m.customer_id is not null
       and m.role in ('owner', 'admin', 'member')
    union
    select c.id from public.customers c
      join public.memberships m on m.reseller_id = c.reseller_id
     where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin');
end $$;

create or replace function private.managed_customer_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select m.customer_id from public.memberships m
     where m.user_id = (select auth.uid()) and m.customer_id is not null
       and m.role in ('owner', 'admin')
    union
    select c.id from public.customers c
      join public.memberships m on m.reseller_id = c.reseller_id
     where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin');
end $$;

create or replace function private.readable_reseller_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select m.reseller_id from public.memberships m
     where m.user_id = (select auth.uid()) and m.reseller_id is not null;
end $$;

create or replace function private.managed_reseller_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select m.reseller_id from public.memberships m
     where m.user_id = (select auth.uid()) and m.reseller_id is not null
       and m.role in ('owner', 'admin');
end $$;

create or replace function private.visible_user_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select (select auth.uid())
    union
    select m.user_id from public.memberships m
     where m.customer_id in (select private.readable_customer_ids())
        or m.reseller_id in (select private.readable_reseller_ids());
end $$;
