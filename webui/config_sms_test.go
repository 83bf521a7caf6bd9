package webui

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
)

// smsBox is a Server with the real SMS service on a real GSM driver and an
// emulated modem in slot 1, wired as pbxd wires them: the module's key is
// gsm/1.
type smsBox struct {
	*testEnv
	modem *sim.Modem
	b     *browser
	gsm   [2]int64 // the store's GSM modules; only slot 1 has a modem
}

func newSMSBox(t *testing.T) *smsBox {
	t.Helper()
	m := sim.NewModem(sim.ModemOpts{BootTime: 100 * time.Millisecond})
	o := gsm.Opts{DeliveryReports: true, CommandTimeout: 300 * time.Millisecond, SMSTimeout: time.Second,
		Heartbeat: 200 * time.Millisecond, BootWait: 5 * time.Second}
	var running atomic.Pointer[sms.Service]
	o.OnEvent = func(ev gsm.Event) {
		if svc := running.Load(); svc != nil {
			svc.HandleEvent("gsm/1", ev)
		}
	}
	dev, err := gsm.New(m.Port(), m.Lines(), &o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	supervised := make(chan struct{})
	t.Cleanup(func() {
		cancel()
		<-supervised
		dev.Close()
		m.Close()
	})
	if err := dev.Init(ctx); err != nil {
		t.Fatalf("gsm Init: %v", err)
	}
	go func() { defer close(supervised); dev.Supervise(ctx) }()

	box := &smsBox{modem: m}
	box.testEnv = newTestEnv(t)
	svc, err := sms.New(sms.Opts{Store: box.st, Modems: map[string]sms.Modem{"gsm/1": dev},
		RetryMin: 100 * time.Millisecond, RetryMax: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	running.Store(svc)
	ran := make(chan struct{})
	go func() { defer close(ran); svc.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-ran })
	box.srv.SetSMS(svc)
	_, _, box.gsm = boardPorts(t, box.st)
	box.b = box.setupAdmin(t)
	return box
}

// waitOutbox polls GET /api/sms?direction=out until its newest message
// satisfies ok, for at most 10 s.
func (x *smsBox) waitOutbox(t *testing.T, what string, ok func(smsView) bool) smsView {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var msgs []smsView
		res := x.b.do("GET", "/api/sms?direction=out&limit=1", nil)
		res.decode(t, &msgs)
		if res.Code == http.StatusOK && len(msgs) == 1 && ok(msgs[0]) {
			return msgs[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("within 10 s: %s; the outbox shows %d %s", what, res.Code, res.Body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSendSMS(t *testing.T) {
	t.Parallel()
	x := newSMSBox(t)
	const text = "Встреча в 15:00, переговорная 2"

	res := x.b.do("POST", "/api/sms", map[string]string{"module": "gsm/1", "to": "+79161234567", "text": text})
	if res.Code != http.StatusAccepted {
		t.Fatalf("POST /api/sms = %d %s; want 202", res.Code, res.Body)
	}
	m := x.waitOutbox(t, "the message is sent", func(m smsView) bool {
		return m.Status == store.SMSSent || m.Status == store.SMSDelivered
	})
	if m.Module != "gsm/1" || m.Peer != "+79161234567" || m.Text != text || m.Parts != 1 || m.SentAt.IsZero() {
		t.Errorf("outbox shows %+v; want the message sent through gsm/1", m)
	}
	if got := x.modem.SentText("+79161234567"); len(got) != 1 || got[0] != text {
		t.Errorf("the network got %q; want the text once", got)
	}

	// Any module: the service picks one that is up.
	if res := x.b.do("POST", "/api/sms", map[string]string{"to": "89161234567", "text": "second"}); res.Code != http.StatusAccepted {
		t.Fatalf("POST /api/sms without a module = %d %s; want 202", res.Code, res.Body)
	}
	x.waitOutbox(t, "the second message is sent", func(m smsView) bool {
		return m.Text == "second" && m.Module == "gsm/1" && (m.Status == store.SMSSent || m.Status == store.SMSDelivered)
	})

	checkRefused(t, x.b, "POST", "/api/sms", []refusal{
		{"", `{"module":"gsm/3","to":"+79161234567","text":"hi"}`, http.StatusBadRequest, "module"},
		{"", `{"module":"GSM 1","to":"+79161234567","text":"hi"}`, http.StatusBadRequest, "module"},
		{"", `{"module":"gsm/01","to":"+79161234567","text":"hi"}`, http.StatusBadRequest, "module"},
		{"", `{"to":"Bank","text":"hi"}`, http.StatusBadRequest, "to"},
		{"", `{"to":"","text":"hi"}`, http.StatusBadRequest, "to"},
		{"", `{"to":"+79161234567","text":""}`, http.StatusBadRequest, "text"},
		{"", `{"to":"+79161234567","text":"` + strings.Repeat("я", maxSMSText+1) + `"}`, http.StatusBadRequest, "text"},
		{"", `{"to":"+79161234567","text":"hi","priority":1}`, http.StatusBadRequest, "priority"},
		{"", `{"to":"+79161234567","text":7}`, http.StatusBadRequest, "text"},
		// gsm/2 is configured, but the service has no modem for it.
		{"", `{"module":"gsm/2","to":"+79161234567","text":"hi"}`, http.StatusUnprocessableEntity, ""},
	})
	if msgs, _ := x.st.ListSMS(context.Background(), store.SMSQuery{Direction: store.SMSOut}); len(msgs) != 2 {
		t.Errorf("outbox holds %d messages; want the 2 accepted", len(msgs))
	}
}

func TestSMSWithoutService(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	_, _, gsm := boardPorts(t, e.st)
	for _, tt := range []struct{ method, path, body string }{
		{"POST", "/api/sms", `{"to":"+79161234567","text":"hi"}`},
		{"POST", fmt.Sprintf("/api/gsm-modules/%d/ussd", gsm[0]), `{"code":"*100#"}`},
	} {
		if res := b.do(tt.method, tt.path, tt.body); res.Code != http.StatusServiceUnavailable || res.apiErr(t).Error == "" {
			t.Errorf("%s %s without the SMS service = %d %s; want 503", tt.method, tt.path, res.Code, res.Body)
		}
	}
}

func TestListSMS(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range 6 {
		m := store.SMSMessage{Direction: store.SMSOut, Module: fmt.Sprintf("gsm/%d", i%2+1), Peer: "+79160000000", Text: fmt.Sprint("out ", i),
			Parts: 1, Status: store.SMSQueued, CreatedAt: at}
		if i%3 == 0 {
			key := fmt.Sprint("k", i)
			m = store.SMSMessage{Direction: store.SMSIn, Module: "gsm/1", Peer: "Bank", Text: fmt.Sprint("in ", i), Parts: 1,
				Status: store.SMSReceived, CreatedAt: at, DedupKey: &key}
		}
		if err := e.st.SMSMessages().Create(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	// IDs 1-6: in 1 (gsm/1), out 2 (gsm/2), out 3 (gsm/1), in 4 (gsm/1), out 5 (gsm/1), out 6 (gsm/2).
	tests := []struct {
		query string
		ids   []int64
	}{
		{"", []int64{6, 5, 4, 3, 2, 1}},
		{"?direction=in", []int64{4, 1}},
		{"?direction=out&module=gsm/2", []int64{6, 2}},
		{"?module=gsm/1&limit=2", []int64{5, 4}},
		{"?module=gsm/1&limit=2&before=4", []int64{3, 1}},
		{"?module=gsm/7", []int64{}},
	}
	for _, tt := range tests {
		var msgs []smsView
		res := b.do("GET", "/api/sms"+tt.query, nil)
		res.decode(t, &msgs)
		ids := []int64{}
		for _, m := range msgs {
			ids = append(ids, m.ID)
		}
		if res.Code != http.StatusOK || fmt.Sprint(ids) != fmt.Sprint(tt.ids) {
			t.Errorf("GET /api/sms%s = %d, ids %v; want %v", tt.query, res.Code, ids, tt.ids)
		}
	}
	if res := b.do("GET", "/api/sms?direction=in", nil); strings.Contains(res.Body.String(), "dedup_key") || !strings.Contains(res.Body.String(), `"peer":"Bank"`) {
		t.Errorf("GET /api/sms?direction=in = %s; want the messages without their dedup keys", res.Body)
	}

	for _, tt := range []struct{ query, field string }{
		{"?direction=sideways", "direction"},
		{"?module=1", "module"},
		{"?module=gsm/0", "module"},
		{"?before=0", "before"},
		{"?before=x", "before"},
		{"?limit=501", "limit"},
		{"?limit=0", "limit"},
	} {
		res := b.do("GET", "/api/sms"+tt.query, nil)
		if res.Code != http.StatusBadRequest || res.apiErr(t).Field != tt.field {
			t.Errorf("GET /api/sms%s = %d %s; want 400 on %s", tt.query, res.Code, res.Body, tt.field)
		}
	}
}

func TestUSSD(t *testing.T) {
	t.Parallel()
	x := newSMSBox(t)
	x.modem.SetUSSD(func(code string) (string, bool) {
		if code == "*100#" {
			return "Баланс: 152,30 р.", false
		}
		return "Unknown request", false
	})
	path := fmt.Sprintf("/api/gsm-modules/%d/ussd", x.gsm[0])

	var got ussdView
	res := x.b.do("POST", path, map[string]string{"code": "*100#"})
	res.decode(t, &got)
	if res.Code != http.StatusOK || got.Reply != "Баланс: 152,30 р." || got.Module != "gsm/1" || got.Code != "*100#" {
		t.Fatalf("POST %s *100# = %d %s; want 200 with the balance", path, res.Code, res.Body)
	}
	if res := x.b.do("POST", path, map[string]string{"code": "*102#"}); res.Code != http.StatusOK {
		t.Fatalf("POST %s *102# = %d %s; want 200", path, res.Code, res.Body)
	}
	var recent []ussdView
	res = x.b.do("GET", path, nil)
	res.decode(t, &recent)
	if res.Code != http.StatusOK || len(recent) != 2 || recent[0].Code != "*102#" || recent[1].Reply != "Баланс: 152,30 р." || recent[1].CreatedAt.IsZero() {
		t.Fatalf("GET %s = %d %s; want both requests, newest first", path, res.Code, res.Body)
	}
	res = x.b.do("GET", path+"?limit=1", nil)
	if res.decode(t, &recent); len(recent) != 1 || recent[0].Code != "*102#" {
		t.Errorf("GET %s?limit=1 = %s; want the newest request", path, res.Body)
	}
	// The other module has none of them.
	res = x.b.do("GET", fmt.Sprintf("/api/gsm-modules/%d/ussd", x.gsm[1]), nil)
	if res.Code != http.StatusOK || strings.TrimSpace(res.Body.String()) != "[]" {
		t.Errorf("GET USSD of GSM 2 = %d %s; want []", res.Code, res.Body)
	}

	// A network that does not answer USSD.
	x.modem.SetUSSD(nil)
	if res := x.b.do("POST", path, map[string]string{"code": "*100#"}); res.Code != http.StatusBadGateway || res.apiErr(t).Error == "" {
		t.Errorf("USSD without an answer = %d %s; want 502 with a message", res.Code, res.Body)
	}

	checkRefused(t, x.b, "POST", path, []refusal{
		{"", `{"code":"*100#; AT+CFUN=0"}`, http.StatusBadRequest, "code"},
		{"", `{"code":""}`, http.StatusBadRequest, "code"},
		{"", `{"code":"` + strings.Repeat("1", 161) + `"}`, http.StatusBadRequest, "code"},
		{"", `{"ussd":"*100#"}`, http.StatusBadRequest, "ussd"},
		{"/api/gsm-modules/99/ussd", `{"code":"*100#"}`, http.StatusNotFound, ""},
	})
	if res := x.b.do("GET", path+"?limit=201", nil); res.Code != http.StatusBadRequest || res.apiErr(t).Field != "limit" {
		t.Errorf("GET %s?limit=201 = %d %s; want 400 on limit", path, res.Code, res.Body)
	}
}

// FuzzModuleKey checks that the module keys the SMS API takes from the
// query and the body are exactly the keys moduleKey makes.
func FuzzModuleKey(f *testing.F) {
	for _, s := range []string{"gsm/1", "gsm/12", "gsm/0", "gsm/01", "gsm/+1", "gsm/", "GSM 1", "gsm/1 ", "gsm/-1", "gsm/9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		slot, ok := slotOfKey(key)
		if ok && (slot < 1 || moduleKey(slot) != key) {
			t.Errorf("slotOfKey(%q) = %d, true; want a slot from 1 whose key is %q", key, slot, key)
		}
		if !ok && strings.HasPrefix(key, "gsm/") {
			if n, err := strconv.Atoi(key[4:]); err == nil && n >= 1 && moduleKey(n) == key {
				t.Errorf("slotOfKey(%q) refused the key of slot %d", key, n)
			}
		}
	})
}
