package call

import "fmt"

// Cause says why a leg or a call ended. Channel drivers map their
// protocol's reasons to and from it (SIP 486 <-> Busy, SIP 404 <->
// NotFound, a GSM NO CARRIER before answer <-> Unavailable, ...).
type Cause int

// The causes.
const (
	CauseNormal      Cause = iota + 1 // a party hung up after answer
	CauseBusy                         // the called party is busy
	CauseNoAnswer                     // rang until the ring time ran out
	CauseUnavailable                  // not registered, unplugged, out of coverage
	CauseCongestion                   // no line or channel free, overload
	CauseRejected                     // refused: not allowed, declined, blacklisted
	CauseNotFound                     // the number exists nowhere: no extension, rule or route has it
)

var causeNames = map[Cause]string{
	CauseNormal: "normal", CauseBusy: "busy", CauseNoAnswer: "no_answer",
	CauseUnavailable: "unavailable", CauseCongestion: "congestion", CauseRejected: "rejected",
	CauseNotFound: "not_found",
}

// String returns the cause as stored in call records: "normal", "busy", ...
func (c Cause) String() string {
	if n, ok := causeNames[c]; ok {
		return n
	}
	return fmt.Sprintf("cause(%d)", int(c))
}

// Error lets a Cause be returned as an error: ringing that ended in busy
// returns CauseBusy. Use errors.As to read it.
func (c Cause) Error() string { return "call: " + c.String() }
