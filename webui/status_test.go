package webui

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

func TestHealthIsPublic(t *testing.T) {
	e := newTestEnv(t)
	ext := store.Extension{Number: "100", Name: "A", Outbound: store.OutboundInternal}
	if err := e.st.Extensions().Create(context.Background(), &ext); err != nil {
		t.Fatal(err)
	}
	res := e.browser(t, "192.0.2.50:1").do("GET", "/api/health", nil)
	var v struct {
		Status   string `json:"status"`
		Version  string `json:"version"`
		Revision int64  `json:"revision"`
	}
	res.decode(t, &v)
	if res.Code != http.StatusOK || v.Status != "ok" || v.Version != "v1.2.3-test" || v.Revision != 1 {
		t.Fatalf("GET /api/health = %d %s; want ok, the version and revision 1", res.Code, res.Body)
	}
}

func TestStatusAndLogs(t *testing.T) {
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	for _, n := range []string{"100", "101"} {
		ext := store.Extension{Number: n, Name: "Ext " + n, Outbound: store.OutboundInternal}
		if err := e.st.Extensions().Create(context.Background(), &ext); err != nil {
			t.Fatal(err)
		}
	}
	e.clock.Advance(90 * time.Second)
	res := b.do("GET", "/api/status", nil)
	var st Status
	res.decode(t, &st)
	if res.Code != http.StatusOK || st.Version != "v1.2.3-test" || st.Board != "sim" || st.SIPAddr != "127.0.0.1:5060" ||
		st.Revision != 2 || st.UptimeSec != 90 || st.Extensions != 2 || st.Trunks != 0 || st.Routes != 0 ||
		st.HeapBytes == 0 || st.Goroutines == 0 || st.RSSBytes < st.AnonBytes || st.AnonBytes < st.HeapBytes {
		t.Fatalf("GET /api/status = %d %+v", res.Code, st)
	}
	// The dashboard shows where phones register, as the devices and
	// network pages do: the address pbxd advertises once it is known.
	e.srv.SetSIPAddr("192.0.2.10:5060")
	b.do("GET", "/api/status", nil).decode(t, &st)
	if st.SIPAddr != "192.0.2.10:5060" {
		t.Errorf("GET /api/status after SetSIPAddr: sip_addr = %q; want 192.0.2.10:5060", st.SIPAddr)
	}
	// And the name it answers mDNS for, once pbxd claimed one.
	if st.MDNSName != "" {
		t.Errorf("GET /api/status before SetMDNSName: mdns_name = %q; want none", st.MDNSName)
	}
	e.srv.SetMDNSName("hookflash-2.local")
	b.do("GET", "/api/status", nil).decode(t, &st)
	if st.MDNSName != "hookflash-2.local" {
		t.Errorf("GET /api/status after SetMDNSName: mdns_name = %q; want hookflash-2.local", st.MDNSName)
	}

	tests := []struct {
		query    string
		wantCode int
		want     []string
	}{
		{"", http.StatusOK, []string{"line 1", "line 2", "line 3"}},
		{"?n=2", http.StatusOK, []string{"line 2", "line 3"}},
		{"?n=0", http.StatusBadRequest, nil},
		{"?n=lots", http.StatusBadRequest, nil},
	}
	for _, tt := range tests {
		res := b.do("GET", "/api/logs"+tt.query, nil)
		var v struct {
			Lines []string `json:"lines"`
		}
		res.decode(t, &v)
		if res.Code != tt.wantCode || strings.Join(v.Lines, "|") != strings.Join(tt.want, "|") {
			t.Errorf("GET /api/logs%s = %d %s; want %d %q", tt.query, res.Code, res.Body, tt.wantCode, tt.want)
		}
	}
}
