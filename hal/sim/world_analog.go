package sim

import (
	"fmt"

	"github.com/hookflash/firmware/hal"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// worldSPIHz is the clock the World connects its chips at: the 4 MHz both
// the FXS and the FXO driver use (drivers/fxs.MaxSPIHz, drivers/fxo.MaxSPIHz).
const worldSPIHz = 4 * physic.MegaHertz

// worldFXS is an FXS module: a SLIC, the phone on its line, its audio.
type worldFXS struct {
	slic  *SLIC
	phone *Phone
	link  *PCMLink
}

// worldFXO is an FXO module: a DAA on a PSTN line, its audio.
type worldFXO struct {
	daa  *DAA
	line *PSTNLine
	link *PCMLink
}

func (w *World) addFXS(m hal.Module) error {
	var part Part
	switch m.Chip {
	case "si3210":
		part = PartSi3210
	case "si3215":
		part = PartSi3215
	default:
		return fmt.Errorf("FXS chip %q is not emulated (emulated: si3210, si3215)", m.Chip)
	}
	o := &SLICOpts{Clock: w.clock, Part: part, Name: m.Slot + " " + m.Chip}
	if m.IRQ != "" {
		o.IRQ = w.Pin(m.IRQ)
	}
	s := NewSLIC(o)
	s.SetHighwayWidth(w.board.PCMWidth)
	p := NewPhone(w.clock)
	s.Attach(p)
	w.fxs[m.Slot] = &worldFXS{slic: s, phone: p, link: NewPCMLink(w.clock)}
	return nil
}

func (w *World) addFXO(m hal.Module) {
	l := NewPSTNLine(w.clock)
	d := NewDAA(w.clock, m.Slot+" "+m.Chip, l)
	d.SetHighwayWidth(w.board.PCMWidth)
	if m.IRQ != "" {
		d.ConnectIRQ(w.Pin(m.IRQ))
	}
	w.fxo[m.Slot] = &worldFXO{daa: d, line: l, link: NewPCMLink(w.clock)}
}

// SPI returns a connection to the emulated chip of the FXS or FXO module m,
// in SPI mode 3 at 4 MHz, 8 bits per word, as drivers/fxs and drivers/fxo
// need. The first call connects; later calls return the same connection.
func (w *World) SPI(m hal.Module) (spi.Conn, error) {
	var port *SPIPort
	switch m.Kind {
	case hal.KindFXS:
		if p := w.fxs[m.Slot]; p != nil {
			port = p.slic.Port()
		}
	case hal.KindFXO:
		if p := w.fxo[m.Slot]; p != nil {
			port = p.daa.Port()
		}
	default:
		return nil, fmt.Errorf("sim: world: %s is a %s module; it has no chip on SPI", m.Slot, m.Kind)
	}
	if port == nil {
		return nil, w.unknown(m)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if c, ok := w.conns[m.Slot]; ok {
		return c, nil
	}
	c, err := port.Connect(worldSPIHz, spi.Mode3, 8)
	if err != nil {
		return nil, fmt.Errorf("sim: world: %s: %w", m.Slot, err)
	}
	w.conns[m.Slot] = c
	return c, nil
}

// SLIC returns the emulated SLIC of FXS slot, for diagnostics and tests.
func (w *World) SLIC(slot string) (*SLIC, bool) {
	p, ok := w.fxs[slot]
	if !ok {
		return nil, false
	}
	return p.slic, true
}

// DAA returns the emulated DAA of FXO slot, for diagnostics and tests.
func (w *World) DAA(slot string) (*DAA, bool) {
	p, ok := w.fxo[slot]
	if !ok {
		return nil, false
	}
	return p.daa, true
}

// Phone returns the phone on FXS slot and the world side of its audio:
// ReadFrame gives what the phone's earpiece hears, WriteFrame what its
// microphone says. It reports false for a slot the board does not have.
func (w *World) Phone(slot string) (*Phone, hal.PCMStream, bool) {
	p, ok := w.fxs[slot]
	if !ok {
		return nil, nil, false
	}
	return p.phone, p.link.World(), true
}

// Line returns the PSTN line of FXO slot and the exchange side of its
// audio: ReadFrame gives what the box sends down the line, WriteFrame what
// the exchange (tones, caller ID, the remote party) sends to the box. It
// reports false for a slot the board does not have.
func (w *World) Line(slot string) (*PSTNLine, hal.PCMStream, bool) {
	p, ok := w.fxo[slot]
	if !ok {
		return nil, nil, false
	}
	return p.line, p.link.World(), true
}
