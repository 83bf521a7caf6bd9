package sms_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/sms"
)

func TestUSSDStoredWithItsReply(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	g1 := newModule(t, "GSM 1", fastModem)
	g1.m.SetUSSD(func(code string) (string, bool) {
		if code == "*100#" {
			return "Баланс: 152,30 р.", false
		}
		return "Unknown request", false
	})
	svc, _ := startService(t, sms.Opts{Store: st}, g1)

	tests := []struct {
		module, code, reply, err string
	}{
		{"GSM 1", "*100#", "Баланс: 152,30 р.", ""},
		{"", "*102#", "Unknown request", ""},
		{"GSM 1", "*100#; AT+CFUN=0", "", "use digits"},
		{"GSM 7", "*100#", "", `no GSM module named "GSM 7"`},
	}
	for _, tt := range tests {
		reply, err := svc.USSD(ctx, tt.module, tt.code)
		if reply != tt.reply || (tt.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("USSD(%q, %q) = %q, %v; want %q, error %q", tt.module, tt.code, reply, err, tt.reply, tt.err)
		}
	}
	recs, err := st.RecentUSSD(ctx, "", 10)
	if err != nil || len(recs) != 2 {
		t.Fatalf("RecentUSSD = %+v, %v; want the two requests that reached the modem", recs, err)
	}
	if r := recs[1]; r.Module != "GSM 1" || r.Code != "*100#" || r.Reply != "Баланс: 152,30 р." || r.Error != "" || r.CreatedAt.IsZero() {
		t.Errorf("first request = %+v; want *100# on GSM 1 with its reply", r)
	}
	if r := recs[0]; r.Module != "GSM 1" || r.Code != "*102#" {
		t.Errorf("second request = %+v; want *102# on the one module", r)
	}

	// A network that does not answer USSD: the failure is stored too.
	g1.m.SetUSSD(nil)
	if _, err := svc.USSD(ctx, "GSM 1", "*100#"); err == nil || !strings.HasPrefix(err.Error(), "sms: USSD *100# on GSM 1: ") {
		t.Errorf("USSD without network support = %v; want an sms: error", err)
	}
	if recs, _ := st.RecentUSSD(ctx, "GSM 1", 1); len(recs) != 1 || recs[0].Error == "" || recs[0].Reply != "" {
		t.Errorf("failed request stored as %+v; want its error", recs)
	}
}
