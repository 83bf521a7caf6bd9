package voicemail

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// TestNotifyRetries fails the first two sends: they are retried after 1
// and 2 minutes, and the third goes out.
func TestNotifyRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMailer(2)
		of := newOffice(t, m, Opts{}, nil)
		start := time.Now()
		msg := addMessage(t, of.svc, "101", 4001, start, StateNew)
		of.svc.spool.update("101", msg.ID, func(x *Message) {
			x.Notify = Notify{To: "alice@example.com", State: NotifyPending, Next: start}
		})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go of.svc.Run(ctx)
		sent := recv(t, m.ch)
		if d := sent.at.Sub(start); d != 3*time.Minute {
			t.Errorf("sent %v after the message; want 3m (retries after 1m and 2m)", d)
		}
		synctest.Wait()
		msgs, _ := of.svc.Messages("101")
		if n := msgs[0].Notify; n.State != NotifySent || n.Attempts != 3 || n.LastError != "" {
			t.Errorf("Notify = %+v", n)
		}
	})
}

// TestNotifyGivesUp stops after MaxAttempts; the message stays.
func TestNotifyGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMailer(100)
		of := newOffice(t, m, Opts{MaxAttempts: 4, RetryMax: 3 * time.Minute}, nil)
		msg := addMessage(t, of.svc, "101", 4001, time.Now(), StateNew)
		of.svc.spool.update("101", msg.ID, func(x *Message) {
			x.Notify = Notify{To: "alice@example.com", State: NotifyPending, Next: time.Now()}
		})
		ctx, cancel := context.WithCancel(context.Background())
		go of.svc.Run(ctx)
		time.Sleep(time.Hour)
		cancel()
		synctest.Wait()
		msgs, _ := of.svc.Messages("101")
		if len(msgs) != 1 {
			t.Fatalf("the message is gone")
		}
		if n := msgs[0].Notify; n.State != NotifyFailed || n.Attempts != 4 || n.LastError == "" || m.failed != 4 {
			t.Errorf("Notify = %+v after %d failed sends; want failed after 4", n, m.failed)
		}
	})
}

// TestNotifyAfterRestart sends what was pending when a previous Service
// stopped.
func TestNotifyAfterRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		of := newOffice(t, nil, Opts{}, nil)
		msg := addMessage(t, of.svc, "101", 4001, time.Now(), StateNew)
		of.svc.spool.update("101", msg.ID, func(x *Message) {
			x.Notify = Notify{To: "alice@example.com", State: NotifyPending, Attempts: 1, Next: time.Now().Add(time.Minute)}
		})
		m := newMailer(0)
		svc, err := New(Opts{Dir: of.dir, Mailboxes: mailboxes{}, Mailer: m, Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go svc.Run(ctx)
		if sent := recv(t, m.ch); sent.e.To[0] != "alice@example.com" {
			t.Errorf("sent to %v", sent.e.To)
		}
		synctest.Wait() // Run has recorded the send
		if msgs, _ := svc.Messages("101"); msgs[0].Notify.State != NotifySent {
			t.Errorf("Notify = %+v; want sent", msgs[0].Notify)
		}
	})
}

// stoppingMailer delivers the mail and, in the same moment, pbxd is told
// to stop.
type stoppingMailer struct {
	stop func()
	sent int
}

func (m *stoppingMailer) Send(ctx context.Context, e *Email) error {
	m.sent++
	m.stop()
	return nil
}

// TestNotifySentWhileStopping records a send that succeeded even though
// the service was stopping meanwhile, so no duplicate goes out after a
// restart.
func TestNotifySentWhileStopping(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := &stoppingMailer{}
		of := newOffice(t, m, Opts{}, nil)
		msg := addMessage(t, of.svc, "101", 4001, time.Now(), StateNew)
		of.svc.spool.update("101", msg.ID, func(x *Message) {
			x.Notify = Notify{To: "alice@example.com", State: NotifyPending, Next: time.Now()}
		})
		ctx, cancel := context.WithCancel(context.Background())
		m.stop = cancel
		done := make(chan error, 1)
		go func() { done <- of.svc.Run(ctx) }()
		<-done
		msgs, _ := of.svc.Messages("101")
		if n := msgs[0].Notify; m.sent != 1 || n.State != NotifySent || n.Attempts != 1 {
			t.Fatalf("after %d sends, Notify = %+v; want sent once and recorded as sent", m.sent, n)
		}
	})
}
