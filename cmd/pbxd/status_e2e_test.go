package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/webui"
)

// The status end-to-end tests read the dashboard's live state and use the
// SMS service through the web API of a pbxd on the simulated board, while
// the lab acts as the phones and the GSM network.

// telephonyFeed is the web UI's websocket feed, as the dashboard opens it.
type telephonyFeed struct{ conn *websocket.Conn }

// openFeed opens /api/ws with the admin's session.
func (b *labBox) openFeed(t *testing.T) *telephonyFeed {
	t.Helper()
	base, err := url.Parse(b.web)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	for _, c := range b.admin.http.Jar.Cookies(base) {
		h.Add("Cookie", c.Name+"="+c.Value)
	}
	h.Set("Origin", b.web)
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(b.web, "http")+"/api/ws", h)
	if err != nil {
		t.Fatalf("open the websocket feed: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return &telephonyFeed{conn: conn}
}

// waitTelephony reads the feed's telephony events until one satisfies
// cond, for at most d, and returns it.
func (f *telephonyFeed) waitTelephony(t *testing.T, what string, d time.Duration, cond func(webui.TelephonyStatus) bool) webui.TelephonyStatus {
	t.Helper()
	f.conn.SetReadDeadline(time.Now().Add(d))
	var last webui.TelephonyStatus
	for {
		_, data, err := f.conn.ReadMessage()
		if err != nil {
			t.Fatalf("the feed did not push %s within %v (%v); last telephony event %+v", what, d, err, last)
		}
		var kind struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(data, &kind) != nil || kind.Type != "telephony" {
			continue
		}
		last = webui.TelephonyStatus{}
		if err := json.Unmarshal(data, &last); err != nil {
			t.Fatalf("telephony event %q: %v", data, err)
		}
		if cond(last) {
			return last
		}
	}
}

// fxsPort returns FXS port n of t; its Port is 0 when t does not list it.
func fxsPort(t webui.TelephonyStatus, n int) webui.FXSPortStatus {
	for _, p := range t.FXS {
		if p.Port == n {
			return p
		}
	}
	return webui.FXSPortStatus{}
}

// TestE2ETelephonyStatus checks the dashboard's live state on the
// simulated board: GET /api/telephony lists its 4 FXS ports, 2 FXO lines
// and 2 GSM modules, and a phone that goes off-hook in the lab shows on
// both that endpoint and the websocket, without a reload.
func TestE2ETelephonyStatus(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, analogOffice)
	feed := b.openFeed(t)

	var st webui.TelephonyStatus
	b.admin.mustDo("GET", "/api/telephony", nil, &st)
	if len(st.FXS) != 4 || len(st.FXO) != 2 || len(st.GSM) != 2 {
		t.Fatalf("GET /api/telephony lists %d FXS ports, %d FXO lines, %d GSM modules; want 4, 2, 2: %+v", len(st.FXS), len(st.FXO), len(st.GSM), st)
	}
	for i, p := range st.FXS {
		if p.Port != i+1 || p.State != "idle" || p.OffHook || p.Mode != "voice" {
			t.Errorf("FXS port %d is %+v; want port %d, idle, voice", i+1, p, i+1)
		}
	}
	if st.FXS[0].Extension != "101" || st.FXS[1].Extension != "102" {
		t.Errorf("FXS ports 1 and 2 show extensions %q and %q; want 101 and 102", st.FXS[0].Extension, st.FXS[1].Extension)
	}
	for i, l := range st.FXO {
		if l.Port != i+1 || l.Down || l.InUse || l.Volts == 0 {
			t.Errorf("FXO line %d is %+v; want port %d with voltage, not in use", i+1, l, i+1)
		}
	}
	for i, g := range st.GSM {
		if g.Slot != i+1 || g.Module != fmt.Sprintf("gsm/%d", i+1) {
			t.Errorf("GSM module %d is %+v; want slot %d, module gsm/%d", i+1, g, i+1, i+1)
		}
	}
	if st.Calls == nil || len(st.Calls) != 0 {
		t.Errorf("calls %+v; want an empty list", st.Calls)
	}
	// The modems register with the simulated network after they boot.
	feed.waitTelephony(t, "both GSM modules registered", 15*time.Second, func(s webui.TelephonyStatus) bool {
		return len(s.GSM) == 2 && s.GSM[0].Registered && s.GSM[1].Registered && s.GSM[0].SignalDBm != nil && s.GSM[0].Bars > 0
	})

	// Off-hook, the phone hears dial tone: the port is off-hook and dialling.
	b.act(t, "phones/fxs1/offhook", nil)
	offHook := func(p webui.FXSPortStatus) bool { return p.OffHook && p.State == "dialling" }
	feed.waitTelephony(t, "FXS port 1 off-hook", 5*time.Second, func(s webui.TelephonyStatus) bool { return offHook(fxsPort(s, 1)) })
	b.admin.mustDo("GET", "/api/telephony", nil, &st)
	if p1, p2 := fxsPort(st, 1), fxsPort(st, 2); !offHook(p1) || p2.OffHook || p2.State != "idle" {
		t.Errorf("GET /api/telephony after the lab's off-hook: port 1 %+v, port 2 %+v; want port 1 off-hook and dialling, port 2 idle", p1, p2)
	}
	b.act(t, "phones/fxs1/onhook", nil)
	feed.waitTelephony(t, "FXS port 1 idle again", 5*time.Second, func(s webui.TelephonyStatus) bool {
		p := fxsPort(s, 1)
		return !p.OffHook && p.State == "idle"
	})
}

