package fxs

import (
	"context"
	"errors"
	"math"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal/sim"
)

// rig is a driver on an emulated Si3210 with a phone on the line.
type rig struct {
	slic  *sim.SLIC
	phone *sim.Phone
	dev   *Dev
	start time.Time
}

// newRig must run inside a synctest bubble. It starts Run until the test
// ends.
func newRig(t *testing.T, o *Opts) *rig {
	t.Helper()
	s := sim.NewSLIC(nil)
	p := sim.NewPhone(nil)
	s.Attach(p)
	d, err := New(s.Port().Conn(), o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	runDev(t, d, s)
	return &rig{slic: s, phone: p, dev: d, start: time.Now()}
}

// runDev runs d until the test ends, then checks that Run stopped on the
// cancelled context and that s saw no SPI framing errors.
func runDev(t *testing.T, d *Dev, s *sim.SLIC) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v; want context.Canceled", err)
		}
		if errs := s.ProtocolErrors(); len(errs) > 0 {
			t.Errorf("SPI framing errors seen by the chip: %q", errs)
		}
	})
}

// events returns the events that arrive within d.
func (r *rig) events(d time.Duration) []Event {
	var evs []Event
	deadline := time.After(d)
	for {
		select {
		case e := <-r.dev.Events():
			evs = append(evs, e)
		case <-deadline:
			return evs
		}
	}
}

func kinds(evs []Event) []string {
	var s []string
	for _, e := range evs {
		s = append(s, e.String())
	}
	return s
}

func TestRingRussianCadence(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		ru, ok := CountryRinging("RU")
		if !ok {
			t.Fatal("no Russian ringing")
		}
		if err := r.dev.Ring(&ru); err != nil {
			t.Fatal(err)
		}
		time.Sleep(15500 * time.Millisecond) // rings at 0-1, 5-6, 10-11, 15-16 s
		log := r.phone.RingLog()
		if len(log) < 6 {
			t.Fatalf("phone saw %d ring segments; want >= 6: %+v", len(log), log)
		}
		for i, seg := range log[:6] {
			want := time.Second
			if !seg.On {
				want = 4 * time.Second
			}
			if seg.On != (i%2 == 0) || seg.Duration != want {
				t.Errorf("segment %d = on:%v %v; want on:%v %v", i, seg.On, seg.Duration, i%2 == 0, want)
			}
			if seg.On && (math.Abs(seg.Hz-25) > 0.1 || math.Abs(seg.Vpk-65) > 1) {
				t.Errorf("segment %d rings at %.2f Hz %.1f Vpk; want 25 Hz 65 Vpk", i, seg.Hz, seg.Vpk)
			}
		}
		if !r.phone.Ringing() {
			t.Errorf("phone not ringing at 15.5 s (fourth ring 15-16 s)")
		}

		// Answer during the ring: ring trip stops ringing and feeds the line.
		time.Sleep(100 * time.Millisecond)
		r.phone.OffHook()
		evs := r.events(time.Second)
		if len(evs) != 1 || evs[0].Kind != OffHook {
			t.Fatalf("events after answering = %v; want [off-hook]", kinds(evs))
		}
		if r.phone.Ringing() || r.dev.Ringing() {
			t.Errorf("still ringing after the phone answered")
		}
		if lf, err := r.dev.Linefeed(); err != nil || lf != ForwardActive {
			t.Errorf("Linefeed() = %v, %v; want forward active", lf, err)
		}
		if i, err := r.dev.LoopCurrent(); err != nil || math.Abs(i-23) > 1.5 {
			t.Errorf("LoopCurrent() = %.1f mA, %v; want about 23 mA", i, err)
		}
	})
}

// TestRingTripShortAnswer: a lift shorter than the hook debounce while
// the phone rings still trips the ring (the chip debounced the trip), so
// it is an answer: the driver reports it, and the hang-up after it, and
// never leaves a ringing it stopped unexplained.
func TestRingTripShortAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		ru, _ := CountryRinging("RU")
		if err := r.dev.Ring(&ru); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		r.phone.OffHook()
		time.Sleep(DefaultOpts.Debounce / 2)
		r.phone.OnHook()
		evs := r.events(2 * time.Second)
		if len(evs) != 2 || evs[0].Kind != OffHook || evs[1].Kind != OnHook {
			t.Fatalf("events after a %v answer = %v; want [off-hook on-hook]", DefaultOpts.Debounce/2, kinds(evs))
		}
		if r.dev.Ringing() || r.dev.OffHook() {
			t.Errorf("Ringing() = %v, OffHook() = %v after the short answer; want false, false", r.dev.Ringing(), r.dev.OffHook())
		}
	})
}

