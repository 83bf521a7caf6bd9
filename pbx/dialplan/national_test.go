package dialplan

import "testing"

func TestDialForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		country, number, want string
	}{
		{"RU", "+79161234567", "89161234567"},
		{"RU", "+74951234567", "84951234567"},
		{"RU", "+44201234567", "81044201234567"},
		{"UA", "+380441234567", "0441234567"},
		{"UA", "+74951234567", "0074951234567"},
		{"PL", "+48221234567", "221234567"},
		{"PL", "+4930123456", "004930123456"},
		{"DE", "+4930123456", "030123456"},
		{"GB", "+442071234567", "02071234567"},
		{"US", "+12125551234", "12125551234"},
		{"US", "+74951234567", "01174951234567"},
		{"RU", "84951234567", "84951234567"}, // already as the line dials it
		{"RU", "*21#", "*21#"},
		{"ZZ", "+74951234567", "+74951234567"}, // unknown: the FXO channel refuses it with a reason
		{"", "+74951234567", "+74951234567"},
	}
	for _, tt := range tests {
		if got := dialForm(tt.country, tt.number); got != tt.want {
			t.Errorf("dialForm(%q, %q) = %q; want %q", tt.country, tt.number, got, tt.want)
		}
	}
}
