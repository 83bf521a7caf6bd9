package gsm_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
	gsmchan "github.com/hookflash/firmware/pbx/chan/gsm"
	"github.com/hookflash/firmware/pbx/dsp"
)

const employee = "+79161234567"

// listenFor makes the far end of md report the call progress tones of
// the Russian plan it hears.
func listenFor(t *testing.T, md *module) <-chan dsp.CPTone {
	t.Helper()
	plan, err := dsp.BuiltinPlan("RU")
	if err != nil {
		t.Fatal(err)
	}
	det, err := dsp.NewCallProgressDetector(&plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	tones := make(chan dsp.CPTone, 64)
	var evs []dsp.CPEvent
	md.far.set(nil, func(f *hal.Frame) {
		evs = det.Process(f[:], evs[:0])
		for _, e := range evs {
			if !e.End {
				select {
				case tones <- e.Tone:
				default:
				}
			}
		}
	})
	return tones
}

// hear waits until the far end recognises want, for at most within.
func hear(t *testing.T, tones <-chan dsp.CPTone, want dsp.CPTone, within time.Duration) {
	t.Helper()
	timeout := time.After(within)
	for {
		select {
		case got := <-tones:
			if got == want {
				return
			}
		case <-timeout:
			t.Fatalf("the far end did not hear %v tone within %v", want, within)
		}
	}
}

// press makes the far end dial digits: modem DTMF reports, or DTMF tones
// on the audio.
func press(t *testing.T, md *module, inband bool, digits string) {
	t.Helper()
	if !inband {
		for i := 0; i < len(digits); i++ {
			md.m.RemoteDTMF(digits[i])
			time.Sleep(200 * time.Millisecond)
		}
		return
	}
	gen, err := dsp.NewDTMFGen(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := gen.Send(digits); err != nil {
		t.Fatal(err)
	}
	md.far.set(func(out []int16) { gen.Generate(out) }, nil)
	time.Sleep(time.Duration(len(digits)) * 200 * time.Millisecond)
}

func TestFMCInternalDialTone(t *testing.T) {
	tests := []struct {
		name    string
		dialect sim.ModemDialect
		inband  bool
		digits  string // "#" ends them; without it the inter-digit timeout does
		pin     string
	}{
		{"modem DTMF, timeout ends", sim.ModemSIM800, false, "101", ""},
		{"in-band DTMF, hash ends", sim.ModemEC25, true, "101#", ""},
		{"PIN then number", sim.ModemSIM800, false, "101#", "4321"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{dialects: []sim.ModemDialect{tt.dialect}, inband: tt.inband, mobile: "89161234567",
					opts: gsmchan.ModuleOptions{FMC: true, FMCPIN: tt.pin}})
				md := r.mods[0]
				callers := make(chan call.CallInfo, 1)
				r.setHandler(func(ctx context.Context, c call.Control) {
					callers <- c.Info()
					<-ctx.Done()
				})
				md.m.IncomingCall(employee)
				if tt.pin != "" {
					time.Sleep(time.Second) // answered; the PIN prompt beeps
					press(t, md, tt.inband, tt.pin)
				}
				tones := listenFor(t, md)
				hear(t, tones, dsp.CPDial, 5*time.Second)
				if calls := md.m.Calls(); len(calls) != 1 || calls[0].Stat != 0 {
					t.Errorf("modem calls = %+v; want the FMC call answered", calls)
				}
				press(t, md, tt.inband, tt.digits)
				in := r.incoming()
				if in.called != "101" {
					t.Errorf("called = %q; want 101", in.called)
				}
				if got := in.leg.Remote(); got.Number != "101" || got.Name != "Anna" {
					t.Errorf("Remote() = %+v; want extension 101, Anna", got)
				}
				ext, ok := in.leg.(interface{ Extension() string })
				if !ok || ext.Extension() != "101" {
					t.Errorf("leg Extension() missing or not 101")
				}
				info := <-callers
				if info.Caller.Number != "101" || info.Called != "101" || info.Channel != "mobile/1" {
					t.Errorf("switch sees %+v; want 101 calling 101 on mobile/1", info)
				}
			})
		})
	}
}

func TestFMCRefused(t *testing.T) {
	tests := []struct {
		name   string
		pin    string
		press  string
		within time.Duration // congestion heard within
	}{
		{"wrong PIN", "4321", "1234", 5 * time.Second},
		{"nothing dialled", "", "", 20 * time.Second}, // FMCFirstDigit is 15 s
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800}, mobile: employee,
					opts: gsmchan.ModuleOptions{FMC: true, FMCPIN: tt.pin}})
				md := r.mods[0]
				md.m.IncomingCall(employee)
				time.Sleep(time.Second)
				press(t, md, false, tt.press)
				tones := listenFor(t, md)
				hear(t, tones, dsp.CPCongestion, tt.within)
				time.Sleep(5 * time.Second)
				synctest.Wait()
				if calls := md.m.Calls(); len(calls) != 0 {
					t.Errorf("modem calls = %+v; want the call hung up", calls)
				}
				select {
				case in := <-r.in.got:
					t.Errorf("leg %s handed to the switch; want none", in.leg.ID())
				default:
				}
			})
		})
	}
}

func TestFMCOffIsAnOrdinaryCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800}, mobile: employee})
		r.mods[0].m.IncomingCall(employee)
		in := r.incoming()
		if in.called != "" || in.leg.Remote().Number != employee || in.leg.(interface{ Extension() string }).Extension() != "" {
			t.Errorf("leg from %+v calling %q; want the mobile's number, no extension, nothing dialled", in.leg.Remote(), in.called)
		}
		if calls := r.mods[0].m.Calls(); len(calls) != 1 || calls[0].Stat != 4 {
			t.Errorf("modem calls = %+v; want it ringing, not answered", calls)
		}
	})
}
