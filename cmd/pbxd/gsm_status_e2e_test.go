package main

import (
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/webui"
)

// TestE2EHungModemOnDashboard breaks GSM module 1 in the lab (it hangs
// until a power cycle) and waits for the dashboard's feed to show it
// modem_down within the 15 s an installer expects; module 2 stays up.
func TestE2EHungModemOnDashboard(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, nil)
	feed := b.openFeed(t)
	feed.waitTelephony(t, "both GSM modules registered", 15*time.Second, func(s webui.TelephonyStatus) bool {
		return len(s.GSM) == 2 && s.GSM[0].Registered && s.GSM[1].Registered
	})
	broke := time.Now()
	b.act(t, "gsm/gsm1/break", map[string]string{"how": lab.BreakHang, "cure": "power"})
	st := feed.waitTelephony(t, "GSM module 1 modem_down", 15*time.Second, func(s webui.TelephonyStatus) bool {
		return s.GSM[0].ModemDown
	})
	t.Logf("the dashboard showed the hung modem down %v after the break", time.Since(broke).Round(100*time.Millisecond))
	if st.GSM[0].Up || st.GSM[1].ModemDown {
		t.Errorf("GSM modules %+v; want module 1 down and not up, module 2 not down", st.GSM)
	}
}

// TestE2EWebSMSCounted sends an SMS through POST /api/sms and waits for the
// dashboard to count it in GSM module 1's sms_today, soon after the
// outbox shows it sent, not at the next minute's refresh.
func TestE2EWebSMSCounted(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, nil)
	feed := b.openFeed(t)
	feed.waitTelephony(t, "GSM module 1 registered with no SMS today", 15*time.Second, func(s webui.TelephonyStatus) bool {
		return len(s.GSM) == 2 && s.GSM[0].Registered && s.GSM[0].SMSToday == 0
	})
	b.admin.mustDo("POST", "/api/sms", map[string]string{"module": "gsm/1", "to": "+79161234567", "text": "Счёт оплачен"}, nil)
	waitUntil(t, "the outbox shows the message sent", 20*time.Second, func() bool {
		var out []struct{ Status string }
		b.admin.mustDo("GET", "/api/sms?direction=out&module=gsm/1", nil, &out)
		return len(out) == 1 && (out[0].Status == "sent" || out[0].Status == "delivered")
	})
	st := feed.waitTelephony(t, "sms_today 1 on GSM module 1", 5*time.Second, func(s webui.TelephonyStatus) bool {
		return s.GSM[0].SMSToday == 1
	})
	if st.GSM[1].SMSToday != 0 {
		t.Errorf("GSM module 2 counts %d SMS today; want 0", st.GSM[1].SMSToday)
	}
}
