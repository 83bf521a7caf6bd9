package sms

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/voicemail"
)

// Modem sends SMS through one GSM module; *gsm.Dev is one.
type Modem interface {
	// SendSMS sends text to number in as many parts as it needs and
	// returns each part's TP-MR. It fails with gsm.ErrModemDown while the
	// modem is being recovered.
	SendSMS(ctx context.Context, number, text string) ([]int, error)
}

// USSDModem is a Modem that also sends USSD requests; *gsm.Dev is one.
type USSDModem interface {
	USSD(ctx context.Context, code string) (string, error)
}

// Doer sends HTTP requests; *http.Client is one.
type Doer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Opts configures a Service. Store is required; zero durations take the
// DefaultOpts values.
type Opts struct {
	Store *store.Store
	// Modems are the GSM modules by name, the name that SMS records and
	// QueueSMS use.
	Modems map[string]Modem
	// Mailer sends forwards by e-mail; nil: e-mail forwards wait until one
	// is configured (they are retried).
	Mailer voicemail.Mailer
	// HTTP posts to the webhook; nil: an http.Client with ForwardTimeout.
	HTTP Doer
	// Limits caps how many messages each module sends a day; nil: no caps.
	Limits Limits
	// OnSent is called once for each message recorded sent, with the
	// module it went through, whoever queued it (the web API, a scenario):
	// from then on the store's GSMUsage counts it, once however many
	// attempts it took. The GSM channel reads its usage again then
	// (sms_today, the limit's alarm). It is called on a goroutine of the
	// service and must not block. nil: none.
	OnSent func(module string)
	// Location is the box's time zone, in which a day of Limits starts at
	// midnight; nil: time.Local.
	Location *time.Location
	// Logger receives what happens to messages; nil: discard.
	Logger *slog.Logger
	// Now tells the time for records and schedules; nil: time.Now.
	Now func() time.Time
	// RetryMin is the wait before the first retry of a send or a forward;
	// each further retry waits twice as long, up to RetryMax.
	RetryMin, RetryMax time.Duration
	// MaxAttempts is how many times a message is handed to a modem before
	// it fails.
	MaxAttempts int
	// ForwardTimeout bounds one forward (an e-mail or a webhook request).
	ForwardTimeout time.Duration
	// ReportWait is how long a delivery report that matches no sent
	// message is kept, in case its message is being marked sent.
	ReportWait time.Duration
}

// DefaultOpts are the values used for zero fields of Opts.
var DefaultOpts = Opts{
	RetryMin:       5 * time.Second,
	RetryMax:       30 * time.Minute,
	MaxAttempts:    12,
	ForwardTimeout: 30 * time.Second,
	ReportWait:     2 * time.Minute,
}

// Service is the SMS service. It is safe for concurrent use.
type Service struct {
	o       Opts
	st      *store.Store
	log     *slog.Logger
	names   []string // module names, sorted
	running atomic.Bool

	fwdKick    chan struct{}
	reportKick chan struct{}
	sendKick   map[string]chan struct{} // by module

	watch watchers // who is told of changed messages (Watch)

	mu      sync.Mutex
	down    map[string]bool // modules that reported EventModemDown
	reports []pendingReport
}

// New checks o and returns a Service; Run starts it.
func New(o Opts) (*Service, error) {
	if o.Store == nil {
		return nil, errors.New("sms: no store")
	}
	def := DefaultOpts
	for _, f := range []struct{ v, d *time.Duration }{
		{&o.RetryMin, &def.RetryMin}, {&o.RetryMax, &def.RetryMax},
		{&o.ForwardTimeout, &def.ForwardTimeout}, {&o.ReportWait, &def.ReportWait},
	} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	if o.RetryMax < o.RetryMin {
		return nil, fmt.Errorf("sms: RetryMax %v is shorter than RetryMin %v", o.RetryMax, o.RetryMin)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = def.MaxAttempts
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: o.ForwardTimeout}
	}
	s := &Service{
		o: o, st: o.Store, log: o.Logger,
		fwdKick:    make(chan struct{}, 1),
		reportKick: make(chan struct{}, 1),
		sendKick:   map[string]chan struct{}{},
		down:       map[string]bool{},
	}
	for name, m := range o.Modems {
		if name == "" || m == nil {
			return nil, fmt.Errorf("sms: module %q: a modem needs a name and a Modem", name)
		}
		s.names = append(s.names, name)
		s.sendKick[name] = make(chan struct{}, 1)
	}
	slices.Sort(s.names)
	return s, nil
}

// Run sends the outbox, forwards received messages and records delivery
// reports until ctx ends; it returns ctx.Err(). Call it once.
func (s *Service) Run(ctx context.Context) error {
	if !s.running.CompareAndSwap(false, true) {
		return errors.New("sms: Run called twice")
	}
	n, err := s.st.RequeueSendingSMS(ctx)
	if err != nil {
		return fmt.Errorf("sms: start: %w", err)
	}
	if n > 0 {
		s.log.Warn("sms: messages a stopped process was sending are queued again", "count", n)
	}
	var wg sync.WaitGroup
	for _, name := range s.names {
		wg.Go(func() { s.sendLoop(ctx, name) })
	}
	wg.Go(func() { s.forwardLoop(ctx) })
	wg.Go(func() { s.reportLoop(ctx) })
	wg.Wait()
	return ctx.Err()
}

// SetModemUp tells the service whether module's modem can send: while it
// is down its messages wait (messages for any module go through another).
// Modules start up.
func (s *Service) SetModemUp(module string, up bool) {
	s.mu.Lock()
	changed := s.down[module] == up
	s.down[module] = !up
	s.mu.Unlock()
	switch {
	case up && changed:
		s.log.Info("sms: the modem is up again; its messages go out", "module", module)
	case !up && changed:
		s.log.Warn("sms: the modem is down; its messages wait for it", "module", module)
	}
	if up {
		kick(s.sendKick[module])
	}
}

func (s *Service) isUp(module string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.down[module]
}

// HandleEvent takes module's driver events: delivery reports, and modem
// down and up. Give it every event of gsm.Opts.OnEvent; it ignores the
// others and never blocks.
func (s *Service) HandleEvent(module string, ev gsm.Event) {
	switch ev.Kind {
	case gsm.EventDeliveryReport:
		s.addReport(module, ev.Report)
	case gsm.EventModemDown:
		s.SetModemUp(module, false)
	case gsm.EventModemUp:
		s.SetModemUp(module, true)
	}
}

// kick wakes a loop that waits on ch, without blocking.
func kick(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// backoff returns the wait before the retry after attempt (from 1).
func (s *Service) backoff(attempt int) time.Duration {
	d := s.o.RetryMin
	for i := 1; i < attempt && d < s.o.RetryMax; i++ {
		d *= 2
	}
	return min(d, s.o.RetryMax)
}

// wait blocks until ctx ends (false), ch is kicked, or d passed; a
// negative d waits without a time limit.
func wait(ctx context.Context, ch <-chan struct{}, d time.Duration) bool {
	var timeout <-chan time.Time
	if d >= 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-ch:
	case <-timeout:
	}
	return true
}
