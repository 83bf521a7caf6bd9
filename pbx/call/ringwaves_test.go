package call_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// timedDialer notes when it dials what, since start.
type timedDialer struct {
	*calltest.Dialer
	start time.Time
	mu    sync.Mutex
	log   []string
}

func (d *timedDialer) Dial(ctx context.Context, address string, from call.Party) (call.Leg, error) {
	d.mu.Lock()
	d.log = append(d.log, fmt.Sprintf("%v %s", time.Since(d.start).Truncate(time.Second), address))
	d.mu.Unlock()
	return d.Dialer.Dial(ctx, address, from)
}

// TestRingWaves: each wave joins the targets already ringing, which are
// never dialled again; a wave that is not ringing (busy) is passed at
// once; the result is Ring's.
func TestRingWaves(t *testing.T) {
	never := calltest.Phone{AnswerAfter: calltest.Never}
	tests := []struct {
		name      string
		phones    map[string]calltest.Phone
		wantDials []string
		wantLeg   string        // the leg that answered; "" none
		wantCause call.Cause    // when none answered
		wantAt    time.Duration // when RingWaves returned
	}{
		{"the third wave answers", map[string]calltest.Phone{"101": never, "102": {Busy: true}, "103": {AnswerAfter: 5 * time.Second}},
			[]string{"0s 101", "10s 102", "10s 103"}, "sip/103", 0, 15 * time.Second},
		{"nobody answers", map[string]calltest.Phone{"101": never, "102": never, "103": never},
			[]string{"0s 101", "10s 102", "20s 103"}, "", call.CauseNoAnswer, 45 * time.Second},
		{"the first answers before the others are dialled", map[string]calltest.Phone{"101": {AnswerAfter: 3 * time.Second}, "102": never, "103": never},
			[]string{"0s 101"}, "sip/101", 0, 3 * time.Second},
		{"everyone busy", map[string]calltest.Phone{"101": {Busy: true}, "102": {Busy: true}, "103": {Busy: true}},
			[]string{"0s 101", "0s 102", "0s 103"}, "", call.CauseBusy, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				d := &timedDialer{Dialer: calltest.NewDialer("sip", tt.phones), start: time.Now()}
				type result struct {
					leg   call.Leg
					cause call.Cause
					at    time.Duration
				}
				done := make(chan result, 1)
				sw := call.New(call.Options{Dialers: map[string]call.Dialer{"sip": d}, Records: &calltest.Records{}, Logger: quietLogger(),
					Handler: func(ctx context.Context, c call.Control) {
						waves := [][]call.Target{{sip("101")}, {sip("102")}, {sip("103")}}
						leg, err := c.(call.WaveRinger).RingWaves(ctx, waves, 10*time.Second, 45*time.Second)
						done <- result{leg, causeOf(err), time.Since(d.start)}
						c.Hangup(ctx, call.CauseNormal)
					}})
				defer sw.Shutdown(context.Background())
				sw.Incoming(calltest.NewLeg("trunk/Provider", call.Party{Number: "+74951234567"}), "100")
				r := recv(t, done)
				got := ""
				if r.leg != nil {
					got = r.leg.Channel()
				}
				if got != tt.wantLeg || r.cause != tt.wantCause || r.at != tt.wantAt {
					t.Errorf("RingWaves = %q, %v at %v; want %q, %v at %v", got, r.cause, r.at, tt.wantLeg, tt.wantCause, tt.wantAt)
				}
				synctest.Wait()
				d.mu.Lock()
				defer d.mu.Unlock()
				if !slices.Equal(d.log, tt.wantDials) {
					t.Errorf("dials %q; want %q", d.log, tt.wantDials)
				}
				for _, l := range d.Legs() {
					if l.Channel() != tt.wantLeg && !l.State().Ended {
						t.Errorf("%s still rings after RingWaves returned", l.Channel())
					}
				}
			})
		})
	}
}
