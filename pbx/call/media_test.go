package call_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// press is the caller pressing digits at a moment after the call started.
type press struct {
	at     time.Duration
	digits string
}

func TestCollectDigits(t *testing.T) {
	opts := call.DigitOpts{Max: 4, Terminator: '#', FirstTimeout: 5 * time.Second, InterDigitTimeout: 3 * time.Second}
	tests := []struct {
		name    string
		opts    call.DigitOpts
		presses []press
		hangAt  time.Duration // the caller hangs up; 0: never
		want    string
		wantErr error
		wantAt  time.Duration
	}{
		{"terminator", opts, []press{{1 * time.Second, "12"}, {2 * time.Second, "#"}}, 0, "12", nil, 2 * time.Second},
		{"only the terminator", opts, []press{{1 * time.Second, "#"}}, 0, "", nil, 1 * time.Second},
		{"max digits", opts, []press{{1 * time.Second, "12345"}}, 0, "1234", nil, 1 * time.Second},
		{"first timeout", opts, nil, 0, "", call.ErrNoInput, 5 * time.Second},
		{"inter-digit timeout", opts, []press{{1 * time.Second, "1"}, {3 * time.Second, "2"}}, 0, "12", nil, 6 * time.Second},
		{"each digit restarts the inter-digit timeout", opts,
			[]press{{4 * time.Second, "1"}, {6 * time.Second, "2"}, {8 * time.Second, "3"}}, 0, "123", nil, 11 * time.Second},
		{"typed ahead before the prompt", opts, []press{{0, "77#"}}, 0, "77", nil, 0},
		{"no limits but a terminator", call.DigitOpts{Terminator: '#'},
			[]press{{time.Minute, "1"}, {time.Hour, "#"}}, 0, "1", nil, time.Hour},
		{"caller hangs up", opts, []press{{1 * time.Second, "9"}}, 2 * time.Second, "9", call.ErrLegEnded, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				type result struct {
					digits string
					err    error
					at     time.Duration
				}
				done := make(chan result, 1)
				start := time.Now()
				r := newRig(t, func(ctx context.Context, c call.Control) {
					synctest.Wait() // let digits typed ahead arrive
					d, err := c.CollectDigits(ctx, tt.opts)
					done <- result{d, err, time.Since(start)}
				}, nil)
				caller := calltest.NewLeg("sip/101", call.Party{Number: "101"})
				for _, p := range tt.presses {
					if p.at == 0 {
						caller.Presses(p.digits)
					}
				}
				r.sw.Incoming(caller, "*97")
				for _, p := range tt.presses {
					if p.at > 0 {
						time.Sleep(p.at - time.Since(start))
						caller.Presses(p.digits)
					}
				}
				if tt.hangAt > 0 {
					time.Sleep(tt.hangAt - time.Since(start))
					caller.HangsUp(call.CauseNormal)
				}
				res := recv(t, done)
				if res.digits != tt.want || !errors.Is(res.err, tt.wantErr) {
					t.Errorf("CollectDigits = %q, %v; want %q, %v", res.digits, res.err, tt.want, tt.wantErr)
				}
				if res.at != tt.wantAt {
					t.Errorf("CollectDigits returned after %v; want %v", res.at, tt.wantAt)
				}
				if !caller.State().Answered {
					t.Error("CollectDigits did not answer the caller")
				}
			})
		})
	}
}

func TestPlay(t *testing.T) {
	prompt := make([]call.Frame, 250) // 5 s
	for i := range prompt {
		prompt[i] = calltest.Tone(int16(i + 1))
	}
	tests := []struct {
		name       string
		stopOn     string
		presses    []press
		hangAt     time.Duration
		wantDigit  byte
		wantErr    error
		wantPlayed int    // frames the caller heard
		wantNext   string // what CollectDigits reads after Play
	}{
		{"to the end", "", nil, 0, 0, nil, 250, ""},
		{"stops on a digit, which stays for CollectDigits", "123", []press{{time.Second + 10*time.Millisecond, "2"}}, 0, '2', nil, 51, "2"},
		{"other digits do not stop it and are dropped", "1", []press{{time.Second, "9"}}, 0, 0, nil, 250, ""},
		{"stops when the caller hangs up", "", nil, 2*time.Second + 10*time.Millisecond, 0, call.ErrLegEnded, 101, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				type result struct {
					digit byte
					err   error
					next  string
				}
				done := make(chan result, 1)
				start := time.Now()
				r := newRig(t, func(ctx context.Context, c call.Control) {
					d, err := c.Play(ctx, &calltest.Source{Frames: prompt}, tt.stopOn)
					next, _ := c.CollectDigits(ctx, call.DigitOpts{FirstTimeout: time.Millisecond, InterDigitTimeout: time.Millisecond})
					done <- result{d, err, next}
				}, nil)
				caller := r.call("101", "*98")
				for _, p := range tt.presses {
					time.Sleep(p.at - time.Since(start))
					caller.Presses(p.digits)
				}
				if tt.hangAt > 0 {
					time.Sleep(tt.hangAt - time.Since(start))
					caller.HangsUp(call.CauseNormal)
				}
				res := recv(t, done)
				if res.digit != tt.wantDigit || !errors.Is(res.err, tt.wantErr) || res.next != tt.wantNext {
					t.Errorf("Play = %q, %v, then digits %q; want %q, %v, %q", res.digit, res.err, res.next, tt.wantDigit, tt.wantErr, tt.wantNext)
				}
				heard := caller.Heard()
				if len(heard) != tt.wantPlayed {
					t.Errorf("caller heard %d frames; want %d", len(heard), tt.wantPlayed)
				}
				for i, f := range heard {
					if f != prompt[i] {
						t.Fatalf("frame %d heard out of order", i)
					}
				}
			})
		})
	}
}

func TestRecord(t *testing.T) {
	tests := []struct {
		name       string
		max        time.Duration
		presses    []press
		hangAt     time.Duration
		wantDigit  byte
		wantErr    error
		wantFrames int
	}{
		{"up to the maximum", 3 * time.Second, nil, 0, 0, nil, 150},
		{"stops on #", time.Minute, []press{{time.Second + 10*time.Millisecond, "#"}}, 0, '#', nil, 51},
		{"caller hangs up: what was said is kept", time.Minute, nil, 2*time.Second + 10*time.Millisecond, 0, call.ErrLegEnded, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				type result struct {
					digit byte
					err   error
				}
				done := make(chan result, 1)
				sink := &calltest.Sink{}
				start := time.Now()
				r := newRig(t, func(ctx context.Context, c call.Control) {
					d, err := c.Record(ctx, sink, tt.max, "#")
					done <- result{d, err}
				}, nil)
				caller := r.call("101", "*99")
				voice := calltest.Tone(1234)
				caller.Says(voice)
				for _, p := range tt.presses {
					time.Sleep(p.at - time.Since(start))
					caller.Presses(p.digits)
				}
				if tt.hangAt > 0 {
					time.Sleep(tt.hangAt - time.Since(start))
					caller.HangsUp(call.CauseNormal)
				}
				res := recv(t, done)
				if res.digit != tt.wantDigit || !errors.Is(res.err, tt.wantErr) {
					t.Errorf("Record = %q, %v; want %q, %v", res.digit, res.err, tt.wantDigit, tt.wantErr)
				}
				frames := sink.Frames()
				if len(frames) != tt.wantFrames {
					t.Errorf("recorded %d frames; want %d", len(frames), tt.wantFrames)
				}
				if len(frames) > 0 && frames[0] != voice {
					t.Errorf("the first recorded frame is not what the caller said")
				}
			})
		})
	}
}
