package gsm

import "testing"

func TestAllowance(t *testing.T) {
	tests := []struct {
		name      string
		o         ModuleOptions
		u         usage
		left      int64 // seconds
		unlimited bool
		alarm     bool
	}{
		{"no limits", ModuleOptions{}, usage{daySeconds: 1e6}, 0, true, false},
		{"day binds", ModuleOptions{MinutesPerDay: 10, MinutesPerMonth: 100}, usage{daySeconds: 540, monthSeconds: 540}, 60, false, false},
		{"month binds", ModuleOptions{MinutesPerDay: 10, MinutesPerMonth: 100}, usage{daySeconds: 0, monthSeconds: 5970}, 30, false, false},
		{"day used up", ModuleOptions{MinutesPerDay: 10}, usage{daySeconds: 600}, 0, false, true},
		{"month over", ModuleOptions{MinutesPerMonth: 1}, usage{monthSeconds: 61}, -1, false, true},
	}
	for _, tt := range tests {
		left, unlimited, binding, alarm := allowance(tt.o, tt.u)
		if int64(left.Seconds()) != tt.left || unlimited != tt.unlimited || (alarm != "") != tt.alarm || alarm != "" && alarm != binding {
			t.Errorf("%s: allowance = %v, %v, %q, %q; want %ds, %v, alarm %v", tt.name, left, unlimited, binding, alarm, tt.left, tt.unlimited, tt.alarm)
		}
	}
}
