-- Foundation: the unexposed `private` schema.
--
-- Supabase exposes `public` through PostgREST; helper functions that RLS
-- policies call (SECURITY DEFINER, `search_path = ''`) must live where the
-- API cannot reach them. Nobody but the owner may use this schema; policies
-- call its functions through explicit grants on each function.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;
