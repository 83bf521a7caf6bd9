package sms_test

import (
	"context"
	"errors"
	"io"
	"net"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
)

// module is a real gsm.Dev on an emulated modem, wired to a Service the
// way pbxd wires them.
type module struct {
	name string
	m    *sim.Modem
	d    *gsm.Dev
	svc  atomic.Pointer[sms.Service]
	// received records each message the driver offered, for offering one
	// again.
	mu       sync.Mutex
	received []gsm.SMS
}

// newModule starts a driver on a new emulated modem and supervises it
// until the test ends.
func newModule(t *testing.T, name string, o gsm.Opts) *module {
	t.Helper()
	md := &module{name: name, m: sim.NewModem(sim.ModemOpts{BootTime: 200 * time.Millisecond})}
	o.OnEvent = func(e gsm.Event) {
		if s := md.svc.Load(); s != nil {
			s.HandleEvent(name, e)
		}
	}
	o.OnSMS = func(x gsm.SMS) error {
		s := md.svc.Load()
		if s == nil {
			return errors.New("no service yet")
		}
		md.mu.Lock()
		md.received = append(md.received, x)
		md.mu.Unlock()
		return s.OnSMS(name, x)
	}
	d, err := gsm.New(md.m.Port(), md.m.Lines(), &o)
	if err != nil {
		t.Fatal(err)
	}
	md.d = d
	ctx, cancel := context.WithCancel(context.Background())
	supervised := make(chan struct{})
	t.Cleanup(func() {
		cancel()
		<-supervised
		d.Close()
		md.m.Close()
	})
	if err := d.Init(ctx); err != nil {
		t.Fatalf("Init: %v", err)
	}
	go func() { defer close(supervised); d.Supervise(ctx) }()
	return md
}

// lastReceived returns the last message the driver offered.
func (md *module) lastReceived(t *testing.T) gsm.SMS {
	t.Helper()
	md.mu.Lock()
	defer md.mu.Unlock()
	if len(md.received) == 0 {
		t.Fatal("the driver offered no message")
	}
	return md.received[len(md.received)-1]
}

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "pbx.db") }

// startService builds a Service over the modules and runs it until the
// test ends (or until the returned stop is called).
func startService(t *testing.T, o sms.Opts, mods ...*module) (*sms.Service, func()) {
	t.Helper()
	o.Modems = map[string]sms.Modem{}
	for _, md := range mods {
		o.Modems[md.name] = md.d
	}
	if o.RetryMin == 0 {
		o.RetryMin, o.RetryMax = 100*time.Millisecond, time.Second
	}
	s, err := sms.New(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, md := range mods {
		md.svc.Store(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("Run = %v; want context.Canceled", err)
			}
		})
	}
	t.Cleanup(stop)
	return s, stop
}

// waitFor polls cond every 10 ms until it holds or within passed.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// outbox returns the outgoing messages, oldest first.
func outbox(t *testing.T, st *store.Store) []store.SMSMessage {
	t.Helper()
	msgs, err := st.ListSMS(context.Background(), store.SMSQuery{Direction: store.SMSOut, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(msgs)-1; i < j; i, j = i+1, j-1 {
		msgs[i], msgs[j] = msgs[j], msgs[i]
	}
	return msgs
}

// smtpServer is a real SMTP server on 127.0.0.1 that keeps each message's
// data.
type smtpServer struct {
	port int
	mu   sync.Mutex
	msgs [][]byte
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	s := &smtpServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: s}, nil }))
	srv.Domain = "mail.test"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.port = l.Addr().(*net.TCPAddr).Port
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *smtpServer) received() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.msgs...)
}

type smtpSession struct{ s *smtpServer }

func (x *smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *smtpSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (x *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, b)
	x.s.mu.Unlock()
	return nil
}
func (x *smtpSession) Reset()        {}
func (x *smtpSession) Logout() error { return nil }
