package fxo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/hookflash/firmware/drivers/fxo"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// line is one PSTN line and its state machine (state.go). Its fields
// after mu are guarded by mu; the methods whose names end in Locked are
// called with mu held.
type line struct {
	c              *Channel
	port           int
	dev            *fxo.Dev
	pcm            hal.PCMStream
	reversalAnswer bool
	log            *slog.Logger
	tx             *txPath

	mu    sync.Mutex
	cfg   lineConfig
	state lineState
	// gen counts seizures, releases and offers; timers and the listener's
	// reports carry the gen they were started under and are dropped when
	// it moved on.
	gen      uint64
	leg      *leg
	down     bool // the driver reported no line voltage
	parallel bool // the driver reported a parallel phone off-hook
	rings    int
	caller   call.Party // caller ID captured for the coming or current offer
	callerAt time.Time  // when caller was captured; zero: none
	number   string     // the number an outgoing call dials
	// awaitReversal: an outgoing call reported its answer without a
	// reversal (Line.ReversalAnswer false); a first reversal is then still
	// the far end's answer, not a clear-down.
	awaitReversal bool
	seizedAt      time.Time
	timer         *time.Timer // dial tone wait or release guard
	ringTimer     *time.Timer // the ring gap
	calls         int         // calls since start, for the status page
	stopped       bool        // the channel stopped: no new calls
}

func newLine(c *Channel, ln Line) (*line, error) {
	tx, err := newTxPath(&c.o.DTMF)
	if err != nil {
		return nil, err
	}
	return &line{
		c: c, port: ln.Port, dev: ln.Dev, pcm: ln.Audio, reversalAnswer: ln.ReversalAnswer,
		log: c.log.With("line", ln.Port), tx: tx, state: stateIdle,
	}, nil
}

// setConfig swaps in the line's configuration.
func (l *line) setConfig(cfg lineConfig) {
	l.mu.Lock()
	l.cfg = cfg
	l.mu.Unlock()
}

// config returns the line's configuration.
func (l *line) config() lineConfig {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cfg
}

// channel is the line's channel name in call records: "fxo/2".
func (l *line) channel() string { return fmt.Sprintf("fxo/%d", l.port) }

// start measures the line once and starts its goroutines: the DAA's
// monitor, the reader of its events, and the listener of its audio.
func (l *line) start(ctx context.Context) {
	if v, err := l.dev.LineVoltage(); err == nil && math.Abs(v) < 3 {
		l.mu.Lock()
		l.down, l.state = true, stateDown
		l.mu.Unlock()
	}
	c := l.c
	c.goRun(func() { l.runDev(ctx) })
	c.goRun(func() { l.readEvents(ctx) })
	c.goRun(func() { l.listen(ctx) })
}

// runDev runs the DAA's monitor, restarting it a second after a bus error
// (the line shows down meanwhile), until ctx ends.
func (l *line) runDev(ctx context.Context) {
	for {
		err := l.dev.Run(ctx)
		if ctx.Err() != nil {
			return
		}
		l.log.Error("fxo: the line's DAA stopped answering; retrying in 1 s", "err", err)
		l.onDriverEvent(fxo.Event{Kind: fxo.LineDown, At: time.Now()})
		t := time.NewTimer(time.Second)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// readEvents hands the DAA's events to the state machine.
func (l *line) readEvents(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-l.dev.Events():
			l.onDriverEvent(e)
		}
	}
}

// onDriverEvent is the state machine's input from the DAA.
func (l *line) onDriverEvent(e fxo.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.log.Debug("fxo: line event", "event", e.Kind, "state", l.state)
	switch e.Kind {
	case fxo.LineDown:
		l.down = true
		if l.state == stateIdle || l.state == stateInUse {
			l.state = stateDown
		}
	case fxo.LineUp:
		l.down = false
		if l.state == stateDown {
			l.state = l.restState()
		}
	case fxo.LineInUse:
		l.parallel = true
		if l.state == stateIdle {
			l.state = stateInUse
		}
	case fxo.LineIdle:
		l.parallel = false
		if l.state == stateInUse {
			l.state = l.restState()
		}
	case fxo.RingStart:
		l.ringStartLocked()
	case fxo.Ring:
		l.ringEndLocked()
	case fxo.Reversal:
		l.reversalLocked()
	}
}

// restState is where an on-hook line with nothing going on stands.
func (l *line) restState() lineState {
	switch {
	case l.down:
		return stateDown
	case l.parallel:
		return stateInUse
	}
	return stateIdle
}

// afterLocked runs fn with mu held after d, unless the line's gen moved
// on meanwhile.
func (l *line) afterLocked(d time.Duration, fn func()) *time.Timer {
	gen := l.gen
	return time.AfterFunc(d, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.gen == gen {
			fn()
		}
	})
}

// stopTimersLocked stops the pending timers.
func (l *line) stopTimersLocked() {
	for _, t := range []*time.Timer{l.timer, l.ringTimer} {
		if t != nil {
			t.Stop()
		}
	}
	l.timer, l.ringTimer = nil, nil
}

