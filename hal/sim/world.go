package sim

import (
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/hookflash/firmware/hal"
	"periph.io/x/conn/v3/spi"
)

// World is a whole simulated board with the outside world around it: every
// module of a board profile as emulated hardware (a SLIC with a phone on
// its line, a DAA on a PSTN line, a modem on a network) and a PCM link per
// module. The box side (SPI, serial port, control lines, PCM) is what
// cmd/pbxd hands the real drivers; the world side (Phone, Line, Modem) is
// what the lab and tests drive. A World is safe for concurrent use.
type World struct {
	board *hal.BoardProfile
	clock hal.Clock
	pins  Pins

	fxs map[string]*worldFXS
	fxo map[string]*worldFXO
	gsm map[string]*worldGSM

	mu     sync.Mutex
	conns  map[string]spi.Conn
	closed bool
}

// NewWorld builds every module of board b as emulated hardware plus the
// outside world around it: an FXS module becomes a SLIC (the part named by
// Module.Chip) with a Phone on its line and a PCMLink; an FXO module a DAA
// on a PSTNLine with a PCMLink; a GSM module a Modem (dialect from
// Module.Chip, IMEI from the profile's imei: match or a made-up valid one)
// with a PCMLink for call audio; for a pcm=usb module the box side of that
// audio is a hal.SerialPCM on the modem's emulated USB audio interface,
// carrying audio only while the driver has voice over USB on. Everything
// that waits runs on clock (nil: hal.SystemClock), except the modems, which
// run on the time package (the fake time of a testing/synctest bubble in
// tests). The SLICs' and DAAs' INT outputs drive the profile's irq= pins
// (Pin), so drivers given those pins run on interrupts. Close the World
// when done.
func NewWorld(b *hal.BoardProfile, clock hal.Clock) (*World, error) {
	if b == nil {
		return nil, errors.New("sim: world: no board profile")
	}
	w := &World{
		board: b,
		clock: hal.OrSystem(clock),
		fxs:   map[string]*worldFXS{},
		fxo:   map[string]*worldFXO{},
		gsm:   map[string]*worldGSM{},
		conns: map[string]spi.Conn{},
	}
	gsmIndex := 0
	for _, m := range b.Modules {
		var err error
		switch m.Kind {
		case hal.KindFXS:
			err = w.addFXS(m)
		case hal.KindFXO:
			w.addFXO(m)
		case hal.KindGSM:
			gsmIndex++
			err = w.addGSM(m, gsmIndex)
		default:
			err = fmt.Errorf("kind %q is not emulated", m.Kind)
		}
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("sim: world: board %s: module %s: %w", b.Name, m.Slot, err)
		}
	}
	return w, nil
}

// Board returns the profile the World was built from.
func (w *World) Board() *hal.BoardProfile { return w.board }

// Clock returns the clock the emulated chips, phones, lines and PCM links
// run on.
func (w *World) Clock() hal.Clock { return w.clock }

// Pin returns the simulated GPIO line called name ("sim:fxs1-int" or
// "fxs1-int"): reset lines, interrupt outputs, LEDs, the reset button. A
// line is created low on first use; the same name always gives the same
// Pin.
func (w *World) Pin(name hal.Pin) *Pin { return w.pins.Pin(string(name)) }

// Slots returns the slots of the modules of kind k, in the profile's order.
func (w *World) Slots(k hal.ModuleKind) []string {
	var r []string
	for _, m := range w.board.ModulesOf(k) {
		r = append(r, m.Slot)
	}
	return r
}

// PCM returns the box side of m's audio: what the driver or channel of m
// reads (from the phone, the exchange, the network) and writes.
func (w *World) PCM(m hal.Module) (hal.PCMStream, error) {
	var l *PCMLink
	switch m.Kind {
	case hal.KindFXS:
		if p := w.fxs[m.Slot]; p != nil {
			l = p.link
		}
	case hal.KindFXO:
		if p := w.fxo[m.Slot]; p != nil {
			l = p.link
		}
	case hal.KindGSM:
		if p := w.gsm[m.Slot]; p != nil {
			return p.box(), nil
		}
	}
	if l == nil {
		return nil, w.unknown(m)
	}
	return l.Box(), nil
}

// unknown is the error for a module the World does not have.
func (w *World) unknown(m hal.Module) error {
	return fmt.Errorf("sim: world: no %s module %q on board %s (have %v)", m.Kind, m.Slot, w.board.Name, w.Slots(m.Kind))
}

// Close stops the modems and closes every PCM link. The box and world
// sides then return hal.ErrClosed.
func (w *World) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	w.mu.Unlock()
	for _, slot := range sortedKeys(w.fxs) {
		w.fxs[slot].link.Box().Close()
	}
	for _, slot := range sortedKeys(w.fxo) {
		w.fxo[slot].link.Box().Close()
	}
	for _, slot := range sortedKeys(w.gsm) {
		g := w.gsm[slot]
		g.link.Box().Close()
		if g.usbPCM != nil {
			g.usbPCM.Close()
		}
		g.modem.Close()
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