// TestE2EWebSMSAndUSSD sends an SMS and a USSD request through the web API,
// which hands them to the SMS service and the modem of GSM module 1; the
// lab's network receives the message and answers the request.
func TestE2EWebSMSAndUSSD(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, nil)
	var mods []struct {
		ID   int64 `json:"id"`
		Slot int   `json:"slot"`
	}
	b.admin.mustDo("GET", "/api/gsm-modules", nil, &mods)
	if len(mods) != 2 || mods[0].Slot != 1 {
		t.Fatalf("GET /api/gsm-modules = %+v; want slots 1 and 2", mods)
	}

	const to, text = "+79161234567", "Счёт оплачен, спасибо!"
	b.admin.mustDo("POST", "/api/sms", map[string]string{"module": "gsm/1", "to": to, "text": text}, nil)
	waitUntil(t, "the network receives the SMS", 20*time.Second, func() bool {
		var s lab.State
		b.admin.mustDo("GET", "/api/lab", nil, &s)
		return len(s.GSM) > 0 && slices.Contains(s.GSM[0].SMSSent, lab.SMSSent{To: to, Text: text})
	})
	waitUntil(t, "the outbox shows the message sent", 10*time.Second, func() bool {
		var out []struct {
			Module, Peer, Text, Status string
		}
		b.admin.mustDo("GET", "/api/sms?direction=out&module=gsm/1", nil, &out)
		return len(out) == 1 && out[0].Text == text && (out[0].Status == "sent" || out[0].Status == "delivered")
	})

	b.act(t, "gsm/gsm1/ussd", map[string]string{"reply": "Баланс 152,30 р."})
	var reply struct {
		Module, Code, Reply string
	}
	path := fmt.Sprintf("/api/gsm-modules/%d/ussd", mods[0].ID)
	b.admin.mustDo("POST", path, map[string]string{"code": "*100#"}, &reply)
	if reply.Reply != "Баланс 152,30 р." || reply.Module != "gsm/1" {
		t.Errorf("POST %s = %+v; want the network's balance reply from gsm/1", path, reply)
	}
	var recent []struct{ Code, Reply string }
	b.admin.mustDo("GET", path, nil, &recent)
	if len(recent) != 1 || recent[0].Code != "*100#" || recent[0].Reply != reply.Reply {
		t.Errorf("GET %s = %+v; want the one request with its reply", path, recent)
	}
}
