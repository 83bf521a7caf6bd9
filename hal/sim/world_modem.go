package sim

import (
	"fmt"
	"io"

	"github.com/hookflash/firmware/hal"
)

// worldGSM is a GSM module: a modem with its SIM and network, its audio.
type worldGSM struct {
	modem *Modem
	link  *PCMLink
	// usbPCM is the box side of a pcm=usb module's audio: a hal.SerialPCM on
	// the modem's audio interface, the modem pumping link's box end into it.
	usbPCM *hal.SerialPCM
	// opened is true once ModemPort handed the current stream out.
	opened bool
}

func (w *World) addGSM(m hal.Module, n int) error {
	var d ModemDialect
	switch m.Chip {
	case "sim800":
		d = ModemSIM800
	case "ec25", "eg25":
		d = ModemEC25
	case "sim7600":
		d = ModemSIM7600
	default:
		return fmt.Errorf("GSM chip %q is not emulated (emulated: sim800, sim7600, ec25, eg25)", m.Chip)
	}
	imei := m.Serial.IMEI
	if imei == "" {
		imei = withLuhn(fmt.Sprintf("86123456%06d", n))
	}
	o := ModemOpts{
		Dialect: d,
		IMEI:    imei,
		IMSI:    fmt.Sprintf("2500212345%05d", n),
		ICCID:   withLuhn(fmt.Sprintf("897010212345%06d", n)),
		// A pcm=usb module's audio comes over its USB audio interface.
		USBAudio: m.PCMOverUSB,
	}
	g := &worldGSM{modem: NewModem(o), link: NewPCMLink(w.clock)}
	w.gsm[m.Slot] = g
	if m.PCMOverUSB {
		g.modem.pumpUSBAudio(g.link.Box())
		pcm, err := hal.NewSerialPCM(g.modem.AudioPort(), &hal.SerialPCMOpts{Clock: w.clock})
		if err != nil {
			return err
		}
		g.usbPCM = pcm
	}
	return nil
}

// withLuhn appends the Luhn check digit to the digits s, as an IMEI (3GPP
// TS 23.003 6.2.1) and an ICCID (ITU-T E.118) end.
func withLuhn(s string) string {
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return s + string(rune('0'+(10-sum%10)%10))
}

// ModemPort opens the serial port of GSM module m: the stream the driver
// talks AT over, and the module's PWRKEY and RESET_N lines. The first call
// gives the modem's stream; a later call, or one after the modem dropped
// off the bus, opens it anew (the old stream then reads EOF), as opening
// the serial device again does after a driver restart or a USB
// re-enumeration.
func (w *World) ModemPort(m hal.Module) (io.ReadWriteCloser, *ModemLines, error) {
	if m.Kind != hal.KindGSM {
		return nil, nil, fmt.Errorf("sim: world: %s is a %s module; it has no modem", m.Slot, m.Kind)
	}
	g := w.gsm[m.Slot]
	if g == nil {
		return nil, nil, w.unknown(m)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil, nil, fmt.Errorf("sim: world: %s: %w", m.Slot, ErrModemPortClosed)
	}
	var port io.ReadWriteCloser
	if !g.opened && !g.modem.portClosed() {
		port = g.modem.Port()
	} else {
		port = g.modem.Reopen()
	}
	g.opened = true
	return port, g.modem.Lines(), nil
}

// box returns what the driver of the module reads and writes its call audio
// through: for a pcm=usb module the hal.SerialPCM over the modem's USB
// audio interface (so the audio only flows once the driver turned voice over
// USB on, as on a real module), otherwise the PCM link.
func (g *worldGSM) box() hal.PCMStream {
	if g.usbPCM != nil {
		return g.usbPCM
	}
	return g.link.Box()
}

// Modem returns the modem of GSM slot, through which the network acts
// (calls, SMS, USSD, signal, faults), and the network side of its call
// audio: ReadFrame gives what the box sends to the far end, WriteFrame what
// the far end says. It reports false for a slot the board does not have.
func (w *World) Modem(slot string) (*Modem, hal.PCMStream, bool) {
	g, ok := w.gsm[slot]
	if !ok {
		return nil, nil, false
	}
	return g.modem, g.link.World(), true
}

// portClosed reports whether the current stream is closed (by the driver,
// or by DropOffBus).
func (m *Modem) portClosed() bool {
	m.mu.Lock()
	p := m.port
	m.mu.Unlock()
	select {
	case <-p.closed:
		return true
	default:
		return false
	}
}

// IMEI returns the IMEI the modem reports.
func (m *Modem) IMEI() string { return m.o.IMEI }

// RSSI returns the +CSQ <rssi> the modem reports now (0-31, 99 unknown).
func (m *Modem) RSSI() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.o.RSSI
}

// Registration returns the registration <stat> the network gives (27.007
// 7.2: 1 home, 5 roaming, 0 not registered, 2 searching, 3 denied); it is
// reported only while the SIM is unlocked.
func (m *Modem) Registration() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.regStat
}
