package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/hookflash/firmware/drivers/fxo"
	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/linuxhost"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// boardHost opens a real board's buses, pins and serial ports through
// hal/linuxhost, finding devices under roots. Pins are opened once and
// shared (modules share reset lines). Safe for concurrent use.
type boardHost struct {
	profile *hal.BoardProfile
	roots   linuxhost.Roots
	log     *slog.Logger
	// highway returns a ts= module's stream on the board's PCM highway
	// (openHighway sets it).
	highway func(m hal.Module) (hal.PCMStream, error)

	mu      sync.Mutex
	pins    map[hal.Pin]gpio.PinIO
	closers []func()
	serials map[string]string // module slot -> its AT port, resolved before opening
	shared  map[hal.Pin]bool  // reset lines pulsed once for several chips
}

func newBoardHost(roots linuxhost.Roots, log *slog.Logger) *boardHost {
	return &boardHost{roots: roots, log: log, pins: map[hal.Pin]gpio.PinIO{}, serials: map[string]string{}, shared: map[hal.Pin]bool{},
		highway: func(hal.Module) (hal.PCMStream, error) { return nil, errNoHighway }}
}

// pin opens the GPIO line name once.
func (h *boardHost) pin(name hal.Pin) (gpio.PinIO, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if p, ok := h.pins[name]; ok {
		return p, nil
	}
	p, err := linuxhost.Pin(name)
	if err != nil {
		return nil, err
	}
	h.pins[name] = p
	return p, nil
}

// optionalPin opens a control line a module works without (interrupt,
// reset, modem power key): a line that does not open is logged and nil.
func (h *boardHost) optionalPin(log *slog.Logger, role string, name hal.Pin, without string) gpio.PinIO {
	if name == "" {
		return nil
	}
	p, err := h.pin(name)
	if err != nil {
		log.Warn("hardware: "+role+" line not available; "+without, "pin", name, "err", err)
		return nil
	}
	return p
}

func (h *boardHost) onClose(f func()) {
	h.mu.Lock()
	h.closers = append(h.closers, f)
	h.mu.Unlock()
}

func (h *boardHost) close() {
	h.mu.Lock()
	cs := h.closers
	h.closers = nil
	h.mu.Unlock()
	for _, c := range slices.Backward(cs) {
		c()
	}
}

// openBoard opens the modules of a real board b through host. Before the
// modules open side by side it opens the PCM highway, finds every modem's
// AT port (by USB path, then by IMEI among the USB serial ports nobody else
// claims, so probing never talks to a port another module uses) and pulses
// each reset line that several chips share, once.
func openBoard(ctx context.Context, stack *stopStack, b *hal.BoardProfile, host *boardHost, simPINs pinSource, log *slog.Logger) (*hardware, error) {
	hw := &hardware{board: b}
	host.profile = b
	host.openHighway(b)
	bad := map[string]error{}
	host.resolveSerials(b, bad)
	if err := host.resetShared(ctx, b); err != nil {
		return nil, err
	}
	open := func(ctx context.Context, into *hardware, m hal.Module, number int, pin string, log *slog.Logger, run func(func(context.Context) error)) error {
		if err := bad[m.Slot]; err != nil {
			return err
		}
		return host.open(ctx, into, m, number, pin, log, run)
	}
	openModules(ctx, stack, hw, simPINs, log, open, host.close)
	return hw, nil
}