// seizeLocked takes the line off-hook (Si3050 register 5, OH) for a new
// call: the listener starts afresh with this gen.
func (l *line) seizeLocked(next lineState) error {
	if err := l.dev.Seize(); err != nil {
		return fmt.Errorf("fxo: line %d: seize: %w", l.port, err)
	}
	l.stopTimersLocked()
	l.gen++
	l.state, l.seizedAt = next, time.Now()
	l.awaitReversal = false
	l.tx.reset()
	return nil
}

// releaseLocked puts the line on-hook and rests it for the release guard.
// A failed release is retried by the guard's end, so that the line is
// never left off-hook while the bus works at all.
func (l *line) releaseLocked() {
	l.stopTimersLocked()
	l.gen++
	l.tx.reset()
	if err := l.dev.Release(); err != nil {
		l.log.Error("fxo: release failed; retrying after the guard time", "err", err)
	}
	l.state = stateGuard
	l.timer = l.afterLocked(l.c.o.ReleaseGuard, func() {
		if l.dev.Seized() {
			if err := l.dev.Release(); err != nil {
				l.log.Error("fxo: release failed again; the line may still be off-hook", "err", err)
			}
		}
		l.state = l.restState()
	})
}

// endLegLocked ends the line's leg with cause and releases the line if it
// is seized.
func (l *line) endLegLocked(cause call.Cause) {
	if lg := l.leg; lg != nil {
		l.leg = nil
		lg.endLocked(cause)
	}
	if l.state.offHook() {
		l.releaseLocked()
	}
}

// clearDownLocked ends an off-hook call that the exchange cleared.
func (l *line) clearDownLocked(why string, cause call.Cause) {
	l.log.Info("fxo: the exchange cleared the call", "why", why, "state", l.state, "cause", cause)
	l.endLegLocked(cause)
}

// reversalLocked takes a polarity reversal (Si3050 register 29: LVS
// changed sign). Before the call it may announce caller ID (EN 300 659-1
// section 6.1.1 a) and means nothing on its own; on an outgoing call it
// is the far end's answer, and after the answer the clear-down.
func (l *line) reversalLocked() {
	switch l.state {
	case stateAwaitAnswer:
		l.state = stateConnected
		l.leg.answerLocked()
	case stateConnected:
		if l.awaitReversal {
			l.awaitReversal = false
			l.log.Debug("fxo: the far end answered (reversal)")
			return
		}
		l.clearDownLocked("polarity reversal", call.CauseNormal)
	}
}

// onTone takes a call progress tone the listener recognised in the
// exchange's audio.
func (l *line) onTone(gen uint64, t dsp.CPTone) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen != l.gen {
		return
	}
	switch {
	case t == dsp.CPDial && l.state == stateSeized:
		l.log.Debug("fxo: dial tone")
		l.dialLocked()
	case t == dsp.CPBusy || t == dsp.CPCongestion:
		cause := call.CauseNormal
		switch l.state {
		case stateSeized, stateDialling:
			cause = call.CauseCongestion // no service on the line
		case stateAwaitAnswer:
			cause = call.CauseBusy
			if t == dsp.CPCongestion {
				cause = call.CauseCongestion
			}
		case stateConnected:
		default:
			return
		}
		l.clearDownLocked(t.String()+" tone", cause)
	}
}

// onLoopDrop takes the loop current dropping below Opts.MinLoopMA for
// Opts.LoopDropHold while seized: the exchange opened the loop (a
// clear-down), or the line was cut.
func (l *line) onLoopDrop(gen uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen != l.gen || !l.state.offHook() {
		return
	}
	cause := call.CauseNormal
	if l.state != stateConnected {
		cause = call.CauseUnavailable
	}
	l.clearDownLocked("loop current dropped", cause)
}

// onDigit takes a DTMF digit heard from the far end.
func (l *line) onDigit(gen uint64, d byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen != l.gen || l.leg == nil || (l.state != stateConnected && l.state != stateAwaitAnswer) {
		return
	}
	l.leg.emitLocked(call.Event{Kind: call.EventDigit, Digit: d})
}

// onFax takes a fax or modem tone heard from the far end.
func (l *line) onFax(gen uint64, what string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen != l.gen || l.leg == nil {
		return
	}
	l.log.Info("fxo: fax tone", "tone", what)
	l.leg.faxLocked()
}

// shutdown hangs up the line's call and puts it on-hook, as the channel
// stops.
func (l *line) shutdown() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
	l.endLegLocked(call.CauseCongestion)
	l.stopTimersLocked()
	l.gen++
	if l.dev.Seized() {
		if err := l.dev.Release(); err != nil {
			l.log.Error("fxo: release at stop", "err", err)
		}
	}
	if l.state == stateGuard || l.state.offHook() {
		l.state = l.restState()
	}
}

// errLineBusy and errLineDown are Dial's errors; the switch reads their
// causes.
var (
	errLineBusy = fmt.Errorf("fxo: line in use: %w", call.CauseBusy)
	errLineDown = fmt.Errorf("fxo: line down or disabled: %w", call.CauseUnavailable)
)

// isClosed reports whether err says a stream was closed.
func isClosed(err error) bool { return errors.Is(err, hal.ErrClosed) }

// currentLeg returns the line's leg, or nil.
func (l *line) currentLeg() call.Leg {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.leg == nil {
		return nil
	}
	return l.leg
}
