package store

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestSMSMessageValidate(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000).UTC()
	tests := []struct {
		name  string
		m     SMSMessage
		field string
	}{
		{"received from a name", SMSMessage{Direction: SMSIn, Module: "GSM 1", Peer: "Bank", Text: "code 1234", Parts: 1, Status: SMSReceived, CreatedAt: now}, ""},
		{"queued for any module", SMSMessage{Direction: SMSOut, Peer: "+79161234567", Text: "hi", Parts: 1, Status: SMSQueued}, ""},
		{"sent", SMSMessage{Direction: SMSOut, Module: "GSM 1", Peer: "+79161234567", Text: "hi", Parts: 1, Status: SMSSent}, ""},
		{"direction", SMSMessage{Direction: "sideways", Peer: "1", Text: "x", Status: SMSQueued}, "direction"},
		{"received is not an out status", SMSMessage{Direction: SMSOut, Peer: "1", Text: "x", Status: SMSReceived}, "status"},
		{"queued is not an in status", SMSMessage{Direction: SMSIn, Peer: "1", Text: "x", Status: SMSQueued}, "status"},
		{"empty text", SMSMessage{Direction: SMSOut, Peer: "+7916", Status: SMSQueued}, "text"},
		{"recipient is no number", SMSMessage{Direction: SMSOut, Peer: "Bank", Text: "x", Status: SMSQueued}, "peer"},
		{"sent names its module", SMSMessage{Direction: SMSOut, Peer: "+7916", Text: "x", Status: SMSSending}, "module"},
		{"too many parts", SMSMessage{Direction: SMSOut, Peer: "+7916", Text: "x", Parts: 256, Status: SMSQueued}, "parts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFieldError(t, tt.m.Validate(), tt.field)
		})
	}
}

func TestReceiveSMSStoresOnce(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	key := "k1"
	m := SMSMessage{Direction: SMSIn, Module: "GSM 1", Peer: "+79161234567", Text: "hello", Parts: 1,
		Status: SMSReceived, CreatedAt: time.Now(), DedupKey: &key}
	targets := []string{SMSForwardEmail, SMSForwardWebhook}
	id, created, err := s.ReceiveSMS(ctx, &m, targets)
	if err != nil || !created || id == 0 {
		t.Fatalf("ReceiveSMS = %d, %v, %v; want a new message", id, created, err)
	}
	again := m
	again.ID = 0
	id2, created, err := s.ReceiveSMS(ctx, &again, targets)
	if err != nil || created || id2 != id {
		t.Fatalf("ReceiveSMS(same key) = %d, %v, %v; want %d, not created", id2, created, err, id)
	}
	if all, _ := s.SMSMessages().List(ctx); len(all) != 1 {
		t.Errorf("%d messages stored; want 1", len(all))
	}
	fwds, err := s.DueSMSForwards(ctx, time.Now(), 10)
	if err != nil || len(fwds) != 2 || fwds[0].Target != SMSForwardEmail || fwds[1].Target != SMSForwardWebhook {
		t.Fatalf("DueSMSForwards = %+v, %v; want an e-mail and a webhook forward", fwds, err)
	}
	f := fwds[1]
	f.Status, f.Attempts, f.NextAt = ForwardPending, 1, time.Now().Add(time.Hour)
	if err := s.SMSForwards().Update(ctx, &f); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueSMSForwards(ctx, time.Now(), 10); len(due) != 1 {
		t.Errorf("after postponing one, %d due; want 1", len(due))
	}
	if at, ok, err := s.NextSMSForwardDue(ctx); err != nil || !ok || !at.IsZero() {
		t.Errorf("NextSMSForwardDue = %v, %v, %v; want the zero time (at once)", at, ok, err)
	}
	noKey := m
	noKey.ID, noKey.DedupKey = 0, nil
	if _, _, err := s.ReceiveSMS(ctx, &noKey, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("ReceiveSMS(no key) = %v; want ErrInvalid", err)
	}
	if err := s.SMSMessages().Delete(ctx, id); err != nil {
		t.Fatalf("Delete(message) = %v; its forwards go with it", err)
	}
	if all, _ := s.SMSForwards().List(ctx); len(all) != 0 {
		t.Errorf("forwards after deleting the message: %+v", all)
	}
}

