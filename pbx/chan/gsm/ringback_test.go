package gsm_test

import (
	"context"
	"math"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
	gsmchan "github.com/hookflash/firmware/pbx/chan/gsm"
	"github.com/hookflash/firmware/pbx/dsp"
)

// TestFMCRingback: an FMC caller, whose call the box answered, hears the
// box's ringback tone once the switch says the call rings, until the
// switch answers it or takes its audio for early media; then the audio is
// the switch's alone.
func TestFMCRingback(t *testing.T) {
	tests := []struct {
		name string
		stop func(ctx context.Context, c call.Control) error
	}{
		{"until answered", func(ctx context.Context, c call.Control) error { return c.Answer(ctx) }},
		{"until early media", func(ctx context.Context, c call.Control) error { return c.Progress(ctx, true) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800}, mobile: employee,
					opts: gsmchan.ModuleOptions{FMC: true}})
				md := r.mods[0]
				stop, stopped := make(chan struct{}), make(chan error, 1)
				r.setHandler(func(ctx context.Context, c call.Control) {
					if err := c.Progress(ctx, false); err != nil {
						t.Errorf("Progress(ringing) = %v; want nil", err)
					}
					select {
					case <-stop:
					case <-ctx.Done(): // the test failed before
						return
					}
					stopped <- tt.stop(ctx, c)
					<-ctx.Done()
				})
				md.m.IncomingCall(employee)
				tones := listenFor(t, md)
				hear(t, tones, dsp.CPDial, 5*time.Second)
				press(t, md, false, "101#")
				hear(t, tones, dsp.CPRingback, 10*time.Second)

				close(stop)
				if err := <-stopped; err != nil {
					t.Fatalf("stopping the ringback: %v", err)
				}
				// The frames written before the stop that are still in the
				// PCM link (a few) are let through.
				const inFlight = 5
				var mu sync.Mutex
				loudest, n := math.Inf(-1), 0
				md.far.set(nil, func(f *hal.Frame) {
					mu.Lock()
					if n++; n > inFlight {
						loudest = max(loudest, dsp.PowerDBm0(f[:]))
					}
					mu.Unlock()
				})
				time.Sleep(6 * time.Second) // more than a ringback cadence (1 s on, 4 s off)
				mu.Lock()
				defer mu.Unlock()
				if loudest > -60 {
					t.Errorf("the far end heard up to %.1f dBm0 after the ringback stopped; want silence", loudest)
				}
			})
		})
	}
}
