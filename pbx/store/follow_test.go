package store

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"
)

// messages is a slog.Handler that passes each record's level and message
// on to a channel.
type messages chan string

func (m messages) Enabled(context.Context, slog.Level) bool { return true }
func (m messages) WithAttrs([]slog.Attr) slog.Handler       { return m }
func (m messages) WithGroup(string) slog.Handler            { return m }
func (m messages) Handle(_ context.Context, r slog.Record) error {
	m <- r.Level.String() + " " + r.Message
	return nil
}

// receive returns the next value of ch, failing t after 5 s.
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("no %s within 5 s", what)
		panic("unreachable")
	}
}

func TestFollowAppliesEachChangeUntilCtxEnds(t *testing.T) {
	s := openTemp(t)
	applied := make(chan string, 8)
	apply := func(ctx context.Context) error {
		var country string
		if err := s.GetSetting(ctx, "country", &country); err != nil {
			return err
		}
		applied <- country
		if country == "XX" {
			return errors.New("test: no tone plan for XX")
		}
		return nil
	}
	logs := make(messages, 8)
	f := s.Follow("test", apply, slog.New(logs))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()

	steps := []struct {
		country string
		log     string
	}{
		{"RU", "DEBUG test: configuration applied"},
		{"XX", "ERROR test: configuration change not applied; the previous one stays"},
		{"DE", "DEBUG test: configuration applied"},
	}
	for _, st := range steps {
		if err := s.PutSetting(context.Background(), "country", st.country); err != nil {
			t.Fatal(err)
		}
		if got := receive(t, applied, "apply after "+st.country); got != st.country {
			t.Errorf("apply after PutSetting(%q) read %q", st.country, got)
		}
		if got := receive(t, logs, "log after "+st.country); got != st.log {
			t.Errorf("log after PutSetting(%q) = %q; want %q", st.country, got, st.log)
		}
	}

	cancel()
	receive(t, done, "Run return after ctx end")
	if err := s.PutSetting(context.Background(), "country", "FR"); err != nil {
		t.Fatal(err)
	}
	// Run unsubscribed on its way out: the store has no one to tell.
	s.mu.Lock()
	subs := len(s.subs)
	s.mu.Unlock()
	if subs != 0 {
		t.Errorf("subscribers after Run returned = %d; want 0", subs)
	}
	select {
	case got := <-applied:
		t.Errorf("apply ran after ctx ended (read %q)", got)
	default:
	}
}

func TestFollowEnds(t *testing.T) {
	tests := []struct {
		name string
		end  func(s *Store, f *Follower)
	}{
		{"store closed", func(s *Store, _ *Follower) { s.Close() }},
		{"stop", func(_ *Store, f *Follower) { f.Stop() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			f := s.Follow("test", func(context.Context) error { return nil }, nil)
			done := make(chan struct{})
			go func() { f.Run(context.Background()); close(done) }()
			tt.end(s, f)
			receive(t, done, "Run return")
			f.Stop() // a second end is harmless
		})
	}
}
