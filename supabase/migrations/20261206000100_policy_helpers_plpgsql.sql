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
--
-- The bodies are the ones 20261122000200_tenancy.sql wrote, read back from
-- the catalog so the two cannot drift apart; only the language changes.
-- CREATE OR REPLACE keeps each function's grants.
do $$
declare
  f record;
  done integer := 0;
begin
  for f in
    select p.proname, p.proretset, p.prosrc
      from pg_proc p join pg_language l on l.oid = p.prolang
     where p.pronamespace = 'private'::regnamespace and l.lanname = 'sql'
       and p.proname in ('is_platform_admin', 'readable_customer_ids', 'writable_customer_ids',
                         'managed_customer_ids', 'readable_reseller_ids', 'managed_reseller_ids',
                         'visible_user_ids')
  loop
    execute format(
      'create or replace function private.%I() returns %s
       language plpgsql stable security definer set search_path = %L as %L',
      f.proname,
      case when f.proretset then 'setof uuid' else 'boolean' end,
      '',
      case when f.proretset then 'begin return query ' || f.prosrc || '; end'
           else 'begin return (' || f.prosrc || '); end' end);
    done := done + 1;
  end loop;
  if done <> 7 then
    raise exception 'expected 7 policy helpers in SQL, found %', done;
  end if;
end $$;
