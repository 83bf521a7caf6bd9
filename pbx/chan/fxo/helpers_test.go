package fxo

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hookflash/firmware/drivers/fxo"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// ruRing is the Russian ring cadence: 1 s on, 4 s off.
var ruRing = []time.Duration{time.Second, 4 * time.Second}

// exchange is the PSTN side of one line, written with pbx/dsp: it plays
// audio into the line at the line's frame clock and listens to what the
// box sends, decoding DTMF and remembering the frames.
type exchange struct {
	world hal.PCMStream

	mu         sync.Mutex
	once       []int16      // played once, before tone
	tone       *dsp.ToneGen // played after once, until changed
	det        *dsp.DTMFDetector
	heard      []byte    // digits the box sent
	firstDigit time.Time // when the first was heard
	stopOnDTMF bool      // dial tone stops at the first digit, as an exchange's does
	energy     float64   // sum of squares of what the box sent
}

func newExchange(t *testing.T, world hal.PCMStream) *exchange {
	det, err := dsp.NewDTMFDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &exchange{world: world, det: det}
}

// run plays and listens until ctx ends.
func (x *exchange) run(ctx context.Context) {
	var in, out hal.Frame
	var evs []dsp.DTMFEvent
	for ctx.Err() == nil {
		if err := x.world.ReadFrame(&in); err != nil {
			return
		}
		x.mu.Lock()
		evs = x.det.Process(in[:], evs[:0])
		for _, e := range evs {
			if !e.End {
				if len(x.heard) == 0 {
					x.firstDigit = time.Now()
				}
				x.heard = append(x.heard, e.Digit)
				if x.stopOnDTMF {
					x.tone, x.stopOnDTMF = nil, false
				}
			}
		}
		for _, v := range in {
			x.energy += float64(v) * float64(v)
		}
		n := copy(out[:], x.once)
		x.once = x.once[n:]
		switch {
		case x.tone != nil:
			x.tone.Generate(out[n:])
		default:
			clear(out[n:])
		}
		x.mu.Unlock()
		x.world.WriteFrame(&out)
	}
}

// play queues samples to be played once, then whatever tone is set.
func (x *exchange) play(s []int16) {
	x.mu.Lock()
	x.once = append(x.once, s...)
	x.mu.Unlock()
}

// setTone plays tone continuously from now (zero Tone: silence).
func (x *exchange) setTone(t *testing.T, tone dsp.Tone) {
	t.Helper()
	x.mu.Lock()
	defer x.mu.Unlock()
	if tone.IsZero() {
		x.tone = nil
		return
	}
	g, err := dsp.NewToneGen(tone)
	if err != nil {
		t.Fatal(err)
	}
	x.tone = g
}

// digits returns the digits heard from the box and when the first came.
func (x *exchange) digits() (string, time.Time) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return string(x.heard), x.firstDigit
}

// fskCallerID returns the ETSI on-hook V.23 burst of an MDMF message with
// number.
func fskCallerID(t *testing.T, number string) []int16 {
	t.Helper()
	m := dsp.CallerID{Time: "05171230", Number: number, CallType: 1}
	frame, err := m.AppendMDMF(nil)
	if err != nil {
		t.Fatal(err)
	}
	o := dsp.DefaultFSKModOpts
	buf := make([]int16, dsp.FSKBurstLen(&o, len(frame)))
	n, err := dsp.FSKModulate(buf, &o, frame)
	if err != nil {
		t.Fatal(err)
	}
	return buf[:n]
}

