package sim

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/warthog618/sms/encoding/gsm7"
)

// SetUSSD sets how the network answers USSD: reply returns the text and
// false to end the session (true: further action required). nil: the
// network does not support USSD.
func (m *Modem) SetUSSD(reply func(code string) (text string, more bool)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ussd = reply
}

// cusd handles +CUSD=<n>[,<str>[,<dcs>]] (27.007 7.15): OK at once, the
// network's answer as +CUSD: <m>,<str>,<dcs> afterwards. Text that fits
// the GSM 7-bit default alphabet goes with <dcs> 15 (as text, or hex of
// packed septets with USSDPackedHex), other text as UCS-2 hex with <dcs>
// 72 (3GPP TS 23.038 5).
func (m *Modem) cusd(op, args string) (string, func()) {
	if op != "=" {
		return ok("+CUSD: 0"), nil
	}
	p := strings.SplitN(args, ",", 3)
	if p[0] == "2" || len(p) < 2 {
		return ok(), nil
	}
	if !m.pinOK {
		return m.cme(11), nil
	}
	if st := m.stat(); st != 1 && st != 5 {
		return m.cme(30), nil
	}
	code := strings.Trim(p[1], `"`)
	reply, packed := m.ussd, m.o.USSDPackedHex
	return ok(), m.later(func() {
		if reply == nil {
			m.urc("+CUSD: 4")
			return
		}
		text, more := reply(code)
		mode := 0
		if more {
			mode = 1
		}
		str, dcs := encodeUSSD(text, packed)
		m.urc(fmt.Sprintf(`+CUSD: %d,"%s",%d`, mode, str, dcs))
	})
}

// encodeUSSD returns <str>,<dcs> for +CUSD.
func encodeUSSD(text string, packed bool) (string, int) {
	if g, err := gsm7.Encode([]byte(text)); err == nil && !strings.Contains(text, `"`) {
		if packed {
			return strings.ToUpper(hex.EncodeToString(gsm7.Pack7BitUSSD(g, 0))), 15
		}
		return text, 15
	}
	u := utf16.Encode([]rune(text))
	b := make([]byte, 0, 2*len(u))
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return strings.ToUpper(hex.EncodeToString(b)), 72
}
