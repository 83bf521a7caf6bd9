package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/logring"
	"github.com/hookflash/firmware/pbx/store"
)

// dialTopics opens srv's feed with the query q as the admin of cookie.
func dialTopics(t *testing.T, srv *httptest.Server, cookie, q string) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	h := http.Header{"Cookie": {cookie}, "Origin": {srv.URL}}
	conn, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/api/ws?"+q, h)
	if conn != nil {
		t.Cleanup(func() { conn.Close() })
	}
	return conn, res, err
}

// readEvent reads the next feed event, failing the test after 10 s.
func readEvent(t *testing.T, conn *websocket.Conn) (typ string, data []byte) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := conn.ReadMessage()
	if err != nil {
		t.Fatalf("reading the feed: %v", err)
	}
	var ev struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		t.Fatalf("feed sent %q: %v", data, err)
	}
	return ev.Type, data
}

func TestFeedTopicsRefused(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	srv := httptest.NewServer(e.srv.Handler())
	defer srv.Close()
	cookie := sessionCookie + "=" + b.cookies[sessionCookie].Value
	for _, q := range []string{"topics=status,weather", "topics=log&log_lines=0", "topics=log&log_lines=x", "topics=log&log_lines=5001"} {
		_, res, err := dialTopics(t, srv, cookie, q)
		if err == nil || res == nil || res.StatusCode != http.StatusBadRequest {
			t.Errorf("dial ?%s: %v, %+v; want 400", q, err, res)
		}
	}
}

// TestFeedLogTopic: a feed on the log topic starts with the log's tail,
// then pushes each new line as it is written, and nothing of the status.
func TestFeedLogTopic(t *testing.T) {
	t.Parallel()
	ring := logring.New(100)
	e := newTestEnv(t, func(o *Options) { o.Logs = ring })
	b := e.setupAdmin(t)
	srv := httptest.NewServer(e.srv.Handler())
	defer srv.Close()
	cookie := sessionCookie + "=" + b.cookies[sessionCookie].Value
	for i := range 5 {
		fmt.Fprintf(ring, "time=x level=INFO msg=\"old %d\"\n", i)
	}

	conn, _, err := dialTopics(t, srv, cookie, "topics=log&log_lines=3")
	if err != nil {
		t.Fatal(err)
	}
	logEventOf := func() logEvent {
		t.Helper()
		typ, data := readEvent(t, conn)
		if typ != "log" {
			t.Fatalf("feed sent %s; want only log events: %s", typ, data)
		}
		var ev logEvent
		if err := json.Unmarshal(data, &ev); err != nil {
			t.Fatal(err)
		}
		return ev
	}
	first := logEventOf()
	if !first.Reset || len(first.Lines) != 3 || !strings.Contains(first.Lines[0], "old 2") || !strings.Contains(first.Lines[2], "old 4") {
		t.Fatalf("first log event = %+v; want reset with the 3 newest lines, old 2 to old 4", first)
	}
	fmt.Fprintf(ring, "time=y level=WARN msg=new\n")
	if ev := logEventOf(); ev.Reset || !slices.Equal(ev.Lines, []string{"time=y level=WARN msg=new"}) {
		t.Fatalf("log event after a write = %+v; want just the new line", ev)
	}
	// More lines than the feed shows at once, written before it reads
	// them: it starts afresh from the newest.
	for i := range 10 {
		fmt.Fprintf(ring, "burst %d\n", i)
	}
	var got []string
	for !slices.Contains(got, "burst 9") {
		ev := logEventOf()
		if ev.Reset {
			got = nil
		}
		got = append(got, ev.Lines...)
	}
	if len(got) > 3 || got[len(got)-1] != "burst 9" {
		t.Errorf("after a burst the page holds %q; want at most the 3 newest, ending with burst 9", got)
	}
}

