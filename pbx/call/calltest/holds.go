package calltest

import "github.com/hookflash/firmware/pbx/call"

// HoldsItself wraps l as the leg of a phone that holds a call itself, as a
// SIP phone does with a re-INVITE (its channel reports hold and resume as
// flashes), rather than asking the box for a second number: the wrapper
// hides l's call.NumberCollector and passes transfer outcomes to l.
func HoldsItself(l *Leg) call.Leg { return holdingPhone{l} }

type holdingPhone struct{ call.Leg }

// TransferDone implements call.TransferReporter.
func (p holdingPhone) TransferDone(cause call.Cause) { call.ReportTransfer(p.Leg, cause) }
