package gsm_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal/sim"
	gsmchan "github.com/hookflash/firmware/pbx/chan/gsm"
	"github.com/hookflash/firmware/pbx/store"
)

// TestSentSMSCountsAtOnce: once the SMS service recorded a message sent
// through gsm/1 in the store (a real SQLite file) and called
// UsageChanged, Status counts it in sms_today and raises the SMS limit's
// alarm at once, not at the next StatusEvery (a minute).
func TestSentSMSCountsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800, sim.ModemEC25},
			opts: gsmchan.ModuleOptions{SMSPerDay: 1}})
		r.lim.mu.Lock()
		r.lim.fromStore = r.st
		r.lim.mu.Unlock()
		if s := r.ch.Status(); s[0].SMSToday != 0 || len(s[0].Alarms) != 0 {
			t.Fatalf("Status()[0] before any SMS = %+v; want none sent, no alarm", s[0])
		}

		now := time.Now()
		m := store.SMSMessage{Direction: store.SMSOut, Module: "gsm/1", Peer: "+79161234567", Text: "Счёт оплачен",
			Parts: 1, Status: store.SMSSent, Attempts: 1, CreatedAt: now, SentAt: now}
		if err := r.st.SMSMessages().Create(ctx, &m); err != nil {
			t.Fatal(err)
		}
		r.ch.UsageChanged()
		synctest.Wait()
		const alarm = "SMS per day limit reached (1)"
		s := r.ch.Status()
		if s[0].SMSToday != 1 || !slices.Contains(s[0].Alarms, alarm) {
			t.Errorf("Status()[0] after an SMS sent = %+v; want sms_today 1 and the alarm %q", s[0], alarm)
		}
		if s[1].SMSToday != 0 || len(s[1].Alarms) != 0 {
			t.Errorf("Status()[1] = %+v; want gsm/2 with no SMS and no alarm", s[1])
		}
		select {
		case a := <-r.alarms:
			if a != alarm {
				t.Errorf("OnAlarm(%q); want %q", a, alarm)
			}
		default:
			t.Errorf("no OnAlarm call for the SMS limit")
		}

		// Delivered later, the message still counts once.
		m.Status, m.DeliveredAt = store.SMSDelivered, time.Now()
		if err := r.st.SMSMessages().Update(ctx, &m); err != nil {
			t.Fatal(err)
		}
		r.ch.UsageChanged()
		synctest.Wait()
		if s := r.ch.Status()[0]; s.SMSToday != 1 {
			t.Errorf("sms_today after the delivery report = %d; want 1", s.SMSToday)
		}
	})
}
