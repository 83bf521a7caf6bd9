-- Call recording: the file a recorded call's record links to (a name in
-- the data directory's recordings folder, '' when the call was not
-- recorded or its recording has expired), and the prompt a route's callers
-- hear before they are recorded (NULL: a spoken warning). And the language
-- the box speaks its own words in to a route's callers ('': from the line's
-- country, else the box's).
ALTER TABLE call_records ADD COLUMN recording TEXT NOT NULL DEFAULT '';
CREATE INDEX call_records_recording ON call_records (ended_at) WHERE recording != '';
ALTER TABLE route_options ADD COLUMN recording_warning_prompt_id INTEGER REFERENCES prompts (id);
ALTER TABLE route_options ADD COLUMN language TEXT NOT NULL DEFAULT '';
