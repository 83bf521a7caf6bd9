-- The first schema: configuration, admins and call records.
-- Column names are the JSON field names of the export document.

CREATE TABLE config_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO config_revision (id, revision) VALUES (1, 0);

CREATE TABLE admins (
    id                  INTEGER PRIMARY KEY,
    username            TEXT    NOT NULL UNIQUE,
    password_hash       TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
);

CREATE TABLE admin_sessions (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT    NOT NULL UNIQUE,
    admin_id   INTEGER NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
    csrf_token TEXT    NOT NULL,
    client     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE setup_codes (
    id         INTEGER PRIMARY KEY,
    code_hash  TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE extensions (
    id        INTEGER PRIMARY KEY,
    number    TEXT    NOT NULL UNIQUE,
    name      TEXT    NOT NULL,
    email     TEXT    NOT NULL,
    mobile    TEXT    NOT NULL,
    dnd       INTEGER NOT NULL,
    on_duty   INTEGER NOT NULL,
    outbound  TEXT    NOT NULL,
    voicemail INTEGER NOT NULL
);

CREATE TABLE sip_devices (
    id           INTEGER PRIMARY KEY,
    extension_id INTEGER NOT NULL REFERENCES extensions (id) ON DELETE CASCADE,
    username     TEXT    NOT NULL UNIQUE,
    ha1_md5      TEXT    NOT NULL,
    ha1_sha256   TEXT    NOT NULL,
    description  TEXT    NOT NULL
);
CREATE INDEX sip_devices_extension ON sip_devices (extension_id);

CREATE TABLE fxs_ports (
    id           INTEGER PRIMARY KEY,
    port         INTEGER NOT NULL UNIQUE,
    extension_id INTEGER REFERENCES extensions (id) ON DELETE SET NULL,
    mode         TEXT    NOT NULL,
    caller_id    TEXT    NOT NULL,
    country      TEXT    NOT NULL,
    hotline      TEXT    NOT NULL,
    echo_cancel  INTEGER NOT NULL
);
CREATE INDEX fxs_ports_extension ON fxs_ports (extension_id);

CREATE TABLE fxo_lines (
    id      INTEGER PRIMARY KEY,
    port    INTEGER NOT NULL UNIQUE,
    name    TEXT    NOT NULL UNIQUE,
    number  TEXT    NOT NULL,
    country TEXT    NOT NULL,
    enabled INTEGER NOT NULL
);

CREATE TABLE gsm_modules (
    id         INTEGER PRIMARY KEY,
    slot       INTEGER NOT NULL UNIQUE,
    name       TEXT    NOT NULL UNIQUE,
    sim_number TEXT    NOT NULL,
    sim_pin    TEXT    NOT NULL,
    enabled    INTEGER NOT NULL
);

CREATE TABLE sip_trunks (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    host          TEXT    NOT NULL,
    port          INTEGER NOT NULL,
    transport     TEXT    NOT NULL,
    username      TEXT    NOT NULL,
    password      TEXT    NOT NULL,
    register      INTEGER NOT NULL,
    max_channels  INTEGER NOT NULL,
    enabled       INTEGER NOT NULL
);

CREATE TABLE scenarios (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL CHECK (json_valid(document))
);

CREATE TABLE schedules (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    time_zone TEXT NOT NULL,
    document  TEXT NOT NULL CHECK (json_valid(document))
);

CREATE TABLE number_lists (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL
);

CREATE TABLE number_list_entries (
    id      INTEGER PRIMARY KEY,
    list_id INTEGER NOT NULL REFERENCES number_lists (id) ON DELETE CASCADE,
    pattern TEXT    NOT NULL,
    prefix  INTEGER NOT NULL,
    comment TEXT    NOT NULL,
    UNIQUE (list_id, pattern)
);

CREATE TABLE prompts (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    file        TEXT    NOT NULL UNIQUE,
    duration_ms INTEGER NOT NULL
);

CREATE TABLE inbound_routes (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL UNIQUE,
    source             TEXT    NOT NULL,
    did                TEXT    NOT NULL,
    sip_trunk_id       INTEGER REFERENCES sip_trunks (id),
    fxo_line_id        INTEGER REFERENCES fxo_lines (id),
    gsm_module_id      INTEGER REFERENCES gsm_modules (id),
    scenario_id        INTEGER NOT NULL REFERENCES scenarios (id),
    schedule_id        INTEGER REFERENCES schedules (id),
    greeting_prompt_id INTEGER REFERENCES prompts (id),
    record_calls       INTEGER NOT NULL
);
CREATE INDEX inbound_routes_sip_trunk ON inbound_routes (sip_trunk_id);
CREATE INDEX inbound_routes_fxo_line ON inbound_routes (fxo_line_id);
CREATE INDEX inbound_routes_gsm_module ON inbound_routes (gsm_module_id);
CREATE INDEX inbound_routes_scenario ON inbound_routes (scenario_id);
CREATE INDEX inbound_routes_schedule ON inbound_routes (schedule_id);
CREATE INDEX inbound_routes_greeting ON inbound_routes (greeting_prompt_id);

CREATE TABLE settings (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL CHECK (json_valid(value))
);

-- Call records outlive the configuration they mention, so they hold names and
-- numbers, not foreign keys.
CREATE TABLE call_records (
    id          INTEGER PRIMARY KEY,
    started_at  INTEGER NOT NULL,
    answered_at INTEGER NOT NULL,
    ended_at    INTEGER NOT NULL,
    direction   TEXT    NOT NULL,
    caller      TEXT    NOT NULL,
    caller_name TEXT    NOT NULL,
    callee      TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    destination TEXT    NOT NULL,
    cause       TEXT    NOT NULL,
    route       TEXT    NOT NULL,
    details     TEXT    NOT NULL CHECK (json_valid(details))
);
CREATE INDEX call_records_started ON call_records (started_at);
