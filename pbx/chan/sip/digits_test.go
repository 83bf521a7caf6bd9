package sip

import (
	"log/slog"
	"testing"

	"github.com/hookflash/firmware/pbx/call"
)

// TestDigitNotifier: a session that calls back with digits gets the leg's
// function, and what it reports reaches the switch as EventDigit.
func TestDigitNotifier(t *testing.T) {
	m := &notifyingMedia{nullMedia: newNullMedia()}
	l := newLeg(&Channel{log: slog.New(slog.DiscardHandler)}, "sip/101", call.Party{Number: "101"}, true, m)
	l.state = stateConfirmed
	l.watchMedia()
	if m.onDigit == nil {
		t.Fatal("watchMedia did not register with OnDigit")
	}
	m.onDigit('5')
	if ev := <-l.Events(); ev.Kind != call.EventDigit || ev.Digit != '5' {
		t.Errorf("event = %v %q; want EventDigit '5'", ev.Kind, ev.Digit)
	}
}
