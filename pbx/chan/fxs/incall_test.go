package fxs

import (
	"math"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// TestEchoCanceller: port 2's hybrid returns what its phone hears 6 dB
// down. On a voice port with the echo canceller, port 1 hears next to
// nothing of it; without it, or on a fax port, port 1 hears the echo.
// Port 1's phone says white noise, or a steady tone: then both ports'
// cancellers (port 1's is on too) see the tone at Rin and at Sin, and
// neither may cancel it or add to it.
func TestEchoCanceller(t *testing.T) {
	const speech, echoGain = -10.0, 0.5 // the echo comes back at -16 dBm0
	tests := []struct {
		name   string
		spec   portSpec
		echoed bool
	}{
		{"voice", portSpec{ext: "102"}, false},
		{"voice without canceller", portSpec{ext: "102", noEcho: true}, true},
		{"fax", portSpec{ext: "102", mode: store.FXSFax}, true},
	}
	talkers := []struct {
		name  string
		speak func(e *ear)
	}{
		{"noise", func(e *ear) { e.speakNoise(speech) }},
		{"tone_1000Hz", func(e *ear) { e.speak(1000, speech) }},
	}
	for _, tc := range tests {
		for _, talker := range talkers {
			t.Run(tc.name+"/"+talker.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					r := newRig(t, map[int]portSpec{1: {ext: "101"}, 2: tc.spec}, nil)
					a, b := r.lines[1], r.lines[2]
					b.ear.setEcho(echoGain)
					r.offHookDialTone(1, "RU")
					a.ear.dial("102")
					waitFor(t, "port 2 to ring", 5*time.Second, b.phone.Ringing)
					b.phone.OffHook()
					waitFor(t, "the bridge", 5*time.Second, func() bool { return len(r.sw.Active()) == 1 && r.sw.Active()[0].Peer == "fxs/2" })
					talker.speak(a.ear)
					time.Sleep(4 * time.Second)
					if got := b.ear.level(50); math.Abs(got-speech) > 1 {
						t.Errorf("port 2 hears %.1f dBm0; want %.1f", got, speech)
					}
					got := a.ear.level(50)
					want := speech + 20*math.Log10(echoGain)
					switch {
					case tc.echoed && math.Abs(got-want) > 1.5:
						t.Errorf("echo at port 1: %.1f dBm0; want %.1f (no canceller)", got, want)
					case !tc.echoed && got > want-30:
						t.Errorf("echo at port 1: %.1f dBm0; want at least 30 dB below %.1f", got, want)
					}
				})
			})
		}
	}
}

// answeredLeg rings port n with Dial and answers it from the phone.
func answeredLeg(t *testing.T, r *rig, n int) (call.Leg, *eventLog) {
	t.Helper()
	leg, err := r.ch.Dial(t.Context(), "port/"+string(rune('0'+n)), call.Party{Number: "+74951234567"})
	if err != nil {
		t.Fatal(err)
	}
	ev := logEvents(leg)
	waitFor(t, "ringing", 5*time.Second, r.lines[n].phone.Ringing)
	r.lines[n].phone.OffHook()
	waitFor(t, "the answer", 2*time.Second, func() bool { return ev.has(call.EventAnswer) })
	return leg, ev
}

// TestInCallSignals: in a call, a voice port reports the phone's digits
// and plays the far end's; a fax port, or a voice port whose call the dial
// plan switched to carry a fax (CarryFax), does neither. A flash is
// reported either way.
func TestInCallSignals(t *testing.T) {
	tests := []struct {
		name, mode string
		carryFax   bool
		wantDigits bool
	}{
		{"voice", store.FXSVoice, false, true},
		{"fax", store.FXSFax, false, false},
		{"voice carrying a fax", store.FXSVoice, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, map[int]portSpec{1: {ext: "101", mode: tc.mode}}, nil)
				l := r.lines[1]
				leg, ev := answeredLeg(t, r, 1)
				if tc.carryFax {
					leg.(interface{ CarryFax() }).CarryFax()
				}

				l.ear.dial("5")
				time.Sleep(time.Second)
				if got := ev.has(call.EventDigit); got != tc.wantDigits {
					t.Errorf("events %v; want a digit: %v", ev.kinds(), tc.wantDigits)
				}
				if err := leg.SendDigits(t.Context(), "7"); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Second)
				if got, want := l.ear.heardDigits(), map[bool]string{true: "7", false: ""}[tc.wantDigits]; got != want {
					t.Errorf("phone heard digits %q; want %q", got, want)
				}
				if err := leg.SendDigits(t.Context(), "x"); tc.wantDigits && err == nil {
					t.Error("SendDigits(x) = nil; want an error")
				}

				if err := l.phone.Flash(t.Context(), 300*time.Millisecond); err != nil {
					t.Fatal(err)
				}
				waitFor(t, "the flash", time.Second, func() bool { return ev.has(call.EventFlash) })

				// The far end hangs up: the phone hears busy until it hangs up.
				if err := leg.Hangup(t.Context(), call.CauseNormal); err != nil {
					t.Fatal(err)
				}
				<-ev.done
				waitFor(t, "busy tone", 5*time.Second, func() bool { return l.ear.tone("RU") == dsp.CPBusy })
				if err := leg.Hangup(t.Context(), call.CauseNormal); err != call.ErrLegEnded {
					t.Errorf("second Hangup = %v; want ErrLegEnded", err)
				}
				var f call.Frame
				if err := leg.Audio().ReadFrame(&f); err == nil {
					t.Error("ReadFrame after the end = nil; want io.EOF")
				}
				l.phone.OnHook()
				waitFor(t, "idle", 2*time.Second, func() bool { return r.ch.Status()[0].State == "idle" })
			})
		})
	}
}

