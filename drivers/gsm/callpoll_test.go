package gsm_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
)

// TestCallPolledAtOnce checks that Supervise polls a call from the moment
// it is placed or answered, not from the next idle heartbeat: the far end's
// answer is seen within CallPoll.
func TestCallPolledAtOnce(t *testing.T) {
	const poll = time.Second
	tests := []struct {
		name  string
		start func(r *rig, ctx context.Context) error
		then  func(r *rig)
		want  gsm.CallState
	}{
		{"dialled, then answered", func(r *rig, ctx context.Context) error { return r.d.Dial(ctx, "89160000001") },
			func(r *rig) { r.m.RemoteAnswer() }, gsm.CallActive},
		{"answered", func(r *rig, ctx context.Context) error {
			r.m.IncomingCall("+79161234567")
			r.event(gsm.EventIncoming)
			return r.d.Answer(ctx)
		}, func(*rig) {}, gsm.CallActive},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, sim.ModemOpts{}, gsm.Opts{Heartbeat: 30 * time.Second, CallPoll: poll})
				defer r.close()
				r.init()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				go r.d.Supervise(ctx)
				time.Sleep(5 * time.Second) // well inside the idle heartbeat
				if err := tc.start(r, ctx); err != nil {
					t.Fatal(err)
				}
				tc.then(r)
				began := time.Now()
				for {
					e := r.event(gsm.EventCallState)
					if e.Call.State != tc.want {
						continue
					}
					if d := time.Since(began); d > poll {
						t.Errorf("call state %v seen after %v; want within CallPoll (%v)", tc.want, d, poll)
					}
					break
				}
			})
		})
	}
}
