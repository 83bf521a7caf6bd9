package logring

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
)

func TestRingKeepsTheLastLines(t *testing.T) {
	tests := []struct {
		name  string
		write int // lines written
		ask   int
		want  []string
	}{
		{"empty", 0, 5, []string{}},
		{"fewer than asked", 2, 5, []string{"line 0", "line 1"}},
		{"wrapped", 7, 3, []string{"line 4", "line 5", "line 6"}},
		{"wrapped, ask more than capacity", 7, 10, []string{"line 2", "line 3", "line 4", "line 5", "line 6"}},
		{"negative", 3, -1, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := New(5)
			for i := range tt.write {
				fmt.Fprintf(r, "line %d\n", i)
			}
			if got := r.Lines(tt.ask); !slices.Equal(got, tt.want) {
				t.Errorf("Lines(%d) = %q; want %q", tt.ask, got, tt.want)
			}
		})
	}
}

func TestRingBehindSlog(t *testing.T) {
	r := New(100)
	log := slog.New(slog.NewTextHandler(r, nil))
	log.Info("first", "n", 1)
	log.Warn("second")
	got := r.Lines(10)
	if len(got) != 2 || !strings.Contains(got[0], "msg=first n=1") || !strings.Contains(got[1], "level=WARN msg=second") {
		t.Fatalf("Lines = %q; want the two records in order", got)
	}
}
