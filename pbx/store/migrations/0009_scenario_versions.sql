-- The saved versions of each scenario, for its history, diffs and
-- rollback. Every save of a scenario (create, update, rollback, import)
-- adds the saved state as the next version in the same transaction and
-- prunes the oldest beyond the last 50. Deleting a scenario deletes its
-- versions. History, not configuration: a backup keeps it, the config
-- export leaves it out.

CREATE TABLE scenario_versions (
    id          INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL CHECK (version >= 1),
    name        TEXT    NOT NULL,
    document    TEXT    NOT NULL CHECK (json_valid(document)),
    saved_by    TEXT    NOT NULL,
    saved_at    INTEGER NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    UNIQUE (scenario_id, version)
);

-- The scenarios saved before versions were kept start their history with
-- what they are now.
INSERT INTO scenario_versions (scenario_id, version, name, document, saved_by, saved_at, note)
SELECT id, 1, name, document, '', CAST(unixepoch('subsec') * 1000 AS INTEGER), 'saved before versions were kept'
FROM scenarios;
