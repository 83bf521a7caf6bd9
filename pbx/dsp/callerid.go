package dsp

import (
	"errors"
	"fmt"
)

// Caller ID messages (Telcordia GR-30-CORE SDMF/MDMF; ETSI EN 300 659-3
// presentation layer). A frame is: message type, length n, n bytes of
// payload, and a checksum byte that makes the sum of the whole frame zero
// modulo 256.
//
// The message waiting indicator message (EN 300 659-3 type 0x82; the MDMF
// VMWI of Telcordia GR-30-CORE and GR-1401 uses the same type) carries its
// parameters as MDMF does, with the visual indicator among them: 0xFF turns
// the phone's lamp on, 0x00 off.

// Message types.
const (
	cidSDMF = 0x04 // single data message format: time, number
	cidMDMF = 0x80 // multiple data message format: call setup parameters
	cidMWI  = 0x82 // message waiting indicator
)

// MDMF parameter types.
const (
	cidParamTime     = 0x01 // date and time, MMDDHHMM
	cidParamNumber   = 0x02 // calling line identity
	cidParamNoNumber = 0x04 // reason for absence of the number
	cidParamName     = 0x07 // calling party name
	cidParamNoName   = 0x08 // reason for absence of the name
	cidParamCallType = 0x11 // call type (ETSI)
	cidParamVisualMW = 0x0b // visual indicator of a message waiting message
	cidVisualOn      = 0xff // visual indicator: lamp on
	cidVisualOff     = 0x00 // visual indicator: lamp off
	cidMaxParamLen   = 20   // longest number or name sent, octets
	cidTimeLen       = 8    // MMDDHHMM
	cidAbsentPrivate = 'P'  // withheld by the caller
	cidAbsentUnavail = 'O'  // out of area, unavailable
)

// Caller ID errors.
var (
	ErrCallerIDChecksum = errors.New("dsp: caller id: bad checksum")
	ErrCallerIDShort    = errors.New("dsp: caller id: frame too short")
)

// CallerID is the content of a caller ID message. Time is the date and time
// as eight ASCII digits MMDDHHMM (month, day, hour, minute) or empty. A
// number or name that is withheld has an absence reason instead: 'P'
// (private, withheld by the caller) or 'O' (out of area, unavailable).
// CallType is the ETSI call type (1 voice, 0x81 message waiting; 0: none).
// MessageWaiting is the visual indicator of a message waiting message, and
// MWINone in a call setup message.
type CallerID struct {
	Time           string
	Number         string
	NumberAbsent   byte
	Name           string
	NameAbsent     byte
	CallType       byte
	MessageWaiting MWI
}

// MWI is the visual indicator of a message waiting message.
type MWI byte

// Visual indicator states.
const (
	MWINone MWI = iota // not a message waiting message
	MWIOn              // messages wait: the lamp goes on
	MWIOff             // no messages wait: the lamp goes off
)

func (c *CallerID) check() error {
	if c.Time != "" {
		if len(c.Time) != cidTimeLen {
			return fmt.Errorf("dsp: caller id: time %q: want 8 digits MMDDHHMM", c.Time)
		}
		for i := 0; i < len(c.Time); i++ {
			if c.Time[i] < '0' || c.Time[i] > '9' {
				return fmt.Errorf("dsp: caller id: time %q: want 8 digits MMDDHHMM", c.Time)
			}
		}
	}
	if len(c.Number) > cidMaxParamLen || len(c.Name) > cidMaxParamLen {
		return fmt.Errorf("dsp: caller id: number or name longer than %d characters", cidMaxParamLen)
	}
	for _, r := range []byte{c.NumberAbsent, c.NameAbsent} {
		if r != 0 && r != cidAbsentPrivate && r != cidAbsentUnavail {
			return fmt.Errorf("dsp: caller id: absence reason %q: use 'P' (private) or 'O' (unavailable)", r)
		}
	}
	if c.Number != "" && c.NumberAbsent != 0 {
		return errors.New("dsp: caller id: both a number and a reason for its absence")
	}
	return nil
}

// AppendMDMF appends c as an MDMF call setup frame to dst: only the fields
// that are set, in the order time, number (or its absence), name (or its
// absence), call type. MessageWaiting must be MWINone.
func (c *CallerID) AppendMDMF(dst []byte) ([]byte, error) {
	if c.MessageWaiting != MWINone {
		return dst, errors.New("dsp: caller id: a message waiting indication is no call setup message; use AppendMWI")
	}
	return c.appendParams(dst, cidMDMF)
}

// AppendMWI appends c as a message waiting indicator frame (type 0x82) to
// dst: the visual indicator (MessageWaiting, MWIOn or MWIOff), then the
// fields that are set as in AppendMDMF. The phone's lamp needs only the
// indicator: CallerID{MessageWaiting: MWIOn}.
func (c *CallerID) AppendMWI(dst []byte) ([]byte, error) {
	if c.MessageWaiting != MWIOn && c.MessageWaiting != MWIOff {
		return dst, fmt.Errorf("dsp: caller id: message waiting indicator %d; set MessageWaiting to MWIOn or MWIOff", c.MessageWaiting)
	}
	return c.appendParams(dst, cidMWI)
}