// TestFeedSMSTopic: a feed on the sms topic pushes a message sent from
// the API at each step of its way out, as the outbox shows it.
func TestFeedSMSTopic(t *testing.T) {
	t.Parallel()
	x := newSMSBox(t)
	srv := httptest.NewServer(x.srv.Handler())
	defer srv.Close()
	cookie := sessionCookie + "=" + x.b.cookies[sessionCookie].Value
	conn, _, err := dialTopics(t, srv, cookie, "topics=sms")
	if err != nil {
		t.Fatal(err)
	}
	if res := x.b.do("POST", "/api/sms", map[string]string{"module": "gsm/1", "to": "+79161234567", "text": "Live"}); res.Code != http.StatusAccepted {
		t.Fatalf("POST /api/sms = %d %s; want 202", res.Code, res.Body)
	}
	var statuses []string
	for !slices.Contains(statuses, store.SMSDelivered) {
		typ, data := readEvent(t, conn)
		if typ != "sms" {
			t.Fatalf("feed sent %s; want only sms events: %s", typ, data)
		}
		var ev smsEvent
		if err := json.Unmarshal(data, &ev); err != nil {
			t.Fatal(err)
		}
		m := ev.Message
		if m.Direction != store.SMSOut || m.Peer != "+79161234567" || m.Text != "Live" {
			t.Fatalf("sms event %+v; want the message to +79161234567", m)
		}
		statuses = append(statuses, m.Status)
	}
	if statuses[0] != store.SMSQueued && statuses[0] != store.SMSSending {
		t.Errorf("statuses pushed %v; want the first queued (or sending, read late)", statuses)
	}
	if len(statuses) < 2 {
		t.Errorf("statuses pushed %v; want each step to delivered", statuses)
	}
}

// TestFeedLabTopic: on the simulated board a feed on the lab topic starts
// with the world's state and pushes it again when a phone goes off hook;
// elsewhere the topic is refused.
func TestFeedLabTopic(t *testing.T) {
	t.Parallel()
	board, err := hal.Board("sim")
	if err != nil {
		t.Fatal(err)
	}
	world, err := sim.NewWorld(board, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer world.Close()
	l, err := lab.New(world, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { defer close(ran); l.Run(ctx) }()
	defer func() { cancel(); <-ran; l.Close() }()

	e := newTestEnv(t, func(o *Options) { o.Lab = l.Handler(); o.TelephonyPeriod = 50 * time.Millisecond })
	b := e.setupAdmin(t)
	srv := httptest.NewServer(e.srv.Handler())
	defer srv.Close()
	cookie := sessionCookie + "=" + b.cookies[sessionCookie].Value
	conn, _, err := dialTopics(t, srv, cookie, "topics=lab")
	if err != nil {
		t.Fatal(err)
	}
	fxs1OffHook := func() bool {
		t.Helper()
		typ, data := readEvent(t, conn)
		if typ != "lab" {
			t.Fatalf("feed sent %s; want only lab events: %s", typ, data)
		}
		var ev struct{ State lab.State }
		if err := json.Unmarshal(data, &ev); err != nil || len(ev.State.Phones) == 0 {
			t.Fatalf("lab event %s: %v; want the world's state", data, err)
		}
		return ev.State.Phones[0].OffHook
	}
	if fxs1OffHook() {
		t.Fatal("the first lab event has fxs1 off hook; want on hook")
	}
	if res := b.do("POST", "/api/lab/phones/fxs1/offhook", nil); res.Code != http.StatusOK {
		t.Fatalf("POST offhook = %d %s", res.Code, res.Body)
	}
	for !fxs1OffHook() {
	}

	real := newTestEnv(t)
	rb := real.setupAdmin(t)
	rsrv := httptest.NewServer(real.srv.Handler())
	defer rsrv.Close()
	_, res, err := dialTopics(t, rsrv, sessionCookie+"="+rb.cookies[sessionCookie].Value, "topics=lab")
	if err == nil || res == nil || res.StatusCode != http.StatusBadRequest {
		t.Errorf("topic lab on a real board: %v, %+v; want 400", err, res)
	}
}

// FuzzParseFeedOptions: any query either is refused naming its field or
// gives known topics and a log length in range.
func FuzzParseFeedOptions(f *testing.F) {
	for _, q := range []string{"", "topics=", "topics=log&log_lines=1000", "topics=sms,lab", "topics=status&topics=log", "topics=weather", "log_lines=-1"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		o, field, err := parseFeedOptions(q)
		if err != nil {
			if field != "topics" && field != "log_lines" {
				t.Fatalf("parseFeedOptions(%q) = %v on field %q; want topics or log_lines", raw, err, field)
			}
			return
		}
		for topic := range o.topics {
			if !slices.Contains(feedTopics, topic) {
				t.Fatalf("parseFeedOptions(%q) took topic %q", raw, topic)
			}
		}
		if o.logLines < 1 || o.logLines > maxLogLines {
			t.Fatalf("parseFeedOptions(%q) log lines %d; want 1..%d", raw, o.logLines, maxLogLines)
		}
	})
}