func queue(t *testing.T, s *Store, module, to, text string) SMSMessage {
	t.Helper()
	m := SMSMessage{Direction: SMSOut, Module: module, Peer: to, Text: text, Parts: 1, Status: SMSQueued, CreatedAt: time.Now()}
	if err := s.SMSMessages().Create(context.Background(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestOutbox(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	now := time.UnixMilli(time.Now().UnixMilli()).UTC()
	a := queue(t, s, "GSM 1", "+79160000001", "a")
	b := queue(t, s, "", "+79160000002", "b")
	c := queue(t, s, "GSM 2", "+79160000003", "c")

	if at, ok, err := s.NextSMSDue(ctx, "GSM 1"); err != nil || !ok || !at.IsZero() {
		t.Errorf("NextSMSDue = %v, %v, %v; want due at once", at, ok, err)
	}
	m, ok, err := s.ClaimSMS(ctx, "GSM 1", now)
	if err != nil || !ok || m.ID != a.ID || m.Status != SMSSending || m.Attempts != 1 {
		t.Fatalf("ClaimSMS = %+v, %v, %v; want message a sending, attempt 1", m, ok, err)
	}
	m2, ok, err := s.ClaimSMS(ctx, "GSM 1", now)
	if err != nil || !ok || m2.ID != b.ID || m2.Module != "GSM 1" {
		t.Fatalf("second ClaimSMS = %+v, %v, %v; want message b, now on GSM 1", m2, ok, err)
	}
	if _, ok, _ := s.ClaimSMS(ctx, "GSM 1", now); ok {
		t.Fatal("third ClaimSMS for GSM 1 claimed GSM 2's message or one twice")
	}
	// A retry later: not due before NextAt.
	m2.Status, m2.NextAt, m2.LastError = SMSQueued, now.Add(time.Minute), "modem timeout"
	if err := s.SMSMessages().Update(ctx, &m2); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.ClaimSMS(ctx, "GSM 1", now); ok {
		t.Error("ClaimSMS took a message before its NextAt")
	}
	if at, ok, _ := s.NextSMSDue(ctx, "GSM 1"); !ok || !at.Equal(now.Add(time.Minute)) {
		t.Errorf("NextSMSDue = %v, %v; want %v", at, ok, now.Add(time.Minute))
	}
	// A process that stopped while a modem had message a.
	if n, err := s.RequeueSendingSMS(ctx); err != nil || n != 1 {
		t.Errorf("RequeueSendingSMS = %d, %v; want 1", n, err)
	}
	m, ok, _ = s.ClaimSMS(ctx, "GSM 1", now)
	if !ok || m.ID != a.ID || m.Attempts != 2 {
		t.Fatalf("ClaimSMS after requeue = %+v, %v; want message a, attempt 2", m, ok)
	}

	// Sent in two parts with references 7 and 8; reports come in any order.
	m.Status, m.SentAt, m.Parts = SMSSent, now, 2
	m.Refs = json.RawMessage(`[7,8]`)
	if err := s.SMSMessages().Update(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if _, found, err := s.DeliveryReport(ctx, "GSM 2", 8, true, "", now); err != nil || found {
		t.Errorf("DeliveryReport(other module) = %v, %v; want not found", found, err)
	}
	if id, found, err := s.DeliveryReport(ctx, "GSM 1", 8, true, "", now); err != nil || !found || id != a.ID {
		t.Errorf("DeliveryReport(8) = %d, %v, %v; want message a", id, found, err)
	}
	if got, _ := s.SMSMessages().Get(ctx, a.ID); got.Status != SMSSent {
		t.Errorf("after one of two reports: status %s; want sent", got.Status)
	}
	s.DeliveryReport(ctx, "GSM 1", 7, true, "", now.Add(time.Second))
	got, _ := s.SMSMessages().Get(ctx, a.ID)
	if got.Status != SMSDelivered || !got.DeliveredAt.Equal(now.Add(time.Second)) || !slices.Equal(got.MRs(), []int{7, 8}) {
		t.Errorf("after both reports: %+v; want delivered at %v", got, now.Add(time.Second))
	}
	// A failed report fails the message.
	cm, _, _ := s.ClaimSMS(ctx, "GSM 2", now)
	cm.Status, cm.SentAt, cm.Refs = SMSSent, now, json.RawMessage(`[7]`)
	s.SMSMessages().Update(ctx, &cm)
	if id, found, _ := s.DeliveryReport(ctx, "GSM 2", 7, false, "network status 0x41", now); !found || id != c.ID {
		t.Errorf("DeliveryReport(GSM 2, 7) = %d, %v; want message c", id, found)
	}
	if got, _ := s.SMSMessages().Get(ctx, c.ID); got.Status != SMSFailed || got.LastError != "network status 0x41" {
		t.Errorf("after a failure report: %+v; want failed", got)
	}
}

func TestListSMSPages(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	var ids []int64
	for i := range 7 {
		module := "GSM 1"
		if i%2 == 1 {
			module = "GSM 2"
		}
		ids = append(ids, queue(t, s, module, "+79160000001", "x").ID)
	}
	key := "in"
	in := SMSMessage{Direction: SMSIn, Module: "GSM 1", Peer: "+7916", Text: "in", Parts: 1, Status: SMSReceived, DedupKey: &key}
	if _, _, err := s.ReceiveSMS(ctx, &in, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    SMSQuery
		want []int64
	}{
		{SMSQuery{Direction: SMSOut, Limit: 3}, []int64{ids[6], ids[5], ids[4]}},
		{SMSQuery{Direction: SMSOut, Limit: 3, BeforeID: ids[4]}, []int64{ids[3], ids[2], ids[1]}},
		{SMSQuery{Direction: SMSOut, Limit: 3, BeforeID: ids[1]}, []int64{ids[0]}},
		{SMSQuery{Direction: SMSOut, Module: "GSM 2"}, []int64{ids[5], ids[3], ids[1]}},
		{SMSQuery{Direction: SMSIn}, []int64{in.ID}},
		{SMSQuery{Limit: 1}, []int64{in.ID}},
	}
	for _, tt := range tests {
		got, err := s.ListSMS(ctx, tt.q)
		var gotIDs []int64
		for _, m := range got {
			gotIDs = append(gotIDs, m.ID)
		}
		if err != nil || !slices.Equal(gotIDs, tt.want) {
			t.Errorf("ListSMS(%+v) = %v, %v; want %v", tt.q, gotIDs, err, tt.want)
		}
	}
}

func TestGSMUsage(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	calls := []CallRecord{
		{StartedAt: day.Add(time.Hour), AnsweredAt: day.Add(time.Hour + 5*time.Second), EndedAt: day.Add(time.Hour + 95*time.Second), Source: "GSM 1"},
		{StartedAt: day.Add(2 * time.Hour), AnsweredAt: day.Add(2 * time.Hour), EndedAt: day.Add(2*time.Hour + 30*time.Second), Source: "fxs/1", Destination: "GSM 1"},
		{StartedAt: day.Add(3 * time.Hour), EndedAt: day.Add(3*time.Hour + time.Minute), Source: "GSM 1"},                                                 // never answered
		{StartedAt: day.Add(-time.Hour), AnsweredAt: day.Add(-time.Hour), EndedAt: day.Add(-time.Hour + time.Minute), Source: "GSM 1"},                    // the day before
		{StartedAt: day.Add(time.Hour), AnsweredAt: day.Add(time.Hour), EndedAt: day.Add(time.Hour + time.Minute), Source: "GSM 2", Destination: "fxs/2"}, // another module
	}
	for i := range calls {
		calls[i].Direction, calls[i].Cause = "outbound", "normal"
		if err := s.CallRecords().Create(ctx, &calls[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i, at := range []time.Time{day.Add(time.Hour), day.Add(2 * time.Hour), day.Add(-time.Hour), {}} {
		m := queue(t, s, "GSM 1", "+79160000001", "x")
		if !at.IsZero() {
			m.Status, m.SentAt = SMSSent, at
			if i == 1 {
				m.Status = SMSFailed // failed after it went out: still used
			}
			if err := s.SMSMessages().Update(ctx, &m); err != nil {
				t.Fatal(err)
			}
		}
	}
	secs, sent, err := s.GSMUsage(ctx, "GSM 1", day)
	if err != nil || secs != 120 || sent != 2 {
		t.Errorf("GSMUsage(GSM 1, %v) = %d s, %d SMS, %v; want 120 s, 2 SMS", day, secs, sent, err)
	}
	if secs, sent, _ := s.GSMUsage(ctx, "GSM 3", day); secs != 0 || sent != 0 {
		t.Errorf("GSMUsage(unused module) = %d, %d; want 0, 0", secs, sent)
	}
}
