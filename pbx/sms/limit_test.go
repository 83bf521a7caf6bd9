package sms_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
)

// perDay is Limits from a map; a module missing from it has no limit.
type perDay map[string]int

func (p perDay) SMSPerDay(_ context.Context, module string) (int, error) { return p[module], nil }

// brokenLimits cannot read any limit.
type brokenLimits struct{}

func (brokenLimits) SMSPerDay(context.Context, string) (int, error) {
	return 0, errors.New("database is locked")
}

// logBuffer is a slog handler's output that tests read while the service
// writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.buf.String(), s)
}

// moscow is a box in Moscow (UTC+3, no daylight saving time).
var moscow = time.FixedZone("MSK", 3*60*60)

// TestSMSPerDay runs in a bubble whose clock the service sees half a
// minute before midnight in Moscow: GSM 1 may send 2 messages a day, GSM 2
// has no limit.
func TestSMSPerDay(t *testing.T) { synctest.Test(t, smsPerDay) }

func smsPerDay(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	modem := gsm.Opts{DeliveryReports: true}
	g1, g2 := newModule(t, "GSM 1", modem), newModule(t, "GSM 2", modem)
	start := time.Now()
	midnight := time.Date(start.Year(), start.Month(), start.Day()+1, 0, 0, 0, 0, moscow)
	shift := midnight.Add(-30 * time.Second).Sub(start)
	var log logBuffer
	svc, _ := startService(t, sms.Opts{Store: st, Limits: perDay{"GSM 1": 2}, Location: moscow,
		RetryMin: 5 * time.Second, RetryMax: time.Minute,
		Now:    func() time.Time { return time.Now().Add(shift) },
		Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelWarn}))}, g1, g2)

	queue := []struct{ module, to string }{
		{"GSM 1", "+79160000001"}, {"GSM 1", "+79160000002"}, {"GSM 1", "+79160000003"}, {"", "+79160000004"},
	}
	for _, q := range queue {
		if err := svc.QueueSMS(ctx, q.module, q.to, "Напоминание о встрече"); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 10*time.Second, "two messages through GSM 1 and the one for any module through GSM 2", func() bool {
		m := outbox(t, st)
		return m[0].Status == store.SMSDelivered && m[1].Status == store.SMSDelivered && m[3].Status == store.SMSDelivered
	})
	msgs := outbox(t, st)
	if m := msgs[2]; m.Status != store.SMSQueued || m.Attempts != 0 {
		t.Errorf("the third message for GSM 1 = %+v; want it queued, never tried, while GSM 1 is at its limit", m)
	}
	if m := msgs[3]; m.Module != "GSM 2" {
		t.Errorf("the message for any module went through %q; want GSM 2, as GSM 1 is at its limit", m.Module)
	}

	time.Sleep(midnight.Add(-time.Second).Sub(time.Now().Add(shift))) // 23:59:59
	synctest.Wait()
	if m := outbox(t, st)[2]; m.Status != store.SMSQueued {
		t.Errorf("at 23:59:59 the third message is %s; want it still queued", m.Status)
	}
	const warning = `msg="sms: the module sent its messages for today`
	if n := log.count(warning); n != 1 {
		t.Errorf("%d warnings about the limit; want 1:\n%s", n, log.buf.String())
	}

	waitFor(t, 10*time.Second, "the third message sent after midnight", func() bool {
		return outbox(t, st)[2].Status == store.SMSDelivered
	})
	if m := outbox(t, st)[2]; m.Module != "GSM 1" || m.SentAt.Before(midnight) || m.Attempts != 1 {
		t.Errorf("the third message = %+v; want it sent through GSM 1 once, after midnight in Moscow (%v)", m, midnight)
	}
	if got := len(g1.m.Sent()); got != 3 {
		t.Errorf("GSM 1 sent %d messages; want 3", got)
	}
}

// TestSMSPerDayUnreadable: a limit that cannot be read holds the module's
// messages rather than sending over a limit, and says why.
func TestSMSPerDayUnreadable(t *testing.T) { synctest.Test(t, smsPerDayUnreadable) }

func smsPerDayUnreadable(t *testing.T) {
	st := openStore(t, tempDB(t))
	g1 := newModule(t, "GSM 1", fastModem)
	var log logBuffer
	svc, _ := startService(t, sms.Opts{Store: st, Limits: brokenLimits{},
		Logger: slog.New(slog.NewTextHandler(&log, nil))}, g1)
	if err := svc.QueueSMS(context.Background(), "GSM 1", "+79160000001", "hi"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Second)
	synctest.Wait()
	if m := outbox(t, st)[0]; m.Status != store.SMSQueued || len(g1.m.Sent()) != 0 {
		t.Errorf("message = %+v, %d sent; want it held while the limit cannot be read", m, len(g1.m.Sent()))
	}
	if log.count("database is locked") == 0 {
		t.Errorf("the log does not say why the message waits:\n%s", log.buf.String())
	}
}
