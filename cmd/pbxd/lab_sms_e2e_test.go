package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/voicemail"
)

// The SMS end-to-end test: the lab's GSM network delivers a long message
// to SIM 1 in parts out of order, calls the SIMs so that scenarios send
// SMS, and breaks the modem, through the emulated modems, the real AT
// driver and the SMS service of pbxd.

// Numbers of the mobiles that text and call the box.
const (
	smsMobile  = "+79165550011" // texts SIM 1 and calls it
	smsCaller  = "+79165550022" // calls SIM 2
	smsPartner = "+79165550033" // gets the message sent while GSM 1 dies
)

// smsLongText is 300 Cyrillic characters: UCS-2, five parts of at most 67
// characters (3GPP TS 23.038, 23.040 9.2.3.24.1).
var smsLongText = func() string {
	r := []rune(strings.Repeat("Привет! Встреча в пятницу в 15:00, переговорная на третьем этаже. ", 6))
	return string(r[:300])
}()

// startSMSBox starts a box with GSM modules 1 and 2 (slots gsm1 and
// gsm2, SIM numbers set) and the rest of its setup by more, and waits
// until both modules are registered with the network.
func startSMSBox(t *testing.T, more func(ctx context.Context, st *store.Store, mods []store.GSMModule) error) *labBox {
	t.Helper()
	b := startLabBox(t, func(ctx context.Context, st *store.Store) error {
		var mods []store.GSMModule
		for n := 1; n <= 2; n++ {
			m := store.GSMModule{Slot: n, Name: fmt.Sprintf("GSM %d", n), SIMNumber: fmt.Sprintf("+7999000110%d", n), Enabled: true}
			if err := st.GSMModules().Create(ctx, &m); err != nil {
				return err
			}
			mods = append(mods, m)
		}
		return more(ctx, st, mods)
	})
	for _, slot := range []string{"gsm1", "gsm2"} {
		b.waitGSM(t, slot, "registration", 10*time.Second, func(g lab.GSMState) bool { return g.Registered })
	}
	return b
}

// smsReplyRoute makes calls into m run a scenario that sends text to to
// (the caller when empty) through the module named via ("" any), then
// hangs up.
func smsReplyRoute(ctx context.Context, st *store.Store, m store.GSMModule, via, to, text string) error {
	params, err := json.Marshal(map[string]string{"module": via, "to": to, "text": text})
	if err != nil {
		return err
	}
	sc := store.Scenario{Name: "Text on " + m.Name, Document: fmt.Appendf(nil, `{"schema": 1, "elements": [
		{"id": "in", "type": "incoming", "next": {"next": "text"}},
		{"id": "text", "type": "sms", "params": %s, "next": {"next": "bye"}},
		{"id": "bye", "type": "hangup"}
	]}`, params)}
	if err := st.Scenarios().Create(ctx, &sc); err != nil {
		return err
	}
	return st.InboundRoutes().Create(ctx, &store.InboundRoute{Name: "Calls to " + m.Name, Source: store.SourceGSM, GSMModuleID: &m.ID, ScenarioID: sc.ID})
}

// sentTo returns the texts the network got from the box for number.
func sentTo(g lab.GSMState, number string) []string {
	var texts []string
	for _, s := range g.SMSSent {
		if s.To == number {
			texts = append(texts, s.Text)
		}
	}
	return texts
}

