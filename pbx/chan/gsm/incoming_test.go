package gsm_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// toneSource plays a 1 kHz tone at -10 dBm0 for n frames.
type toneSource struct {
	gen *dsp.ToneGen
	n   int
}

func newToneSource(t *testing.T, n int) *toneSource {
	g, err := dsp.NewToneGen(dsp.Tone{Hz: []float64{1000}, DBm0: -10})
	if err != nil {
		t.Fatal(err)
	}
	return &toneSource{gen: g, n: n}
}

func (s *toneSource) ReadFrame(f *call.Frame) error {
	if s.n == 0 {
		return io.EOF
	}
	s.n--
	s.gen.Generate(f[:])
	return nil
}

// levelMeter keeps the level of the loudest frames it is given.
type levelMeter struct{ loud []float64 }

func (m *levelMeter) add(pcm []int16) {
	if p := dsp.PowerDBm0(pcm); p > -30 {
		m.loud = append(m.loud, p)
	}
}

func (m *levelMeter) WriteFrame(f *call.Frame) error { m.add(f[:]); return nil }

// check asserts at least n loud frames, all within 1 dB of want.
func (m *levelMeter) check(t *testing.T, what string, n int, want float64) {
	t.Helper()
	if len(m.loud) < n {
		t.Fatalf("%s: %d frames of tone; want at least %d", what, len(m.loud), n)
	}
	for _, p := range m.loud[1 : len(m.loud)-1] { // the edges may hold part of a frame
		if p < want-1 || p > want+1 {
			t.Fatalf("%s: a frame at %.1f dBm0; want %.1f ± 1", what, p, want)
		}
	}
}

func TestIncomingCall(t *testing.T) {
	for _, d := range []sim.ModemDialect{sim.ModemSIM800, sim.ModemEC25} {
		t.Run(d.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{dialects: []sim.ModemDialect{d}})
				md := r.mods[0]
				heard := &levelMeter{}
				recorded := &levelMeter{}
				handled := make(chan error, 1)
				r.setHandler(func(ctx context.Context, c call.Control) {
					if err := c.Answer(ctx); err != nil {
						handled <- err
						return
					}
					if _, err := c.Play(ctx, newToneSource(t, 50), ""); err != nil {
						handled <- err
						return
					}
					_, err := c.Record(ctx, recorded, 2*time.Second, "")
					handled <- err
					<-ctx.Done()
				})
				far, err := dsp.NewToneGen(dsp.Tone{Hz: []float64{1000}, DBm0: -10})
				if err != nil {
					t.Fatal(err)
				}
				md.far.set(func(out []int16) { far.Generate(out) }, func(f *hal.Frame) { heard.add(f[:]) })

				md.m.IncomingCall("+79161234567")
				in := r.incoming()
				if got := in.leg.Channel(); got != "gsm/1" {
					t.Errorf("Channel() = %q; want gsm/1", got)
				}
				if got := in.leg.Remote(); got.Number != "+79161234567" {
					t.Errorf("Remote() = %+v; want number +79161234567", got)
				}
				if in.called != "" {
					t.Errorf("called = %q; want empty", in.called)
				}
				if err := <-handled; err != nil {
					t.Fatalf("handler: %v", err)
				}
				if calls := md.m.Calls(); len(calls) != 1 || calls[0].Stat != 0 {
					t.Errorf("modem calls = %+v; want one active", calls)
				}
				heard.check(t, "far end heard", 40, -10)
				recorded.check(t, "box recorded", 80, -10)
				if st := r.ch.Status()[0]; !st.InCall || st.CallState != "active" || r.ch.Up("SIM 1") {
					t.Errorf("Status() in call = %+v, Up %v; want in an active call, not up", st, r.ch.Up("SIM 1"))
				}

				events, cancel := r.sw.Subscribe()
				defer cancel()
				md.m.RemoteHangup()
				for ev := range events {
					if ev.Kind == call.CallEnded {
						if ev.Cause != call.CauseNormal {
							t.Errorf("call ended with %v; want normal", ev.Cause)
						}
						break
					}
				}
				synctest.Wait()
				if !r.ch.Up("SIM 1") || !r.ch.Up("1") {
					t.Errorf("Up after the call = false; want true")
				}
			})
		})
	}
}

func TestIncomingCallerGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800}})
		md := r.mods[0]
		ended := make(chan error, 1)
		r.setHandler(func(ctx context.Context, c call.Control) {
			<-ctx.Done() // rings; nobody answers
			ended <- ctx.Err()
		})
		md.m.IncomingCall("+79161234567")
		in := r.incoming()
		time.Sleep(12 * time.Second) // a few rings
		md.m.RemoteHangup()
		select {
		case err := <-ended:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("handler ctx ended with %v; want canceled", err)
			}
		case <-time.After(time.Minute):
			t.Fatal("the call did not end when the caller gave up")
		}
		if err := in.leg.Answer(context.Background()); !errors.Is(err, call.ErrLegEnded) {
			t.Errorf("Answer after the caller gave up = %v; want ErrLegEnded", err)
		}
	})
}

func TestIncomingOnDisabledModuleRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemEC25}})
		ctx := context.Background()
		g, err := r.st.GSMModules().Get(ctx, r.ids[0])
		if err != nil {
			t.Fatal(err)
		}
		g.Enabled = false
		if err := r.st.GSMModules().Update(ctx, &g); err != nil {
			t.Fatal(err)
		}
		synctest.Wait() // the channel reloads its configuration
		if r.ch.Up("SIM 1") {
			t.Error("Up on a disabled module = true")
		}
		r.mods[0].m.IncomingCall("+79161234567")
		time.Sleep(time.Second)
		synctest.Wait()
		if calls := r.mods[0].m.Calls(); len(calls) != 0 {
			t.Errorf("modem calls = %+v; want the call refused", calls)
		}
		select {
		case in := <-r.in.got:
			t.Errorf("a leg was handed over: %s", in.leg.ID())
		default:
		}
	})
}
