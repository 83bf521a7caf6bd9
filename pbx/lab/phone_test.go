package lab

import (
	"math"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/dsp"
)

// fxsDev brings up the real FXS driver on slot and runs it until the test
// ends.
func (r *rig) fxsDev(slot string) *fxs.Dev {
	r.t.Helper()
	c, err := r.w.SPI(r.module(slot))
	if err != nil {
		r.t.Fatal(err)
	}
	d, err := fxs.New(c, nil)
	if err != nil {
		r.t.Fatalf("fxs.New(%s): %v", slot, err)
	}
	go d.Run(r.ctx)
	go func() { // nobody else reads the hook events here
		for {
			select {
			case <-d.Events():
			case <-r.ctx.Done():
				return
			}
		}
	}()
	return d
}

func TestPhoneRingsWithTheDriver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		d := r.fxsDev("fxs2")
		p, _ := r.lab.Phone("fxs2")
		ru, _ := fxs.CountryRinging("RU")
		if err := d.Ring(&ru); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 2*time.Second, "first ring", func() bool { s := p.State(); return s.Ringing && s.Bell && s.Rings == 1 })
		waitFor(t, 6*time.Second, "second ring", func() bool { return p.State().Rings == 2 })
		if s := p.State(); !s.Ringing {
			t.Errorf("state %+v; want ringing", s)
		}
		p.OffHook() // ring trip
		waitFor(t, time.Second, "ring trip", func() bool { return !d.Ringing() })
		// The lab sees the line each 20 ms frame: wait for the next one.
		waitFor(t, 100*time.Millisecond, "off-hook, not ringing, no rings", func() bool {
			s := p.State()
			return !s.Ringing && s.Rings == 0 && s.OffHook
		})
	})
}

func TestPhoneDecodesCallerID(t *testing.T) {
	tests := []struct {
		name string
		pcm  func() []int16
		want CallerID
	}{
		{"fsk mdmf", func() []int16 {
			c := dsp.CallerID{Time: "01021504", Number: "101", Name: "Reception"}
			f, _ := c.AppendMDMF(nil)
			pcm := make([]int16, dsp.FSKBurstLen(&dsp.DefaultFSKModOpts, len(f)))
			dsp.FSKModulate(pcm, &dsp.DefaultFSKModOpts, f)
			return pcm
		}, CallerID{Number: "101", Name: "Reception", Format: "fsk"}},
		{"bell202 sdmf", func() []int16 {
			c := dsp.CallerID{Time: "01021504", Number: "5551234"}
			f, _ := c.AppendSDMF(nil)
			o := dsp.FSKModOpts{Standard: dsp.Bell202, DBm0: -13, SeizureBits: 300, MarkBits: 180}
			pcm := make([]int16, dsp.FSKBurstLen(&o, len(f)))
			dsp.FSKModulate(pcm, &o, f)
			return pcm
		}, CallerID{Number: "5551234", Format: "fsk"}},
		{"dtmf", func() []int16 {
			g, _ := dsp.NewDTMFGen(&dsp.DefaultDTMFCLIPGenOpts)
			g.Send("A102C")
			pcm := make([]int16, dsp.DTMFCLIPBurstLen(5, &dsp.DefaultDTMFCLIPGenOpts)+800)
			g.Generate(pcm)
			return pcm
		}, CallerID{Number: "102", Format: "dtmf"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, nil)
				bx := r.newBox("fxs2")
				p, _ := r.lab.Phone("fxs2")
				bx.send(tc.pcm())
				waitFor(t, 3*time.Second, "caller ID", func() bool { return p.State().CallerID != nil })
				if got := *p.State().CallerID; got != tc.want {
					t.Errorf("caller ID %+v; want %+v", got, tc.want)
				}
			})
		})
	}
}

