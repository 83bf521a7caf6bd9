package sip

import "github.com/emiago/sipgo/sip"

// init shortens two of sipgo's transaction timers to one round trip (T1).
// Both keep an INVITE transaction whose 2xx went through for 64*T1 (RFC
// 6026 section 7.1: Timer L on the server side, Timer M on the client
// side) only to absorb retransmissions of the INVITE or of the 2xx, and
// sipgo's Terminate does not stop either timer, so each answered call held
// its INVITE, its 2xx and the transaction on the heap for 32 s whatever
// the channel did, some 10 KB per call, and 300 MB at 1000 calls per
// second. The channel does that absorbing itself, from state it keeps
// anyway: it retransmits its own 2xx until the ACK (leg.retransmitLocked),
// drops a repeated INVITE of a leg in progress (retransmittedInvite), and
// acknowledges a repeated 2xx again (onStrayResponse). Everything else of
// RFC 3261 section 17 keeps sipgo's timers.
//
// This is the only place that sets sipgo's timers; it runs before any
// transaction exists.
func init() {
	sip.Timer_L = sip.T1
	sip.Timer_M = sip.T1
}
