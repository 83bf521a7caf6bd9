package webui

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestNetworkSetting(t *testing.T) {
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	get := func() settingInfo {
		t.Helper()
		var info settingInfo
		b.do("GET", "/api/settings/network", nil).decode(t, &info)
		return info
	}
	if info := get(); !info.Default || !reflect.DeepEqual(info.Value, map[string]any{"mode": "dhcp"}) {
		t.Fatalf("network while unset = %+v; want the default DHCP", info)
	}
	static := func(addr, gw string, dns ...string) map[string]any {
		return map[string]any{"mode": "static", "address": addr, "gateway": gw, "dns": dns}
	}
	good := static(" 192.168.1.10/24", "192.168.1.1 ", "192.168.1.1", "1.1.1.1")
	res := b.do("PUT", "/api/settings/network", map[string]any{"value": good})
	if res.Code != http.StatusOK {
		t.Fatalf("PUT network %v = %d %s; want 200", good, res.Code, res.Body)
	}
	want := networkSetting{Mode: "static", Address: "192.168.1.10/24", Gateway: "192.168.1.1", DNS: []string{"192.168.1.1", "1.1.1.1"}}
	stored := func() networkSetting {
		t.Helper()
		var info struct {
			Value   networkSetting `json:"value"`
			Default bool           `json:"default"`
		}
		b.do("GET", "/api/settings/network", nil).decode(t, &info)
		if info.Default {
			t.Fatal("network setting unset after PUT")
		}
		return info.Value
	}
	if got := stored(); !reflect.DeepEqual(got, want) {
		t.Fatalf("network stored %+v; want %+v", got, want)
	}

	tests := []struct {
		name  string
		value any
		field string
		says  string
	}{
		{"no mode", map[string]any{}, "value.mode", "want dhcp or static"},
		{"unknown mode", map[string]any{"mode": "pppoe"}, "value.mode", `"pppoe"`},
		{"dhcp with an address", map[string]any{"mode": "dhcp", "address": "192.168.1.10/24"}, "value.mode", "send only"},
		{"unknown field", map[string]any{"mode": "static", "netmask": "255.255.255.0"}, "value.netmask", "unknown field"},
		{"not an object", "dhcp", "value", "an object"},
		{"address without prefix", static("192.168.1.10", "192.168.1.1", "192.168.1.1"), "value.address", "prefix length"},
		{"IPv6 address", static("2001:db8::10/64", "2001:db8::1", "192.168.1.1"), "value.address", "IPv4"},
		{"a name", static("box.example/24", "192.168.1.1", "192.168.1.1"), "value.address", `"box.example/24"`},
		{"prefix /31", static("192.168.1.10/31", "192.168.1.11", "192.168.1.1"), "value.address", "/31"},
		{"prefix /4", static("10.0.0.10/4", "10.0.0.1", "192.168.1.1"), "value.address", "/4"},
		{"network address", static("192.168.1.0/24", "192.168.1.1", "192.168.1.1"), "value.address", "network address"},
		{"broadcast address", static("192.168.1.255/24", "192.168.1.1", "192.168.1.1"), "value.address", "broadcast address"},
		{"loopback", static("127.0.0.2/8", "127.0.0.1", "192.168.1.1"), "value.address", "not an address a host"},
		{"multicast", static("224.0.0.5/24", "224.0.0.1", "192.168.1.1"), "value.address", "not an address a host"},
		{"link-local", static("169.254.7.7/16", "169.254.0.1", "192.168.1.1"), "value.address", "169.254.100.1"},
		{"no gateway", static("192.168.1.10/24", "", "192.168.1.1"), "value.gateway", "router's IPv4 address"},
		{"gateway outside", static("192.168.1.10/24", "192.168.2.1", "192.168.1.1"), "value.gateway", "outside the box's network 192.168.1.0/24"},
		{"gateway broadcast", static("192.168.1.10/24", "192.168.1.255", "192.168.1.1"), "value.gateway", "broadcast"},
		{"gateway network", static("192.168.1.10/24", "192.168.1.0", "192.168.1.1"), "value.gateway", "network"},
		{"gateway the box", static("192.168.1.10/24", "192.168.1.10", "192.168.1.1"), "value.gateway", "box's own address"},
		{"no DNS", static("192.168.1.10/24", "192.168.1.1"), "value.dns", "1 to 3"},
		{"four DNS", static("192.168.1.10/24", "192.168.1.1", "1.1.1.1", "1.0.0.1", "8.8.8.8", "9.9.9.9"), "value.dns", "1 to 3"},
		{"DNS name", static("192.168.1.10/24", "192.168.1.1", "dns.example"), "value.dns", `"dns.example"`},
		{"DNS with an option", static("192.168.1.10/24", "192.168.1.1", "1.1.1.1 options:rotate"), "value.dns", "not a name"},
		{"DNS twice", static("192.168.1.10/24", "192.168.1.1", "1.1.1.1", "1.1.1.1"), "value.dns", "named twice"},
	}
	for _, tc := range tests {
		res := b.do("PUT", "/api/settings/network", map[string]any{"value": tc.value})
		if res.Code != http.StatusBadRequest {
			t.Errorf("%s: PUT network %v = %d %s; want 400", tc.name, tc.value, res.Code, res.Body)
			continue
		}
		if e := res.apiErr(t); e.Field != tc.field || !strings.Contains(e.Error, tc.says) {
			t.Errorf("%s: PUT network %v refused on %q: %s; want field %s saying %q", tc.name, tc.value, e.Field, e.Error, tc.field, tc.says)
		}
	}
	// The refused values left the accepted one.
	if got := stored(); !reflect.DeepEqual(got, want) {
		t.Errorf("network after refusals = %+v; want %+v", got, want)
	}
	if res := b.do("PUT", "/api/settings/network", map[string]any{"value": map[string]any{"mode": "dhcp"}}); res.Code != http.StatusOK {
		t.Fatalf("PUT network dhcp = %d %s", res.Code, res.Body)
	}
	if got := stored(); !reflect.DeepEqual(got, networkSetting{Mode: "dhcp"}) {
		t.Errorf("network after choosing DHCP = %+v; want only the mode", got)
	}
	var net struct {
		Fallback string `json:"fallback_addr"`
	}
	b.do("GET", "/api/system/network", nil).decode(t, &net)
	if net.Fallback != networkFallbackAddr {
		t.Errorf("GET /api/system/network fallback_addr = %q; want %s", net.Fallback, networkFallbackAddr)
	}
}

