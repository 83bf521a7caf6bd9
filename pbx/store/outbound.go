package store

import (
	"fmt"
	"strings"
)

// OutboundRule sends dialled numbers that start with Prefix out of the box
// through a line, for extensions whose outbound level is at least Level.
// Its lines are its SIP trunk, when it names one, and then its
// OutboundRuleLines in order (FXO lines, GSM modules, more trunks): the
// first that is up takes the call, the others are backups.
// For a number the dial plan takes the rules with the longest prefix that
// matches it and tries them in order of Priority (lowest first), then ID: a
// later one is the backup for when an earlier one's line is down. Rules with
// a shorter matching prefix are not tried, so a catch-all rule never lets
// through a number that a more specific rule keeps for a higher level.
type OutboundRule struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Prefix     string `json:"prefix"`       // digits, * and #, optionally starting with +; empty matches every number
	SIPTrunkID *int64 `json:"sip_trunk_id"` // the first line the call goes out on, or nil
	Strip      int    `json:"strip"`        // digits removed from the front of the dialled number, at most len(Prefix)
	Prepend    string `json:"prepend"`      // put in front of what is left, e.g. "+7"
	Level      string `json:"level"`        // OutboundLocal, OutboundNational or OutboundInternational
	Priority   int    `json:"priority"`     // 0-1000, lower is tried first
}

// Validate checks the fields a user enters.
func (r *OutboundRule) Validate() error {
	err := firstError(
		checkText("outbound_rules", "name", r.Name, 1, 80),
		checkDialString("outbound_rules", "prefix", r.Prefix),
		checkRange("outbound_rules", "strip", r.Strip, 0, 20),
		checkDialString("outbound_rules", "prepend", r.Prepend),
		checkOneOf("outbound_rules", "level", r.Level, OutboundLocal, OutboundNational, OutboundInternational),
		checkRange("outbound_rules", "priority", r.Priority, 0, 1000),
	)
	switch {
	case err != nil:
		return err
	case r.Strip > len(r.Prefix):
		return Invalid("outbound_rules", "strip", fmt.Sprintf(
			"strips %d digits but the prefix %q has only %d: strip at most the prefix", r.Strip, r.Prefix, len(r.Prefix)))
	}
	return nil
}

// checkDialString accepts what a phone can dial, or the start of it: up to
// 20 of 0-9 * #, optionally after a leading +.
func checkDialString(table, field, v string) error {
	d := strings.TrimPrefix(v, "+")
	if len(d) > 20 || strings.Trim(d, "0123456789*#") != "" {
		return Invalid(table, field, fmt.Sprintf("%q must be up to 20 digits, * or #, optionally starting with +", v))
	}
	return nil
}

// OutboundRules is the repository of outbound rules, a configuration table.
func (s *Store) OutboundRules() *Table[OutboundRule] {
	return newTable[OutboundRule](s, "outbound_rules", true)
}
