package main

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/store"
)

// threePhoneOffice is analogOffice (101 Alice and 102 Bob on FXS ports 1
// and 2) with 103 Carol on FXS port 3, set up the same way.
func threePhoneOffice(ctx context.Context, st *store.Store) error {
	return addOfficePhones(ctx, st, 3, store.OutboundInternal, store.CallerIDETSIAfterRing)
}

// onHoldMusic reports whether an ear hears one of the music on hold's
// notes (pbx/dialplan's melody: single sines between 490 and 790 Hz).
func onHoldMusic(p lab.PhoneState) bool {
	return p.ToneHz != nil && p.LevelDBm0 != nil && *p.ToneHz > 480 && *p.ToneHz < 800
}

// talks checks that a 1 kHz tone sent from phone from reaches phone to.
func (b *labBox) talks(t *testing.T, from, to string) {
	t.Helper()
	b.act(t, "phones/"+from+"/tone", map[string]any{"hz": 1000, "dbm0": -10, "ms": 1500})
	b.waitPhone(t, to, "the 1 kHz tone from "+from, 5*time.Second, func(p lab.PhoneState) bool {
		return p.ToneHz != nil && math.Abs(*p.ToneHz-1000) < 5
	})
	// Let the tone end, so that it is not taken for the next one.
	b.waitPhone(t, to, "the end of the tone from "+from, 5*time.Second, func(p lab.PhoneState) bool {
		return p.ToneHz == nil || math.Abs(*p.ToneHz-1000) >= 5
	})
}

// talkThenHangUp checks that phones a and c talk both ways, hangs c up
// and checks that a hears busy tone.
func (b *labBox) talkThenHangUp(t *testing.T, a, c string) {
	t.Helper()
	b.talks(t, a, c)
	b.talks(t, c, a)
	b.act(t, "phones/"+c+"/onhook", nil)
	b.waitPhone(t, a, "busy tone", 5*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsBusy })
	b.act(t, "phones/"+a+"/onhook", nil)
}

// consult sets up 101 calling 102, 102 flashing (101 hears the music on
// hold, 102 the second dial tone) and dialling 103, which rings showing
// 102.
func consult(t *testing.T, b *labBox) {
	t.Helper()
	b.dial(t, "fxs1", "102")
	b.waitPhone(t, "fxs2", "ringing", 15*time.Second, func(p lab.PhoneState) bool { return p.Ringing })
	b.act(t, "phones/fxs2/offhook", nil)
	b.talks(t, "fxs1", "fxs2")

	b.act(t, "phones/fxs2/flash", map[string]int{"ms": 300})
	b.waitPhone(t, "fxs2", "the second dial tone", 5*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsDial })
	b.waitPhone(t, "fxs1", "music on hold", 5*time.Second, onHoldMusic)
	b.act(t, "phones/fxs2/dial", map[string]string{"digits": "103", "mode": "dtmf"})
	carol := b.waitPhone(t, "fxs3", "ringing with caller ID", 15*time.Second, func(p lab.PhoneState) bool {
		return p.Ringing && p.CallerID != nil
	})
	if carol.CallerID.Number != "102" {
		t.Errorf("fxs3 shows caller ID %+v; want 102, who transfers", *carol.CallerID)
	}
}

// TestE2ELabBlindTransfer: 102 flashes in a call with 101, dials 103 and
// hangs up while it rings; 101 hears ringback, 103 answers, and 101 and 103
// talk.
func TestE2ELabBlindTransfer(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, threePhoneOffice)
	consult(t, b)
	b.act(t, "phones/fxs2/onhook", nil)
	// Russian ringback: 425 Hz, 1 s on and 4 s off. The ear names it only
	// after whole cadences, which the music before confuses; its tone and
	// then a silence say it as well.
	ringback := func(p lab.PhoneState) bool { return p.ToneHz != nil && math.Abs(*p.ToneHz-425) < 5 }
	b.waitPhone(t, "fxs1", "ringback's tone", 6*time.Second, ringback)
	b.waitPhone(t, "fxs1", "ringback's silence", 3*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsSilence })
	if !phoneIn(t, b.world(t), "fxs3").Ringing {
		t.Fatal("fxs3 stopped ringing when 102 hung up")
	}
	b.act(t, "phones/fxs3/offhook", nil)
	b.talkThenHangUp(t, "fxs1", "fxs3")
}

// TestE2ELabAttendedTransfer: 102 flashes in a call with 101 and dials
// 103, which answers; 102 talks to 103 while 101 hears the music; a flash
// takes 102 back to 101 (103 now hears the music), another back to 103;
// 102 hangs up and 101 and 103 talk.
func TestE2ELabAttendedTransfer(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, threePhoneOffice)
	consult(t, b)
	b.act(t, "phones/fxs3/offhook", nil)
	b.talks(t, "fxs2", "fxs3")
	b.waitPhone(t, "fxs1", "music on hold", 5*time.Second, onHoldMusic)

	b.act(t, "phones/fxs2/flash", map[string]int{"ms": 300})
	b.waitPhone(t, "fxs3", "music on hold", 5*time.Second, onHoldMusic)
	b.talks(t, "fxs1", "fxs2")

	b.act(t, "phones/fxs2/flash", map[string]int{"ms": 300})
	b.waitPhone(t, "fxs1", "music on hold", 5*time.Second, onHoldMusic)
	b.talks(t, "fxs2", "fxs3")

	b.act(t, "phones/fxs2/onhook", nil)
	b.talkThenHangUp(t, "fxs3", "fxs1")
}
