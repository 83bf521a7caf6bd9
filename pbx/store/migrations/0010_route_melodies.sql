-- A route's melodies: the prompts its callers hear, each looped, while the
-- scenario rings someone or they wait in a queue without music of its own
-- (NULL: the line's ringback tone), while the person they talk to holds
-- them (NULL: the box's hold tone), and before they leave a message in a
-- mailbox without a greeting of its own (NULL: the spoken greeting).
ALTER TABLE route_options ADD COLUMN waiting_prompt_id INTEGER REFERENCES prompts (id);
ALTER TABLE route_options ADD COLUMN hold_prompt_id INTEGER REFERENCES prompts (id);
ALTER TABLE route_options ADD COLUMN voicemail_greeting_prompt_id INTEGER REFERENCES prompts (id);
