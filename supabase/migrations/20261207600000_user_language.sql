-- Adds users.language: the language a person chose with the bot's /language
-- command, for King Mouse's fixed texts, its answers and the knights' reports.
-- Null means "follow Telegram": the update's language_code, or the one stored
-- in users.language_code when the person joined. Stored per person, so the
-- members of one team may each read their own language. People may change
-- their own (the existing self_update policy limits them to their own row).
alter table public.users add column if not exists language text
  check (language is null or language ~ '^[a-z]{2,3}(-[A-Z]{2})?$');
grant update (language) on public.users to authenticated;
