-- One-time codes a site sends the customer by SMS or e-mail (issue 25): the
-- customer replies with the code in Telegram, the bot deletes the message and
-- the code is sealed in public.secrets for the waiting task only; the knight
-- types it through type_secret without seeing it. Each use is listed with the
-- logins' uses, as field 'one_time_code' (no login: login_id stays null).
alter table public.vault_uses drop constraint vault_uses_field_check;
alter table public.vault_uses
  add constraint vault_uses_field_check
  check (field in ('username', 'password', 'totp', 'one_time_code'));
