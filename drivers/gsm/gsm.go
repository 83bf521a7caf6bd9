package gsm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/warthog618/sms"
)

// Opts configures a Dev. Zero durations take the DefaultOpts value.
type Opts struct {
	// PIN unlocks the SIM if it asks for one; "" if the SIM has no PIN lock.
	// A PIN the SIM rejected is never sent again by this Dev, so a wrong
	// setting cannot use up the tries and lock the SIM with its PUK.
	PIN string
	// Logger receives debug lines for every command and reply; nil: discard.
	Logger *slog.Logger
	// CommandTimeout bounds an ordinary command, from sending it to its
	// final result code.
	CommandTimeout time.Duration
	// SMSTimeout bounds AT+CMGS for one part, which waits for the network
	// (27.005 4.3 allows the network's round trip).
	SMSTimeout time.Duration
	// USSDTimeout bounds the wait for the network's +CUSD reply.
	USSDTimeout time.Duration
	// ReassemblyTimeout is how long the parts of a concatenated message are
	// kept waiting for the missing ones; then the message is delivered with
	// SMS.Missing naming the parts that never came.
	ReassemblyTimeout time.Duration
	// Heartbeat is the interval of the liveness probe (AT) when no call is
	// up.
	Heartbeat time.Duration
	// ProbeTimeout bounds the answer to one AT probe (the AT+CLCC poll of
	// a call has CommandTimeout). An idle modem answers AT in
	// milliseconds; a probe waits for a command under way (an SMS part, a
	// USSD request) to end before it is sent, so a busy modem is never
	// probed.
	ProbeTimeout time.Duration
	// CallPoll is the interval of AT+CLCC polling while a call is up; it is
	// also the heartbeat then.
	CallPoll time.Duration
	// HeartbeatMisses is how many probes in a row may time out before the
	// modem is declared down (EventModemDown) and the recovery starts.
	// After the first miss the next probe follows at once, so a modem that
	// stops answering is declared down within Heartbeat + HeartbeatMisses
	// x ProbeTimeout when idle (CallPoll + HeartbeatMisses x
	// CommandTimeout during a call), plus the rest of a command it was
	// running.
	HeartbeatMisses int
	// BootWait bounds the wait for the modem to answer AT after a restart
	// (AT+CFUN=1,1, reset or power cycle).
	BootWait time.Duration
	// DeliveryReports asks the network for a status report on every SMS
	// sent (TP-SRR); they arrive as EventDeliveryReport.
	DeliveryReports bool
	// USSDPackedHex says the modem hands GSM-7 USSD replies over as the hex
	// of the packed septets rather than as text.
	USSDPackedHex bool
	// OnEvent receives calls, registration, SIM, delivery and supervision
	// events, one at a time and in order, on a goroutine of the Dev. It must
	// not block for long; it may call the Dev's methods. nil: dropped.
	OnEvent func(Event)
	// VoiceOverUSB says the module's call audio comes over its USB audio
	// interface (a board profile's pcm=usb): the Dev turns voice over USB on
	// for each call and off after it (see usbVoice). Init refuses it for a
	// family without it.
	VoiceOverUSB bool
	// OnSMS receives each received message, complete or given up on after
	// ReassemblyTimeout. Its parts are deleted from the modem only after it
	// returned nil; on an error they stay and the message is offered again
	// at the next storage sweep. nil: messages stay on the modem.
	OnSMS func(SMS) error
}

// DefaultOpts are the values used for zero fields of Opts.
var DefaultOpts = Opts{
	CommandTimeout:    5 * time.Second,
	SMSTimeout:        60 * time.Second,
	USSDTimeout:       30 * time.Second,
	ReassemblyTimeout: 10 * time.Minute,
	// A dead modem is flagged within 5 + 2 x 3 = 11 s (at least 6 s after
	// it stopped), well inside the 15 s an installer expects; two misses,
	// not one, so that a single reply lost to line noise is no alarm.
	Heartbeat:       5 * time.Second,
	ProbeTimeout:    3 * time.Second,
	CallPoll:        2 * time.Second,
	HeartbeatMisses: 2,
	BootWait:        30 * time.Second,
}

func (o *Opts) withDefaults() Opts {
	r := *o
	def := DefaultOpts
	for _, f := range []struct{ v, d *time.Duration }{
		{&r.CommandTimeout, &def.CommandTimeout}, {&r.SMSTimeout, &def.SMSTimeout},
		{&r.USSDTimeout, &def.USSDTimeout}, {&r.ReassemblyTimeout, &def.ReassemblyTimeout},
		{&r.Heartbeat, &def.Heartbeat}, {&r.ProbeTimeout, &def.ProbeTimeout}, {&r.CallPoll, &def.CallPoll}, {&r.BootWait, &def.BootWait},
	} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	if r.HeartbeatMisses <= 0 {
		r.HeartbeatMisses = def.HeartbeatMisses
	}
	if r.Logger == nil {
		r.Logger = slog.New(slog.DiscardHandler)
	}
	return r
}

// Dev is one modem. It is safe for concurrent use.
type Dev struct {
	o         Opts
	log       *slog.Logger
	eng       *engine
	lines     Lines
	events    *fifo[Event]
	done      chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once

	recvKick  chan struct{} // storage sweep wanted
	bootKick  chan struct{} // the modem restarted by itself
	sendKick  chan struct{} // outgoing queue may be sendable
	callKick  chan struct{} // a call began: poll it now, not at the next heartbeat
	voiceKick chan struct{} // the call changed: voice over USB may need switching
	enc       *sms.Encoder
	reasm     *reassembler

	mu          sync.Mutex
	up          bool // start-up done and the modem answers
	info        Info
	pinRejected bool
	expectBoot  bool // a restart of ours is under way; its RDY is no news
	call        callTrack
	ussdWait    chan unsolicited
	outq        []*outSMS
	nextID      uint64
	toDelete    map[int]bool // delivered messages' indexes still to delete
	voiceOn     bool         // voice over USB is on (Opts.VoiceOverUSB)
}

