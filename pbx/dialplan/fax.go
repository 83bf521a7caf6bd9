package dialplan

import (
	"context"
	"strings"
	"sync"

	"github.com/hookflash/firmware/pbx/call"
)

// Fax tones in calls from FXS ports. The scenario engine moves an inbound
// call whose caller sends a fax tone to the fax ports; the dial plan
// watches its calls from FXS ports the same way (call.FaxDetector: the
// switch's ear on the caller's audio), but decides otherwise, because the
// caller here is one of the office's own phones:
//
//   - A tone from the caller is its fax machine sending (T.30 CNG): the
//     call is the fax's own, to the number it dialled, so it is not moved
//     to the fax ports (that would send the office's outgoing fax to its
//     own fax machine). The switch hears only the caller, so the far end's
//     answer tone (CED) is not what triggers this; a call to an extension
//     whose port is in fax mode reaches a fax port already.
//   - What the tone changes is how the call is carried: a voice port that
//     a fax machine is plugged into cancels echo, listens for DTMF and
//     injects call-waiting tones, all of which break a fax. Every leg of
//     the call that can (faxCarrier: an FXS leg) is switched to carry the
//     fax, as a port in fax mode is, for the rest of the call, and the
//     call's path and its variable VarFax say so.

// VarFax is the call variable set, to the channel it came from, when a
// fax tone was heard in a call from an FXS port.
const VarFax = "fax"

// faxCarrier is a leg whose channel can carry a fax once it knows the call
// is one: the FXS channel's, which then stops processing speech.
type faxCarrier interface {
	// CarryFax switches the leg to carry a fax for the rest of its call.
	CarryFax()
}

// faxWatch switches the legs of one call to carry a fax once its caller
// sends a fax tone. Its methods are safe for concurrent use.
type faxWatch struct {
	mu    sync.Mutex
	heard bool
	legs  []call.Leg
}

// watchFax starts watching a call from an FXS port for a fax tone from
// its caller until ctx is done, and returns the watch, to which the
// handler adds the legs it rings; nil for calls from anything else.
func watchFax(ctx context.Context, c call.Control) *faxWatch {
	info := c.Info()
	if !strings.HasPrefix(info.Channel, "fxs/") {
		return nil
	}
	fd, ok := c.(call.FaxDetector)
	tr, isTr := c.(call.Transferrer)
	if !ok || !isTr {
		return nil
	}
	tone := fd.FaxTone()
	if tone == nil {
		return nil
	}
	w := &faxWatch{legs: []call.Leg{tr.CallerLeg()}}
	go func() {
		select {
		case <-tone:
		case <-ctx.Done():
			return
		}
		c.Step("fax tone", "from "+info.Channel+": the caller's fax keeps its call")
		c.SetVar(VarFax, info.Channel)
		w.mu.Lock()
		w.heard = true
		legs := w.legs
		w.mu.Unlock()
		for _, l := range legs {
			carryFax(l)
		}
	}()
	return w
}

// add puts leg in the call: it carries the fax at once when the tone was
// heard already. A nil watch does nothing.
func (w *faxWatch) add(leg call.Leg) {
	if w == nil || leg == nil {
		return
	}
	w.mu.Lock()
	heard := w.heard
	if !heard {
		w.legs = append(w.legs, leg)
	}
	w.mu.Unlock()
	if heard {
		carryFax(leg)
	}
}

func carryFax(l call.Leg) {
	if fc, ok := l.(faxCarrier); ok {
		fc.CarryFax()
	}
}