// FuzzNetworkSetting: whatever the API gets, the setting either refuses it
// with a problem on a value field or stores a value it accepts again
// unchanged, made only of plain addresses.
func FuzzNetworkSetting(f *testing.F) {
	for _, seed := range []string{`{"mode":"dhcp"}`, `{"mode":"static","address":"10.0.2.15/25","gateway":"10.0.2.2","dns":["10.0.2.3"]}`,
		`{"mode":"static","address":"10.0.2.15/24\n","gateway":"10.0.2.2","dns":["a"]}`, `[]`, `{"mode":1}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := putNetwork(json.RawMessage(raw), nil)
		if err != nil {
			var p *settingProblem
			if !errors.As(err, &p) || !strings.HasPrefix(p.field, "value") {
				t.Fatalf("putNetwork(%q) = %v; want a settingProblem on value", raw, err)
			}
			return
		}
		out, _ := json.Marshal(v)
		if strings.ContainsAny(string(out), " \\\t") {
			t.Fatalf("putNetwork(%q) stored %s; want plain addresses", raw, out)
		}
		again, err := putNetwork(out, nil)
		if err != nil || !reflect.DeepEqual(again, v) {
			t.Fatalf("putNetwork(%s) = %v, %v; want it accepted unchanged", out, again, err)
		}
	})
}
