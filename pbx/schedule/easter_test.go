package schedule

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	t.Parallel()
	tests := []struct {
		year int
		c    Computus
		want string
	}{
		{2019, Gregorian, "2019-04-21"},
		{2024, Gregorian, "2024-03-31"},
		{2025, Gregorian, "2025-04-20"},
		{2026, Gregorian, "2026-04-05"},
		{2027, Gregorian, "2027-03-28"},
		{2038, Gregorian, "2038-04-25"}, // the latest possible date
		{2285, Gregorian, "2285-03-22"}, // the earliest possible date
		{2008, Gregorian, "2008-03-23"},
		{2023, Julian, "2023-04-16"},
		{2024, Julian, "2024-05-05"},
		{2025, Julian, "2025-04-20"},
		{2026, Julian, "2026-04-12"},
		{2027, Julian, "2027-05-02"},
		{2010, Julian, "2010-04-04"},
	}
	for _, tt := range tests {
		got := Easter(tt.year, tt.c).Format(time.DateOnly)
		if got != tt.want {
			t.Errorf("Easter(%d, %s) = %s; want %s", tt.year, tt.c, got, tt.want)
		}
		if wd := Easter(tt.year, tt.c).Weekday(); wd != time.Sunday {
			t.Errorf("Easter(%d, %s) is a %v", tt.year, tt.c, wd)
		}
	}
}
