package voicemail

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/hookflash/firmware/pbx/call"
)

// smtpServer is a real SMTP server on 127.0.0.1 that keeps what it
// receives.
type smtpServer struct {
	addr     string
	port     int
	received chan received
	roots    *x509.CertPool
}

type received struct {
	from, auth string
	to         []string
	tls        bool
	data       []byte
}

type serverOpts struct {
	tls        bool   // offer STARTTLS
	user, pass string // require AUTH PLAIN with these
	rejectRcpt bool   // answer RCPT with 550
}

func startSMTP(t *testing.T, o serverOpts) *smtpServer {
	t.Helper()
	s := &smtpServer{received: make(chan received, 10)}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{s: s, o: o, tls: isTLS}, nil
	}))
	srv.Domain = "mail.test"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = nopLogger{}
	if o.tls {
		cert, pool := selfSigned(t)
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.roots = pool
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	s.port = l.Addr().(*net.TCPAddr).Port
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

// session is one SMTP session of smtpServer.
type session struct {
	s    *smtpServer
	o    serverOpts
	tls  bool
	r    received
	auth bool
}

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != x.o.user || pass != x.o.pass {
			return errors.New("invalid credentials")
		}
		x.auth, x.r.auth = true, user
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.o.user != "" && !x.auth {
		return smtp.ErrAuthRequired
	}
	x.r.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if x.o.rejectRcpt {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	x.r.to = append(x.r.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.r.data, x.r.tls = b, x.tls
	x.s.received <- x.r
	return nil
}

func (x *session) Reset()        { x.r = received{auth: x.r.auth} }
func (x *session) Logout() error { return nil }

// selfSigned returns a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "mail.test"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// waitMail waits up to 10 s for the server to receive a message.
func (s *smtpServer) waitMail(t *testing.T) received {
	t.Helper()
	select {
	case r := <-s.received:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("no e-mail arrived within 10 s")
		panic("unreachable")
	}
}

// attachment parses an e-mail and returns its text and its one attachment.
func attachment(t *testing.T, data []byte) (msg *mail.Message, text string, name string, body []byte) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		if p.FileName() == "" {
			text = string(b)
			continue
		}
		if p.Header.Get("Content-Type") != `audio/wav; name=`+p.FileName() || p.Header.Get("Content-Transfer-Encoding") != "base64" {
			t.Errorf("attachment headers %v", p.Header)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\r\n") {
			if len(line) > 76 {
				t.Fatalf("a base64 line of %d characters", len(line))
			}
		}
		body, err = base64.StdEncoding.DecodeString(strings.ReplaceAll(string(b), "\r\n", ""))
		if err != nil {
			t.Fatal(err)
		}
		name = p.FileName()
	}
	return msg, text, name, body
}