func TestPhoneHearsTonesAndDials(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		bx := r.newBox("fxs1")
		p, _ := r.lab.Phone("fxs1")
		plan, _ := dsp.BuiltinPlan("RU")
		p.OffHook()
		bx.play(&plan.Dial)
		waitFor(t, 3*time.Second, "dial tone", func() bool { return p.State().Hears == HearsDial })
		if s := p.State(); s.LevelDBm0 == nil || math.Abs(*s.LevelDBm0-plan.Dial.DBm0) > 0.3 || s.ToneHz == nil || math.Abs(*s.ToneHz-425) > 2 {
			t.Errorf("dial tone heard at %v dBm0, %v Hz; want %v dBm0, 425 Hz", s.LevelDBm0, s.ToneHz, plan.Dial.DBm0)
		}

		if err := p.Dial("102", DialDTMF); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 2*time.Second, "digits at the box", func() bool { d, _, _, _ := bx.get(); return d == "102" })

		stutter := dsp.Tone{Hz: plan.Dial.Hz, Cadence: []int{100, 100}, DBm0: plan.Dial.DBm0}
		bx.play(&stutter)
		waitFor(t, time.Second, "stutter dial tone", func() bool { return p.State().Hears == HearsStutter })
		bx.play(&plan.Dial)
		waitFor(t, 3*time.Second, "dial tone after the stutter", func() bool { return p.State().Hears == HearsDial })
		bx.play(&plan.Busy)
		waitFor(t, 4*time.Second, "busy tone", func() bool { return p.State().Hears == HearsBusy })
		bx.play(&plan.Congestion)
		waitFor(t, 4*time.Second, "congestion", func() bool { return p.State().Hears == HearsCongestion })
		bx.play(&plan.SIT)
		waitFor(t, 4*time.Second, "the special information tone", func() bool { return p.State().Hears == HearsSIT })
		bx.play(&plan.Ringback)
		waitFor(t, 12*time.Second, "ringback", func() bool { return p.State().Hears == HearsRingback })
		bx.play(nil)
		waitFor(t, 6*time.Second, "silence", func() bool { return p.State().Hears == HearsSilence })

		// A test tone both ways, measured within 0.2 dB and 1 Hz.
		bx.play(&dsp.Tone{Hz: []float64{1000}, DBm0: -13})
		waitFor(t, time.Second, "test tone", func() bool {
			s := p.State()
			return s.LevelDBm0 != nil && math.Abs(*s.LevelDBm0+13) < 0.2 && s.ToneHz != nil && math.Abs(*s.ToneHz-1000) < 1
		})
		if err := p.Tone(ToneRequest{Hz: 1000, DBm0: -10, Ms: 500}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, time.Second, "tone at the box", func() bool { _, _, _, l := bx.get(); return math.Abs(l+10) < 0.2 })
		waitFor(t, time.Second, "tone ends after 500 ms", func() bool { _, _, _, l := bx.get(); return math.IsInf(l, -1) })

		// Digits the box sends are heard off-hook; DTMF from the phone while
		// on-hook is refused.
		bx.play(nil)
		bx.send(dtmfPCM("5#"))
		waitFor(t, time.Second, "digits heard", func() bool { return p.State().Digits == "5#" })
		p.OnHook()
		if err := p.Dial("1", DialDTMF); err == nil {
			t.Error("Dial on-hook succeeded")
		}
	})
}

func TestPhonePulseDialsAndFlashes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		c, _ := r.w.SPI(r.module("fxs3"))
		d, err := fxs.New(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		go d.Run(r.ctx)
		p, _ := r.lab.Phone("fxs3")
		p.OffHook()
		var got []string
		next := func() fxs.Event { return <-d.Events() }
		if e := next(); e.Kind != fxs.OffHook {
			t.Fatalf("first event %v; want off-hook", e)
		}
		if err := p.Dial("20", DialPulse); err != nil {
			t.Fatal(err)
		}
		for len(got) < 2 {
			if e := next(); e.Kind == fxs.Digit {
				got = append(got, string(e.Digit))
			}
		}
		if got[0] != "2" || got[1] != "0" {
			t.Errorf("driver decoded %q; want 2, 0", got)
		}
		waitFor(t, 2*time.Second, "pulse dialling done", func() bool { return !p.State().Dialling })
		if err := p.Flash(0); err != nil {
			t.Fatal(err)
		}
		for {
			if e := next(); e.Kind == fxs.Flash {
				break
			}
		}
		if err := p.Dial("1*", DialPulse); err == nil {
			t.Error("pulse dialling * succeeded")
		}
	})
}

