package sms_test

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/voicemail"
)

// webhook is a test webhook that fails its first failFirst requests.
type webhook struct {
	*httptest.Server
	failFirst int
	mu        sync.Mutex
	bodies    [][]byte
	sigs      []string
}

func startWebhook(t *testing.T, failFirst int) *webhook {
	w := &webhook{failFirst: failFirst}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		w.bodies = append(w.bodies, b)
		w.sigs = append(w.sigs, r.Header.Get(sms.SignatureHeader))
		n := len(w.bodies)
		w.mu.Unlock()
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			http.Error(rw, "want a JSON POST", http.StatusBadRequest)
			return
		}
		if n <= w.failFirst {
			http.Error(rw, "try later", http.StatusServiceUnavailable)
			return
		}
		rw.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(w.Close)
	return w
}

func (w *webhook) requests() ([][]byte, []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([][]byte(nil), w.bodies...), append([]string(nil), w.sigs...)
}

func TestReceivedSMSStoredOnceAndForwardedOnce(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, tempDB(t))
	mailServer := startSMTP(t)
	hook := startWebhook(t, 2)
	const secret = "s3cret"
	if err := st.PutSetting(ctx, sms.SettingEmail, sms.EmailForward{To: []string{"office@example.com"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutSetting(ctx, sms.SettingWebhook, sms.Webhook{URL: hook.URL + "/sms", Secret: secret}); err != nil {
		t.Fatal(err)
	}
	mailer, err := voicemail.NewSMTP(voicemail.SMTPConfig{Host: "127.0.0.1", Port: mailServer.port, From: "pbx@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	g1 := newModule(t, "GSM 1", fastModem)
	svc, _ := startService(t, sms.Opts{Store: st, Mailer: mailer, RetryMin: 50 * time.Millisecond, RetryMax: 200 * time.Millisecond}, g1)

	const from = "+79161234567"
	text := string([]rune(strings.Repeat("Съешь же ещё этих мягких французских булок, да выпей чаю. ", 6))[:300])
	parts, err := sim.EncodeDeliver(from, text, 77)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) < 3 {
		t.Fatalf("%d parts; want a concatenated message", len(parts))
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	g1.m.DeliverTPDUs(parts...)

	inbox := func() []store.SMSMessage {
		msgs, err := st.ListSMS(ctx, store.SMSQuery{Direction: store.SMSIn})
		if err != nil {
			t.Fatal(err)
		}
		return msgs
	}
	forwardsDone := func() bool {
		fwds, err := st.SMSForwards().List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, f := range fwds {
			if f.Status == store.ForwardDone {
				done++
			}
		}
		return done == 2
	}
	waitFor(t, 10*time.Second, "the message stored and forwarded to both targets", func() bool {
		return len(inbox()) == 1 && forwardsDone()
	})
	// The driver offers the same message again (its parts could not be
	// deleted from the modem): nothing new.
	if err := svc.OnSMS("GSM 1", g1.lastReceived(t)); err != nil {
		t.Fatalf("OnSMS(the same message again) = %v; want nil", err)
	}
	if g1.m.Stored() != 0 {
		t.Errorf("%d parts left on the modem; want them deleted once stored", g1.m.Stored())
	}

	in := inbox()
	if len(in) != 1 || in[0].Text != text || in[0].Peer != from || in[0].Module != "GSM 1" || in[0].Parts != len(parts) {
		t.Fatalf("inbox = %+v; want the %d-part message from %s once", in, len(parts), from)
	}
	fwds, _ := st.SMSForwards().List(ctx)
	if len(fwds) != 2 {
		t.Fatalf("forwards = %+v; want one e-mail and one webhook", fwds)
	}
	for _, f := range fwds {
		want := map[string]int{store.SMSForwardEmail: 1, store.SMSForwardWebhook: 3}[f.Target]
		if f.Status != store.ForwardDone || f.Attempts != want || f.LastError != "" {
			t.Errorf("forward %+v; want done after %d attempts", f, want)
		}
	}

	mails := mailServer.received()
	if len(mails) != 1 {
		t.Fatalf("the mail server got %d messages; want 1", len(mails))
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(mails[0])))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if !strings.Contains(subject, from) || msg.Header.Get("To") != "office@example.com" {
		t.Errorf("mail Subject %q, To %q; want the sender in the subject, to office@example.com", subject, msg.Header.Get("To"))
	}

	bodies, sigs := hook.requests()
	if len(bodies) != 3 {
		t.Fatalf("the webhook got %d requests; want 2 failed and 1 taken", len(bodies))
	}
	for i, b := range bodies {
		var got sms.WebhookMessage
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("webhook body %s: %v", b, err)
		}
		if got.ID != in[0].ID || got.Module != "GSM 1" || got.From != from || got.Text != text || got.ReceivedAt.IsZero() {
			t.Errorf("webhook request %d = %+v; want message %d from %s", i, got, in[0].ID, from)
		}
		if !hmac.Equal([]byte(sigs[i]), []byte(sms.Sign(secret, b))) {
			t.Errorf("webhook request %d signed %q; want %q", i, sigs[i], sms.Sign(secret, b))
		}
	}
}
