package sms_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
)

// fastModem asks for delivery reports and makes the driver notice a dead
// modem within a second.
var fastModem = gsm.Opts{DeliveryReports: true, CommandTimeout: 300 * time.Millisecond, SMSTimeout: time.Second,
	Heartbeat: 200 * time.Millisecond, BootWait: 5 * time.Second}

func TestQueueSMSSentAndDelivered(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	g1 := newModule(t, "GSM 1", fastModem)
	svc, _ := startService(t, sms.Opts{Store: st}, g1)
	long := strings.Repeat("Long message, sent in parts. ", 12) // 348 GSM-7 characters: 3 parts
	tests := []struct {
		module, to, text string
		parts            int
	}{
		{"GSM 1", "+79161234567", "Your table is booked for 19:00", 1},
		{"", "+79167654321", long, 3},
		{"GSM 1", "+79160000001", "Заказ готов", 1},
	}
	for _, tt := range tests {
		if err := svc.QueueSMS(ctx, tt.module, tt.to, tt.text); err != nil {
			t.Fatalf("QueueSMS(%q, %q) = %v", tt.module, tt.to, err)
		}
	}
	waitFor(t, 10*time.Second, "every message delivered", func() bool {
		for _, m := range outbox(t, st) {
			if m.Status != store.SMSDelivered {
				return false
			}
		}
		return true
	})
	msgs := outbox(t, st)
	for i, tt := range tests {
		m := msgs[i]
		if got := g1.m.SentText(tt.to); !slices.Equal(got, []string{tt.text}) {
			t.Errorf("network got %q for %s; want the message once", got, tt.to)
		}
		if m.Module != "GSM 1" || m.Parts != tt.parts || len(m.MRs()) != tt.parts || m.Attempts != 1 ||
			m.SentAt.IsZero() || m.DeliveredAt.IsZero() {
			t.Errorf("message to %s = %+v; want sent through GSM 1 once in %d parts, delivered", tt.to, m, tt.parts)
		}
	}
}

func TestQueueSMSRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	g1 := newModule(t, "GSM 1", fastModem)
	svc, _ := startService(t, sms.Opts{Store: st}, g1)
	tests := []struct {
		name, module, to, text, want string
	}{
		{"unknown module", "GSM 9", "+79161234567", "hi", `no GSM module named "GSM 9"`},
		{"no number", "GSM 1", "Anna", "hi", "peer"},
		{"empty text", "GSM 1", "+79161234567", "", "empty"},
		{"broken UTF-8", "", "+79161234567", "\xff\xfe", "UTF-8"},
		{"too long", "", "+79161234567", strings.Repeat("я", 67*256), "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := svc.QueueSMS(ctx, tt.module, tt.to, tt.text)
			if err == nil || !strings.HasPrefix(err.Error(), "sms: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("QueueSMS(%q, %q) = %v; want an sms: error about %s", tt.module, tt.to, err, tt.want)
			}
		})
	}
	if msgs := outbox(t, st); len(msgs) != 0 {
		t.Errorf("refused messages were stored: %+v", msgs)
	}
}

// TestModemDiesWhileSending runs in a bubble: the driver's recovery waits
// seconds of fake time.
func TestModemDiesWhileSending(t *testing.T) { synctest.Test(t, modemDiesWhileSending) }

func modemDiesWhileSending(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	g1 := newModule(t, "GSM 1", fastModem)
	svc, _ := startService(t, sms.Opts{Store: st}, g1)
	const to, text = "+79161234567", "The meeting moved to 15:00"
	g1.m.Hang(sim.CureCFUN)
	if err := svc.QueueSMS(ctx, "GSM 1", to, text); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the send failing on the dead modem", func() bool {
		m := outbox(t, st)[0]
		return m.Status == store.SMSQueued && m.LastError != ""
	})
	waitFor(t, 30*time.Second, "the message delivered after the recovery", func() bool {
		return outbox(t, st)[0].Status == store.SMSDelivered
	})
	if got := g1.m.SentText(to); !slices.Equal(got, []string{text}) {
		t.Errorf("network got %q; want the message once", got)
	}
	if m := outbox(t, st)[0]; m.Attempts < 2 || m.LastError != "" {
		t.Errorf("message = %+v; want a failed attempt before the one that worked, no error left", m)
	}
	if g1.m.Hung() {
		t.Error("the modem is still hung: the driver did not recover it")
	}
}

