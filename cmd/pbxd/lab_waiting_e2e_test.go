package main

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/store"
)

// threeAnalogPhones is 101, 102 and 103 on FXS ports 1 to 3, Russian voice
// ports without caller ID.
func threeAnalogPhones(ctx context.Context, st *store.Store) error {
	return addOfficePhones(ctx, st, 3, store.OutboundInternal, store.CallerIDOff)
}

// hearsHz says whether the phone hears a clean tone of hz (± 5 Hz).
func hearsHz(hz float64) func(lab.PhoneState) bool {
	return func(p lab.PhoneState) bool { return p.ToneHz != nil && math.Abs(*p.ToneHz-hz) < 5 }
}

// TestE2ELabCallWaiting: 101 on FXS 1 talks to 102 on FXS 2; 103 on FXS 3
// calls 101, whose phone hears the Russian call waiting tone (425 Hz
// bursts) while 102 does not; 101 flashes and hears a tone from 103; a
// second flash brings back 102, whose tone 101 hears again.
func TestE2ELabCallWaiting(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, threeAnalogPhones)

	b.dial(t, "fxs1", "102")
	b.waitPhone(t, "fxs2", "ringing", 10*time.Second, func(p lab.PhoneState) bool { return p.Ringing })
	b.act(t, "phones/fxs2/offhook", nil)
	b.act(t, "phones/fxs2/tone", map[string]any{"hz": 1000, "dbm0": -10, "ms": 2000})
	b.waitPhone(t, "fxs1", "102's tone", 5*time.Second, hearsHz(1000))

	b.dial(t, "fxs3", "101")
	// A burst is 200 ms every 5.2 s: the ear's 200 ms window sees 425 Hz
	// once in a while, and names the tone once it has heard its cadence.
	b.waitPhone(t, "fxs1", "a 425 Hz burst", 12*time.Second, hearsHz(425))
	b.waitPhone(t, "fxs1", "the call waiting tone", 12*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsCallWaiting })
	s := b.world(t)
	if p := phoneIn(t, s, "fxs2"); p.Hears == lab.HearsCallWaiting || hearsHz(425)(p) {
		t.Errorf("fxs2, the far party, hears %s; want no call waiting tone", hearing(p.Hearing))
	}
	if p := phoneIn(t, s, "fxs1"); p.Ringing {
		t.Error("fxs1 rings while off-hook; want the call waiting tone only")
	}

	b.act(t, "phones/fxs1/flash", map[string]int{"ms": 300})
	b.act(t, "phones/fxs3/tone", map[string]any{"hz": 1400, "dbm0": -10, "ms": 3000})
	b.waitPhone(t, "fxs1", "103's tone after the flash", 5*time.Second, hearsHz(1400))

	b.act(t, "phones/fxs1/flash", map[string]int{"ms": 300})
	b.act(t, "phones/fxs2/tone", map[string]any{"hz": 1000, "dbm0": -10, "ms": 3000})
	b.waitPhone(t, "fxs1", "102's tone after the second flash", 5*time.Second, hearsHz(1000))

	for _, slot := range []string{"fxs1", "fxs2", "fxs3"} {
		b.act(t, "phones/"+slot+"/onhook", nil)
	}
	b.waitRecords(t, 2)
}
