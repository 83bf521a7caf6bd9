package webui

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestBoxTimeFollowsTheZoneSetting(t *testing.T) {
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	get := func() boxTime {
		t.Helper()
		res := b.do("GET", "/api/system/time", nil)
		if res.Code != http.StatusOK {
			t.Fatalf("GET /api/system/time = %d %s", res.Code, res.Body)
		}
		var bt boxTime
		res.decode(t, &bt)
		return bt
	}
	if got := get(); got.TimeZone != "UTC" || got.ZoneSet || got.Local != "2025-03-01T09:00:00Z" || got.OffsetSec != 0 {
		t.Errorf("time without a zone = %+v; want 09:00 UTC, zone not set", got)
	}
	if res := b.do("PUT", "/api/settings/time_zone", map[string]string{"value": "Europe/Warsaw"}); res.Code != http.StatusOK {
		t.Fatalf("PUT time_zone = %d %s", res.Code, res.Body)
	}
	got := get()
	if got.TimeZone != "Europe/Warsaw" || !got.ZoneSet || got.Local != "2025-03-01T10:00:00+01:00" || got.OffsetSec != 3600 {
		t.Errorf("time in Warsaw = %+v; want 10:00+01:00", got)
	}
	if got.Now.Format("15:04") != "09:00" {
		t.Errorf("now = %v; want the box's clock, 09:00 UTC", got.Now)
	}
}

func TestNTPServersSetting(t *testing.T) {
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	tests := []struct {
		value any
		code  int
		want  []string
	}{
		{[]string{"Pool.NTP.org", " 192.0.2.1 ", "2001:db8::1"}, http.StatusOK, []string{"pool.ntp.org", "192.0.2.1", "2001:db8::1"}},
		{[]string{}, http.StatusBadRequest, nil},
		{[]string{"a", "b", "c", "d", "e", "f"}, http.StatusBadRequest, nil},
		{[]string{"pool.ntp.org:123"}, http.StatusBadRequest, nil},
		{[]string{"-bad.example"}, http.StatusBadRequest, nil},
		{[]string{"ntp.example", "NTP.example"}, http.StatusBadRequest, nil},
		{"pool.ntp.org", http.StatusBadRequest, nil},
	}
	for _, tc := range tests {
		res := b.do("PUT", "/api/settings/ntp_servers", map[string]any{"value": tc.value})
		if res.Code != tc.code {
			t.Errorf("PUT ntp_servers %v = %d %s; want %d", tc.value, res.Code, res.Body, tc.code)
			continue
		}
		if tc.code != http.StatusOK {
			if f := res.apiErr(t).Field; f != "value" {
				t.Errorf("PUT ntp_servers %v: field %q; want value", tc.value, f)
			}
			continue
		}
		var info struct {
			Value []string `json:"value"`
		}
		res.decode(t, &info)
		if !slices.Equal(info.Value, tc.want) {
			t.Errorf("PUT ntp_servers %v stored %q; want %q", tc.value, info.Value, tc.want)
		}
	}
	// The refused values left the accepted one.
	var info struct {
		Value []string `json:"value"`
	}
	b.do("GET", "/api/settings/ntp_servers", nil).decode(t, &info)
	if len(info.Value) != 3 {
		t.Errorf("ntp_servers after refusals = %q; want the 3 accepted", info.Value)
	}
}

func TestNetworkShowsLoopback(t *testing.T) {
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	res := b.do("GET", "/api/system/network", nil)
	var out struct {
		Interfaces []netInterface `json:"interfaces"`
		SIPAddr    string         `json:"sip_addr"`
	}
	res.decode(t, &out)
	if res.Code != http.StatusOK || out.SIPAddr != "127.0.0.1:5060" {
		t.Fatalf("GET /api/system/network = %d %s; want 200 with the SIP address", res.Code, res.Body)
	}
	i := slices.IndexFunc(out.Interfaces, func(n netInterface) bool { return n.Loopback })
	if i < 0 || !slices.Contains(out.Interfaces[i].Addrs, "127.0.0.1/8") {
		t.Errorf("interfaces %+v; want the loopback with 127.0.0.1/8", out.Interfaces)
	}
	if i != len(out.Interfaces)-1 && !out.Interfaces[len(out.Interfaces)-1].Loopback {
		t.Errorf("interfaces %+v; want the loopback last", out.Interfaces)
	}
}

// FuzzNTPServers: whatever the API gets, the setting either refuses it with
// a problem on value or stores servers that it accepts again unchanged.
func FuzzNTPServers(f *testing.F) {
	for _, seed := range []string{`["pool.ntp.org"]`, `[" 192.0.2.1 ", "2001:db8::1"]`, `[]`, `["a..b"]`, `"x"`, `[1]`, `["-a"]`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := putNTPServers(json.RawMessage(raw), nil)
		if err != nil {
			var p *settingProblem
			if !errors.As(err, &p) || !strings.HasPrefix(p.field, "value") {
				t.Fatalf("putNTPServers(%q) = %v; want a settingProblem on value", raw, err)
			}
			return
		}
		stored, _ := json.Marshal(v)
		again, err := putNTPServers(stored, nil)
		if err != nil || !slices.Equal(again.([]string), v.([]string)) {
			t.Fatalf("putNTPServers(%s) after accepting %q = %v, %v; want the same servers", stored, raw, again, err)
		}
	})
}
