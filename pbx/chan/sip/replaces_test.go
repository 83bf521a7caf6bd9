package sip

import "testing"

func TestParseReplaces(t *testing.T) {
	tests := []struct {
		referTo string
		want    replaces
		has     bool
		err     bool
	}{
		{"<sip:103@127.0.0.1>", replaces{}, false, false},
		{"<sip:103@127.0.0.1?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>", replaces{"abc@h", "1", "2"}, true, false},
		{"<sip:103@h?replaces=x%3Bfrom-tag%3Da%3Bto-tag%3Db&Require=replaces>", replaces{"x", "b", "a"}, true, false},
		{"<sip:103@h?Replaces=x%3Bto-tag%3D1>", replaces{}, true, true},
		{"<sip:103@h?Subject=hello>", replaces{}, false, false},
	}
	for _, tt := range tests {
		got, has, err := parseReplaces(tt.referTo)
		if got != tt.want || has != tt.has || (err != nil) != tt.err {
			t.Errorf("parseReplaces(%q) = %+v, %v, %v; want %+v, %v, error %v", tt.referTo, got, has, err, tt.want, tt.has, tt.err)
		}
	}
}

func FuzzParseReplaces(f *testing.F) {
	f.Add("<sip:103@127.0.0.1?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>")
	f.Add("<sip:1@h?Replaces=%3B%3B>")
	f.Fuzz(func(t *testing.T, s string) {
		r, has, err := parseReplaces(s)
		if err == nil && has && (r.callID == "" || r.toTag == "" || r.fromTag == "") {
			t.Errorf("parseReplaces(%q) = %+v without an error", s, r)
		}
	})
}
