package webui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// telephonySource is a Telephony whose state the test sets. It counts the
// snapshots taken.
type telephonySource struct {
	mu    sync.Mutex
	t     TelephonyStatus
	taken int
}

func (s *telephonySource) Snapshot() TelephonyStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.taken++
	t := s.t
	t.FXS = append([]FXSPortStatus(nil), s.t.FXS...)
	t.Calls = append([]CallStatus(nil), s.t.Calls...)
	return t
}

func (s *telephonySource) set(f func(*TelephonyStatus)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.t)
}

// waitTaken waits until n more snapshots than now were taken, for at most
// 10 s.
func (s *telephonySource) waitTaken(t *testing.T, n int) {
	t.Helper()
	s.mu.Lock()
	want := s.taken + n
	s.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s.mu.Lock()
		got := s.taken
		s.mu.Unlock()
		if got >= want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d snapshots taken within 10 s; want %d", got, want)
		}
		time.Sleep(time.Millisecond)
	}
}

// nextTelephony returns the next telephony event of the feed, skipping
// events of other types, failing the test after 10 s.
func nextTelephony(t *testing.T, conn *websocket.Conn) TelephonyStatus {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for a telephony event: %v", err)
		}
		var kind struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(data, &kind); err != nil || kind.Type != "telephony" {
			continue
		}
		var ev TelephonyStatus
		if err := json.Unmarshal(data, &ev); err != nil {
			t.Fatalf("feed sent %q: %v", data, err)
		}
		return ev
	}
}

func TestTelephonyEndpoint(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	res := b.do("GET", "/api/telephony", nil)
	if res.Code != http.StatusServiceUnavailable || res.apiErr(t).Error == "" {
		t.Fatalf("GET /api/telephony before the telephony runs = %d %s; want 503", res.Code, res.Body)
	}

	src := &telephonySource{t: TelephonyStatus{FXS: []FXSPortStatus{{Port: 1, Extension: "101", Mode: "voice", State: "off-hook"}}}}
	e.srv.SetTelephony(src)
	res = b.do("GET", "/api/telephony", nil)
	var got TelephonyStatus
	res.decode(t, &got)
	if res.Code != http.StatusOK || len(got.FXS) != 1 || got.FXS[0].State != "off-hook" || got.Type != "" {
		t.Fatalf("GET /api/telephony = %d %s; want port 1 off-hook", res.Code, res.Body)
	}
	// Lists the source leaves nil are empty, not null, so that the page
	// can iterate them.
	for _, list := range []string{`"fxo":[]`, `"gsm":[]`, `"trunks":[]`, `"registrations":[]`, `"calls":[]`} {
		if !strings.Contains(res.Body.String(), list) {
			t.Errorf("GET /api/telephony = %s; want %s", res.Body, list)
		}
	}
	b.do("POST", "/api/logout", nil)
	if res := b.do("GET", "/api/telephony", nil); res.Code != http.StatusUnauthorized {
		t.Errorf("GET /api/telephony after logout = %d; want 401", res.Code)
	}
}

// telephonyFeed returns a box that looks at its telephony every 5 ms, and
// the feed of a logged-in page on it.
func telephonyFeed(t *testing.T) (*testEnv, *websocket.Conn) {
	t.Helper()
	e := newTestEnv(t, func(o *Options) { o.TelephonyPeriod = 5 * time.Millisecond })
	b := e.setupAdmin(t)
	srv := httptest.NewServer(e.srv.Handler())
	t.Cleanup(srv.Close)
	conn, _, err := dialFeed(t, srv, sessionCookie+"="+b.cookies[sessionCookie].Value, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return e, conn
}

func TestFeedPushesTelephonyChanges(t *testing.T) {
	t.Parallel()
	e, conn := telephonyFeed(t)

	// The telephony starts after the page connected: its state arrives.
	start := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	src := &telephonySource{t: TelephonyStatus{
		At:    start,
		FXS:   []FXSPortStatus{{Port: 1, Mode: "voice", State: "idle"}, {Port: 2, Mode: "voice", State: "idle"}},
		Calls: []CallStatus{{ID: "c1", Caller: "+74951234567", Channel: "fxo/1", Peer: "sip/101", Started: start, DurationSec: 1}},
	}}
	e.srv.SetTelephony(src)
	if ev := nextTelephony(t, conn); len(ev.FXS) != 2 || ev.FXS[0].State != "idle" || len(ev.Calls) != 1 || ev.Calls[0].DurationSec != 1 {
		t.Fatalf("first telephony event %+v; want both ports idle and the call", ev)
	}

	// Time passes and the call lasts longer, but nothing else changes:
	// no event. Then port 1 goes off-hook: the next event says so.
	src.set(func(s *TelephonyStatus) {
		s.At = start.Add(5 * time.Second)
		s.Calls = []CallStatus{{ID: "c1", Caller: "+74951234567", Channel: "fxo/1", Peer: "sip/101", Started: start, DurationSec: 5}}
	})
	src.waitTaken(t, 5)
	src.set(func(s *TelephonyStatus) { s.FXS[0].State = "off-hook" })
	ev := nextTelephony(t, conn)
	if ev.FXS[0].State != "off-hook" || ev.Calls[0].DurationSec != 5 {
		t.Fatalf("telephony event after the port went off-hook %+v; want port 1 off-hook (and no event for the duration alone)", ev)
	}

	// The call ends.
	src.set(func(s *TelephonyStatus) { s.Calls = nil })
	if ev := nextTelephony(t, conn); len(ev.Calls) != 0 || ev.Calls == nil || ev.FXS[0].State != "off-hook" {
		t.Fatalf("telephony event after the call ended %+v; want no calls", ev)
	}
}

// TestFeedPushesCallPath: a call that moves on in its scenario (out of
// the voice menu into a ring group) is pushed with its new path, the
// element it is in now last; a call whose path the source leaves nil has
// an empty one.
func TestFeedPushesCallPath(t *testing.T) {
	t.Parallel()
	e, conn := telephonyFeed(t)
	start := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	in := CallStep{Step: "in", Type: "incoming", Outcome: "next"}
	src := &telephonySource{t: TelephonyStatus{At: start, Calls: []CallStatus{
		{ID: "c1", Caller: "+74951234567", Channel: "fxo/1", Started: start,
			Path: []CallStep{in, {Step: "m", Type: "menu", Label: "Main", Running: true}}},
		{ID: "c2", Caller: "101", Channel: "sip/101", Started: start},
	}}}
	e.srv.SetTelephony(src)
	ev := nextTelephony(t, conn)
	if len(ev.Calls) != 2 || fmt.Sprint(ev.Calls[0].Path) != fmt.Sprint(src.t.Calls[0].Path) || ev.Calls[1].Path == nil || len(ev.Calls[1].Path) != 0 {
		t.Fatalf("first telephony event calls %+v; want c1 in the menu, c2 with an empty path", ev.Calls)
	}
	moved := []CallStep{in, {Step: "m", Type: "menu", Label: "Main", Outcome: "1"}, {Step: "sales", Type: "group", Label: "Sales", Running: true}}
	src.set(func(s *TelephonyStatus) { s.Calls[0].Path, s.Calls[0].PathEarlier = moved, 2 })
	ev = nextTelephony(t, conn)
	if got := ev.Calls[0]; fmt.Sprint(got.Path) != fmt.Sprint(moved) || got.PathEarlier != 2 {
		t.Fatalf("telephony event after key 1: c1 path %+v after %d; want %+v after 2", got.Path, got.PathEarlier, moved)
	}
}