// smsRows returns the box's messages in direction dir, oldest first.
func (b *labBox) smsRows(t *testing.T, dir string) []store.SMSMessage {
	t.Helper()
	msgs, err := b.store(t).ListSMS(context.Background(), store.SMSQuery{Direction: dir, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(msgs)
	return msgs
}

// waitSMSRow waits until the box has a message in direction dir that cond
// accepts and returns it.
func (b *labBox) waitSMSRow(t *testing.T, dir, what string, d time.Duration, cond func(store.SMSMessage) bool) store.SMSMessage {
	t.Helper()
	var found store.SMSMessage
	waitUntil(t, what, d, func() bool {
		for _, m := range b.smsRows(t, dir) {
			if cond(m) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

// mailbox is an SMTP server on loopback that keeps what it is sent.
type mailbox struct {
	port int
	mu   sync.Mutex
	mail []string
}

func startMailbox(t *testing.T) *mailbox {
	t.Helper()
	mb := &mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return mailSession{mb}, nil }))
	srv.Domain = "mail.test"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mb.port = l.Addr().(*net.TCPAddr).Port
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return mb
}

func (mb *mailbox) received() []string {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	return slices.Clone(mb.mail)
}

type mailSession struct{ mb *mailbox }

func (mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (mailSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (mailSession) Reset()                               {}
func (mailSession) Logout() error                        { return nil }
func (s mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.mb.mu.Lock()
	s.mb.mail = append(s.mb.mail, string(b))
	s.mb.mu.Unlock()
	return err
}

// readMail returns the decoded subject and the first part's text of a
// mail that pbxd sent (multipart/mixed, RFC 2046).
func readMail(t *testing.T, raw string) (subject, text string) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("read the mail: %v", err)
	}
	subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("mail Content-Type: %v", err)
	}
	part, err := multipart.NewReader(msg.Body, params["boundary"]).NextPart() // decodes quoted-printable
	if err != nil {
		t.Fatalf("mail's first part: %v", err)
	}
	b, err := io.ReadAll(part)
	if err != nil {
		t.Fatalf("mail's first part: %v", err)
	}
	return subject, string(b)
}

// webhook is an HTTP receiver of forwarded SMS that fails its first
// request with 503, as a receiver being restarted does.
type webhook struct {
	*httptest.Server
	mu    sync.Mutex
	tries int                  // requests, failed or not
	taken []sms.WebhookMessage // requests answered 2xx
}

func startWebhook(t *testing.T) *webhook {
	t.Helper()
	w := &webhook{}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var m sms.WebhookMessage
		err := json.NewDecoder(r.Body).Decode(&m)
		w.mu.Lock()
		defer w.mu.Unlock()
		w.tries++
		switch {
		case err != nil:
			http.Error(rw, err.Error(), http.StatusBadRequest)
		case w.tries == 1:
			http.Error(rw, "restarting", http.StatusServiceUnavailable)
		default:
			w.taken = append(w.taken, m)
		}
	}))
	t.Cleanup(w.Close)
	return w
}

func (w *webhook) seen() (tries int, taken []sms.WebhookMessage) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.tries, slices.Clone(w.taken)
}

// TestE2ELabSMS is the fifth flow, each part on a box of its own:
// a 300-character Cyrillic SMS arrives in five parts out of order, is
// stored once and forwarded once by e-mail and once to a webhook that
// fails the first time; a send-SMS element's reply to a caller reaches the
// network and its delivery report is recorded; GSM 1 hangs while a message
// is being sent through it, and the message goes out once after the
// driver recovered the modem.
func TestE2ELabSMS(t *testing.T) {
	t.Parallel()
	t.Run("InboxForwards", testSMSInboxForwards)
	t.Run("Reply", testSMSReply)
	t.Run("ModemDies", testSMSModemDies)
}

func testSMSInboxForwards(t *testing.T) {
	t.Parallel()
	mb := startMailbox(t)
	hook := startWebhook(t)
	b := startSMSBox(t, func(ctx context.Context, st *store.Store, _ []store.GSMModule) error {
		for key, v := range map[string]any{
			smtpSetting:        voicemail.SMTPConfig{Host: "127.0.0.1", Port: mb.port, From: "pbx@example.com"},
			sms.SettingEmail:   sms.EmailForward{To: []string{"office@example.com"}},
			sms.SettingWebhook: sms.Webhook{URL: hook.URL + "/sms"},
		} {
			if err := st.PutSetting(ctx, key, v); err != nil {
				return err
			}
		}
		return nil
	})

	b.act(t, "gsm/gsm1/sms", lab.SMSRequest{From: smsMobile, Text: smsLongText, PartsOrder: []int{3, 0, 4, 2, 1}})
	in := b.waitSMSRow(t, store.SMSIn, "the message in the inbox", 15*time.Second, func(m store.SMSMessage) bool { return true })
	if in.Peer != smsMobile || in.Text != smsLongText || in.Parts != 5 || in.Module != "gsm/1" || in.LastError != "" {
		t.Errorf("inbox has %+v; want the 300 characters from %s on gsm/1 in 5 parts", in, smsMobile)
	}

	// Both forwards recorded done: a retry of either would come before it.
	var fwds []store.SMSForward
	waitUntil(t, "both forwards done", 30*time.Second, func() bool {
		var err error
		if fwds, err = b.store(t).SMSForwards().List(context.Background()); err != nil {
			t.Fatal(err)
		}
		return len(fwds) == 2 && !slices.ContainsFunc(fwds, func(f store.SMSForward) bool { return f.Status != store.ForwardDone })
	})
	for _, f := range fwds {
		if want := map[string]int{store.SMSForwardEmail: 1, store.SMSForwardWebhook: 2}[f.Target]; f.MessageID != in.ID || f.Attempts != want {
			t.Errorf("forward %+v; want message %d forwarded after %d attempts", f, in.ID, want)
		}
	}
	if msgs := b.smsRows(t, store.SMSIn); len(msgs) != 1 {
		t.Errorf("the inbox has %d messages; want the one message once", len(msgs))
	}
	if mails := mb.received(); len(mails) != 1 {
		t.Errorf("the mail server got %d mails; want 1", len(mails))
	} else if subject, text := readMail(t, mails[0]); !strings.Contains(subject, smsMobile) || !strings.HasPrefix(text, smsLongText) {
		t.Errorf("the mail has subject %q and text %q; want the sender in the subject and the message's text", subject, text)
	}
	tries, taken := hook.seen()
	if tries != 2 || len(taken) != 1 || taken[0].ID != in.ID || taken[0].Text != smsLongText || taken[0].From != smsMobile {
		t.Errorf("the webhook got %d requests and took %+v; want a failed one, then message %d once", tries, taken, in.ID)
	}
}