// resolveSerials finds the AT port of every modem; a modem whose port is
// not found gets its error in bad.
func (h *boardHost) resolveSerials(b *hal.BoardProfile, bad map[string]error) {
	claimed := map[string]bool{} // USB interface paths named by a profile
	for _, m := range b.ModulesOf(hal.KindGSM) {
		claimed[m.Serial.USBPath], claimed[m.Audio.USBPath] = true, true
	}
	var byIMEI []hal.Module
	for _, m := range b.ModulesOf(hal.KindGSM) {
		switch {
		case m.Serial.UART != "":
			h.serials[m.Slot] = m.Serial.UART
		case m.Serial.USBPath != "":
			dev, err := h.roots.USBSerial(m.Serial.USBPath)
			if err != nil {
				bad[m.Slot] = err
				continue
			}
			h.serials[m.Slot] = dev
		default:
			byIMEI = append(byIMEI, m)
		}
	}
	if len(byIMEI) == 0 {
		return
	}
	ports, err := h.roots.USBSerialPorts()
	var cands []string
	for path, dev := range ports {
		if !claimed[path] {
			cands = append(cands, dev)
		}
	}
	slices.Sort(cands)
	for _, m := range byIMEI {
		if err != nil {
			bad[m.Slot] = err
			continue
		}
		dev, err := linuxhost.FindIMEI(cands, m.Serial.IMEI)
		if err != nil {
			bad[m.Slot] = err
			continue
		}
		h.serials[m.Slot] = dev
		cands = slices.DeleteFunc(cands, func(c string) bool { return c == dev })
	}
}

// resetShared pulses, once, each reset line that several SPI chips share
// (a driver resetting it would reset the others mid-calibration): low for
// 250 ms, then 250 ms to come up (Si3210 AN35 step 1; the Si3050 needs
// less). Those chips' drivers then get no reset line.
func (h *boardHost) resetShared(ctx context.Context, b *hal.BoardProfile) error {
	users := map[hal.Pin]int{}
	for _, m := range b.Modules {
		if m.Kind != hal.KindGSM && m.Reset != "" {
			users[m.Reset]++
		}
	}
	var pulsed []gpio.PinOut
	for _, m := range b.Modules {
		if m.Kind == hal.KindGSM || users[m.Reset] < 2 || h.shared[m.Reset] {
			continue
		}
		h.shared[m.Reset] = true
		p := h.optionalPin(h.log, "shared reset", m.Reset, "the chips on it are not reset")
		if p == nil {
			continue
		}
		if err := p.Out(gpio.Low); err != nil {
			h.log.Warn("hardware: shared reset line", "pin", m.Reset, "err", err)
			continue
		}
		pulsed = append(pulsed, p)
	}
	if len(pulsed) == 0 {
		return nil
	}
	if err := hal.Sleep(ctx, hal.SystemClock{}, 250*time.Millisecond); err != nil {
		return err
	}
	for _, p := range pulsed {
		if err := p.Out(gpio.High); err != nil {
			h.log.Warn("hardware: shared reset line", "pin", p, "err", err)
		}
	}
	return hal.Sleep(ctx, hal.SystemClock{}, 250*time.Millisecond)
}

// open opens one module of a real board; it is a moduleOpener.
func (h *boardHost) open(ctx context.Context, into *hardware, m hal.Module, number int, pin string, log *slog.Logger, run func(func(context.Context) error)) error {
	switch m.Kind {
	case hal.KindFXS, hal.KindFXO:
		return h.openAnalog(into, m, number, log)
	case hal.KindGSM:
		return h.openModem(ctx, into, m, number, pin, log, run)
	}
	return fmt.Errorf("module kind %q is not driven", m.Kind)
}

// spiConn opens and connects module m's chip select.
func (h *boardHost) spiConn(m hal.Module, mode spi.Mode, hz physic.Frequency) (spi.Conn, func(), error) {
	bus, ok := h.profile.SPIBusByName(m.SPI)
	if !ok {
		return nil, nil, fmt.Errorf("no spi bus %q", m.SPI)
	}
	port, err := h.roots.SPI(bus, m.CS)
	if err != nil {
		return nil, nil, err
	}
	c, err := port.Connect(hz, mode, 8)
	if err != nil {
		port.Close()
		return nil, nil, fmt.Errorf("connect %s: %w", port, err)
	}
	return c, func() { port.Close() }, nil
}

