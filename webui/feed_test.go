package webui

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/hookflash/firmware/pbx/store"
)

// dialFeed opens the websocket feed of srv with the given cookie header and
// Origin.
func dialFeed(t *testing.T, srv *httptest.Server, cookie, origin string) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	h := http.Header{}
	if cookie != "" {
		h.Set("Cookie", cookie)
	}
	if origin != "" {
		h.Set("Origin", origin)
	}
	conn, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/api/ws", h)
	if conn != nil {
		t.Cleanup(func() { conn.Close() })
	}
	return conn, res, err
}

// nextEvent reads feed events until one has type typ and satisfies ok,
// failing the test after 10 s.
func nextEvent(t *testing.T, conn *websocket.Conn, typ string, ok func(raw []byte) bool) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for a %s event: %v", typ, err)
		}
		var ev struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(data, &ev); err != nil {
			t.Fatalf("feed sent %q: %v", data, err)
		}
		if ev.Type == typ && ok(data) {
			return
		}
	}
}

func revisionIs(want int64) func([]byte) bool {
	return func(data []byte) bool {
		var ev revisionEvent
		return json.Unmarshal(data, &ev) == nil && ev.Revision == want
	}
}

func TestFeed(t *testing.T) {
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	srv := httptest.NewServer(e.srv.Handler())
	defer srv.Close()
	cookie := sessionCookie + "=" + b.cookies[sessionCookie].Value

	t.Run("refused without login", func(t *testing.T) {
		_, res, err := dialFeed(t, srv, "", srv.URL)
		if err == nil || res == nil || res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("dial without session: %v, %+v; want 401", err, res)
		}
	})
	t.Run("refused from another origin", func(t *testing.T) {
		_, res, err := dialFeed(t, srv, cookie, "http://evil.example")
		if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
			t.Fatalf("dial from another origin: %v, %+v; want 403", err, res)
		}
	})

	t.Run("revision after create", func(t *testing.T) {
		conn, _, err := dialFeed(t, srv, cookie, srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		nextEvent(t, conn, "status", func(data []byte) bool {
			var st Status
			return json.Unmarshal(data, &st) == nil && st.Version == "v1.2.3-test" && st.Revision == 0
		})

		req, _ := http.NewRequest("POST", srv.URL+"/api/extensions", strings.NewReader(`{"number":"200","name":"Kitchen"}`))
		req.Header.Set("Cookie", cookie)
		req.Header.Set(csrfHeader, b.csrf)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("POST /api/extensions = %d; want 201", res.StatusCode)
		}
		nextEvent(t, conn, "revision", revisionIs(1))
	})

	t.Run("a client that does not read does not hold up the store", func(t *testing.T) {
		conn, _, err := dialFeed(t, srv, cookie, srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		for i := range 20 {
			ext := store.Extension{Number: "30" + string(rune('0'+i/10)) + string(rune('0'+i%10)), Name: "x", Outbound: store.OutboundInternal}
			if err := e.st.Extensions().Create(ctx, &ext); err != nil {
				t.Fatal(err)
			}
		}
		rev, _ := e.st.Revision(ctx)
		// Intermediate revisions may be skipped, the latest always arrives.
		nextEvent(t, conn, "revision", revisionIs(rev))
	})

	t.Run("Close ends the feeds", func(t *testing.T) {
		conn, _, err := dialFeed(t, srv, cookie, srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		nextEvent(t, conn, "status", func([]byte) bool { return true })
		e.srv.Close()
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		for {
			_, _, err := conn.ReadMessage()
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				if ce.Code != websocket.CloseGoingAway {
					t.Fatalf("close code %d; want %d (going away)", ce.Code, websocket.CloseGoingAway)
				}
				break
			}
			if err != nil {
				t.Fatalf("after Close: %v; want a close frame", err)
			}
		}
		if _, res, err := dialFeed(t, srv, cookie, srv.URL); err == nil || res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("dial after Close: %v; want 503", err)
		}
	})
}
