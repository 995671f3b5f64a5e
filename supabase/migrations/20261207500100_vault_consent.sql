-- Consent for the vault's logins (issue 25).
--
-- The first use of a login in a task needs the customer's one-tap approval
-- (an approval of kind `vault_use`); where the platform cannot verify the
-- page's domain, every use does. `standing_roles` lists the roles the
-- customer has told not to ask again (on a verified domain only);
-- `vault_uses.approval_id` records which approval a use was typed under, so a
-- per-use approval is spent once; a task waiting for that approval is paused
-- with `paused_reason = 'approval'`.

alter table public.vault_logins add column standing_roles text[] not null default '{}';
alter table public.vault_uses
  add column approval_id uuid references public.approvals (id) on delete set null;

alter table public.tasks drop constraint tasks_paused_reason_check;
alter table public.tasks add constraint tasks_paused_reason_check
  check (paused_reason in ('question', 'budget', 'takeover', 'help', 'approval'));
