package dialplan

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/hookflash/firmware/pbx/call"
)

// PickupKind is the call.Target kind of the legs that join a picked-up call
// to the phone that picked it up (*8). The switch must have Pickups under
// this kind among its dialers for *8 to work.
const PickupKind = "pickup"

// pickups is what *8 needs: the calls ringing an extension now, oldest
// first, and the pair ends made for pickups that their calls have not
// dialled yet. It is safe for concurrent use.
type pickups struct {
	mu      sync.Mutex
	ringing []*ringingCall
	waiting map[string]*pairEnd // by address, until dialled
	meeting map[string]string   // attended transfers: the address of the end left, by the leg named (replace.go)
	seq     int
}

// ringingCall is a call ringing an extension, which a pickup may take.
type ringingCall struct {
	ext    string
	info   call.CallInfo
	stop   context.CancelFunc // ends the ringing
	picked string             // the address of the pair end to dial, once picked up
}

// add registers a call ringing extension ext; stop ends its ringing.
func (ps *pickups) add(ext string, info call.CallInfo, stop context.CancelFunc) *ringingCall {
	rc := &ringingCall{ext: ext, info: info, stop: stop}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.ringing = append(ps.ringing, rc)
	return rc
}

// done unregisters rc once its ringing is over, and returns the address of
// the pair end its call is to dial when it was picked up, or "".
func (ps *pickups) done(rc *ringingCall) string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for i, r := range ps.ringing {
		if r == rc {
			ps.ringing = append(ps.ringing[:i], ps.ringing[i+1:]...)
			break
		}
	}
	return rc.picked
}

// take picks up the oldest call ringing an extension, for the call picker:
// it stops that call's ringing and returns the address of the pair end the
// picker's call is to dial, or ok false when no call rings.
func (ps *pickups) take(picker call.CallInfo) (address string, rang string, ok bool) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if len(ps.ringing) == 0 {
		return "", "", false
	}
	rc := ps.ringing[0]
	ps.ringing = ps.ringing[1:]
	ps.seq++
	id := strconv.Itoa(ps.seq)
	p := newPair(PickupKind+"/"+id,
		[2]string{picker.Channel, rc.info.Channel},
		[2]call.Party{picker.Caller, rc.info.Caller})
	if ps.waiting == nil {
		ps.waiting = map[string]*pairEnd{}
	}
	rc.picked = id + "/0"
	ps.waiting[rc.picked] = p.ends[0]
	ps.waiting[id+"/1"] = p.ends[1]
	rc.stop()
	return id + "/1", rc.ext, true
}

// drop ends the pair of an end that will not be dialled: its call went
// away before.
func (ps *pickups) drop(address string) {
	ps.mu.Lock()
	e := ps.waiting[address]
	delete(ps.waiting, address)
	ps.mu.Unlock()
	if e != nil {
		e.p.end()
	}
}

// Pickups returns the dialer of the PickupKind legs, for the switch.
func (p *Plan) Pickups() call.Dialer { return pickupDialer{&p.pick} }

type pickupDialer struct{ ps *pickups }

// Dial implements call.Dialer: the pair end at address answers at once.
func (d pickupDialer) Dial(_ context.Context, address string, _ call.Party) (call.Leg, error) {
	d.ps.mu.Lock()
	e := d.ps.waiting[address]
	delete(d.ps.waiting, address)
	d.ps.mu.Unlock()
	if e == nil {
		return nil, fmt.Errorf("dialplan: no pickup %q: %w", address, call.CauseUnavailable)
	}
	e.answer()
	return e, nil
}

// pickup carries out *8 for call c: it answers the oldest call ringing an
// extension, and bridges the two. With none ringing, the caller is
// refused as unavailable.
func (p *Plan) pickup(ctx context.Context, c call.Control, cfg *config) {
	address, ext, ok := p.pick.take(c.Info())
	if !ok {
		p.refuse(ctx, c, call.CauseUnavailable, "no call is ringing to pick up")
		return
	}
	c.Step("dialplan", "pick up the call ringing extension "+ext)
	leg, err := c.Ring(ctx, []call.Target{{Kind: PickupKind, Address: address}}, p.ring)
	if err != nil {
		p.pick.drop(address)
		if cause := causeOf(err); cause != 0 {
			c.Hangup(ctx, cause)
		}
		return
	}
	p.talk(ctx, c, cfg, leg)
}
