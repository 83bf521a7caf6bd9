package dialplan

import (
	"strconv"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// An attended transfer by a phone that holds its calls itself (a SIP
// phone): it talks to one party in one call and to another in a second
// call, and asks to join the two (a REFER with Replaces, RFC 3891 and RFC
// 5589 section 7). Each of the two calls then sees a transfer request
// naming the phone's leg in the second call; each rings one end of a pair
// (pair.go) that the first of them makes and the second takes, joins its
// other party to it and hangs up the phone's leg.

// meetWait is how long one end of an attended transfer's pair waits for
// the other call to take the other end.
const meetWait = 10 * time.Second

// meet returns the address of a pair end to dial for the attended
// transfer named key: the first call to ask makes the pair and gets one
// end, the second the other. A pair whose other end is not taken within
// meetWait ends.
func (ps *pickups) meet(key string) string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if addr, ok := ps.meeting[key]; ok {
		delete(ps.meeting, key)
		return addr
	}
	ps.seq++
	id := strconv.Itoa(ps.seq)
	p := newPair(PickupKind+"/"+id, [2]string{"transfer", "transfer"}, [2]call.Party{})
	if ps.waiting == nil {
		ps.waiting = map[string]*pairEnd{}
	}
	if ps.meeting == nil {
		ps.meeting = map[string]string{}
	}
	ps.waiting[id+"/0"], ps.waiting[id+"/1"] = p.ends[0], p.ends[1]
	ps.meeting[key] = id + "/1"
	time.AfterFunc(meetWait, func() {
		ps.mu.Lock()
		_, alone := ps.meeting[key]
		if alone {
			delete(ps.meeting, key)
		}
		ps.mu.Unlock()
		if alone {
			ps.drop(id + "/1")
		}
	})
	return id + "/0"
}

// replace carries out an attended transfer request that names the leg
// key: the held party is joined, through a pair, with the party of the
// phone's other call, and the phone's leg is hung up. When the pair
// cannot be rung the two talk on.
func (x *transfer) replace(key string) (call.Leg, bool) {
	x.c.Step("transfer", "attended: "+x.held.Channel()+" joins the other call of "+x.flash.Channel())
	k, err := x.tr.Consult(x.ctx, x.held.Remote(), []call.Target{{Kind: PickupKind, Address: x.p.pick.meet(key)}}, x.p.ring)
	if err != nil {
		call.ReportTransfer(x.flash, call.CauseUnavailable)
		return x.back(x.held)
	}
	call.ReportTransfer(x.flash, 0)
	x.flash.Hangup(x.ctx, call.CauseNormal)
	other, _, err := k.Wait(x.ctx, x.held)
	if other == nil || err != nil {
		return nil, false
	}
	return x.final(x.held, other)
}
