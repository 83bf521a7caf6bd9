package lab

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/dsp"
)

// Dial modes.
const (
	DialDTMF  = "dtmf"
	DialPulse = "pulse"
)

// defaultFlash is how long a hook flash keeps the hook down.
const defaultFlash = 250 * time.Millisecond

// CallerID is the caller ID a phone's display shows.
type CallerID struct {
	Number string `json:"number"`
	Name   string `json:"name"`
	// Format is "fsk" (ETSI V.23 or Bell 202) or "dtmf".
	Format string `json:"format"`
	// Withheld is "private" or "unavailable" when the number is absent.
	Withheld string `json:"withheld,omitempty"`
}

// PhoneState is what the lab knows of one analog phone.
type PhoneState struct {
	Slot    string `json:"slot"`
	Country string `json:"country"`
	OffHook bool   `json:"off_hook"`
	// Ringing is true while the phone is being rung (in a ring cadence's
	// silences too); Bell while the bell sounds now.
	Ringing bool `json:"ringing"`
	Bell    bool `json:"bell"`
	// Rings counts the rings of the current (or last) ringing.
	Rings    int       `json:"rings"`
	Reversed bool      `json:"reversed"`
	CallerID *CallerID `json:"caller_id"`
	// Dialling is true while digits or a tone are being sent.
	Dialling bool `json:"dialling"`
	Hearing
}

// Phone is the lab's side of an analog phone on an FXS port: its ear (what
// it hears, the caller ID it shows) and its hands and voice (hook, dial,
// test tone). Safe for concurrent use.
type Phone struct {
	slot  string
	phone *sim.Phone
	audio hal.PCMStream
	clock hal.Clock
	bg    *background
	// hands are the flashes and pulse dialling under way, which reset
	// stops before it hangs up.
	hands hands

	mu       sync.Mutex
	ear      *ear
	voice    *voice
	fsk      *dsp.CallerIDReceiver
	dclip    *dsp.DTMFCLIPReceiver
	offHook  bool
	hookAt   time.Time
	pulsing  bool
	cid      *CallerID
	cidAt    time.Time
	lastRing int
}

func newPhone(slot string, p *sim.Phone, audio hal.PCMStream, clock hal.Clock, country string, bg *background) (*Phone, error) {
	e, v, err := newParty(country)
	if err != nil {
		return nil, err
	}
	e.listen = false
	return &Phone{slot: slot, phone: p, audio: audio, clock: clock, bg: bg, ear: e, voice: v,
		fsk: dsp.NewCallerIDReceiver(), dclip: dsp.NewDTMFCLIPReceiver(), hookAt: clock.Now()}, nil
}

// frame is one 20 ms step: in is what the phone hears, out what it says.
func (p *Phone) frame(in, out *hal.Frame) {
	now := p.clock.Now()
	off := p.phone.IsOffHook()
	p.mu.Lock()
	defer p.mu.Unlock()
	if off != p.offHook {
		p.offHook, p.hookAt = off, now
		p.ear.listen = off
		if off {
			p.ear.clearDigits()
		} else {
			p.cid = nil
			p.voice.stop()
		}
	}
	p.ear.hear(in)
	if !off {
		p.receiveCallerID(in, now)
	}
	rings, _ := ringCount(p.phone.RingLog(), p.hookAt, now, p.offHook)
	if rings > 0 && p.lastRing == 0 && p.cid != nil && now.Sub(p.cidAt) > ringGap {
		p.cid = nil // shown for an earlier call
	}
	p.lastRing = rings
	if off {
		p.voice.next(out)
	}
}

// receiveCallerID runs the on-hook caller ID receivers.
func (p *Phone) receiveCallerID(in *hal.Frame, now time.Time) {
	if m, ok, _ := p.fsk.Process(in[:]); ok && m.MessageWaiting == dsp.MWINone { // a lamp, not a caller
		c := &CallerID{Number: m.Number, Name: m.Name, Format: "fsk", Withheld: absence(m.NumberAbsent)}
		p.cid, p.cidAt = c, now
	}
	if m, ok, _ := p.dclip.Process(in[:]); ok {
		p.cid, p.cidAt = &CallerID{Number: m.Number, Format: "dtmf", Withheld: absence(m.Absent)}, now
	}
}

func absence(reason byte) string {
	switch reason {
	case 'P':
		return "private"
	case 'O':
		return "unavailable"
	}
	return ""
}

