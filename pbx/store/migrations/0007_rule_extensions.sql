-- Which extensions may use which outbound rule. A rule with no rows here
-- may be used by every extension whose outbound level allows; a rule with
-- rows only by the extensions they name, and still only when their level
-- allows. Deleting a rule or an extension removes its rows.

CREATE TABLE outbound_rule_extensions (
    id           INTEGER PRIMARY KEY,
    rule_id      INTEGER NOT NULL REFERENCES outbound_rules (id) ON DELETE CASCADE,
    extension_id INTEGER NOT NULL REFERENCES extensions (id) ON DELETE CASCADE,
    UNIQUE (rule_id, extension_id)
);
CREATE INDEX outbound_rule_extensions_extension ON outbound_rule_extensions (extension_id);
