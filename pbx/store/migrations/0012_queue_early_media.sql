-- A queue whose callers wait unanswered: they hear the music as early
-- media (a SIP 183 with the audio) and are answered, and billed by their
-- network, only when an agent answers. Networks drop a call left
-- unanswered for long (about 3 minutes), so the store refuses max_wait
-- above 180 seconds with it on.
ALTER TABLE call_queues ADD COLUMN early_media INTEGER NOT NULL DEFAULT 0 CHECK (early_media IN (0, 1));