func testSMSReply(t *testing.T) {
	t.Parallel()
	const reply = "Спасибо за звонок! Мы перезвоним вам в течение часа."
	b := startSMSBox(t, func(ctx context.Context, st *store.Store, mods []store.GSMModule) error {
		// Module "" would take whichever module is free first.
		return smsReplyRoute(ctx, st, mods[0], mods[0].Name, "", reply)
	})

	b.act(t, "gsm/gsm1/call", map[string]string{"from": smsMobile})
	b.waitGSM(t, "gsm1", "the reply", 15*time.Second, func(g lab.GSMState) bool { return len(sentTo(g, smsMobile)) > 0 })
	out := b.waitSMSRow(t, store.SMSOut, "the reply's delivery report", 10*time.Second, func(m store.SMSMessage) bool {
		return m.Status == store.SMSDelivered
	})
	if out.Peer != smsMobile || out.Text != reply || out.Module != "gsm/1" || len(out.MRs()) != out.Parts || out.DeliveredAt.IsZero() {
		t.Errorf("outbox has %+v; want the reply to %s through gsm/1, every part delivered", out, smsMobile)
	}
	g := b.waitGSM(t, "gsm1", "the scenario hanging up", 10*time.Second, func(g lab.GSMState) bool { return len(g.Calls) == 0 })
	if texts := sentTo(g, smsMobile); !slices.Equal(texts, []string{reply}) {
		t.Errorf("the network got %q for %s; want the reply once", texts, smsMobile)
	}
	if msgs := b.smsRows(t, store.SMSOut); len(msgs) != 1 {
		t.Errorf("the outbox has %d messages; want the reply only", len(msgs))
	}
}

func testSMSModemDies(t *testing.T) {
	t.Parallel()
	const text = "Встреча переносится на 16:00."
	b := startSMSBox(t, func(ctx context.Context, st *store.Store, mods []store.GSMModule) error {
		// A call into SIM 2 sends the message through GSM 1.
		return smsReplyRoute(ctx, st, mods[1], mods[0].Name, smsPartner, text)
	})

	// GSM 1 hangs before the driver knows: the message is handed to a
	// modem that does not answer.
	b.act(t, "gsm/gsm1/break", map[string]string{"how": lab.BreakHang})
	b.act(t, "gsm/gsm2/call", map[string]string{"from": smsCaller})
	b.waitSMSRow(t, store.SMSOut, "the message queued", 10*time.Second, func(m store.SMSMessage) bool { return m.Text == text })
	// The driver notices within seconds only with the simulated board's
	// short heartbeat and timeouts (hardware.go); with the defaults for a
	// real board (30 s heartbeat, 60 s AT+CMGS) it takes minutes.
	b.waitLog(t, "the SMS service told GSM 1 is down", regexp.MustCompile(`msg="sms: the modem is down.*module=gsm/1`), 30*time.Second)
	out := b.waitSMSRow(t, store.SMSOut, "the message sent after the recovery", 30*time.Second, func(m store.SMSMessage) bool {
		return m.Status == store.SMSDelivered
	})
	g := gsmIn(t, b.world(t), "gsm1")
	if g.Hung {
		t.Error("gsm1 is still hung: the driver did not recover it")
	}
	if texts := sentTo(g, smsPartner); !slices.Equal(texts, []string{text}) {
		t.Errorf("the network got %q for %s; want the message once", texts, smsPartner)
	}
	if out.Peer != smsPartner || out.Module != "gsm/1" || out.LastError != "" {
		t.Errorf("outbox has %+v; want the message to %s through gsm/1, no error left", out, smsPartner)
	}
}
