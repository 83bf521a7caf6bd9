package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// TestSMSLimits reads each module's SMS-per-day limit by its key from a
// real store: GSM 1 has options with a limit, GSM 2 options without one,
// GSM 3 no options, and slot 4 no module.
func TestSMSLimits(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for slot, perDay := range map[int]int{1: 50, 2: 0, 3: -1} {
		m := store.GSMModule{Slot: slot, Name: fmt.Sprintf("GSM %d", slot), Enabled: true}
		if err := st.GSMModules().Create(ctx, &m); err != nil {
			t.Fatal(err)
		}
		if perDay >= 0 {
			if err := st.GSMModuleOptions().Create(ctx, &store.GSMModuleOptions{GSMModuleID: m.ID, SMSPerDay: perDay}); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		module string
		want   int
		err    string
	}{
		{"gsm/1", 50, ""},
		{"gsm/2", 0, ""},
		{"gsm/3", 0, ""},
		{"gsm/4", 0, ""},
		{"GSM 1", 0, "not a GSM module's key"},
	}
	l := smsLimits{st}
	for _, tt := range tests {
		got, err := l.SMSPerDay(ctx, tt.module)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("SMSPerDay(%q) = %d, %v; want %d, error %q", tt.module, got, err, tt.want, tt.err)
		}
	}
}
