package call_test

import (
	"testing"

	"github.com/hookflash/firmware/pbx/call"
)

func TestTrunkAddress(t *testing.T) {
	tests := []struct {
		trunk, number string
	}{
		{"Provider", "+74951234567"},
		{"Moscow/backup", "84951234567"},
		{"a", "1"},
	}
	for _, tt := range tests {
		addr := call.TrunkAddress(tt.trunk, tt.number)
		trunk, number, ok := call.SplitTrunkAddress(addr)
		if !ok || trunk != tt.trunk || number != tt.number {
			t.Errorf("SplitTrunkAddress(%q) = %q, %q, %v; want %q, %q, true", addr, trunk, number, ok, tt.trunk, tt.number)
		}
	}
	for _, bad := range []string{"", "Provider", "/123", "Provider/"} {
		if trunk, number, ok := call.SplitTrunkAddress(bad); ok {
			t.Errorf("SplitTrunkAddress(%q) = %q, %q, true; want false", bad, trunk, number)
		}
	}
}
