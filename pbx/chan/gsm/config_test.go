package gsm

import "testing"

func TestMobileKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"+79161234567", "89161234567"},
		{"+7 (916) 123-45-67", "9161234567"},
		{"101", "101"},
	}
	for _, tt := range tests {
		if mobileKey(tt.a) != mobileKey(tt.b) {
			t.Errorf("mobileKey(%q) = %q, mobileKey(%q) = %q; want equal", tt.a, mobileKey(tt.a), tt.b, mobileKey(tt.b))
		}
	}
	if mobileKey("+79161234567") == mobileKey("+79161234568") || mobileKey("") != "" {
		t.Error("mobileKey matches different numbers or gives a key for none")
	}
}
