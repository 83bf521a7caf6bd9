-- Outbound rules: which dialled numbers leave the box through which line,
-- and which extensions may dial them. A rule names a SIP trunk now; FXO lines
-- and GSM modules get columns of their own later, so sip_trunk_id may be
-- NULL in the schema even though a rule must name a trunk today.

CREATE TABLE outbound_rules (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    sip_trunk_id INTEGER REFERENCES sip_trunks (id),
    strip        INTEGER NOT NULL,
    prepend      TEXT    NOT NULL,
    level        TEXT    NOT NULL,
    priority     INTEGER NOT NULL
);
CREATE INDEX outbound_rules_sip_trunk ON outbound_rules (sip_trunk_id);
