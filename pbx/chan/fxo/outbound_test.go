package fxo

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// dialled waits until the exchange heard want from the box.
func (x *exchange) waitDigits(t *testing.T, want string, within time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got, first := x.digits()
		if got == want {
			return first
		}
		if len(got) > len(want) || time.Now().After(deadline) {
			t.Fatalf("exchange heard %q; want %q within %v", got, want, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestOutgoingDialToneReversalAnswer walks an outgoing call on a line with
// answer supervision: seizure, dial tone recognised, DTMF dialled, early
// media, answer by reversal, digits both ways, clear-down by reversal.
func TestOutgoingDialToneReversalAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{reversalAnswer: true})
		l := r.lines[0]
		ru := plan(t, "RU")
		l.ex.setTone(t, ru.Dial)
		l.ex.mu.Lock()
		l.ex.stopOnDTMF = true
		l.ex.mu.Unlock()

		start := time.Now()
		lg, err := r.ch.Dial(context.Background(), call.TrunkAddress("Line1", "84951234567"), call.Party{Number: "101"})
		if err != nil {
			t.Fatalf("Dial: %v", err)
		}
		if lg.Channel() != "fxo/1" || lg.Remote().Number != "84951234567" {
			t.Errorf("leg channel %q remote %+v; want fxo/1, 84951234567", lg.Channel(), lg.Remote())
		}
		if !l.pstn.Seized() || r.state(1) != "seized" {
			t.Fatalf("after Dial: seized %v, state %s; want seized", l.pstn.Seized(), r.state(1))
		}
		first := l.ex.waitDigits(t, "84951234567", 10*time.Second)
		t.Logf("first digit %v after the seizure", first.Sub(start))
		if d := first.Sub(start); d >= DefaultOpts.DialToneWait {
			t.Errorf("first digit %v after the seizure; want it once dial tone is recognised, before the %v fallback", d, DefaultOpts.DialToneWait)
		}
		if e := nextEvent(t, lg, time.Second); e.Kind != call.EventProgress || !e.Early {
			t.Fatalf("event %+v; want progress with early media", e)
		}
		r.waitState(1, "await-answer", time.Second)
		l.ex.setTone(t, ru.Ringback)
		time.Sleep(6 * time.Second)
		select {
		case e := <-lg.Events():
			t.Fatalf("event %+v while the far end rings; want none", e)
		default:
		}
		l.ex.setTone(t, dsp.Tone{})
		l.pstn.ReversePolarity() // the far end answers
		if e := nextEvent(t, lg, time.Second); e.Kind != call.EventAnswer {
			t.Fatalf("event %+v; want answer", e)
		}
		r.waitState(1, "connected", 0)

		// Digits both ways.
		l.ex.play(dtmfSamples(t, "5", nil))
		if e := nextEvent(t, lg, time.Second); e.Kind != call.EventDigit || e.Digit != '5' {
			t.Errorf("event %+v; want digit 5", e)
		}
		if err := lg.SendDigits(context.Background(), "1#"); err != nil {
			t.Fatalf("SendDigits: %v", err)
		}
		l.ex.waitDigits(t, "849512345671#", time.Second)
		select {
		case e := <-lg.Events():
			t.Errorf("event %+v after sending digits; want none (our own digits are not reported)", e)
		case <-time.After(500 * time.Millisecond):
		}

		l.pstn.ReversePolarity() // the far end clears
		if e := nextEvent(t, lg, time.Second); e.Kind != call.EventHangup || e.Cause != call.CauseNormal {
			t.Fatalf("event %+v; want hangup normal", e)
		}
		r.waitReleased(1, 100*time.Millisecond)
		if _, ok := <-lg.Events(); ok {
			t.Error("events not closed after hangup")
		}
	})
}