// TestEmailArrives leaves a message through the switch, then runs the
// notifier against a real SMTP server that offers STARTTLS and wants
// AUTH: the e-mail carries the recording.
func TestEmailArrives(t *testing.T) {
	dir := t.TempDir()
	mbs := mailboxes{"101": {Number: "101", PIN: "1234", Email: "alice@example.com"}}
	var id string
	synctest.Test(t, func(t *testing.T) {
		sy := newSynth()
		svc, err := New(Opts{Dir: dir, Mailboxes: mbs, Speech: sy, Mailer: newMailer(0), Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		sw := call.New(call.Options{Logger: quiet(), Handler: func(ctx context.Context, c call.Control) { done <- svc.Leave(ctx, c, "101") }})
		defer sw.Shutdown(context.Background())
		leg := newCaller(sw, "101")
		sy.waitSay(t, "The person")
		time.Sleep(1500 * time.Millisecond)
		for _, f := range frames(callerValue, 75) {
			leg.Says(f)
		}
		time.Sleep(2 * time.Second)
		leg.HangsUp(call.CauseNormal)
		if err := recv(t, done); err != nil {
			t.Fatal(err)
		}
		msgs, _ := svc.Messages("101")
		if len(msgs) != 1 {
			t.Fatalf("%d messages", len(msgs))
		}
		id = msgs[0].ID
	})

	srv := startSMTP(t, serverOpts{tls: true, user: "pbx", pass: "secret"})
	mailer, err := NewSMTP(SMTPConfig{Host: "127.0.0.1", Port: srv.port, From: "Office PBX <pbx@example.com>",
		Username: "pbx", Password: "secret", TLS: &tls.Config{RootCAs: srv.roots}, RequireTLS: true})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(Opts{Dir: dir, Mailboxes: mbs, Mailer: mailer, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go svc.Run(ctx)
	r := srv.waitMail(t)
	if !r.tls || r.auth != "pbx" || r.from != "pbx@example.com" || len(r.to) != 1 || r.to[0] != "alice@example.com" {
		t.Errorf("envelope %+v (tls %v, auth %q)", r.to, r.tls, r.auth)
	}
	msg, text, name, body := attachment(t, r.data)
	want, err := os.ReadFile(filepath.Join(dir, "101", id+".wav"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, want) || name != "voicemail-"+id+".wav" {
		t.Errorf("attachment %q of %d bytes; want the recording, %d bytes", name, len(body), len(want))
	}
	if got := msg.Header.Get("Subject"); got != "Voicemail from Alice (200) for mailbox 101 (0:02)" {
		t.Errorf("Subject = %q", got)
	}
	if !strings.Contains(text, "mailbox 101") || !strings.Contains(text, "From: Alice (200)") {
		t.Errorf("text %q", text)
	}
	waitFor(t, func() bool {
		msgs, _ := svc.Messages("101")
		return msgs[0].Notify.State == NotifySent
	})
}

func TestSMTPErrors(t *testing.T) {
	e := &Email{To: []string{"bob@example.com"}, Subject: "Привет", Text: "hi"}
	tests := []struct {
		name string
		srv  serverOpts
		cfg  SMTPConfig
		perm bool
		msg  string
	}{
		{"rejected recipient", serverOpts{rejectRcpt: true}, SMTPConfig{}, true, "no such user"},
		{"TLS required but not offered", serverOpts{}, SMTPConfig{RequireTLS: true}, false, "does not offer STARTTLS"},
		{"untrusted certificate", serverOpts{tls: true}, SMTPConfig{}, false, "starttls"},
		{"wrong password", serverOpts{user: "pbx", pass: "secret"}, SMTPConfig{Username: "pbx", Password: "nope"}, true, "auth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSMTP(t, tt.srv)
			tt.cfg.Host, tt.cfg.Port, tt.cfg.From = "127.0.0.1", srv.port, "pbx@example.com"
			m, err := NewSMTP(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			err = m.Send(context.Background(), e)
			if err == nil || !strings.Contains(err.Error(), tt.msg) || errors.Is(err, ErrPermanent) != tt.perm {
				t.Fatalf("Send = %v; want %q, permanent %v", err, tt.msg, tt.perm)
			}
		})
	}
}

func TestSMTPPlain(t *testing.T) {
	srv := startSMTP(t, serverOpts{})
	m, err := NewSMTP(SMTPConfig{Host: "127.0.0.1", Port: srv.port, From: "pbx@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	e := &Email{To: []string{"bob@example.com"}, Subject: "Голосовое сообщение", Text: "line 1\nline 2",
		Attachments: []Attachment{{Name: "a.wav", ContentType: "audio/wav", Data: bytes.NewReader(bytes.Repeat([]byte{1, 2, 3}, 1000))}}}
	if err := m.Send(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	msg, text, name, body := attachment(t, srv.waitMail(t).data)
	subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subj != "Голосовое сообщение" || text != "line 1\r\nline 2" || name != "a.wav" || len(body) != 3000 {
		t.Errorf("got %q, %q, %q, %d bytes", subj, text, name, len(body))
	}
}

func TestNewSMTPRefuses(t *testing.T) {
	for _, c := range []SMTPConfig{{From: "a@b.c"}, {Host: "h", From: "not an address"}, {Host: "h", Port: 70000, From: "a@b.c"}} {
		if _, err := NewSMTP(c); err == nil || !strings.HasPrefix(err.Error(), "voicemail: smtp: ") {
			t.Errorf("NewSMTP(%+v) = %v; want an error", c, err)
		}
	}
}

// waitFor waits up to 10 s for cond.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
