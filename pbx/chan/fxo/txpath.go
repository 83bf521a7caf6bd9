package fxo

import (
	"fmt"
	"sync"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// txFrames is how many frames a leg may queue ahead of the line's frame
// clock (100 ms); beyond it the oldest are dropped.
const txFrames = 5

// txPath is what the line sends: DTMF digits first, then the frames a leg
// wrote, else silence, one frame per frame the listener reads, so that
// the echo canceller's reference is what was on the line. Safe for
// concurrent use.
type txPath struct {
	opts  dsp.DTMFGenOpts
	mu    sync.Mutex
	gen   *dsp.DTMFGen
	done  chan struct{} // closed when the queued digits are out
	owner *leg          // the leg whose frames are queued
	q     [txFrames]call.Frame
	head  int
	n     int
}

func newTxPath(o *dsp.DTMFGenOpts) (*txPath, error) {
	g, err := dsp.NewDTMFGen(o)
	if err != nil {
		return nil, fmt.Errorf("fxo: dtmf: %w", err)
	}
	return &txPath{opts: *o, gen: g}, nil
}

// send queues digits; the returned channel is closed when they are out
// (or dropped by reset).
func (t *txPath) send(digits string) (<-chan struct{}, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.gen.Send(digits); err != nil {
		return nil, fmt.Errorf("fxo: send digits: %w", err)
	}
	if t.done == nil {
		t.done = make(chan struct{})
	}
	return t.done, nil
}

// write queues a frame of lg's.
func (t *txPath) write(lg *leg, f *call.Frame) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.owner != lg {
		t.owner, t.head, t.n = lg, 0, 0
	}
	if t.n == txFrames { // drop the oldest
		t.head = (t.head + 1) % txFrames
		t.n--
	}
	t.q[(t.head+t.n)%txFrames] = *f
	t.n++
}

// next fills out with the next frame to send for lg; digits reports
// whether it carries DTMF of ours.
func (t *txPath) next(lg *leg, out *call.Frame) (digits bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.gen.Busy() {
		n := t.gen.Generate(out[:])
		clear(out[n:])
		if !t.gen.Busy() && t.done != nil {
			close(t.done)
			t.done = nil
		}
		return true
	}
	if t.owner == lg && t.n > 0 {
		*out = t.q[t.head]
		t.head = (t.head + 1) % txFrames
		t.n--
		return false
	}
	*out = call.Frame{}
	return false
}

// reset drops queued frames and digits, for a new seizure or a release.
func (t *txPath) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.gen.Busy() {
		t.gen, _ = dsp.NewDTMFGen(&t.opts) // the options were checked by newTxPath
	}
	if t.done != nil {
		close(t.done)
		t.done = nil
	}
	t.owner, t.head, t.n = nil, 0, 0
}