// TestRingTripSeenByInterrupt: a lift while the phone rings that is over
// before the driver reads the loop status still reached it as a ring trip
// interrupt (register 19), which is the answer: OffHook, and no more
// ringing.
func TestRingTripSeenByInterrupt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := sim.NewSLIC(nil)
		p := sim.NewPhone(nil)
		s.Attach(p)
		d, err := New(s.Port().Conn(), nil)
		if err != nil {
			t.Fatal(err)
		}
		ru, _ := CountryRinging("RU")
		if err := d.Ring(&ru); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		p.OffHook()
		p.OnHook()
		lifted, err := d.serviceIRQ()
		if err != nil || !lifted {
			t.Fatalf("serviceIRQ() = %v, %v; want the lift reported", lifted, err)
		}
		h := &hookDecoder{debounce: d.o.Debounce, flashMin: d.o.FlashMin, flashMax: d.o.FlashMax, interDigit: d.o.InterDigit}
		if err := d.check(context.Background(), h, lifted); err != nil {
			t.Fatal(err)
		}
		select {
		case e := <-d.Events():
			if e.Kind != OffHook {
				t.Errorf("event %v; want off-hook", e)
			}
		default:
			t.Error("no event after the ring trip interrupt; want off-hook")
		}
		if d.Ringing() {
			t.Error("still ringing after the ring trip")
		}
		d.StopRing()
	})
}

func TestRingNeedsRingRegisters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		// The ringing linefeed alone, with the amplitude zeroed, rings
		// nothing: the SLIC only rings when its ring registers say so.
		r.dev.mu.Lock()
		err := r.dev.writeIndirect(irRNGX, 0)
		r.dev.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if err := r.dev.Ring(nil); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		if r.phone.Ringing() || len(r.phone.RingLog()) != 0 {
			t.Errorf("phone rang with RNGX = 0")
		}
		if err := r.dev.StopRing(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOffHookDebounced(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		ctx := context.Background()

		// A 10 ms glitch is shorter than the debounce: nothing.
		r.phone.OffHook()
		time.Sleep(10 * time.Millisecond)
		r.phone.OnHook()
		if evs := r.events(time.Second); len(evs) != 0 {
			t.Fatalf("events after a 10 ms glitch = %v; want none", kinds(evs))
		}

		// Lifting with contact bounce (3 chatters, 3 ms apart) gives one
		// off-hook, after the contacts settle plus the debounce.
		lift := time.Now()
		if err := r.phone.Bounce(ctx, true, 3, 3*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		settled := time.Now()
		e := <-r.dev.Events()
		got := time.Now()
		if e.Kind != OffHook {
			t.Fatalf("event = %v; want off-hook", e)
		}
		if e.At.Before(lift) || e.At.After(settled.Add(DefaultOpts.PollInterval)) {
			t.Errorf("off-hook At = +%v; want within the bounce +0..+%v plus one poll", e.At.Sub(lift), settled.Sub(lift))
		}
		if d := got.Sub(settled); d < DefaultOpts.Debounce-DefaultOpts.PollInterval || d > DefaultOpts.Debounce+2*DefaultOpts.PollInterval {
			t.Errorf("off-hook reported %v after the contacts settled; want the debounce (%v) within a poll or two", d, DefaultOpts.Debounce)
		}
		if evs := r.events(2 * time.Second); len(evs) != 0 {
			t.Errorf("extra events %v", kinds(evs))
		}
		if !r.dev.OffHook() {
			t.Errorf("OffHook() = false after the off-hook event")
		}
	})
}

func TestFlashAndHangUp(t *testing.T) {
	// Break lengths are measured on 5 ms polls, so the cases stay a poll
	// away from the window edges (100 and 800 ms).
	tests := []struct {
		name string
		brk  time.Duration
		want []EventKind
	}{
		{"300 ms is a flash", 300 * time.Millisecond, []EventKind{Flash}},
		{"1 s is a hang-up", time.Second, []EventKind{OnHook, OffHook}},
		{"150 ms is a flash", 150 * time.Millisecond, []EventKind{Flash}},
		{"750 ms is a flash", 750 * time.Millisecond, []EventKind{Flash}},
		{"850 ms is a hang-up", 850 * time.Millisecond, []EventKind{OnHook, OffHook}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, nil)
				r.phone.OffHook()
				if evs := r.events(time.Second); len(evs) != 1 || evs[0].Kind != OffHook {
					t.Fatalf("events after lifting = %v", kinds(evs))
				}
				if err := r.phone.Flash(context.Background(), tc.brk); err != nil {
					t.Fatal(err)
				}
				evs := r.events(2 * time.Second)
				ok := len(evs) == len(tc.want)
				for i := 0; ok && i < len(evs); i++ {
					ok = evs[i].Kind == tc.want[i]
				}
				if !ok {
					t.Fatalf("on-hook for %v: events %v; want %v", tc.brk, kinds(evs), tc.want)
				}
				if evs[0].Kind == Flash {
					if d := evs[0].Duration - tc.brk; d < -DefaultOpts.PollInterval || d > DefaultOpts.PollInterval {
						t.Errorf("flash of %v measured as %v; want within one poll", tc.brk, evs[0].Duration)
					}
				}
			})
		})
	}
}

