package voicemail

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// addMessage stores a message of 1 s of v in mailbox, received at at.
func addMessage(t *testing.T, svc *Service, mailbox string, v int16, at time.Time, state string) Message {
	t.Helper()
	rec, err := svc.spool.create(mailbox)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range frames(v, 50) {
		rec.w.WriteFrame(&f)
	}
	m := &Message{Mailbox: mailbox, CallerNumber: "300", Received: at, State: state}
	if err := svc.spool.commit(rec, m); err != nil {
		t.Fatal(err)
	}
	return *m
}

func listen(t *testing.T, mailbox string) (*office, *calltest.Leg, chan error) {
	done := make(chan error, 1)
	var of *office
	of = newOffice(t, nil, Opts{}, func(ctx context.Context, c call.Control) {
		done <- of.svc.Listen(ctx, c, mailbox)
	})
	return of, nil, done
}

func TestListenKeys(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		of, _, done := listen(t, "101")
		now := time.Now()
		old := addMessage(t, of.svc, "101", 4001, now.Add(-3*time.Hour), StateSaved)
		first := addMessage(t, of.svc, "101", 4002, now.Add(-2*time.Hour), StateNew)
		second := addMessage(t, of.svc, "101", 4003, now.Add(-time.Hour), StateNew)
		third := addMessage(t, of.svc, "101", 4004, now.Add(-time.Minute), StateNew)
		leg := of.call("*98")

		of.synth.waitSay(t, "Please enter your PIN")
		leg.Presses("1234#")
		of.synth.waitSay(t, "You have 3 new and 1 saved messages.")
		of.synth.waitSay(t, "New message 1.")
		time.Sleep(1500 * time.Millisecond) // into the recording
		leg.Presses("7")                    // delete the first, during its playback
		of.synth.waitSay(t, "Message deleted.")
		of.synth.waitSay(t, "New message 2.")
		of.synth.waitSay(t, "Press 1 for the next message") // after the recording
		leg.Presses("9")
		of.synth.waitSay(t, "Message saved.")
		of.synth.waitSay(t, "New message 3.")
		of.synth.waitSay(t, "Press 1")
		leg.Presses("1") // skip: stays new
		of.synth.waitSay(t, "Saved message 1.")
		of.synth.waitSay(t, "Press 1")
		leg.Presses("#")
		of.synth.waitSay(t, "Goodbye.")
		if err := recv(t, done); err != nil {
			t.Fatalf("Listen = %v", err)
		}

		msgs, err := of.svc.Messages("101")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, m := range msgs {
			got[m.ID] = m.State
		}
		want := map[string]string{old.ID: StateSaved, second.ID: StateSaved, third.ID: StateNew}
		if len(got) != len(want) || got[old.ID] != want[old.ID] || got[second.ID] != want[second.ID] || got[third.ID] != want[third.ID] {
			t.Errorf("after listening: %v; want %v (first %s deleted)", got, want, first.ID)
		}
		// The caller heard the messages it did not interrupt in full: the
		// second and the third (50 frames each) and the saved one.
		count := map[int16]int{}
		for _, f := range leg.Heard() {
			count[f[0]]++
		}
		if count[4002] == 0 || count[4002] >= 50 || count[4003] != 50 || count[4004] != 50 || count[4001] != 50 {
			t.Errorf("heard frames of each message: %v", count)
		}
	})
}

func TestListenWrongPIN(t *testing.T) {
	const mb, pin = "Please enter your mailbox", "Please enter your PIN"
	type entry struct{ prompt, keys string }
	tests := []struct {
		name    string
		mailbox string
		entries []entry
	}{
		{"wrong PIN three times", "101", []entry{{pin, "1111#"}, {pin, "2222#"}, {pin, "12345#"}}},
		{"mailbox without a PIN", "103", []entry{{pin, "#"}, {pin, "0000#"}, {pin, "1234#"}}},
		{"unknown mailbox asked", "", []entry{{mb, "999#"}, {pin, "1234#"}, {mb, "101#"}, {pin, "9999#"}, {mb, "101#"}, {pin, "4321#"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				of, _, done := listen(t, tt.mailbox)
				addMessage(t, of.svc, "101", 4001, time.Now(), StateNew)
				leg := of.call("*98")
				for _, e := range tt.entries {
					of.synth.waitSay(t, e.prompt)
					leg.Presses(e.keys)
				}
				of.synth.waitSay(t, "Goodbye.")
				if err := recv(t, done); !errors.Is(err, ErrPINRefused) {
					t.Fatalf("Listen = %v; want ErrPINRefused", err)
				}
				for _, f := range leg.Heard() {
					if f[0] == 4001 {
						t.Fatalf("the caller heard a message without the PIN")
					}
				}
				msgs, _ := of.svc.Messages("101")
				if len(msgs) != 1 || msgs[0].State != StateNew {
					t.Errorf("messages changed: %+v", msgs)
				}
			})
		})
	}
}

func TestListenAsksMailbox(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		of, _, done := listen(t, "")
		addMessage(t, of.svc, "102", 4005, time.Now(), StateNew)
		leg := of.call("*98")
		of.synth.waitSay(t, "Please enter your mailbox")
		leg.Presses("102#")
		of.synth.waitSay(t, "Please enter your PIN")
		leg.Presses("5678#")
		of.synth.waitSay(t, "You have 1 new and 0 saved messages.")
		of.synth.waitSay(t, "Press 1")
		leg.HangsUp(call.CauseNormal)
		if err := recv(t, done); err != nil {
			t.Fatalf("Listen = %v; want nil after a hang-up", err)
		}
	})
}

// TestListenNoInput says goodbye after the menu went unanswered three
// times.
func TestListenNoInput(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		of, _, done := listen(t, "101")
		addMessage(t, of.svc, "101", 4001, time.Now(), StateNew)
		leg := of.call("*98")
		of.synth.waitSay(t, "Please enter your PIN")
		leg.Presses("1234#")
		for range 3 {
			of.synth.waitSay(t, "Press 1")
		}
		of.synth.waitSay(t, "Goodbye.")
		if err := recv(t, done); err != nil {
			t.Fatal(err)
		}
		msgs, _ := of.svc.Messages("101")
		if len(msgs) != 1 || msgs[0].State != StateNew {
			t.Errorf("messages changed: %+v", msgs)
		}
	})
}
