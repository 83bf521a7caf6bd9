-- GSM modules and SMS. Configuration: per-module limits and fixed-mobile
-- convergence (gsm_module_options, a table of its own so that exports
-- written before it still import), and the ordered lines an outbound rule
-- may use besides its SIP trunk (outbound_rule_lines). Runtime, not
-- configuration: the SMS inbox and outbox, the forwards of received
-- messages to e-mail and a webhook, and USSD requests with their replies.
-- Runtime rows name modules by name, as call records name channels, so
-- that they outlive a module's configuration.

CREATE TABLE gsm_module_options (
    id                INTEGER PRIMARY KEY,
    gsm_module_id     INTEGER NOT NULL UNIQUE REFERENCES gsm_modules (id) ON DELETE CASCADE,
    minutes_per_day   INTEGER NOT NULL DEFAULT 0 CHECK (minutes_per_day >= 0),
    minutes_per_month INTEGER NOT NULL DEFAULT 0 CHECK (minutes_per_month >= 0),
    sms_per_day       INTEGER NOT NULL DEFAULT 0 CHECK (sms_per_day >= 0),
    fmc               INTEGER NOT NULL DEFAULT 0 CHECK (fmc IN (0, 1)),
    fmc_pin           TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE outbound_rule_lines (
    id            INTEGER PRIMARY KEY,
    rule_id       INTEGER NOT NULL REFERENCES outbound_rules (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    sip_trunk_id  INTEGER REFERENCES sip_trunks (id),
    fxo_line_id   INTEGER REFERENCES fxo_lines (id),
    gsm_module_id INTEGER REFERENCES gsm_modules (id),
    UNIQUE (rule_id, position),
    CHECK ((sip_trunk_id IS NOT NULL) + (fxo_line_id IS NOT NULL) + (gsm_module_id IS NOT NULL) = 1)
);
CREATE INDEX outbound_rule_lines_sip_trunk ON outbound_rule_lines (sip_trunk_id);
CREATE INDEX outbound_rule_lines_fxo_line ON outbound_rule_lines (fxo_line_id);
CREATE INDEX outbound_rule_lines_gsm_module ON outbound_rule_lines (gsm_module_id);

CREATE TABLE sms_messages (
    id             INTEGER PRIMARY KEY,
    direction      TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    module         TEXT    NOT NULL,
    peer           TEXT    NOT NULL,
    text           TEXT    NOT NULL,
    parts          INTEGER NOT NULL,
    status         TEXT    NOT NULL
        CHECK (status IN ('received', 'queued', 'sending', 'sent', 'delivered', 'failed')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    next_at        INTEGER NOT NULL DEFAULT 0,
    sent_at        INTEGER NOT NULL DEFAULT 0,
    delivered_at   INTEGER NOT NULL DEFAULT 0,
    refs           TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(refs)),
    delivered_refs TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(delivered_refs)),
    dedup_key      TEXT UNIQUE
);
CREATE INDEX sms_messages_outbox ON sms_messages (direction, status, next_at);
CREATE INDEX sms_messages_list ON sms_messages (direction, module, id);

CREATE TABLE sms_forwards (
    id         INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES sms_messages (id) ON DELETE CASCADE,
    target     TEXT    NOT NULL CHECK (target IN ('email', 'webhook')),
    status     TEXT    NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    INTEGER NOT NULL DEFAULT 0,
    last_error TEXT    NOT NULL DEFAULT '',
    UNIQUE (message_id, target)
);
CREATE INDEX sms_forwards_due ON sms_forwards (status, next_at);

CREATE TABLE ussd_requests (
    id         INTEGER PRIMARY KEY,
    module     TEXT    NOT NULL,
    code       TEXT    NOT NULL,
    reply      TEXT    NOT NULL,
    error      TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ussd_requests_module ON ussd_requests (module, id);
