-- Named ring groups and queues that scenario elements refer to by ID
-- (group_id, queue_id), so that one department or one line of waiting
-- callers is set up once and used by many scenarios. Members and agents
-- are JSON arrays of extension numbers, in order, as the elements keep
-- them. A group or queue that a scenario uses cannot be deleted (the web
-- API refuses, naming the scenario); a prompt that a queue plays cannot
-- either (foreign key).
CREATE TABLE ring_groups (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL UNIQUE,
    members  TEXT    NOT NULL DEFAULT '[]',
    strategy TEXT    NOT NULL,
    step     INTEGER NOT NULL DEFAULT 0,
    total    INTEGER NOT NULL
);

CREATE TABLE call_queues (
    id                INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL UNIQUE,
    agents            TEXT    NOT NULL DEFAULT '[]',
    strategy          TEXT    NOT NULL,
    ring_time         INTEGER NOT NULL DEFAULT 0,
    max_wait          INTEGER NOT NULL,
    music_prompt_id   INTEGER REFERENCES prompts (id),
    announce_position INTEGER NOT NULL DEFAULT 0 CHECK (announce_position IN (0, 1)),
    position_text     TEXT    NOT NULL DEFAULT '',
    language          TEXT    NOT NULL DEFAULT '',
    announce_every    INTEGER NOT NULL DEFAULT 0,
    exit_key          TEXT    NOT NULL DEFAULT ''
);

-- Call forwarding on conditions, beside the unconditional one (number,
-- enabled): on busy (or do-not-disturb), on no answer after
-- no_answer_secs, and when the extension has no phone that can ring. An
-- empty number leaves that condition off.
ALTER TABLE extension_forwards ADD COLUMN busy TEXT NOT NULL DEFAULT '';
ALTER TABLE extension_forwards ADD COLUMN no_answer TEXT NOT NULL DEFAULT '';
ALTER TABLE extension_forwards ADD COLUMN no_answer_secs INTEGER NOT NULL DEFAULT 0;
ALTER TABLE extension_forwards ADD COLUMN unreachable TEXT NOT NULL DEFAULT '';
