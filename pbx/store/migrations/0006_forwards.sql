-- Call forwarding of extensions: an employee dials *72<number> to forward
-- the calls to their extension unconditionally, *73 to stop. One row per
-- extension at most; disabling keeps the number for the next time.

CREATE TABLE extension_forwards (
    id           INTEGER PRIMARY KEY,
    extension_id INTEGER NOT NULL UNIQUE REFERENCES extensions (id) ON DELETE CASCADE,
    number       TEXT    NOT NULL,
    enabled      INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1))
);
