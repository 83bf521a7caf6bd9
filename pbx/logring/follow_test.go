package logring

import (
	"fmt"
	"slices"
	"testing"
)

func TestSinceFollowsTheRing(t *testing.T) {
	r := New(4)
	lines, seq := r.Since(0, 10)
	if len(lines) != 0 || seq != 0 {
		t.Fatalf("Since(0, 10) on an empty ring = %q, %d; want none, 0", lines, seq)
	}
	fmt.Fprint(r, "a\nb\n")
	lines, seq = r.Since(seq, 10)
	if !slices.Equal(lines, []string{"a", "b"}) || seq != 2 {
		t.Fatalf("Since(0, 10) = %q, %d; want [a b], 2", lines, seq)
	}
	if lines, next := r.Since(seq, 10); len(lines) != 0 || next != 2 {
		t.Fatalf("Since(2, 10) with nothing new = %q, %d; want none, 2", lines, next)
	}
	fmt.Fprint(r, "c\n")
	if lines, next := r.Since(seq, 10); !slices.Equal(lines, []string{"c"}) || next != 3 {
		t.Fatalf("Since(2, 10) = %q, %d; want [c], 3", lines, next)
	}
	// Six more lines overrun a ring of four: the two oldest new ones are lost.
	fmt.Fprint(r, "d\ne\nf\ng\nh\ni\n")
	if lines, next := r.Since(3, 10); !slices.Equal(lines, []string{"f", "g", "h", "i"}) || next != 9 {
		t.Fatalf("Since(3, 10) after an overrun = %q, %d; want [f g h i], 9", lines, next)
	}
	if lines, _ := r.Since(3, 2); !slices.Equal(lines, []string{"h", "i"}) {
		t.Fatalf("Since(3, 2) = %q; want the 2 newest, [h i]", lines)
	}
	if lines, next := r.Since(100, 10); len(lines) != 0 || next != 9 {
		t.Fatalf("Since(100, 10) past the end = %q, %d; want none, 9", lines, next)
	}
}

func TestWatchSignalsWrites(t *testing.T) {
	r := New(10)
	ch, cancel := r.Watch()
	select {
	case <-ch:
		t.Fatal("signal before any write")
	default:
	}
	// Two writes before the watcher looks make one signal, and never block.
	fmt.Fprint(r, "one\n")
	fmt.Fprint(r, "two\n")
	select {
	case <-ch:
	default:
		t.Fatal("no signal after a write")
	}
	select {
	case <-ch:
		t.Fatal("a second signal for writes the watcher was told of")
	default:
	}
	cancel()
	fmt.Fprint(r, "three\n")
	select {
	case <-ch:
		t.Fatal("signal after cancel")
	default:
	}
}

// BenchmarkWrite measures a log line written with no page following the
// log and with four following it (whose signals are never taken, the worst
// case: every write finds them full).
func BenchmarkWrite(b *testing.B) {
	line := []byte(`time=2026-11-21T09:00:00.000Z level=INFO msg="sms: received" id=7 module=gsm/1 from=+79161234567 parts=1` + "\n")
	for _, watchers := range []int{0, 4} {
		b.Run(fmt.Sprintf("watchers=%d", watchers), func(b *testing.B) {
			r := New(5000)
			for range watchers {
				_, cancel := r.Watch()
				defer cancel()
			}
			b.ReportAllocs()
			for b.Loop() {
				r.Write(line)
			}
		})
	}
}
