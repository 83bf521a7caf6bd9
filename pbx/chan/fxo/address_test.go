package fxo

import (
	"strings"
	"testing"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in           string
		name, number string
		ok           bool
	}{
		{"City/84951234567", "City", "84951234567", true},
		{"Line/with/slash/*21#", "Line/with/slash", "*21#", true},
		{"2/0", "2", "0", true},
		{"City/+74951234567", "", "", false},
		{"City/", "", "", false},
		{"/123", "", "", false},
		{"123", "", "", false},
		{"City/12 34", "", "", false},
		{"City/" + strings.Repeat("1", maxDialDigits+1), "", "", false},
	}
	for _, tc := range tests {
		name, number, err := parseAddress(tc.in)
		if (err == nil) != tc.ok || name != tc.name || number != tc.number {
			t.Errorf("parseAddress(%q) = %q, %q, %v; want %q, %q, ok %v", tc.in, name, number, err, tc.name, tc.number, tc.ok)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "fxo: ") {
			t.Errorf("parseAddress(%q) error %q lacks the package prefix", tc.in, err)
		}
	}
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"City/84951234567", "a/b/c", "/", "x/+1", "1/ABCD*#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, number, err := parseAddress(s)
		if err != nil {
			return
		}
		if name == "" || number == "" || len(number) > maxDialDigits || name+"/"+number != s {
			t.Fatalf("parseAddress(%q) = %q, %q", s, name, number)
		}
		for i := 0; i < len(number); i++ {
			if !isDTMF(number[i]) {
				t.Fatalf("parseAddress(%q) let %q through", s, number[i])
			}
		}
	})
}
