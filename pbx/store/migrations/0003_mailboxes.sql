-- Voicemail boxes. Messages are files with JSON sidecars in the data
-- directory's voicemail folder, not rows: the sidecar is where a message
-- starts to exist, so files and rows cannot drift apart.
CREATE TABLE mailboxes (
    id                 INTEGER PRIMARY KEY,
    number             TEXT    NOT NULL UNIQUE,
    extension_id       INTEGER REFERENCES extensions (id) ON DELETE SET NULL,
    greeting_prompt_id INTEGER REFERENCES prompts (id),
    pin                TEXT    NOT NULL,
    email              TEXT    NOT NULL
);
CREATE INDEX mailboxes_extension ON mailboxes (extension_id);
CREATE INDEX mailboxes_greeting ON mailboxes (greeting_prompt_id);
