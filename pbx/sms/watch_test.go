package sms_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
)

// TestWatchReportsEveryChange follows a message out (queued, sending,
// sent, delivered) and one in, as the web UI's live feed does: after each
// signal it takes the changed IDs and reads their status.
func TestWatchReportsEveryChange(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	g1 := newModule(t, "GSM 1", fastModem)
	svc, _ := startService(t, sms.Opts{Store: st}, g1)
	changes, cancel := svc.Watch()
	defer cancel()

	seen := map[int64][]string{} // statuses seen per message, in order
	follow := func(what string, done func() bool) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for !done() {
			select {
			case <-changes.Ready():
			case <-deadline:
				t.Fatalf("not within 10 s: %s; saw %v", what, seen)
			}
			for _, id := range changes.Take() {
				m, err := st.SMSMessages().Get(ctx, id)
				if err != nil {
					t.Fatalf("a change names message %d: %v", id, err)
				}
				if s := seen[id]; len(s) == 0 || s[len(s)-1] != m.Status {
					seen[id] = append(s, m.Status)
				}
			}
		}
	}

	if err := svc.QueueSMS(ctx, "GSM 1", "+79161234567", "Watch me"); err != nil {
		t.Fatal(err)
	}
	out := outbox(t, st)[0].ID
	follow("the message delivered", func() bool { return slices.Contains(seen[out], store.SMSDelivered) })
	// The feed may read a message after it moved on, so steps can merge;
	// but the first is queued (or later) and the order never goes back.
	order := []string{store.SMSQueued, store.SMSSending, store.SMSSent, store.SMSDelivered}
	last := -1
	for _, s := range seen[out] {
		i := slices.Index(order, s)
		if i <= last {
			t.Fatalf("statuses seen %v; want them in the order %v", seen[out], order)
		}
		last = i
	}

	if err := g1.m.DeliverSMS("+79169998877", "Hello box"); err != nil {
		t.Fatal(err)
	}
	follow("the received message", func() bool {
		for id, s := range seen {
			if id != out && slices.Contains(s, store.SMSReceived) {
				return true
			}
		}
		return false
	})

	cancel()
	if err := svc.QueueSMS(ctx, "GSM 1", "+79161234567", "Unwatched"); err != nil {
		t.Fatal(err)
	}
	if ids := changes.Take(); len(ids) != 0 {
		t.Errorf("Take after cancel = %v; want nothing", ids)
	}
}