// appendParams appends a frame of type typ carrying c's fields as MDMF
// parameters.
func (c *CallerID) appendParams(dst []byte, typ byte) ([]byte, error) {
	if err := c.check(); err != nil {
		return dst, err
	}
	start := len(dst)
	dst = append(dst, typ, 0)
	switch c.MessageWaiting {
	case MWIOn:
		dst = append(dst, cidParamVisualMW, 1, cidVisualOn)
	case MWIOff:
		dst = append(dst, cidParamVisualMW, 1, cidVisualOff)
	}
	param := func(typ byte, val string) {
		dst = append(dst, typ, byte(len(val)))
		dst = append(dst, val...)
	}
	if c.Time != "" {
		param(cidParamTime, c.Time)
	}
	if c.Number != "" {
		param(cidParamNumber, c.Number)
	} else if c.NumberAbsent != 0 {
		dst = append(dst, cidParamNoNumber, 1, c.NumberAbsent)
	}
	if c.Name != "" {
		param(cidParamName, c.Name)
	} else if c.NameAbsent != 0 {
		dst = append(dst, cidParamNoName, 1, c.NameAbsent)
	}
	if c.CallType != 0 {
		dst = append(dst, cidParamCallType, 1, c.CallType)
	}
	dst[start+1] = byte(len(dst) - start - 2)
	return appendChecksum(dst, start), nil
}

// AppendSDMF appends c as an SDMF frame to dst: time (required) and the
// number or its absence reason; SDMF has no name.
func (c *CallerID) AppendSDMF(dst []byte) ([]byte, error) {
	if err := c.check(); err != nil {
		return dst, err
	}
	if c.MessageWaiting != MWINone {
		return dst, errors.New("dsp: caller id: SDMF has no message waiting indicator; use AppendMWI")
	}
	if c.Time == "" {
		return dst, errors.New("dsp: caller id: SDMF needs the time; set Time or use MDMF")
	}
	start := len(dst)
	dst = append(dst, cidSDMF, 0)
	dst = append(dst, c.Time...)
	if c.Number != "" {
		dst = append(dst, c.Number...)
	} else if c.NumberAbsent != 0 {
		dst = append(dst, c.NumberAbsent)
	}
	dst[start+1] = byte(len(dst) - start - 2)
	return appendChecksum(dst, start), nil
}

func appendChecksum(dst []byte, start int) []byte {
	var sum byte
	for _, b := range dst[start:] {
		sum += b
	}
	return append(dst, -sum)
}

// ParseCallerID decodes one SDMF, MDMF or message waiting indicator frame
// (type, length, payload, checksum). It returns ErrCallerIDChecksum if the
// checksum does not match, and skips MDMF parameters it does not know. A
// message waiting indicator frame must carry the visual indicator.
func ParseCallerID(frame []byte) (CallerID, error) {
	var c CallerID
	if len(frame) < 3 {
		return c, ErrCallerIDShort
	}
	n := int(frame[1])
	if len(frame) < n+3 {
		return c, ErrCallerIDShort
	}
	frame = frame[:n+3]
	var sum byte
	for _, b := range frame {
		sum += b
	}
	if sum != 0 {
		return c, ErrCallerIDChecksum
	}
	payload := frame[2 : 2+n]
	switch frame[0] {
	case cidSDMF:
		if len(payload) < cidTimeLen {
			return c, fmt.Errorf("dsp: caller id: SDMF payload of %d bytes; want at least the 8-digit time", len(payload))
		}
		c.Time = string(payload[:cidTimeLen])
		rest := payload[cidTimeLen:]
		if len(rest) == 1 && (rest[0] == cidAbsentPrivate || rest[0] == cidAbsentUnavail) {
			c.NumberAbsent = rest[0]
		} else {
			c.Number = string(rest)
		}
	case cidMDMF, cidMWI:
		for len(payload) > 0 {
			if len(payload) < 2 || len(payload) < 2+int(payload[1]) {
				return c, fmt.Errorf("dsp: caller id: MDMF parameter %#02x overruns the message", payload[0])
			}
			typ, val := payload[0], payload[2:2+int(payload[1])]
			payload = payload[2+len(val):]
			switch typ {
			case cidParamTime:
				c.Time = string(val)
			case cidParamNumber:
				c.Number = string(val)
			case cidParamName:
				c.Name = string(val)
			case cidParamVisualMW:
				if frame[0] != cidMWI {
					continue // meaningless in a call setup message
				}
				if len(val) != 1 || val[0] != cidVisualOn && val[0] != cidVisualOff {
					return c, fmt.Errorf("dsp: caller id: visual indicator % x; want 0xff (on) or 0x00 (off)", val)
				}
				c.MessageWaiting = MWIOff
				if val[0] == cidVisualOn {
					c.MessageWaiting = MWIOn
				}
			case cidParamNoNumber, cidParamNoName, cidParamCallType:
				if len(val) != 1 {
					return c, fmt.Errorf("dsp: caller id: MDMF parameter %#02x has %d bytes; want 1", typ, len(val))
				}
				switch typ {
				case cidParamNoNumber:
					c.NumberAbsent = val[0]
				case cidParamNoName:
					c.NameAbsent = val[0]
				default:
					c.CallType = val[0]
				}
			}
		}
	default:
		return c, fmt.Errorf("dsp: caller id: message type %#02x is neither SDMF (0x04), MDMF (0x80) nor message waiting (0x82)", frame[0])
	}
	if frame[0] == cidMWI && c.MessageWaiting == MWINone {
		return c, errors.New("dsp: caller id: message waiting message without its visual indicator (parameter 0x0b)")
	}
	return c, nil
}