// ringGap is a pause in ringing that ends a ringing: longer than the
// silence of any country's cadence.
const ringGap = 8 * time.Second

// ringCount counts the rings of the last ringing in log that started after
// since, the last hook change, and reports whether it still goes on at now.
// When that change was a lift (lifted), a ring that started at its very
// instant rang before it: the lift ended it.
func ringCount(log []sim.RingSegment, since, now time.Time, lifted bool) (rings int, ringing bool) {
	if len(log) == 0 {
		return 0, false
	}
	last := log[len(log)-1]
	ringing = last.On || now.Sub(last.Start) <= ringGap
	for i := len(log) - 1; i >= 0; i-- {
		s := log[i]
		if s.Start.Before(since) || lifted && s.Start.Equal(since) {
			break
		}
		if s.On {
			rings++
		} else if s.Duration > ringGap {
			break
		}
	}
	return rings, ringing && rings > 0
}

// State returns what the phone does, shows and hears now.
func (p *Phone) State() PhoneState {
	now := p.clock.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	rings, ringing := ringCount(p.phone.RingLog(), p.hookAt, now, p.offHook)
	st := PhoneState{
		Slot: p.slot, Country: p.ear.country, OffHook: p.phone.IsOffHook(),
		Ringing: ringing && !p.phone.IsOffHook(), Bell: p.phone.Ringing(), Rings: rings,
		Reversed: p.phone.Reversed(), Dialling: p.voice.busy() || p.pulsing,
		Hearing: p.ear.hearing(),
	}
	if p.cid != nil {
		c := *p.cid
		st.CallerID = &c
	}
	return st
}

// OffHook lifts the handset.
func (p *Phone) OffHook() { p.phone.OffHook() }

// OnHook hangs up.
func (p *Phone) OnHook() { p.phone.OnHook() }

// Flash gives a hook flash of d (0: 250 ms) in the background. The phone
// must be off-hook.
func (p *Phone) Flash(d time.Duration) error {
	if d == 0 {
		d = defaultFlash
	}
	if d < 0 || d > 2*time.Second {
		return invalid("ms", "flash of %v: want up to 2 s", d)
	}
	if !p.phone.IsOffHook() {
		return invalid("", "phone %s is on-hook; take it off-hook before a flash", p.slot)
	}
	p.hands.do(p.bg, func(ctx context.Context) { _ = p.phone.Flash(ctx, d) })
	return nil
}

// Dial dials digits by DTMF (mode "dtmf" or "") or with the rotary dial
// ("pulse", digits 0-9 only), in the background. The phone must be
// off-hook.
func (p *Phone) Dial(digits, mode string) error {
	if digits == "" {
		return invalid("digits", "no digits to dial")
	}
	if !p.phone.IsOffHook() {
		return invalid("", "phone %s is on-hook; take it off-hook to dial", p.slot)
	}
	switch mode {
	case DialDTMF, "":
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.voice.say(digits)
	case DialPulse:
		if strings.Trim(digits, "0123456789") != "" {
			return invalid("digits", "pulse dialling %q: a rotary dial has only 0-9", digits)
		}
		p.mu.Lock()
		if p.pulsing {
			p.mu.Unlock()
			return invalid("digits", "phone %s is still pulse dialling", p.slot)
		}
		p.pulsing = true
		p.mu.Unlock()
		p.hands.do(p.bg, func(ctx context.Context) {
			_ = p.phone.PulseDial(ctx, digits, nil)
			p.mu.Lock()
			p.pulsing = false
			p.mu.Unlock()
		})
		return nil
	}
	return invalid("mode", "dial mode %q: want %q or %q", mode, DialDTMF, DialPulse)
}

// Tone sends a test tone into the line. The phone must be off-hook.
func (p *Phone) Tone(t ToneRequest) error {
	if !p.phone.IsOffHook() {
		return invalid("", "phone %s is on-hook; take it off-hook to send a tone", p.slot)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.voice.play(t)
}

// SetCountry sets the country whose tones the phone recognises.
func (p *Phone) SetCountry(country string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.ear.setCountry(strings.ToUpper(country)); err != nil {
		return &Error{Field: "country", Err: err}
	}
	return nil
}

func (p *Phone) String() string { return fmt.Sprintf("lab phone %s", p.slot) }
