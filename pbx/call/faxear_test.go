package call_test

import (
	"context"
	"io"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// silence is a prompt of n frames of silence.
type silence struct{ n int }

func (s *silence) ReadFrame(f *call.Frame) error {
	if s.n == 0 {
		return io.EOF
	}
	s.n--
	*f = call.Frame{}
	return nil
}

// Where the caller is while a test's signal plays.
const (
	waiting   = iota // in a menu: only the switch's ear reads the caller
	recording        // leaving a message: Record reads it
	bridged          // talking to SIP 101
)

// dropSink is a recording that keeps nothing.
type dropSink struct{}

func (dropSink) WriteFrame(*call.Frame) error { return nil }

// earHandler asks for the call's fax tone, answers, and then plays a
// minute of silence, records a minute, or bridges the caller to SIP 101,
// as where says; the tone stops each. heard gets the time the tone came.
func earHandler(t *testing.T, where int, heard *atomic.Pointer[time.Time]) func(context.Context, call.Control) {
	return func(ctx context.Context, c call.Control) {
		fd, ok := c.(call.FaxDetector)
		if !ok {
			t.Errorf("the Control %T is not a call.FaxDetector", c)
			return
		}
		tone := fd.FaxTone()
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		go func() {
			select {
			case <-tone:
				now := time.Now()
				heard.Store(&now)
				cancel()
			case <-ctx.Done():
			}
		}()
		c.Answer(ctx)
		switch where {
		case waiting:
			c.Play(ctx, &silence{n: 3000}, "")
			return
		case recording:
			c.Record(ctx, dropSink{}, time.Minute, "")
			return
		}
		leg, err := c.Ring(ctx, []call.Target{{Kind: "sip", Address: "101"}}, 30*time.Second)
		if err == nil {
			c.Bridge(ctx, leg)
		}
	}
}

// TestFaxEarHearsCaller: for a caller whose channel has no fax-tone
// detector (a GSM module's PCM), the switch hears a fax tone itself,
// while the caller waits or records and during a bridge carried by the
// PCM pump, at the end of the first CNG burst or 400 ms into an answer
// tone; tones out of the detector's conditions and speech never count.
// A relayed bridge is listened to on the side (call.RelayHearer).
func TestFaxEarHearsCaller(t *testing.T) {
	const sec = time.Second
	cng := calltest.Bursts(1100, -15, sec/2, 3*sec, 10*sec)
	tests := []struct {
		name      string
		where     int
		relay     bool // caller and callee relay their media
		signal    []call.Frame
		wantHeard time.Duration // after the signal started; 0: never
	}{
		{"CNG while waiting", waiting, false, cng, sec / 2},
		{"CNG while recording", recording, false, cng, sec / 2},
		{"CNG while bridged", bridged, false, cng, sec / 2},
		{"CED while bridged", bridged, false, calltest.Bursts(2100, -12, 3*sec, 0, 3*sec), 400 * time.Millisecond},
		{"speech while waiting", waiting, false, calltest.Speech(-15, 20*sec, 1), 0},
		{"speech while bridged", bridged, false, calltest.Speech(-20, 20*sec, 2), 0},
		{"1100 Hz too short", bridged, false, calltest.Bursts(1100, -15, 300*time.Millisecond, 3*sec, 10*sec), 0},
		{"1100 Hz held", bridged, false, calltest.Bursts(1100, -15, 2*sec, 0, 2*sec), 0},
		{"1000 Hz bursts", bridged, false, calltest.Bursts(1000, -15, sec/2, 3*sec, 10*sec), 0},
		{"CNG too weak", bridged, false, calltest.Bursts(1100, -46, sec/2, 3*sec, 10*sec), 0},
		{"CNG in a relayed bridge", bridged, true, cng, sec / 2},
		{"CED in a relayed bridge", bridged, true, calltest.Bursts(2100, -12, 3*sec, 0, 3*sec), 400 * time.Millisecond},
		{"speech in a relayed bridge", bridged, true, calltest.Speech(-20, 20*sec, 2), 0},
		{"silence in a relayed bridge", bridged, true, make([]call.Frame, 1000), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var heard atomic.Pointer[time.Time]
				r := newRig(t, earHandler(t, tt.where, &heard), map[string]calltest.Phone{"101": {}})
				party := call.Party{Number: "+79161234567"}
				caller := calltest.NewLeg("gsm/1", party)
				if tt.relay {
					r.sip.Set("101", calltest.Phone{Media: calltest.Relay})
					caller = calltest.NewRelayLeg("trunk/provider", party, false)
				}
				r.sw.Incoming(caller, "")
				time.Sleep(2 * time.Second)
				synctest.Wait()
				start := time.Now()
				if tt.relay {
					// A relay hands each frame on as it comes: say them in
					// real time, each once its 20 ms have passed.
					for _, f := range tt.signal {
						time.Sleep(20 * time.Millisecond)
						caller.Says(f)
					}
					time.Sleep(25*time.Second - time.Since(start))
				} else {
					caller.SaysAll(tt.signal)
					time.Sleep(25 * time.Second)
				}
				got := heard.Load()
				switch {
				case tt.wantHeard == 0 && got != nil:
					t.Errorf("a fax tone was heard %v into the signal; want none", got.Sub(start))
				case tt.wantHeard > 0 && got == nil:
					t.Errorf("no fax tone heard; want one %v into the signal", tt.wantHeard)
				case tt.wantHeard > 0 && (got.Sub(start) < tt.wantHeard || got.Sub(start) > tt.wantHeard+100*time.Millisecond):
					t.Errorf("the fax tone was heard %v into the signal; want %v", got.Sub(start), tt.wantHeard)
				}
				if tt.relay {
					if ra, ok := caller.Audio().(*calltest.RelayAudio); !ok || ra.Relays() != 1 {
						t.Error("the bridge was not relayed")
					}
				}
				caller.HangsUp(call.CauseNormal)
				r.shutdown()
			})
		})
	}
}
