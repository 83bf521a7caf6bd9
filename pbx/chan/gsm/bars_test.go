package gsm

import "testing"

func TestBars(t *testing.T) {
	tests := []struct {
		dBm   int
		known bool
		want  int
	}{
		{-51, true, 5}, {-73, true, 5}, {-74, true, 4}, {-93, true, 3}, {-103, true, 2},
		{-109, true, 1}, {-111, true, 0}, {-60, false, 0},
	}
	for _, tt := range tests {
		if got := Bars(tt.dBm, tt.known); got != tt.want {
			t.Errorf("Bars(%d, %v) = %d; want %d", tt.dBm, tt.known, got, tt.want)
		}
	}
}
