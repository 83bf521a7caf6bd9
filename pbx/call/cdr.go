package call

import (
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// Call record directions, as store.CallRecord.Direction holds them.
const (
	DirectionInbound  = "inbound"  // came in from a trunk, FXO line or GSM module
	DirectionOutbound = "outbound" // an extension's call answered outside the box
	DirectionInternal = "internal" // between extensions, or never left the box
)

// cdrDetails is the JSON object in CallRecord.Details.
type cdrDetails struct {
	Call      string            `json:"call"` // the call's ID while the box ran
	Legs      []cdrLeg          `json:"legs"`
	Path      []PathStep        `json:"path,omitempty"`
	PathLost  int               `json:"path_lost,omitempty"` // steps beyond the first 256, not kept
	Variables map[string]string `json:"variables,omitempty"`
}

// cdrLeg is one leg of the call in the record: the caller's first, then the
// legs Ring dialled, in order.
type cdrLeg struct {
	Channel  string      `json:"channel"`
	Number   string      `json:"number,omitempty"` // the far end's number as the leg reported it
	Dialled  time.Time   `json:"dialled,omitzero"`
	Answered time.Time   `json:"answered,omitzero"`
	Ended    time.Time   `json:"ended,omitzero"`
	Cause    string      `json:"cause,omitempty"`
	Media    *MediaStats `json:"media,omitempty"`
}

// record builds the call record of a call that ended at ended. The caller's
// leg and every leg dialled for it are in Details, each with its media
// statistics when it reports them (StatsReporter, on the leg or its Audio).
func (c *Call) record(ended time.Time) store.CallRecord {
	c.mu.Lock()
	d := cdrDetails{Call: c.id, Path: slices.Clone(c.path), PathLost: c.pathLost, Variables: maps.Clone(c.vars),
		Legs: make([]cdrLeg, 0, len(c.legs))}
	legs := c.legs
	r := store.CallRecord{
		StartedAt:  c.started,
		AnsweredAt: c.answeredAt,
		EndedAt:    ended,
		Direction:  DirectionInternal,
		Caller:     c.from.Number,
		CallerName: c.from.Name,
		Callee:     c.called,
		Source:     c.caller.channel,
		Cause:      c.callerCause.String(),
		Route:      c.vars[VarRoute],
		Recording:  c.vars[VarRecording],
	}
	if c.peer != nil {
		r.Destination = c.peer.channel
	}
	c.mu.Unlock()

	for _, ls := range legs {
		ls.mu.Lock()
		l := cdrLeg{Channel: ls.channel, Dialled: ls.dialled, Answered: ls.answered, Ended: ls.endedAt}
		if ls.isEnded {
			l.Cause = ls.cause.String()
		}
		ls.mu.Unlock()
		if !ls.caller {
			l.Number = ls.leg.Remote().Number
		}
		l.Media = statsOf(ls.leg)
		d.Legs = append(d.Legs, l)
	}
	var err error
	if r.Details, err = json.Marshal(d); err != nil { // only plain values: cannot happen
		r.Details = []byte("{}")
	}
	switch {
	case external(kindOf(r.Source)):
		r.Direction = DirectionInbound
	case external(kindOf(r.Destination)):
		r.Direction = DirectionOutbound
	}
	return r
}

// statsOf returns the media statistics of leg, if it or its audio measures
// them.
func statsOf(leg Leg) *MediaStats {
	if sr, ok := leg.(StatsReporter); ok {
		st := sr.MediaStats()
		return &st
	}
	if sr, ok := leg.Audio().(StatsReporter); ok {
		st := sr.MediaStats()
		return &st
	}
	return nil
}