func TestModemDownMessageForAnyModuleGoesThroughAnother(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	g1, g2 := newModule(t, "GSM 1", fastModem), newModule(t, "GSM 2", fastModem)
	svc, _ := startService(t, sms.Opts{Store: st}, g1, g2)
	svc.HandleEvent("GSM 1", gsm.Event{Kind: gsm.EventModemDown})
	if err := svc.QueueSMS(ctx, "", "+79161234567", "any line will do"); err != nil {
		t.Fatal(err)
	}
	if err := svc.QueueSMS(ctx, "GSM 1", "+79161234568", "only GSM 1"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the message for any module sent", func() bool {
		return outbox(t, st)[0].Status == store.SMSDelivered
	})
	if m := outbox(t, st); m[0].Module != "GSM 2" || m[1].Status != store.SMSQueued {
		t.Fatalf("outbox = %+v; want the first through GSM 2, the second waiting for GSM 1", m)
	}
	svc.HandleEvent("GSM 1", gsm.Event{Kind: gsm.EventModemUp, Text: "re-init"})
	waitFor(t, 10*time.Second, "GSM 1's message sent once it is up", func() bool {
		return outbox(t, st)[1].Status == store.SMSDelivered
	})
	if got := g1.m.SentText("+79161234568"); len(got) != 1 {
		t.Errorf("GSM 1 sent %q; want the message once", got)
	}
}

func TestRestartSendsTheQueue(t *testing.T) {
	ctx := context.Background()
	path := tempDB(t)
	g1 := newModule(t, "GSM 1", fastModem)
	before := openStore(t, path)
	// A process that queued one message and was sending another when it
	// stopped.
	queued := store.SMSMessage{Direction: store.SMSOut, Module: "GSM 1", Peer: "+79160000001", Text: "queued before the restart",
		Parts: 1, Status: store.SMSQueued, CreatedAt: time.Now()}
	sending := store.SMSMessage{Direction: store.SMSOut, Module: "GSM 1", Peer: "+79160000002", Text: "sending at the restart",
		Parts: 1, Status: store.SMSSending, Attempts: 1, CreatedAt: time.Now()}
	for _, m := range []*store.SMSMessage{&queued, &sending} {
		if err := before.SMSMessages().Create(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	before.Close()

	st := openStore(t, path)
	startService(t, sms.Opts{Store: st}, g1)
	waitFor(t, 10*time.Second, "both messages delivered", func() bool {
		m := outbox(t, st)
		return m[0].Status == store.SMSDelivered && m[1].Status == store.SMSDelivered
	})
	for _, m := range []store.SMSMessage{queued, sending} {
		if got := g1.m.SentText(m.Peer); !slices.Equal(got, []string{m.Text}) {
			t.Errorf("network got %q for %s; want %q once", got, m.Peer, m.Text)
		}
	}
}

func TestSendGivesUp(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	g1 := newModule(t, "GSM 1", fastModem)
	g1.m.SetRegistration(0) // no network: +CMS ERROR for every part
	svc, _ := startService(t, sms.Opts{Store: st, RetryMin: 20 * time.Millisecond, RetryMax: 40 * time.Millisecond, MaxAttempts: 3}, g1)
	if err := svc.QueueSMS(ctx, "GSM 1", "+79161234567", "no network"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the message failed", func() bool { return outbox(t, st)[0].Status == store.SMSFailed })
	if m := outbox(t, st)[0]; m.Attempts != 3 || !strings.Contains(m.LastError, "gave up after 3 attempts") {
		t.Errorf("message = %+v; want failed after 3 attempts", m)
	}
}

func TestDeliveryReportStatuses(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	quiet := fastModem
	quiet.DeliveryReports = false // the test plays the network's reports
	g1 := newModule(t, "GSM 1", quiet)
	svc, _ := startService(t, sms.Opts{Store: st}, g1)
	if err := svc.QueueSMS(ctx, "GSM 1", "+79161234567", "report me"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the message sent", func() bool { return outbox(t, st)[0].Status == store.SMSSent })
	mr := outbox(t, st)[0].MRs()[0]
	report := func(status int) {
		svc.HandleEvent("GSM 1", gsm.Event{Kind: gsm.EventDeliveryReport,
			Report: gsm.DeliveryReport{MR: mr, Status: status, Delivered: status < 0x20, Time: time.Now()}})
	}
	// 23.040 9.2.3.15: 0x30 the service centre still tries; 0x41 it gave up.
	report(0x30)
	report(0x41)
	waitFor(t, 10*time.Second, "the message failed", func() bool { return outbox(t, st)[0].Status == store.SMSFailed })
	if m := outbox(t, st)[0]; !strings.Contains(m.LastError, "TP-ST 0x41") {
		t.Errorf("message = %+v; want the status 0x41 in its error", m)
	}
}
