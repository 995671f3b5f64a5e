-- Screenshots are PNG or JPEG, compressed already: keep their bytes out of
-- line without Postgres first trying (and failing) to compress them again,
-- which cost CPU on every frame a knight stores.
alter table public.frames alter column bytes set storage external;
alter table public.live_frames alter column bytes set storage external;