// TestOutgoingNoDialToneAnswersAtOnce: a line with no dial tone is
// dialled after DialToneWait; without answer supervision the leg is
// answered as soon as the number is out, and a first reversal is still
// the answer; the loop current dropping clears the call.
func TestOutgoingNoDialToneAnswersAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{})
		l := r.lines[0]
		start := time.Now()
		lg, err := r.ch.Dial(context.Background(), "1/0123", call.Party{})
		if err != nil {
			t.Fatalf("Dial: %v", err)
		}
		first := l.ex.waitDigits(t, "0123", 10*time.Second)
		if d := first.Sub(start); d < DefaultOpts.DialToneWait {
			t.Errorf("first digit %v after the seizure; want after the %v wait", d, DefaultOpts.DialToneWait)
		}
		for _, want := range []call.EventKind{call.EventProgress, call.EventAnswer} {
			if e := nextEvent(t, lg, time.Second); e.Kind != want {
				t.Fatalf("event %+v; want %v", e, want)
			}
		}
		l.pstn.ReversePolarity() // the answer, late
		time.Sleep(time.Second)
		if !l.pstn.Seized() {
			t.Fatal("the first reversal cleared the call")
		}
		l.pstn.SetPresent(false) // the exchange opens the loop
		cut := time.Now()
		if e := nextEvent(t, lg, time.Second); e.Kind != call.EventHangup || e.Cause != call.CauseNormal {
			t.Fatalf("event %+v; want hangup normal", e)
		}
		r.waitReleased(1, 100*time.Millisecond)
		if d := time.Since(cut); d > DefaultOpts.LoopDropHold+100*time.Millisecond {
			t.Errorf("released %v after the loop opened; want within %v", d, DefaultOpts.LoopDropHold)
		}
		r.waitState(1, "down", 3*time.Second)
	})
}

// TestOutgoingEnds: how the exchange ends an outgoing call before or
// after the answer, and the cause each gives.
func TestOutgoingEnds(t *testing.T) {
	ru := plan(t, "RU")
	tests := []struct {
		name   string
		answer bool // the far end answers (reversal) first
		tone   dsp.Tone
		want   call.Cause
	}{
		{"busy", false, ru.Busy, call.CauseBusy},
		{"congestion", false, ru.Congestion, call.CauseCongestion},
		{"busy after the answer", true, ru.Busy, call.CauseNormal},
		{"congestion after the answer", true, ru.Congestion, call.CauseNormal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{reversalAnswer: true})
				l := r.lines[0]
				l.ex.setTone(t, ru.Dial)
				l.ex.mu.Lock()
				l.ex.stopOnDTMF = true
				l.ex.mu.Unlock()
				lg, err := r.ch.Dial(context.Background(), "Line1/102", call.Party{})
				if err != nil {
					t.Fatal(err)
				}
				l.ex.waitDigits(t, "102", 5*time.Second)
				nextEvent(t, lg, time.Second) // progress
				if tc.answer {
					l.pstn.ReversePolarity()
					if e := nextEvent(t, lg, time.Second); e.Kind != call.EventAnswer {
						t.Fatalf("event %+v; want answer", e)
					}
					time.Sleep(5 * time.Second)
				}
				l.ex.setTone(t, tc.tone)
				start := time.Now()
				if e := nextEvent(t, lg, 3*time.Second); e.Kind != call.EventHangup || e.Cause != tc.want {
					t.Fatalf("event %+v; want hangup %v", e, tc.want)
				}
				r.waitReleased(1, 100*time.Millisecond)
				if d := time.Since(start); d > 3*time.Second {
					t.Errorf("released %v after the tone started; want within 3 s", d)
				}
			})
		})
	}
}

// TestDialCancelled: cancelling Dial's context before the answer hangs
// the leg up and releases the line.
func TestDialCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{reversalAnswer: true})
		ctx, cancel := context.WithCancel(context.Background())
		lg, err := r.ch.Dial(ctx, "Line1/102", call.Party{})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second)
		cancel()
		if e := nextEvent(t, lg, time.Second); e.Kind != call.EventHangup {
			t.Fatalf("event %+v; want hangup", e)
		}
		r.waitReleased(1, 100*time.Millisecond)
		if err := lg.Hangup(context.Background(), call.CauseNormal); err != call.ErrLegEnded {
			t.Errorf("Hangup after the end = %v; want ErrLegEnded", err)
		}
	})
}
