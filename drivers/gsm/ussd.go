package gsm

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/warthog618/sms/encoding/gsm7"
)

// USSD sends a USSD string such as "*100#" (AT+CUSD=1,<str>,15, 27.007
// 7.15) and returns the network's reply as text. One USSD at a time.
func (d *Dev) USSD(ctx context.Context, code string) (string, error) {
	if code == "" || len(code) > 160 || strings.ContainsAny(code, "\"\r\n") {
		return "", fmt.Errorf("gsm: USSD %q: use digits, * and #", code)
	}
	if !d.isUp() {
		return "", ErrModemDown
	}
	wait := make(chan unsolicited, 1)
	d.mu.Lock()
	if d.ussdWait != nil {
		d.mu.Unlock()
		return "", errors.New("gsm: a USSD request is already waiting for its reply; try again when it ended")
	}
	d.ussdWait = wait
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.ussdWait = nil
		d.mu.Unlock()
	}()
	// No prefix: the +CUSD reply is unsolicited even if it comes before OK.
	cmd := command{line: fmt.Sprintf(`AT+CUSD=1,"%s",15`, code)}
	if _, err := d.eng.exec(ctx, cmd, nil, d.o.CommandTimeout); err != nil {
		return "", err
	}
	t := time.NewTimer(d.o.USSDTimeout)
	defer t.Stop()
	select {
	case u := <-wait:
		return d.ussdReply(code, u.Line)
	case <-t.C:
	case <-ctx.Done():
	}
	_, _ = d.at(context.WithoutCancel(ctx), "AT+CUSD=2") // end the session
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	return "", fmt.Errorf("gsm: USSD %s: no reply from the network: %w", code, ErrTimeout)
}

// ussdReply decodes "+CUSD: <m>[,<str>,<dcs>]" (27.007 7.15).
func (d *Dev) ussdReply(code, line string) (string, error) {
	p := params(line)
	m, ok := atoi(param(p, 0))
	if !ok {
		return "", fmt.Errorf("gsm: USSD %s: %q: %w", code, line, ErrMalformed)
	}
	str := param(p, 1)
	if len(p) >= 2 {
		// Keep the text exactly as sent between the quotes (commas and all).
		if i, j := strings.IndexByte(line, '"'), strings.LastIndexByte(line, '"'); i >= 0 && j > i {
			str = line[i+1 : j]
		}
	}
	dcs := paramInt(p, len(p)-1, 15)
	if len(p) < 3 {
		dcs = 15
	}
	switch m {
	case 0, 1, 2:
		if len(p) < 2 {
			if m == 2 {
				return "", fmt.Errorf("gsm: USSD %s: the network ended the session without a reply", code)
			}
			return "", nil
		}
		return DecodeUSSD(str, dcs, d.o.USSDPackedHex)
	case 4:
		return "", fmt.Errorf("gsm: USSD %s: the network does not support this request", code)
	case 5:
		return "", fmt.Errorf("gsm: USSD %s: the network timed out: %w", code, ErrTimeout)
	}
	return "", fmt.Errorf("gsm: USSD %s: failed (<m>=%d)", code, m)
}

// onCUSD hands a +CUSD to the waiting USSD call, or reports it.
func (d *Dev) onCUSD(u unsolicited) {
	d.mu.Lock()
	w := d.ussdWait
	d.mu.Unlock()
	if w != nil {
		select {
		case w <- u:
		default:
		}
		return
	}
	text, err := d.ussdReply("(network)", u.Line)
	if err == nil && text != "" {
		d.emit(Event{Kind: EventUSSD, Text: text})
	}
}

// DecodeUSSD decodes the <str> of +CUSD by its <dcs> (3GPP TS 23.038 5,
// CBS data coding scheme): UCS-2 (0x48 and the 0100xx10 group, or 0x11
// with a language prefix) arrives as hex of UTF-16BE; GSM-7 arrives as
// text in the GSM alphabet (AT+CSCS="GSM") or, when packedHex, as hex of
// the packed septets (23.038 6.1.2.3); 8-bit data as hex.
func DecodeUSSD(str string, dcs int, packedHex bool) (string, error) {
	switch ussdAlphabet(dcs) {
	case 2:
		b, err := hex.DecodeString(str)
		if err != nil || len(b)%2 != 0 {
			return "", fmt.Errorf("gsm: USSD UCS-2 reply is not hex of 16-bit characters: %w", ErrMalformed)
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		if dcs == 0x11 && len(u) >= 2 { // language in the first two characters (23.038 5)
			u = u[2:]
		}
		return string(utf16.Decode(u)), nil
	case 1:
		b, err := hex.DecodeString(str)
		if err != nil {
			return str, nil
		}
		return string(b), nil
	}
	if packedHex {
		b, err := hex.DecodeString(str)
		if err != nil {
			return "", fmt.Errorf("gsm: USSD GSM-7 reply is not hex: %w", ErrMalformed)
		}
		txt, err := gsm7.Decode(gsm7.Unpack7BitUSSD(b, 0))
		if err != nil {
			return "", fmt.Errorf("gsm: USSD GSM-7 reply: %v: %w", err, ErrMalformed)
		}
		return string(txt), nil
	}
	if txt, err := gsm7.Decode([]byte(str)); err == nil {
		return string(txt), nil
	}
	return str, nil
}

// ussdAlphabet returns 0 for GSM-7, 1 for 8-bit, 2 for UCS-2 (23.038 5).
func ussdAlphabet(dcs int) int {
	switch {
	case dcs == 0x11:
		return 2
	case dcs&0xf0 == 0x40 || dcs&0xf0 == 0x50 || dcs&0xf0 == 0x60 || dcs&0xf0 == 0x70: // 01xx general data coding
		switch (dcs >> 2) & 3 {
		case 1:
			return 1
		case 2:
			return 2
		}
	case dcs&0xf0 == 0x90: // 1001 message with UDH
		switch (dcs >> 2) & 3 {
		case 1:
			return 1
		case 2:
			return 2
		}
	case dcs&0xf0 == 0xf0: // 1111 data coding/message handling
		if dcs&0x04 != 0 {
			return 1
		}
	}
	return 0
}
