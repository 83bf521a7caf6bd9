package voicemail

import (
	"context"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// lamps records what Opts.MessageWaiting is told, as "mailbox on|off".
type lamps struct {
	mu   sync.Mutex
	told []string
}

func (l *lamps) set(mailbox string, on bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.told = append(l.told, mailbox+map[bool]string{true: " on", false: " off"}[on])
}

func (l *lamps) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.told
	l.told = nil
	return t
}

// TestMessageWaiting: the indication goes on with a mailbox's first new
// message, stays on while new ones remain, and goes off when the last is
// saved by phone or deleted; Waiting lists the boxes that are on.
func TestMessageWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := &lamps{}
		done := make(chan error, 1)
		var of *office
		of = newOffice(t, nil, Opts{MessageWaiting: l.set}, func(ctx context.Context, c call.Control) {
			done <- of.svc.Listen(ctx, c, "101")
		})
		now := time.Now()
		steps := []struct {
			name string
			do   func()
			want []string
		}{
			{"a saved message", func() { addMessage(t, of.svc, "101", 1, now.Add(-time.Hour), StateSaved) }, nil},
			{"the first new message", func() { addMessage(t, of.svc, "101", 2, now.Add(-time.Minute), StateNew) }, []string{"101 on"}},
			{"a second new message", func() { addMessage(t, of.svc, "101", 3, now, StateNew) }, nil},
			{"another box's message", func() { addMessage(t, of.svc, "102", 4, now, StateNew) }, []string{"102 on"}},
			{"the first saved, one new left", func() { of.svc.Save("101", newest(t, of.svc, "101", 0)) }, nil},
			{"the last new one heard and saved by phone", func() {
				leg := of.call("*97")
				of.synth.waitSay(t, "Please enter your PIN")
				leg.Presses("1234#")
				of.synth.waitSay(t, "New message 1.")
				leg.Presses("9")
				of.synth.waitSay(t, "Message saved.")
				leg.HangsUp(call.CauseNormal)
				recv(t, done)
			}, []string{"101 off"}},
			{"102's message deleted", func() { of.svc.Delete("102", newest(t, of.svc, "102", 0)) }, []string{"102 off"}},
		}
		for _, st := range steps {
			st.do()
			synctest.Wait()
			if got := l.take(); !slices.Equal(got, st.want) {
				t.Errorf("%s: told %q; want %q", st.name, got, st.want)
			}
		}

		addMessage(t, of.svc, "103", 5, now, StateNew)
		l.take()
		restarted, err := New(of.svc.o)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := restarted.Waiting(); err != nil || !slices.Equal(got, []string{"103"}) {
			t.Errorf("Waiting() = %q, %v; want [103]", got, err)
		}
		for _, m := range restarted.mustList(t, "103") {
			restarted.Delete("103", m.ID)
		}
		if got := l.take(); !slices.Equal(got, []string{"103 off"}) {
			t.Errorf("after a restart, deleting 103's message told %q; want [103 off]", got)
		}
	})
}

// newest returns the ID of mailbox's i-th message that is new.
func newest(t *testing.T, s *Service, mailbox string, i int) string {
	t.Helper()
	var ids []string
	for _, m := range s.mustList(t, mailbox) {
		if m.State == StateNew {
			ids = append(ids, m.ID)
		}
	}
	if i >= len(ids) {
		t.Fatalf("mailbox %s has %d new messages; want more than %d", mailbox, len(ids), i)
	}
	return ids[i]
}

func (s *Service) mustList(t *testing.T, mailbox string) []Message {
	t.Helper()
	msgs, err := s.Messages(mailbox)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}
