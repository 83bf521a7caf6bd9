package conf

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// bridge is a switch whose every call joins room 300. It must be made
// inside a synctest bubble.
func bridge(t *testing.T, o Opts) (*Service, *call.Switch) {
	o.Logger = quiet()
	s := New(o)
	sw := call.New(call.Options{Dialers: map[string]call.Dialer{"conf": s}, Logger: quiet(),
		Handler: func(ctx context.Context, c call.Control) {
			leg, err := c.Ring(ctx, []call.Target{{Kind: "conf", Address: "300"}}, 0)
			if err != nil {
				c.Hangup(ctx, call.CauseCongestion)
				return
			}
			c.Bridge(ctx, leg)
		}})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		sw.Shutdown(ctx)
		s.Close()
	})
	return s, sw
}

// sine returns n frames of a sine of hz at amplitude amp, phase continuous.
func sine(hz float64, amp float64, n int) []call.Frame {
	out := make([]call.Frame, n)
	for i := range out {
		for s := range out[i] {
			k := float64(i*call.FrameSamples + s)
			out[i][s] = int16(amp * math.Sin(2*math.Pi*hz*k/8000))
		}
	}
	return out
}

// power returns the Goertzel power of frames at hz, per sample.
func power(frames []call.Frame, hz float64) float64 {
	coeff := 2 * math.Cos(2*math.Pi*hz/8000)
	var s1, s2 float64
	n := 0
	for _, f := range frames {
		for _, v := range f {
			s := float64(v) + coeff*s1 - s2
			s2, s1 = s1, s
			n++
		}
	}
	return (s1*s1 + s2*s2 - coeff*s1*s2) / float64(n*n)
}

func TestEachHearsTheOthers(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s, sw := bridge(t, Opts{})
		freqs := map[string]float64{"A": 400, "B": 1000, "C": 1700}
		legs := map[string]*calltest.Leg{}
		for _, name := range []string{"A", "B", "C"} {
			l := calltest.NewLeg("sip/"+name, call.Party{Number: name})
			for _, f := range sine(freqs[name], 4000, 150) { // 3 s
				l.Says(f)
			}
			sw.Incoming(l, "300")
			legs[name] = l
		}
		time.Sleep(2 * time.Second)
		if got := s.Rooms(); got["300"] != 3 {
			t.Fatalf("Rooms() = %v; want 300 with 3 parties", got)
		}
		for name, l := range legs {
			heard := l.Heard()
			if len(heard) < 50 {
				t.Fatalf("%s heard %d frames in 2 s; want about 100", name, len(heard))
			}
			last := heard[len(heard)-25:] // 0.5 s, well after the join tones
			for other, hz := range freqs {
				p := power(last, hz)
				switch {
				case other == name && p > 1:
					t.Errorf("%s hears itself: power %.1f at %v Hz", name, p, hz)
				case other != name && p < 1e5:
					t.Errorf("%s does not hear %s: power %.1f at %v Hz", name, other, p, hz)
				}
			}
		}
	})
}

func TestLeavingAndClosing(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s, sw := bridge(t, Opts{})
		a := calltest.NewLeg("sip/A", call.Party{Number: "A"})
		b := calltest.NewLeg("sip/B", call.Party{Number: "B"})
		c := calltest.NewLeg("sip/C", call.Party{Number: "C"})
		for _, l := range []*calltest.Leg{a, b, c} {
			sw.Incoming(l, "300")
			synctest.Wait() // joined, in this order
		}
		time.Sleep(time.Second)
		b.HangsUp(call.CauseNormal)
		time.Sleep(time.Second)
		if got := s.Parties("300"); len(got) != 2 || got[0].Number != "A" || got[1].Number != "C" {
			t.Errorf("Parties after B left = %v; want A and C", got)
		}
		// A and C hear the leave tone (600 and 900 Hz), then silence.
		heard := a.Heard()
		tone := heard[len(heard)-50 : len(heard)-40] // 1 s ago: the tone
		if power(tone, 900)+power(tone, 600) < 1e3 {
			t.Error("A did not hear the leave tone")
		}
		if p := power(heard[len(heard)-10:], 900); p > 1 {
			t.Errorf("A hears %v at 900 Hz after the tone", p)
		}
		a.HangsUp(call.CauseNormal)
		c.HangsUp(call.CauseNormal)
		synctest.Wait()
		if got := s.Rooms(); len(got) != 0 {
			t.Errorf("Rooms() = %v after everyone left; want none", got)
		}
	})
}

func TestFullRoom(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := New(Opts{MaxParties: 2, Logger: quiet()})
		defer s.Close()
		ctx := context.Background()
		for i := range 2 {
			if _, err := s.Dial(ctx, "300", call.Party{}); err != nil {
				t.Fatalf("Dial %d: %v", i, err)
			}
		}
		if _, err := s.Dial(ctx, "300", call.Party{}); !errors.Is(err, call.CauseCongestion) {
			t.Errorf("Dial into a full room: %v; want congestion", err)
		}
		if _, err := s.Dial(ctx, "abc", call.Party{}); !errors.Is(err, call.CauseUnavailable) {
			t.Errorf("Dial room abc: %v; want unavailable", err)
		}
	})
}

func TestCancelledDialLeaves(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := New(Opts{Logger: quiet()})
		ctx, cancel := context.WithCancel(context.Background())
		leg, err := s.Dial(ctx, "301", call.Party{Number: "101"})
		if err != nil {
			t.Fatal(err)
		}
		if ev := <-leg.Events(); ev.Kind != call.EventAnswer {
			t.Errorf("first event %v; want answer", ev.Kind)
		}
		cancel()
		synctest.Wait()
		if ev := <-leg.Events(); ev.Kind != call.EventHangup {
			t.Errorf("event %v after cancel; want hangup", ev.Kind)
		}
		var f call.Frame
		if err := leg.Audio().ReadFrame(&f); err != io.EOF {
			t.Errorf("ReadFrame after leaving: %v; want EOF", err)
		}
		s.Close()
		if _, err := s.Dial(context.Background(), "301", call.Party{}); !errors.Is(err, ErrClosed) {
			t.Errorf("Dial after Close: %v; want ErrClosed", err)
		}
	})
}
