package sim

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/hookflash/firmware/hal"
)

// Voice over USB: a module with ModemOpts.USBAudio has a second serial
// stream, its USB audio interface, that carries the call audio as raw PCM
// (hal.SerialFrameBytes per 20 ms, signed 16-bit little-endian, 8 kHz mono;
// see hal/pcm_serial.go for where these facts come from) while the driver
// has turned it on and a call is active; otherwise the stream is silent
// and what the driver writes to it is dropped.
//
//   - EC25: AT+QPCMV=<enable>[,<port>]; port 0 is the USB NMEA interface,
//     the one emulated. Port 1 (UART) and 2 (UAC sound card) are accepted
//     but carry nothing here: UAC is not a serial stream.
//   - SIM7600: AT+CPCMREG=<n>, 1 on, 0 off.
//
// Both settings are lost in a restart.

// AudioPort returns the driver's end of the module's USB audio interface,
// or nil for a modem without ModemOpts.USBAudio. It stays open until the
// modem closes; wrap it with hal.NewSerialPCM.
func (m *Modem) AudioPort() io.ReadWriteCloser {
	if m.audio == nil {
		return nil
	}
	return m.audio
}

// USBAudioOn reports whether the driver turned voice over USB on (EC25
// AT+QPCMV=1,0, SIM7600 AT+CPCMREG=1), for tests.
func (m *Modem) USBAudioOn() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st.pcmSerial
}

// qpcmv handles the EC25's AT+QPCMV=<enable>[,<port>].
func (m *Modem) qpcmv(op, args string) (string, func()) {
	if m.o.Dialect != ModemEC25 {
		return errorReply, nil
	}
	switch op {
	case "?":
		return ok(fmt.Sprintf("+QPCMV: %d,%d", m.st.qpcmv[0], m.st.qpcmv[1])), nil
	case "=?":
		return ok("+QPCMV: (0,1),(0-2)"), nil
	case "=":
		p := strings.Split(args, ",")
		en, err := strconv.Atoi(p[0])
		if err != nil || en < 0 || en > 1 || len(p) > 2 {
			return m.cme(4), nil
		}
		port := 0
		if len(p) == 2 {
			if port, err = strconv.Atoi(p[1]); err != nil || port < 0 || port > 2 {
				return m.cme(4), nil
			}
		}
		m.st.qpcmv = [2]int{en, port}
		m.st.pcmSerial = en == 1 && port == 0
		return ok(), nil
	}
	return errorReply, nil
}

// cpcmreg handles the SIM7600's AT+CPCMREG=<n>.
func (m *Modem) cpcmreg(op, args string) (string, func()) {
	if m.o.Dialect != ModemSIM7600 {
		return errorReply, nil
	}
	switch op {
	case "?":
		return ok(fmt.Sprintf("+CPCMREG: %d", b2i(m.st.pcmSerial))), nil
	case "=?":
		return ok("+CPCMREG: (0,1)"), nil
	case "=":
		n, err := strconv.Atoi(strings.SplitN(args, ",", 2)[0])
		if err != nil || n < 0 || n > 1 {
			return m.cme(4), nil
		}
		m.st.pcmSerial = n == 1
		return ok(), nil
	}
	return errorReply, nil
}

// usbAudioActive reports whether call audio flows on the audio interface
// now: voice over USB on, a call active, the modem up and answering.
func (m *Modem) usbAudioActive() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.st.pcmSerial || !m.on || m.booting || m.hung != 0 {
		return false
	}
	for _, c := range m.calls {
		if c.stat == 0 {
			return true
		}
	}
	return false
}

// pumpUSBAudio connects the audio interface to line, the module's side of
// the call audio (a PCMLink's box end, paced by the world's clock): every
// frame the far end says goes out on the interface while audio is active,
// and every whole frame the driver writes goes to the far end. It returns
// at once for a modem without USBAudio; its goroutines end when line or
// the modem closes.
func (m *Modem) pumpUSBAudio(line hal.PCMStream) {
	if m.audio == nil {
		return
	}
	m.wg.Add(2)
	go func() {
		defer m.wg.Done()
		var f hal.Frame
		for {
			if err := line.ReadFrame(&f); err != nil {
				return
			}
			if m.usbAudioActive() {
				b := make([]byte, 0, hal.SerialFrameBytes)
				for _, v := range f {
					b = append(b, byte(v), byte(uint16(v)>>8))
				}
				m.audio.trySend(b)
			}
		}
	}()
	go func() {
		defer m.wg.Done()
		var acc []byte
		for {
			select {
			case <-m.done:
				return
			case <-m.audio.closed:
				return
			case b := <-m.audio.tx:
				if !m.usbAudioActive() {
					acc = acc[:0]
					continue
				}
				acc = append(acc, b...)
				for len(acc) >= hal.SerialFrameBytes {
					var f hal.Frame
					for i := range f {
						f[i] = int16(uint16(acc[2*i]) | uint16(acc[2*i+1])<<8)
					}
					acc = acc[hal.SerialFrameBytes:]
					if err := line.WriteFrame(&f); err != nil {
						return
					}
				}
			}
		}
	}()
}