func (h *boardHost) openAnalog(into *hardware, m hal.Module, number int, log *slog.Logger) error {
	mode, hz := fxs.SPIMode, fxs.MaxSPIHz
	if m.Kind == hal.KindFXO {
		mode, hz = fxo.SPIMode, fxo.MaxSPIHz
	}
	conn, closeSPI, err := h.spiConn(m, mode, hz)
	if err != nil {
		return err
	}
	var reset gpio.PinOut
	if !h.sharedReset(m.Reset) {
		if p := h.optionalPin(log, "reset", m.Reset, "the chip is not reset at start-up"); p != nil {
			reset = p
		}
	}
	var irq gpio.PinIn
	if p := h.optionalPin(log, "interrupt", m.IRQ, "the driver polls the chip"); p != nil {
		irq = p
	}
	// withAudio takes the chip driver New returned and the module's
	// highway stream; when either fails it undoes what was opened.
	var audio hal.PCMStream
	withAudio := func(dev interface{ Halt() error }, err error) error {
		if err != nil {
			closeSPI()
			return err
		}
		if audio, err = h.highway(m); err != nil {
			dev.Halt()
			closeSPI()
			return err
		}
		return nil
	}
	switch m.Kind {
	case hal.KindFXS:
		o := fxs.DefaultOpts
		o.Logger, o.Timeslot, o.PCMLinear, o.Reset, o.IRQ = log, m.Timeslot, linearPCM(h.profile), reset, irq
		dev, err := fxs.New(conn, &o)
		if err := withAudio(dev, err); err != nil {
			return err
		}
		into.fxs = append(into.fxs, fxsModule{slot: m.Slot, number: number, dev: dev, audio: audio})
	case hal.KindFXO:
		o := fxo.DefaultOpts
		o.Logger, o.Timeslot, o.PCMLinear, o.Reset, o.IRQ = log, m.Timeslot, linearPCM(h.profile), reset, irq
		dev, err := fxo.New(conn, &o)
		if err := withAudio(dev, err); err != nil {
			return err
		}
		into.fxo = append(into.fxo, fxoModule{slot: m.Slot, number: number, dev: dev, audio: audio})
	}
	h.onClose(func() { audio.Close(); closeSPI() })
	return nil
}

func (h *boardHost) sharedReset(p hal.Pin) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.shared[p]
}

// openModem opens a modem's AT port (found before by resolveSerials), its
// audio (the USB audio interface of a pcm=usb modem, else the PCM highway)
// and its control lines, and starts its driver.
func (h *boardHost) openModem(ctx context.Context, into *hardware, m hal.Module, number int, pin string, log *slog.Logger, run func(func(context.Context) error)) error {
	h.mu.Lock()
	dev := h.serials[m.Slot]
	h.mu.Unlock()
	var audio hal.PCMStream
	if m.PCMOverUSB {
		adev, err := h.roots.USBSerial(m.Audio.USBPath)
		if err != nil {
			return fmt.Errorf("audio: %w", err)
		}
		ap, err := hal.OpenSerial(hal.SerialConfig{Device: adev})
		if err != nil {
			return fmt.Errorf("audio: %w", err)
		}
		pcm, err := hal.NewSerialPCM(ap, nil)
		if err != nil {
			ap.Close()
			return fmt.Errorf("audio: %w", err)
		}
		audio = pcm
	} else {
		var err error
		if audio, err = h.highway(m); err != nil {
			return err
		}
	}
	port, err := hal.OpenSerial(hal.SerialConfig{Device: dev})
	if err != nil {
		audio.Close()
		return err
	}
	lines := &hal.ModemLines{}
	if p := h.optionalPin(log, "power key", m.PowerKey, "recovery cannot power-cycle the modem"); p != nil {
		lines.PowerKey = p
	}
	if p := h.optionalPin(log, "reset", m.Reset, "recovery cannot reset the modem"); p != nil {
		lines.Reset = p
	}
	if p := h.optionalPin(log, "status", m.Status, "the modem's power state is not read"); p != nil {
		lines.Status = p
	}
	g, err := startModem(ctx, port, lines, m, number, audio, gsmOpts(m, pin, log), run)
	if err != nil {
		port.Close()
		audio.Close()
		return fmt.Errorf("%s on %s: %w", m.Chip, dev, err)
	}
	log.Info("hardware: modem on", "port", dev)
	h.onClose(func() { port.Close(); audio.Close() })
	into.gsm = append(into.gsm, g)
	return nil
}