// TestPhoneHangsUp: on-hook in a call ends the leg with CauseNormal.
func TestPhoneHangsUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, map[int]portSpec{1: {ext: "101"}}, nil)
		_, ev := answeredLeg(t, r, 1)
		r.lines[1].phone.OnHook()
		<-ev.done
		kinds := ev.kinds()
		if len(kinds) == 0 || kinds[len(kinds)-1] != "hangup normal" {
			t.Errorf("events %v; want to end with hangup normal", kinds)
		}
	})
}

// TestConfigReload: a change in the store reaches the next call, and a
// call in progress keeps its settings.
func TestConfigReload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, map[int]portSpec{1: {ext: "101"}, 2: {ext: "102"}}, nil)
		_, ev := answeredLeg(t, r, 2)

		rows, err := r.st.FXSPorts().List(r.ctx)
		r.must(err)
		for _, row := range rows {
			row.Country, row.Mode = "US", store.FXSFax
			r.must(r.st.FXSPorts().Update(r.ctx, &row))
		}
		time.Sleep(500 * time.Millisecond)

		r.lines[2].ear.dial("3") // still a voice call
		waitFor(t, "the digit of the call in progress", 2*time.Second, func() bool { return ev.has(call.EventDigit) })
		r.lines[1].phone.OffHook()
		time.Sleep(2 * time.Second)
		if lv := r.lines[1].ear.powerAt(350); lv < -14 {
			t.Errorf("port 1 hears %.1f dBm0 at 350 Hz; want the US dial tone after the change", lv)
		}
		if st := r.ch.Status()[0]; st.Mode != store.FXSFax {
			t.Errorf("Status = %+v; want mode fax", st)
		}
	})
}

// TestMessageWaiting: the MWI burst goes out on-hook with the line
// reversed, stutter dial tone plays while a message waits, and turning it
// off while the phone is off-hook is sent once it hangs up.
func TestMessageWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, map[int]portSpec{1: {ext: "101"}}, nil)
		l := r.lines[1]
		time.Sleep(time.Second)
		if err := r.ch.SetMessageWaiting(1, true); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the MWI burst", 3*time.Second, func() bool { return l.ear.level(10) > -20 })
		waitFor(t, "the line back to normal", 3*time.Second, func() bool { return len(l.phone.Reversals()) == 2 })
		if st := r.ch.Status()[0]; !st.MessageWaiting || st.State != "idle" {
			t.Errorf("Status = %+v; want idle with a message waiting", st)
		}

		start := len(l.ear.heard())
		l.phone.OffHook()
		time.Sleep(4 * time.Second)
		lv := l.ear.heard()[start:]
		gaps := 0
		for i := 1; i < len(lv) && i < 100; i++ { // the first 2 s
			if lv[i] < -40 && lv[i-1] > -20 {
				gaps++
			}
		}
		if gaps < 5 {
			t.Errorf("%d breaks in the first 2 s of dial tone; want stutter dial tone", gaps)
		}
		if tone := l.ear.tone("RU"); tone != dsp.CPDial {
			t.Errorf("after the stutter the phone hears %v; want dial", tone)
		}

		r.must(r.ch.SetMessageWaiting(1, false))
		time.Sleep(time.Second)
		if n := len(l.phone.Reversals()); n != 2 {
			t.Errorf("%d reversals while off-hook; want MWI held until on-hook", n)
		}
		l.phone.OnHook()
		waitFor(t, "the MWI off burst", 5*time.Second, func() bool { return len(l.phone.Reversals()) == 4 })
		if err := r.ch.SetMessageWaiting(9, true); err == nil {
			t.Error("SetMessageWaiting(9) = nil; want an error for a port the box has not")
		}
	})
}
