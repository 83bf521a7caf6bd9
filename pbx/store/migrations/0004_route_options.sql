-- Per-route options that came after inbound_routes: what to do after hours
-- and whether to ask the caller to rate the call. A table of its own, not
-- columns on inbound_routes, so that exports written before it still import
-- (a route without a row here has no options).
CREATE TABLE route_options (
    id                      INTEGER PRIMARY KEY,
    route_id                INTEGER NOT NULL UNIQUE REFERENCES inbound_routes (id) ON DELETE CASCADE,
    after_hours_action      TEXT    NOT NULL DEFAULT 'none'
        CHECK (after_hours_action IN ('none', 'scenario', 'voicemail', 'forward', 'hangup')),
    after_hours_scenario_id INTEGER REFERENCES scenarios (id),
    after_hours_mailbox     TEXT    NOT NULL DEFAULT '',
    after_hours_number      TEXT    NOT NULL DEFAULT '',
    working_interval        TEXT    NOT NULL DEFAULT 'working',
    rate_calls              INTEGER NOT NULL DEFAULT 0 CHECK (rate_calls IN (0, 1))
);
CREATE INDEX route_options_after_hours_scenario ON route_options (after_hours_scenario_id);
