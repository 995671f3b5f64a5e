-- While a knight types a stored secret into a field that shows it in clear
-- (the model marks the type_secret as visible), nobody may see the screen:
-- the knight sets screen_hidden_until before typing, the live view's poller
-- then stores a placeholder instead of a screenshot (and a screenshot taken
-- before is not stored once it is set), and the step's own frame is the
-- placeholder. The knight clears it once a later step has its own frame; the
-- deadline covers a knight that died meanwhile.
alter table public.vms add column screen_hidden_until timestamptz;
