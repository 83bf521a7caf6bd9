package sms_test

import (
	"context"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
)

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		name string
		v    interface{ Validate() error }
		ok   bool
	}{
		{"no webhook", sms.Webhook{}, true},
		{"https webhook", sms.Webhook{URL: "https://crm.example.com/hooks/sms", Secret: "x"}, true},
		{"ftp webhook", sms.Webhook{URL: "ftp://example.com/"}, false},
		{"relative webhook", sms.Webhook{URL: "/sms"}, false},
		{"mail to nobody", sms.EmailForward{}, true},
		{"mail", sms.EmailForward{To: []string{"office@example.com", "Anna <anna@example.com>"}}, true},
		{"not an address", sms.EmailForward{To: []string{"office"}}, false},
	}
	for _, tt := range tests {
		if err := tt.v.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v; want ok %v", tt.name, err, tt.ok)
		}
	}
}

func TestSign(t *testing.T) {
	// RFC 4231 test case 2: HMAC-SHA-256 with key "Jefe".
	got := sms.Sign("Jefe", []byte("what do ya want for nothing?"))
	if want := "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"; got != want {
		t.Errorf("Sign = %s; want %s", got, want)
	}
}

func TestNewRefusesBadOpts(t *testing.T) {
	st := openStore(t, tempDB(t))
	tests := []struct {
		name string
		o    sms.Opts
	}{
		{"no store", sms.Opts{}},
		{"unnamed modem", sms.Opts{Store: st, Modems: map[string]sms.Modem{"": nil}}},
		{"retry max below min", sms.Opts{Store: st, RetryMin: time.Minute, RetryMax: time.Second}},
	}
	for _, tt := range tests {
		if _, err := sms.New(tt.o); err == nil {
			t.Errorf("New(%s) = nil error; want one", tt.name)
		}
	}
}

// TestForwardToARemovedTargetFails: a forward queued while a target was
// set fails once the target is gone, and the other still goes.
func TestForwardToARemovedTargetFails(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	hook := startWebhook(t, 0)
	if err := st.PutSetting(ctx, sms.SettingEmail, sms.EmailForward{To: []string{"office@example.com"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutSetting(ctx, sms.SettingWebhook, sms.Webhook{URL: hook.URL}); err != nil {
		t.Fatal(err)
	}
	g1 := newModule(t, "GSM 1", fastModem)
	_, stop := startService(t, sms.Opts{Store: st}, g1) // no mailer: e-mail waits
	g1.m.DeliverSMS("+79161234567", "hello")
	waitFor(t, 10*time.Second, "the webhook got the message", func() bool { b, _ := hook.requests(); return len(b) == 1 })
	stop()
	if err := st.PutSetting(ctx, sms.SettingEmail, sms.EmailForward{}); err != nil {
		t.Fatal(err)
	}
	startService(t, sms.Opts{Store: st}, g1)
	waitFor(t, 10*time.Second, "the e-mail forward failed", func() bool {
		fwds, _ := st.SMSForwards().List(ctx)
		return len(fwds) == 2 && fwds[0].Status == store.ForwardFailed && fwds[1].Status == store.ForwardDone
	})
}