// dtmfSamples returns digits as DTMF with the options o.
func dtmfSamples(t *testing.T, digits string, o *dsp.DTMFGenOpts) []int16 {
	t.Helper()
	g, err := dsp.NewDTMFGen(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Send(digits); err != nil {
		t.Fatal(err)
	}
	var out []int16
	buf := make([]int16, 160)
	for g.Busy() {
		g.Generate(buf)
		out = append(out, buf...)
	}
	return out
}

// plan returns a built-in tone plan.
func plan(t *testing.T, country string) dsp.TonePlan {
	t.Helper()
	p, err := dsp.BuiltinPlan(country)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// simLine is one line of the rig: the exchange's line, the emulated DAA
// with the real driver on it, and the PCM link.
type simLine struct {
	pstn *sim.PSTNLine
	daa  *sim.DAA
	dev  *fxo.Dev
	ex   *exchange
}

// rig is a channel on simulated lines with a store and a switch whose
// handler hands each call to the test.
type rig struct {
	t     *testing.T
	st    *store.Store
	ch    *Channel
	sw    *call.Switch
	lines []*simLine
	calls chan call.Control
	ended <-chan call.CallEvent
}

// rigOpts says how to build a rig.
type rigOpts struct {
	lines          int
	reversalAnswer bool
	rows           []store.FXOLine // nil: line N named "LineN", number 8495000000N, RU, enabled
}

// newRig must run in a synctest bubble.
func newRig(t *testing.T, o rigOpts) *rig {
	t.Helper()
	ctx := context.Background()
	if o.lines == 0 {
		o.lines = 1
	}
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rows := o.rows
	if rows == nil {
		for i := 1; i <= o.lines; i++ {
			rows = append(rows, store.FXOLine{Port: i, Name: "Line" + string(rune('0'+i)),
				Number: "849500000" + string(rune('0'+i)), Country: "RU", Enabled: true})
		}
	}
	for i := range rows {
		if err := st.FXOLines().Create(ctx, &rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	r := &rig{t: t, st: st, calls: make(chan call.Control, 4)}
	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var lines []Line
	for i := 1; i <= o.lines; i++ {
		pstn := sim.NewPSTNLine(nil)
		daa := sim.NewDAA(nil, "", pstn)
		dev, err := fxo.New(daa.Port().Conn(), nil)
		if err != nil {
			t.Fatal(err)
		}
		link := sim.NewPCMLink(nil)
		sl := &simLine{pstn: pstn, daa: daa, dev: dev, ex: newExchange(t, link.World())}
		r.lines = append(r.lines, sl)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sl.ex.run(runCtx)
		}()
		lines = append(lines, Line{Port: i, Dev: dev, Audio: link.Box(), ReversalAnswer: o.reversalAnswer})
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r.ch, err = New(Opts{Lines: lines, Store: st, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	r.sw = call.New(call.Options{
		Dialers: map[string]call.Dialer{"fxo": r.ch},
		Logger:  log,
		Handler: func(ctx context.Context, c call.Control) {
			r.calls <- c
			<-ctx.Done()
		},
	})
	events, unsubscribe := r.sw.Subscribe()
	r.ended = events
	if err := r.ch.Start(ctx, r.sw); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(ctx, 10*time.Second)
		defer scancel()
		if err := r.sw.Shutdown(sctx); err != nil {
			t.Errorf("switch shutdown: %v", err)
		}
		if err := r.ch.Stop(sctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
		unsubscribe()
		for _, sl := range r.lines {
			if sl.pstn.Seized() {
				t.Errorf("a line is still off-hook after Stop")
			}
			if errs := sl.daa.ProtocolErrors(); len(errs) > 0 {
				t.Errorf("SPI framing errors seen by the DAA: %q", errs)
			}
		}
		cancel()
		wg.Wait()
	})
	return r
}

// call waits for the switch to hand over a call.
func (r *rig) call(within time.Duration) call.Control {
	r.t.Helper()
	select {
	case c := <-r.calls:
		return c
	case <-time.After(within):
		r.t.Fatalf("no incoming call within %v", within)
		return nil
	}
}

// noCall checks that no call came within d.
func (r *rig) noCall(d time.Duration) {
	r.t.Helper()
	select {
	case c := <-r.calls:
		r.t.Fatalf("incoming call %+v; want none yet", c.Info())
	case <-time.After(d):
	}
}

// callEnded waits for the switch's CallEnded event.
func (r *rig) callEnded(within time.Duration) call.CallEvent {
	r.t.Helper()
	deadline := time.After(within)
	for {
		select {
		case e := <-r.ended:
			if e.Kind == call.CallEnded {
				return e
			}
		case <-deadline:
			r.t.Fatalf("the call did not end within %v", within)
			return call.CallEvent{}
		}
	}
}

// state returns line n's state name.
func (r *rig) state(n int) string { return r.ch.Status()[n-1].State }

// waitState polls until line n is in state, for at most within.
func (r *rig) waitState(n int, state string, within time.Duration) {
	r.t.Helper()
	deadline := time.Now().Add(within)
	for r.state(n) != state {
		if time.Now().After(deadline) {
			r.t.Fatalf("line %d is %s; want %s within %v", n, r.state(n), state, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitReleased polls until line n is on-hook and returns how long it took.
func (r *rig) waitReleased(n int, within time.Duration) time.Duration {
	r.t.Helper()
	start := time.Now()
	for r.lines[n-1].pstn.Seized() {
		if time.Since(start) > within {
			r.t.Fatalf("line %d still off-hook after %v", n, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}

// nextEvent reads the next event of lg within d.
func nextEvent(t *testing.T, lg call.Leg, d time.Duration) call.Event {
	t.Helper()
	select {
	case e, ok := <-lg.Events():
		if !ok {
			t.Fatalf("%s: events closed", lg.ID())
		}
		return e
	case <-time.After(d):
		t.Fatalf("%s: no event within %v", lg.ID(), d)
		return call.Event{}
	}
}

// causeOf returns the call.Cause in err, or 0.
func causeOf(err error) call.Cause {
	var c call.Cause
	if errors.As(err, &c) {
		return c
	}
	return 0
}

// incoming rings line 1 with FSK caller ID of number after the first ring
// and returns the call the switch got.
func (r *rig) incoming(number string) call.Control {
	r.t.Helper()
	l := r.lines[0]
	l.pstn.Ring(25, ruRing)
	time.Sleep(1500 * time.Millisecond)
	l.ex.play(fskCallerID(r.t, number))
	return r.call(5 * time.Second)
}
