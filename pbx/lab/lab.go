package lab

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/dsp"
)

// Opts configures a Lab. Zero fields take DefaultOpts' values.
type Opts struct {
	// Country is the tone plan (ISO 3166 code) every phone, line and
	// network starts with; each slot can change its own.
	Country string
	// Logger receives the lab's diagnostics; nil: slog.Default().
	Logger *slog.Logger
	// AnswerAfter is how long the remote party of an outgoing FXO call
	// hears ringing before it answers; negative: it answers only when told
	// to (Exchange.Answer).
	AnswerAfter time.Duration
	// AnswerReversal makes that answer reverse the line polarity.
	AnswerReversal bool
	// DigitTimeout is the pause after the last digit the box dials on an
	// FXO line that completes the number.
	DigitTimeout time.Duration
}

// DefaultOpts: Russian tones, the remote party answers 3 s after the
// number is complete, without a reversal, and a number is complete 3 s
// after its last digit.
var DefaultOpts = Opts{Country: "RU", AnswerAfter: 3 * time.Second, DigitTimeout: 3 * time.Second}

func (o *Opts) withDefaults() (Opts, error) {
	r := DefaultOpts
	if o != nil {
		r.Logger, r.AnswerReversal = o.Logger, o.AnswerReversal
		if o.Country != "" {
			r.Country = strings.ToUpper(o.Country)
		}
		if o.AnswerAfter != 0 {
			r.AnswerAfter = o.AnswerAfter
		}
		if o.DigitTimeout != 0 {
			r.DigitTimeout = o.DigitTimeout
		}
	}
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
	if r.DigitTimeout < hal.FrameDuration || r.DigitTimeout > time.Minute {
		return r, fmt.Errorf("lab: digit timeout %v: want 20 ms to 1 min", r.DigitTimeout)
	}
	if _, err := dsp.BuiltinPlan(r.Country); err != nil {
		return r, fmt.Errorf("lab: country %q: %w", r.Country, err)
	}
	return r, nil
}

// Lab is the simulated outside world of a sim.World: a Phone per FXS
// slot, an Exchange per FXO slot, a Network per GSM slot, and their HTTP
// API. Run drives them; their methods and the handler are safe for
// concurrent use.
type Lab struct {
	w   *sim.World
	o   Opts
	bg  *background
	run sync.Mutex // one Run at a time

	phones   map[string]*Phone
	lines    map[string]*Exchange
	networks map[string]*Network
}

// framer is one slot's per-frame step: in is what the box sent, out what
// the world sends back.
type framer interface{ frame(in, out *hal.Frame) }

// New builds the lab around w. Call Run to make it hear and speak, Close
// when done (before closing w).
func New(w *sim.World, o *Opts) (*Lab, error) {
	if w == nil {
		return nil, errors.New("lab: no simulated world")
	}
	opts, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	l := &Lab{w: w, o: opts, bg: newBackground(),
		phones: map[string]*Phone{}, lines: map[string]*Exchange{}, networks: map[string]*Network{}}
	for _, slot := range w.Slots(hal.KindFXS) {
		ph, audio, _ := w.Phone(slot)
		p, err := newPhone(slot, ph, audio, w.Clock(), opts.Country, l.bg)
		if err != nil {
			return nil, err
		}
		l.phones[slot] = p
	}
	for _, slot := range w.Slots(hal.KindFXO) {
		line, _, _ := w.Line(slot)
		x, err := newExchange(slot, line, w.Clock(), opts.Country, &opts)
		if err != nil {
			return nil, err
		}
		l.lines[slot] = x
	}
	for _, slot := range w.Slots(hal.KindGSM) {
		m, _, _ := w.Modem(slot)
		n, err := newNetwork(slot, m, opts.Country)
		if err != nil {
			return nil, err
		}
		l.networks[slot] = n
	}
	return l, nil
}

// Run makes the world hear and speak: every 20 ms it reads a frame from
// each module's PCM link, steps the slot and writes a frame back. It
// returns ctx.Err() when ctx ends, or the error of a link that failed
// (hal.ErrClosed once the World is closed).
func (l *Lab) Run(ctx context.Context) error {
	if !l.run.TryLock() {
		return errors.New("lab: Run is already running")
	}
	defer l.run.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(l.phones)+len(l.lines)+len(l.networks))
	start := func(slot string, audio hal.PCMStream, f framer) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := pump(ctx, audio, f); err != nil && ctx.Err() == nil {
				errs <- fmt.Errorf("lab: %s: %w", slot, err)
				cancel()
			}
		}()
	}
	for slot, p := range l.phones {
		start(slot, p.audio, p)
	}
	for slot, x := range l.lines {
		_, audio, _ := l.w.Line(slot)
		start(slot, audio, x)
	}
	for slot, n := range l.networks {
		_, audio, _ := l.w.Modem(slot)
		start(slot, audio, n)
	}
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return ctx.Err()
	}
}

// pump runs f on audio, one frame at a time, until ctx ends.
func pump(ctx context.Context, audio hal.PCMStream, f framer) error {
	var in, out hal.Frame
	for ctx.Err() == nil {
		if err := audio.ReadFrame(&in); err != nil {
			return err
		}
		out = hal.Frame{}
		f.frame(&in, &out)
		if err := audio.WriteFrame(&out); err != nil {
			return err
		}
	}
	return nil
}

// Close stops what the lab does in the background (pulse dialling, hook
// flashes) and waits for it.
func (l *Lab) Close() error {
	l.bg.stop()
	return nil
}

// Phone returns the phone on FXS slot.
func (l *Lab) Phone(slot string) (*Phone, error) {
	if p, ok := l.phones[slot]; ok {
		return p, nil
	}
	return nil, unknownSlot("phone", slot, l.w.Slots(hal.KindFXS))
}

// Exchange returns the exchange behind FXO slot.
func (l *Lab) Exchange(slot string) (*Exchange, error) {
	if x, ok := l.lines[slot]; ok {
		return x, nil
	}
	return nil, unknownSlot("line", slot, l.w.Slots(hal.KindFXO))
}

// Network returns the network behind GSM slot.
func (l *Lab) Network(slot string) (*Network, error) {
	if n, ok := l.networks[slot]; ok {
		return n, nil
	}
	return nil, unknownSlot("GSM module", slot, l.w.Slots(hal.KindGSM))
}

// State is the whole simulated world, in the board's slot order.
type State struct {
	Phones []PhoneState `json:"phones"`
	Lines  []LineState  `json:"lines"`
	GSM    []GSMState   `json:"gsm"`
}

// State returns the whole world's state.
func (l *Lab) State() State {
	s := State{Phones: []PhoneState{}, Lines: []LineState{}, GSM: []GSMState{}}
	for _, slot := range l.w.Slots(hal.KindFXS) {
		s.Phones = append(s.Phones, l.phones[slot].State())
	}
	for _, slot := range l.w.Slots(hal.KindFXO) {
		s.Lines = append(s.Lines, l.lines[slot].State())
	}
	for _, slot := range l.w.Slots(hal.KindGSM) {
		s.GSM = append(s.GSM, l.networks[slot].State())
	}
	return s
}

// background runs the lab's timed actions (pulse dialling, flashes) until
// stopped.
type background struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newBackground() *background {
	ctx, cancel := context.WithCancel(context.Background())
	return &background{ctx: ctx, cancel: cancel}
}

// do runs f in its own goroutine with the background's context.
func (b *background) do(f func(ctx context.Context)) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		f(b.ctx)
	}()
}

func (b *background) stop() {
	b.cancel()
	b.wg.Wait()
}
