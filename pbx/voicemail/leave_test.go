package voicemail

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/prompt"
)

// leave runs Leave for mailbox on a new call and returns the caller's leg
// and Leave's result channel.
func leave(t *testing.T, m Mailer, o Opts, mailbox string) (*office, *calltest.Leg, chan error, chan string) {
	done := make(chan error, 1)
	vars := make(chan string, 1)
	var of *office
	of = newOffice(t, m, o, func(ctx context.Context, c call.Control) {
		err := of.svc.Leave(ctx, c, mailbox)
		vars <- c.Var(VarMessage)
		done <- err
	})
	return of, of.call(mailbox), done, vars
}

// recordedValues counts the samples of a WAV file equal to v.
func countValue(t *testing.T, path string, v int16) (total, match int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prompt.ReadWAVHeader(strings.NewReader(string(b))); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	pcm := b[44:]
	for i := 0; i+2 <= len(pcm); i += 2 {
		total++
		if int16(binary.LittleEndian.Uint16(pcm[i:])) == v {
			match++
		}
	}
	return total, match
}

func TestLeaveStoresMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMailer(0)
		of, leg, done, vars := leave(t, m, Opts{}, "101")
		of.synth.waitSay(t, "The person at extension 101 is not available")
		time.Sleep(1500 * time.Millisecond) // the greeting (1 s) and the beep (400 ms)
		for _, f := range frames(callerValue, 100) {
			leg.Says(f)
		}
		time.Sleep(2500 * time.Millisecond)
		leg.Presses("#")
		if err := recv(t, done); err != nil {
			t.Fatalf("Leave = %v", err)
		}
		id := <-vars

		msgs, err := of.svc.Messages("101")
		if err != nil || len(msgs) != 1 {
			t.Fatalf("Messages(101) = %+v, %v; want one", msgs, err)
		}
		msg := msgs[0]
		if msg.ID != id || msg.CallerNumber != "200" || msg.CallerName != "Alice" || msg.Called != "101" ||
			msg.State != StateNew || msg.Notify.State != NotifyPending || msg.Notify.To != "alice@example.com" {
			t.Errorf("message %+v (call variable %q)", msg, id)
		}
		if msg.DurationMS < 2400 || msg.DurationMS > 2700 {
			t.Errorf("DurationMS = %d; want about 2500", msg.DurationMS)
		}
		total, tone := countValue(t, filepath.Join(of.dir, "101", msg.ID+".wav"), callerValue)
		if tone != 100*160 || total != msg.DurationMS*8 {
			t.Errorf("the recording holds %d samples, %d of the caller's; want %d and %d", total, tone, msg.DurationMS*8, 100*160)
		}
		ents, _ := os.ReadDir(filepath.Join(of.dir, "101"))
		if len(ents) != 2 {
			t.Errorf("mailbox folder holds %d files; want the WAV and the JSON", len(ents))
		}
		// The caller heard the greeting, the beep and the goodbye.
		heard := leg.Heard()
		var speech, beep int
		for _, f := range heard {
			switch {
			case f[0] == speechValue:
				speech++
			case f != (call.Frame{}):
				beep++
			}
		}
		if speech != 100 || beep != 20 {
			t.Errorf("the caller heard %d frames of speech and %d others; want 100 (greeting, goodbye) and 20 (beep)", speech, beep)
		}

		// Run sends the notification.
		ctx, cancel := context.WithCancel(context.Background())
		go of.svc.Run(ctx)
		sent := recv(t, m.ch)
		cancel()
		b, _ := os.ReadFile(filepath.Join(of.dir, "101", msg.ID+".wav"))
		if string(sent.wav) != string(b) || sent.e.To[0] != "alice@example.com" ||
			sent.e.Subject != "Voicemail from Alice (200) for mailbox 101 (0:03)" {
			t.Errorf("sent %q to %q with %d bytes attached", sent.e.Subject, sent.e.To, len(sent.wav))
		}
		synctest.Wait()
		msgs, _ = of.svc.Messages("101")
		if n := msgs[0].Notify; n.State != NotifySent || n.Attempts != 1 {
			t.Errorf("after sending, Notify = %+v", n)
		}
	})
}