func TestRingCount(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	seg := func(on bool, start, dur float64) sim.RingSegment {
		return sim.RingSegment{On: on, Start: at(start), Duration: time.Duration(dur * float64(time.Second))}
	}
	tests := []struct {
		name        string
		log         []sim.RingSegment
		since, now  float64
		lifted      bool // the hook change at since was a lift
		rings       int
		stillRinged bool
	}{
		{"none", nil, 0, 10, false, 0, false},
		{"first ring on", []sim.RingSegment{seg(true, 1, 0)}, 0, 1.5, false, 1, true},
		{"in the silence", []sim.RingSegment{seg(true, 1, 1), seg(false, 2, 0)}, 0, 4, false, 1, true},
		{"third ring", []sim.RingSegment{seg(true, 1, 1), seg(false, 2, 4), seg(true, 6, 1), seg(false, 7, 4), seg(true, 11, 0)}, 0, 11.5, false, 3, true},
		{"gave up", []sim.RingSegment{seg(true, 1, 1), seg(false, 2, 0)}, 0, 20, false, 1, false},
		{"new ringing", []sim.RingSegment{seg(true, 1, 1), seg(false, 2, 30), seg(true, 32, 0)}, 0, 32.5, false, 1, true},
		{"answered", []sim.RingSegment{seg(true, 1, 1), seg(false, 2, 0)}, 3, 4, true, 0, false},
		{"answered as a ring began", []sim.RingSegment{seg(true, 1, 1), seg(false, 2, 4), seg(true, 6, 0), seg(false, 6, 0)}, 6, 6.1, true, 0, false},
		{"rung as it was hung up", []sim.RingSegment{seg(true, 6, 0)}, 6, 6.1, false, 1, true},
	}
	for _, tc := range tests {
		rings, ringing := ringCount(tc.log, at(tc.since), at(tc.now), tc.lifted)
		if rings != tc.rings || ringing != tc.stillRinged {
			t.Errorf("%s: ringCount = %d, %v; want %d, %v", tc.name, rings, ringing, tc.rings, tc.stillRinged)
		}
	}
}

func TestSineHz(t *testing.T) {
	tests := []struct {
		name string
		tone dsp.Tone
		want float64 // 0: not one sine
	}{
		{"1 kHz", dsp.Tone{Hz: []float64{1000}, DBm0: -10}, 1000},
		{"425 Hz", dsp.Tone{Hz: []float64{425}, DBm0: -30}, 425},
		{"2.8 kHz", dsp.Tone{Hz: []float64{2800}, DBm0: 0}, 2800},
		{"US dial tone", dsp.Tone{Hz: []float64{350, 440}, DBm0: -13}, 0},
		{"DTMF 5", dsp.Tone{Hz: []float64{770, 1336}, DBm0: -6}, 0},
	}
	for _, tc := range tests {
		g, err := dsp.NewToneGen(tc.tone)
		if err != nil {
			t.Fatal(err)
		}
		pcm := make([]int16, 1600)
		g.Generate(pcm)
		hz, ok := sineHz(pcm)
		if tc.want == 0 {
			if ok {
				t.Errorf("%s: sineHz = %v; want not a sine", tc.name, hz)
			}
			continue
		}
		if !ok || math.Abs(hz-tc.want) > 0.5 {
			t.Errorf("%s: sineHz = %v, %v; want %v", tc.name, hz, ok, tc.want)
		}
	}
	if _, ok := sineHz(make([]int16, 1600)); ok {
		t.Error("sineHz(silence) reported a tone")
	}
}
