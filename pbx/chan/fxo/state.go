package fxo

// lineState is what a line is doing. Each state names the inputs it takes
// and the state they lead to; line.go, inbound.go and outbound.go handle
// them.
type lineState int

const (
	// stateIdle: on-hook with the exchange's feed present (Si3050 data
	// sheet, "Line Voltage Monitor": |LVS| above the in-use threshold).
	// RingStart -> stateAlerting; Dial -> stateSeized; LineDown ->
	// stateDown; LineInUse -> stateInUse. DTMF caller ID heard now (ETSI
	// EN 300 659-1, transmission prior to ringing) is kept for the ring.
	stateIdle lineState = iota + 1
	// stateDown: no line voltage (cut line, unplugged cable). LineUp ->
	// stateIdle. Dial fails with call.CauseUnavailable.
	stateDown
	// stateInUse: a phone in parallel holds the line (low on-hook
	// voltage). LineIdle -> stateIdle. Dial fails with call.CauseBusy.
	stateInUse
	// stateAlerting: the exchange rings (Si3050 "Ring Detection"); the
	// caller ID is being captured: V.23 FSK in the pause after the first
	// ring (EN 300 659-1 section 6.1.1 b, "first ringing pattern"), or
	// DTMF before it. Caller ID, or the start of the second ring, hands a
	// leg to the switch -> stateOffered; a silence of Opts.RingGap ->
	// stateIdle.
	stateAlerting
	// stateOffered: the switch has the leg; the line still rings,
	// on-hook. Answer or Progress(early) seize it -> stateConnected; the
	// rings stopping (Opts.RingGap) end the leg (the caller gave up) ->
	// stateIdle; Hangup -> stateRefused.
	stateOffered
	// stateRefused: the switch hung up an unanswered inbound leg; a PSTN
	// line cannot refuse a call, so it is left to ring out. Opts.RingGap
	// of silence -> stateIdle.
	stateRefused
	// stateSeized: off-hook for an outgoing call, listening for dial tone
	// (ITU-T E.180 section 2, the line's tone plan). Dial tone, or
	// Opts.DialToneWait without it -> stateDialling.
	stateSeized
	// stateDialling: the number goes out as DTMF (ITU-T Q.23 frequencies,
	// Q.24 timing). Done -> stateAwaitAnswer (Line.ReversalAnswer) or
	// stateConnected.
	stateDialling
	// stateAwaitAnswer: dialled; the exchange's ringback or announcements
	// are early media. A polarity reversal (Si3050 register 29, the sign
	// of LVS) is the far end's answer -> stateConnected; busy or
	// congestion tone ends the leg (call.CauseBusy, call.CauseCongestion).
	stateAwaitAnswer
	// stateConnected: the call is up. A polarity reversal, the loop
	// current dropping (Si3050 register 28, LCS2), or the exchange's busy
	// or congestion tone clear it down -> stateGuard; so does Hangup.
	stateConnected
	// stateGuard: just released (on-hook); the exchange is given
	// Opts.ReleaseGuard to clear before the line is seized again ->
	// stateIdle (or stateDown, stateInUse).
	stateGuard
)

var stateNames = map[lineState]string{
	stateIdle: "idle", stateDown: "down", stateInUse: "in-use", stateAlerting: "alerting",
	stateOffered: "offered", stateRefused: "refused", stateSeized: "seized", stateDialling: "dialling",
	stateAwaitAnswer: "await-answer", stateConnected: "connected", stateGuard: "guard",
}

// String returns the state's name as the status page shows it.
func (s lineState) String() string { return stateNames[s] }

// offHook reports whether the line is seized in state s.
func (s lineState) offHook() bool {
	return s == stateSeized || s == stateDialling || s == stateAwaitAnswer || s == stateConnected
}

// ringing reports whether the exchange rings the line in state s.
func (s lineState) ringing() bool {
	return s == stateAlerting || s == stateOffered || s == stateRefused
}