func TestLeaveOutcomes(t *testing.T) {
	tests := []struct {
		name    string
		mailbox string
		o       Opts
		act     func(leg *calltest.Leg) // from the beep's end
		err     error
		kept    bool
		ms      int // recorded length, ms; 0: not checked
		greet   int16
	}{
		{"hang up keeps the message", "101", Opts{}, func(leg *calltest.Leg) {
			time.Sleep(3 * time.Second)
			leg.HangsUp(call.CauseNormal)
		}, nil, true, 3000, speechValue},
		{"too short is discarded", "101", Opts{}, func(leg *calltest.Leg) {
			time.Sleep(500 * time.Millisecond)
			leg.Presses("#")
		}, nil, false, 0, speechValue},
		{"hang up at once is discarded", "101", Opts{}, func(leg *calltest.Leg) {
			leg.HangsUp(call.CauseNormal)
		}, nil, false, 0, speechValue},
		{"max duration", "102", Opts{MaxMessage: 2 * time.Second}, func(leg *calltest.Leg) {}, nil, true, 2000, greetingValue},
		{"no such mailbox", "999", Opts{}, nil, ErrNoMailbox, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				of, leg, done, _ := leave(t, nil, tt.o, tt.mailbox)
				if tt.act != nil {
					time.Sleep(1420 * time.Millisecond) // greeting and beep
					tt.act(leg)
				}
				err := recv(t, done)
				if !errors.Is(err, tt.err) {
					t.Fatalf("Leave = %v; want %v", err, tt.err)
				}
				msgs, _ := of.svc.Messages(tt.mailbox)
				if got := len(msgs) == 1; got != tt.kept {
					t.Fatalf("kept %d messages; want kept %v", len(msgs), tt.kept)
				}
				if tt.kept && tt.ms != 0 && (msgs[0].DurationMS < tt.ms-100 || msgs[0].DurationMS > tt.ms+100) {
					t.Errorf("DurationMS = %d; want about %d", msgs[0].DurationMS, tt.ms)
				}
				if tt.kept && msgs[0].Notify.State != NotifyNone {
					t.Errorf("Notify = %+v without a mailer", msgs[0].Notify)
				}
				if tt.greet != 0 && leg.Heard()[0][0] != tt.greet {
					t.Errorf("the greeting began with %d; want %d", leg.Heard()[0][0], tt.greet)
				}
				ents, _ := os.ReadDir(filepath.Join(of.dir, tt.mailbox))
				if want := map[bool]int{true: 2, false: 0}[tt.kept]; len(ents) != want {
					t.Errorf("mailbox folder holds %d files; want %d", len(ents), want)
				}
			})
		})
	}
}

// TestLeaveSkipGreeting presses # during the greeting: the beep follows at
// once, and the # does not end the recording.
func TestLeaveSkipGreeting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		of, leg, done, _ := leave(t, nil, Opts{MaxMessage: 2 * time.Second}, "101")
		of.synth.waitSay(t, "The person")
		time.Sleep(200 * time.Millisecond)
		leg.Presses("#")
		if err := recv(t, done); err != nil {
			t.Fatal(err)
		}
		msgs, _ := of.svc.Messages("101")
		if len(msgs) != 1 || msgs[0].DurationMS != 2000 {
			t.Fatalf("messages %+v; want one of 2000 ms", msgs)
		}
	})
}

// TestLeaveGreetedPlaysTheRoutesGreeting: a mailbox without a greeting of
// its own greets with the route's prompt; a mailbox with one keeps it, and
// without a route's prompt the default greeting is spoken.
func TestLeaveGreetedPlaysTheRoutesGreeting(t *testing.T) {
	tests := []struct {
		mailbox  string
		greeting int64
		want     int16 // the greeting's first sample
	}{
		{"101", 5, greetingValue},
		{"101", 0, speechValue},
		{"102", 7, greetingValue}, // its own prompt 5; prompt 7 does not exist
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			done := make(chan error, 1)
			var of *office
			of = newOffice(t, nil, Opts{}, func(ctx context.Context, c call.Control) {
				done <- of.svc.LeaveGreeted(ctx, c, tt.mailbox, tt.greeting)
			})
			leg := of.call(tt.mailbox)
			time.Sleep(500 * time.Millisecond)
			leg.HangsUp(call.CauseNormal)
			if err := recv(t, done); err != nil {
				t.Fatalf("LeaveGreeted(%s, %d) = %v", tt.mailbox, tt.greeting, err)
			}
			heard := leg.Heard()
			if len(heard) == 0 {
				t.Fatalf("LeaveGreeted(%s, %d): the caller heard nothing", tt.mailbox, tt.greeting)
			}
			if heard[0][0] != tt.want {
				t.Errorf("LeaveGreeted(%s, %d): the greeting began with %d; want %d", tt.mailbox, tt.greeting, heard[0][0], tt.want)
			}
		})
	}
}
