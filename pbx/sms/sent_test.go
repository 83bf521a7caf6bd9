package sms_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
)

// TestSentSMSCountedOnce: every message sent, for a named module or for
// any, in one part or three, at the first attempt or after a failed one,
// counts once in the store's GSMUsage of the module it went through
// (what the daily limit and the dashboard's sms_today read), and is
// announced once to OnSent (which makes the GSM channel read it again).
func TestSentSMSCountedOnce(t *testing.T) { synctest.Test(t, sentSMSCountedOnce) }

func sentSMSCountedOnce(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	g1 := newModule(t, "GSM 1", fastModem)
	var mu sync.Mutex
	var sent []string
	svc, _ := startService(t, sms.Opts{Store: st, RetryMin: time.Second, RetryMax: time.Minute,
		OnSent: func(module string) {
			mu.Lock()
			sent = append(sent, module)
			mu.Unlock()
		}}, g1)
	day := time.Now().Add(-time.Minute)

	// The first attempt of the first message fails: the modem lost the
	// network (+CMS ERROR 331); the service retries it.
	g1.m.SetRegistration(0)
	if err := svc.QueueSMS(ctx, "GSM 1", "+79161234567", "Счёт оплачен"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, time.Minute, "the first attempt failed", func() bool {
		m := outbox(t, st)[0]
		return m.Attempts == 1 && m.Status == store.SMSQueued && m.LastError != ""
	})
	g1.m.SetRegistration(1)
	if err := svc.QueueSMS(ctx, "", "+79167654321", longText); err != nil {
		t.Fatal(err)
	}
	waitFor(t, time.Minute, "both messages delivered", func() bool {
		m := outbox(t, st)
		return m[0].Status == store.SMSDelivered && m[1].Status == store.SMSDelivered
	})
	synctest.Wait()
	msgs := outbox(t, st)
	if msgs[0].Attempts != 2 || msgs[1].Parts != 3 {
		t.Fatalf("outbox %+v; want the first message sent at its second attempt, the second in 3 parts", msgs)
	}
	_, n, err := st.GSMUsage(ctx, "GSM 1", day)
	if err != nil || n != 2 {
		t.Errorf("GSMUsage(GSM 1) = %d SMS, %v; want 2, each message once", n, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(sent, []string{"GSM 1", "GSM 1"}) {
		t.Errorf("OnSent got %q; want GSM 1 once for each message", sent)
	}
}

// longText takes 3 GSM-7 parts.
var longText = "Long message, sent in parts. Long message, sent in parts. Long message, sent in parts. " +
	"Long message, sent in parts. Long message, sent in parts. Long message, sent in parts. Long message, sent in parts. " +
	"Long message, sent in parts. Long message, sent in parts. Long message, sent in parts. Long message, sent in parts. " +
	"Long message, sent in parts."
