package sip

import (
	"bytes"
	"context"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/chan/sip/internal/shard"
)

// answerGens is how many generations answers keeps; see answers.
const answerGens = 5

// answers remembers the final response the channel sent to each
// non-INVITE request over UDP, as bytes, so that a retransmission of the
// request gets the same response again (RFC 3261 section 17.2.2: the
// server transaction stays "Completed" for Timer J, 64*T1, absorbing
// retransmissions). sipgo would keep the whole transaction for that long,
// the parsed request and response with it and a timer, some kilobytes per
// BYE or REGISTER; the channel ends the transaction at once and keeps only
// the response's few hundred bytes here.
//
// Entries live in generations instead of carrying a timer each: a ticker
// starts a new generation every keep/(answerGens-1) and drops the oldest,
// so an entry lives between keep and 5/4 keep. It is safe for concurrent
// use.
type answers struct {
	gens [answerGens]atomic.Pointer[shard.Map[[]byte]]
	cur  atomic.Int32
	span time.Duration
}

func newAnswers(keep time.Duration) *answers {
	a := &answers{span: keep / (answerGens - 1)}
	for i := range a.gens {
		a.gens[i].Store(shard.New[[]byte]())
	}
	return a
}

// run rotates the generations until ctx ends.
func (a *answers) run(ctx context.Context) {
	t := time.NewTicker(a.span)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.rotate()
		}
	}
}

// rotate starts a new generation in place of the oldest.
func (a *answers) rotate() {
	next := (a.cur.Load() + 1) % answerGens
	a.gens[next].Store(shard.New[[]byte]())
	a.cur.Store(next)
}

// put remembers res as the answer of the transaction key.
func (a *answers) put(key string, res *sip.Response) {
	var b bytes.Buffer
	res.StringWrite(&b)
	a.gens[a.cur.Load()].Load().Set(key, bytes.Clone(b.Bytes()))
}

// get returns the answer of the transaction key, if remembered.
func (a *answers) get(key string) ([]byte, bool) {
	cur := a.cur.Load()
	for i := range int32(answerGens) {
		if b, ok := a.gens[(cur-i+answerGens)%answerGens].Load().Get(key); ok {
			return b, true
		}
	}
	return nil, false
}

// len returns the number of answers remembered.
func (a *answers) len() int {
	n := 0
	for i := range a.gens {
		n += a.gens[i].Load().Len()
	}
	return n
}

// answerAgain sends the remembered answer to a retransmitted non-INVITE
// request over UDP and ends its new transaction; it reports whether there
// was one.
func (c *Channel) answerAgain(req *sip.Request, tx *sip.ServerTx) bool {
	if req.IsInvite() || req.IsAck() || req.Transport() != "UDP" {
		return false
	}
	b, ok := c.answers.get(tx.Key())
	if !ok {
		return false
	}
	tx.Terminate()
	if to, err := netip.ParseAddrPort(req.Source()); err == nil {
		if _, err := c.udp.WriteToUDPAddrPort(b, to); err != nil {
			c.log.Debug("sip: answer again", "err", err)
		}
	}
	return true
}
