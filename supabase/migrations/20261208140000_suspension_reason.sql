-- Why an account is suspended: the admin gives a reason, the customer is told
-- it at once and sees it on /billing and the dashboard's billing page, so it
-- knows what to do. The reason is cleared when the account is active again.
-- The admin helpers gain a reason parameter; the status change and its reason
-- are written by the same statement, so they never disagree.

alter table public.customers
  add column status_reason text check (char_length(status_reason) between 1 and 500);
alter table public.resellers
  add column status_reason text check (char_length(status_reason) between 1 and 500);

create function private.admin_set_customer_status(
  p_customer uuid, p_status public.customer_status, p_reason text)
returns boolean language plpgsql security definer set search_path = '' as $$
begin
  if not (select private.is_platform_admin()) then
    raise exception 'platform admins only' using errcode = '42501';
  end if;
  update public.customers
     set status = p_status,
         status_reason = case when p_status = 'active' then null else p_reason end,
         updated_at = now()
   where id = p_customer;
  return found;
end $$;

create function private.admin_set_reseller_status(
  p_reseller uuid, p_status public.customer_status, p_reason text)
returns boolean language plpgsql security definer set search_path = '' as $$
begin
  if not (select private.is_platform_admin()) then
    raise exception 'platform admins only' using errcode = '42501';
  end if;
  update public.resellers
     set status = p_status,
         status_reason = case when p_status = 'active' then null else p_reason end
   where id = p_reseller;
  return found;
end $$;

revoke all on function private.admin_set_customer_status(uuid, public.customer_status, text) from public;
revoke all on function private.admin_set_reseller_status(uuid, public.customer_status, text) from public;
grant execute on function private.admin_set_customer_status(uuid, public.customer_status, text) to authenticated;
grant execute on function private.admin_set_reseller_status(uuid, public.customer_status, text) to authenticated;
