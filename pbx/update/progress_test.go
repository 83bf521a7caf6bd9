package update

import (
	"os"
	"testing"
)

func TestParseProgress(t *testing.T) {
	tests := []struct {
		line string
		want Progress
		ok   bool
	}{
		{"  0% Installing", Progress{0, "Installing"}, true},
		{" 90% Copying image to rootfs.1", Progress{90, "Copying image to rootfs.1"}, true},
		{"100% Installing done.\r\n", Progress{100, "Installing done."}, true},
		{"101% too far", Progress{}, false},
		{"installing", Progress{}, false},
		{"Installing `/data/x.raucb` succeeded", Progress{}, false},
	}
	for _, tt := range tests {
		got, ok := parseProgress(tt.line)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseProgress(%q) = %+v, %v; want %+v, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLastError(t *testing.T) {
	ok, err := os.ReadFile("testdata/install-ok.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		out, want string
	}{
		{"100% Installing failed.\n\x1b[JLastError: Failed mounting bundle: read-only\nInstalling `/x` failed\n", "Failed mounting bundle: read-only"},
		{"rauc-Message: hello\nsignature verification failed: bad cert\n", "signature verification failed: bad cert"},
		{"", "rauc gave no reason"},
		{string(ok), "installing"},
	}
	for _, tt := range tests {
		if got := lastError(tt.out); got != tt.want {
			t.Errorf("lastError(%q) = %q; want %q", tt.out, got, tt.want)
		}
	}
}

func FuzzParseProgress(f *testing.F) {
	f.Add(" 40% Checking bundle")
	f.Add("100% x")
	f.Fuzz(func(t *testing.T, line string) {
		p, ok := parseProgress(line)
		if ok && (p.Percent < 0 || p.Percent > 100) {
			t.Errorf("parseProgress(%q) = %d%%", line, p.Percent)
		}
		lastError(line)
	})
}
