package calltest

import (
	"context"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// Never, as Phone.AnswerAfter, makes a phone ring until it is cancelled
// (the test may still make it answer with Leg.Answers).
const Never time.Duration = -1

// Phone is how a fake phone behaves when a Dialer dials it. The zero Phone
// rings and answers at once and stays on the line.
type Phone struct {
	Reject      call.Cause    // when set, Dial fails with this cause and nothing rings
	Busy        bool          // reports busy as soon as it is dialled
	Refuses     call.Cause    // when set, is dialled and then ends with this cause at once (a SIP 404 to the INVITE)
	AnswerAfter time.Duration // rings this long, then answers; Never: does not answer
	HangUpAfter time.Duration // hangs up this long after answering; 0: stays
	Media       Media
	Notify      bool // Dial returns a NotifyingLeg, as the SIP channel's legs are
	// HoldsItself dials a phone that holds calls itself (HoldsItself); not
	// with Notify.
	HoldsItself bool
}

// Dialer is a fake call.Dialer of one channel kind, with a Phone per
// address; an address it has no Phone for is unavailable. A dialled leg's
// channel is kind/address and its remote party's number the address.
// Cancelling the Dial context before the phone answered ends the leg, as
// call.Dialer says. It is safe for concurrent use.
type Dialer struct {
	kind string

	mu     sync.Mutex
	phones map[string]Phone
	legs   []*Leg
	from   []call.Party
}

// NewDialer returns a dialer of kind ("sip", "trunk", ...) with the phones
// by address.
func NewDialer(kind string, phones map[string]Phone) *Dialer {
	d := &Dialer{kind: kind, phones: map[string]Phone{}}
	for a, p := range phones {
		d.phones[a] = p
	}
	return d
}

// Set makes address behave as p from the next Dial on.
func (d *Dialer) Set(address string, p Phone) {
	d.mu.Lock()
	d.phones[address] = p
	d.mu.Unlock()
}

// Dial implements call.Dialer.
func (d *Dialer) Dial(ctx context.Context, address string, from call.Party) (call.Leg, error) {
	d.mu.Lock()
	p, ok := d.phones[address]
	d.mu.Unlock()
	switch {
	case !ok:
		return nil, call.CauseUnavailable
	case p.Reject != 0:
		return nil, p.Reject
	}
	l := newLeg(d.kind+"/"+address, call.Party{Number: address}, p.Media)
	d.mu.Lock()
	d.legs = append(d.legs, l)
	d.from = append(d.from, from)
	d.mu.Unlock()
	go l.behave(ctx, p)
	switch {
	case p.HoldsItself:
		return HoldsItself(l), nil
	case p.Notify:
		return NotifyingLeg{l}, nil
	}
	return l, nil
}

// Legs returns every leg dialled so far, in order.
func (d *Dialer) Legs() []*Leg {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]*Leg(nil), d.legs...)
}

// Last returns the leg dialled last to address, or nil.
func (d *Dialer) Last(address string) *Leg {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := len(d.legs) - 1; i >= 0; i-- {
		if d.legs[i].channel == d.kind+"/"+address {
			return d.legs[i]
		}
	}
	return nil
}

// Forget drops the record of the legs dialled so far (for benchmarks that
// dial many).
func (d *Dialer) Forget() {
	d.mu.Lock()
	d.legs, d.from = nil, nil
	d.mu.Unlock()
}

// From returns the caller ID each Dial was given, in order.
func (d *Dialer) From() []call.Party {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]call.Party(nil), d.from...)
}

// behave plays p on a dialled leg until it is done with it or the leg ends.
func (l *Leg) behave(ctx context.Context, p Phone) {
	if p.Busy {
		l.HangsUp(call.CauseBusy)
		return
	}
	if p.Refuses != 0 {
		l.HangsUp(p.Refuses)
		return
	}
	l.Rings(false)
	if p.AnswerAfter != Never {
		t := time.NewTimer(p.AnswerAfter)
		defer t.Stop()
		select {
		case <-t.C:
			l.Answers()
		case <-ctx.Done():
		case <-l.done:
			return
		}
	} else {
		select {
		case <-ctx.Done():
		case <-l.done:
			return
		}
	}
	if !l.State().Answered { // cancelled while ringing
		l.end(call.CauseNormal, true)
		return
	}
	if p.HangUpAfter > 0 {
		t := time.NewTimer(p.HangUpAfter)
		defer t.Stop()
		select {
		case <-t.C:
			l.HangsUp(call.CauseNormal)
		case <-l.done:
		}
	}
}