// New returns a Dev that talks to a modem over port and drives its control
// lines through lines (nil if the board cannot power-cycle the modem; the
// recovery then stops at AT+CFUN=1,1). The caller keeps owning port; if it
// is an io.Closer, Close closes it, otherwise its Read must return
// periodically (a read deadline) so that Close can end the read loop. New
// sends nothing; call Init, then Supervise.
func New(port io.ReadWriter, lines Lines, o *Opts) (*Dev, error) {
	if port == nil {
		return nil, errors.New("gsm: no serial port; give the modem's serial stream")
	}
	if o == nil {
		o = &DefaultOpts
	}
	opts := o.withDefaults()
	d := &Dev{
		o:         opts,
		log:       opts.Logger,
		lines:     lines,
		events:    newFIFO[Event](),
		done:      make(chan struct{}),
		recvKick:  make(chan struct{}, 1),
		bootKick:  make(chan struct{}, 1),
		sendKick:  make(chan struct{}, 1),
		callKick:  make(chan struct{}, 1),
		voiceKick: make(chan struct{}, 1),
		enc:       sms.NewEncoder(sms.AsSubmit),
		toDelete:  map[int]bool{},
	}
	d.reasm = newReassembler(opts.ReassemblyTimeout, d.kickRecv)
	d.eng = newEngine(port, d.log, d.onURC)
	d.wg.Add(3)
	go func() {
		defer d.wg.Done()
		d.events.run(d.done, func(e Event) {
			if d.o.OnEvent != nil {
				d.o.OnEvent(e)
			}
		})
	}()
	go func() { defer d.wg.Done(); d.recvLoop() }()
	go func() { defer d.wg.Done(); d.sendLoop() }()
	if opts.VoiceOverUSB {
		d.wg.Add(1)
		go func() { defer d.wg.Done(); d.voiceLoop() }()
	}
	return d, nil
}

// Close stops the Dev and its goroutines and closes the port if it is an
// io.Closer. Commands in progress fail with ErrClosed.
func (d *Dev) Close() error {
	var err error
	d.closeOnce.Do(func() {
		err = d.eng.close()
		close(d.done)
		d.reasm.stop()
		d.wg.Wait()
	})
	return err
}

// Info returns what start-up and the last queries learnt about the modem.
func (d *Dev) Info() Info {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.info
}

// Command sends one AT command line (without CR) and returns its
// information text lines. It is for diagnostics; it may be called by any
// goroutine.
func (d *Dev) Command(ctx context.Context, line string) ([]string, error) {
	return d.at(ctx, line)
}

func (d *Dev) emit(e Event) { d.events.put(e) }

// at runs a command with the default timeout.
func (d *Dev) at(ctx context.Context, line string) ([]string, error) {
	return d.eng.exec(ctx, command{line: line, prefix: infoPrefix(line)}, nil, d.o.CommandTimeout)
}

// at1 runs a command and returns its one information line that starts with
// the command's prefix (or its only line).
func (d *Dev) at1(ctx context.Context, line string) (string, error) {
	lines, err := d.at(ctx, line)
	if err != nil {
		return "", err
	}
	p := infoPrefix(line)
	for _, l := range lines {
		if p == "" || strings.HasPrefix(l, p) {
			return l, nil
		}
	}
	if len(lines) > 0 {
		return lines[len(lines)-1], nil
	}
	return "", fmt.Errorf("gsm: %s: no information text: %w", line, ErrMalformed)
}

// infoPrefix is the information response prefix of a command that has one:
// the read (?) and test (=?) forms and the action commands below. A set
// command (AT+CREG=2) has none, so a +CREG report arriving meanwhile stays
// unsolicited.
func infoPrefix(line string) string {
	rest, ok := strings.CutPrefix(line, "AT+")
	if !ok {
		return ""
	}
	name := rest
	if i := strings.IndexAny(rest, "=?"); i >= 0 {
		name = rest[:i]
	}
	switch {
	case strings.HasSuffix(rest, "?"), !strings.Contains(rest, "="):
	case name == "CMGR", name == "CMGL", name == "CMGS", name == "CPMS":
	default:
		return ""
	}
	return "+" + name + ":"
}

func (d *Dev) isUp() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.up
}

func (d *Dev) setUp(v bool) {
	d.mu.Lock()
	d.up = v
	d.mu.Unlock()
	if v {
		d.kickRecv()
		d.kickSend()
	}
}

// poke wakes the loop that waits on kick, unless it already has a wake-up
// pending; it never blocks.
func poke(kick chan struct{}) {
	select {
	case kick <- struct{}{}:
	default:
	}
}

// serve runs work each time kick is poked, until the Dev closes. work gets
// a context that ends with the Dev.
func (d *Dev) serve(kick <-chan struct{}, work func(ctx context.Context)) {
	ctx, cancel := d.ctx()
	defer cancel()
	for {
		select {
		case <-d.done:
			return
		case <-kick:
		}
		work(ctx)
	}
}

func (d *Dev) kickRecv() { poke(d.recvKick) }

// kickCall makes Supervise switch to +CLCC polling at once: a call placed
// or answered between two idle heartbeats would otherwise go unwatched
// until the next one (Opts.Heartbeat).
func (d *Dev) kickCall() { poke(d.callKick) }

func (d *Dev) kickSend() { poke(d.sendKick) }

// ctx returns a context that ends when the Dev closes; call cancel when
// done with it.
func (d *Dev) ctx() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-d.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}