func TestPulseDial(t *testing.T) {
	tests := []struct {
		digits string
		opts   *sim.PulseOpts
	}{
		{"7", nil},
		{"0", nil},
		{"205", nil},
		{"7", &sim.PulseOpts{Break: 67 * time.Millisecond, Make: 33 * time.Millisecond}},  // 10 pps, 2:1
		{"38", &sim.PulseOpts{Break: 70 * time.Millisecond, Make: 50 * time.Millisecond}}, // 8.3 pps
	}
	for _, tc := range tests {
		t.Run(tc.digits, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, nil)
				r.phone.OffHook()
				if evs := r.events(time.Second); len(evs) != 1 || evs[0].Kind != OffHook {
					t.Fatalf("events after lifting = %v", kinds(evs))
				}
				if err := r.phone.PulseDial(context.Background(), tc.digits, tc.opts); err != nil {
					t.Fatal(err)
				}
				var got []byte
				for _, e := range r.events(time.Second) {
					if e.Kind != Digit {
						t.Errorf("unexpected %v while dialling", e)
						continue
					}
					got = append(got, e.Digit)
				}
				if string(got) != tc.digits {
					t.Errorf("pulse-dialled %q, read %q", tc.digits, got)
				}
			})
		})
	}
}

func TestPolarityReversal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		if err := r.dev.SetPolarity(true); err != nil {
			t.Fatal(err)
		}
		if lf, _ := r.dev.Linefeed(); lf != ReverseActive || !r.phone.Reversed() {
			t.Errorf("after SetPolarity(true): linefeed %v, phone reversed %v", lf, r.phone.Reversed())
		}
		if err := r.dev.SetPolarity(false); err != nil {
			t.Fatal(err)
		}
		if n := len(r.phone.Reversals()); n != 2 || r.phone.Reversed() {
			t.Errorf("phone saw %d reversals, reversed=%v; want 2, false", n, r.phone.Reversed())
		}
		// On-hook transmission keeps the polarity: caller ID after reversal.
		if err := r.dev.SetLinefeed(ReverseOHT); err != nil {
			t.Fatal(err)
		}
		if lf, _ := r.dev.Linefeed(); lf != ReverseOHT || !r.phone.Reversed() {
			t.Errorf("linefeed %v reversed %v; want reverse OHT", lf, r.phone.Reversed())
		}
	})
}

func TestDiagnostics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		v, err := r.dev.LineVoltage()
		if err != nil || math.Abs(v-48) > 1 {
			t.Errorf("on-hook LineVoltage() = %.1f V, %v; want about 48 V", v, err)
		}
		if fed, off, err := r.dev.PhoneConnected(); err != nil || !fed || off {
			t.Errorf("PhoneConnected() = %v, %v, %v; want fed, on-hook", fed, off, err)
		}
		r.phone.OffHook()
		time.Sleep(100 * time.Millisecond)
		if fed, off, err := r.dev.PhoneConnected(); err != nil || !fed || !off {
			t.Errorf("PhoneConnected() = %v, %v, %v; want fed, off-hook", fed, off, err)
		}
		if err := r.dev.Ring(nil); !errors.Is(err, ErrOffHook) {
			t.Errorf("Ring while off-hook = %v; want ErrOffHook", err)
		}
	})
}

func TestNewRefuses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := sim.NewSLIC(&sim.SLICOpts{Part: sim.PartSi3215})
		if _, err := New(s.Port().Conn(), nil); !errors.Is(err, ErrUnsupportedPart) {
			t.Errorf("New on a Si3215 = %v; want ErrUnsupportedPart", err)
		}
		s = sim.NewSLIC(nil)
		p := sim.NewPhone(nil)
		s.Attach(p)
		p.OffHook()
		if _, err := New(s.Port().Conn(), nil); !errors.Is(err, ErrOffHookAtInit) {
			t.Errorf("New with the phone off-hook = %v; want ErrOffHookAtInit", err)
		}
		if _, err := New(s.Port().Conn(), &Opts{Debounce: time.Second}); err == nil {
			t.Errorf("New accepted Debounce > FlashMin")
		}
	})
}
