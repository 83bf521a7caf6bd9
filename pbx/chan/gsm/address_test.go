package gsm

import (
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/call"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in             string
		module, number string
		ok             bool
	}{
		{"SIM 1/+79160000001", "SIM 1", "+79160000001", true},
		{"1/84951234567", "1", "84951234567", true},
		{"a/b/*100#", "a/b", "*100#", true},
		{"+79160000001", "", "+79160000001", true},
		{"/123", "", "", false},
		{"SIM 1/", "", "", false},
		{"SIM 1/12+3", "", "", false},
		{"SIM 1/123;ATH", "", "", false},
		{"", "", "", false},
		{"1/+", "", "", false},
		{"1/++1", "", "", false},
	}
	for _, tt := range tests {
		module, number, err := parseAddress(tt.in)
		if (err == nil) != tt.ok || module != tt.module || number != tt.number {
			t.Errorf("parseAddress(%q) = %q, %q, %v; want %q, %q, ok %v", tt.in, module, number, err, tt.module, tt.number, tt.ok)
		}
	}
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"SIM 1/+79160000001", "1/123", "+7916", "a/b/c/*#", "/1", "x/", "", "1/+", "++1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, address string) {
		module, number, err := parseAddress(address)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "gsm: ") {
				t.Errorf("parseAddress(%q) error %q lacks the package prefix", address, err)
			}
			return
		}
		if d := strings.TrimPrefix(number, "+"); d == "" || strings.Trim(d, "0123456789*#") != "" {
			t.Errorf("parseAddress(%q) number %q; want digits, * and # only", address, number)
		}
		if module != "" {
			if m, n, ok := call.SplitTrunkAddress(call.TrunkAddress(module, number)); !ok || m != module || n != number {
				t.Errorf("parseAddress(%q) = %q, %q; does not round-trip through TrunkAddress", address, module, number)
			}
		}
	})
}
