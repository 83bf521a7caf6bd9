package gsm

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warthog618/sms"
	"github.com/warthog618/sms/encoding/pdumode"
	"github.com/warthog618/sms/encoding/tpdu"
)

// SMS is a received short message, its parts joined.
type SMS struct {
	From    string    // originating address; "+" and digits when international
	Text    string    // the text, UTF-8
	Time    time.Time // service centre time stamp of the first part (TP-SCTS)
	Parts   int       // how many parts the message has (1 if not concatenated)
	Missing []int     // part numbers (from 1) that never arrived; nil if complete
}

// DeliveryReport is an SMS-STATUS-REPORT (3GPP TS 23.040 9.2.2.3).
type DeliveryReport struct {
	MR        int       // TP-MR of the SMS-SUBMIT it reports on
	To        string    // TP-RA, the recipient
	Status    int       // TP-ST (23.040 9.2.3.15)
	Delivered bool      // TP-ST says the message reached the recipient (0x00-0x1F)
	Time      time.Time // TP-DT, when the status was reached
}

// decodePDU decodes a PDU as the modem shows it in +CMGR, +CMGL, +CMT and
// +CDS: hex of the SMSC address (27.005 3.1 <pdu>) and the TPDU of a
// mobile-terminated message (SMS-DELIVER or SMS-STATUS-REPORT).
func decodePDU(h string) (*tpdu.TPDU, error) {
	b, err := hex.DecodeString(strings.TrimSpace(h))
	if err != nil {
		return nil, fmt.Errorf("gsm: PDU is not hex: %w", ErrMalformed)
	}
	p, err := pdumode.UnmarshalBinary(b)
	if err != nil {
		return nil, fmt.Errorf("gsm: PDU SMSC address: %v: %w", err, ErrMalformed)
	}
	t, err := sms.Unmarshal(p.TPDU, sms.AsMT)
	if err != nil {
		return nil, fmt.Errorf("gsm: TPDU: %v: %w", err, ErrMalformed)
	}
	return t, nil
}

// concat returns the concatenation information of a TPDU (IEI 0x00 or
// 0x08, 23.040 9.2.3.24.1 and .8); a message without one, or with an
// inconsistent one, is a single part.
func concat(t *tpdu.TPDU) (ref, total, seq int) {
	total, seq, ref, ok := t.UDH.ConcatInfo()
	if !ok || total < 1 || seq < 1 || seq > total {
		return 0, 1, 1
	}
	return ref, total, seq
}

// partsText decodes the user data of parts given in order; a nil entry is
// a missing part and its neighbours are decoded on their own.
func partsText(parts []*tpdu.TPDU) string {
	var sb strings.Builder
	var run []*tpdu.TPDU
	flush := func() {
		if len(run) == 0 {
			return
		}
		if b, err := sms.Decode(run); err == nil {
			sb.Write(b)
		} else {
			for _, t := range run {
				if b, err := sms.Decode([]*tpdu.TPDU{t}); err == nil {
					sb.Write(b)
				} else {
					sb.WriteRune(utf8.RuneError)
				}
			}
		}
		run = run[:0]
	}
	for _, t := range parts {
		if t == nil {
			flush()
			continue
		}
		run = append(run, t)
	}
	flush()
	return sb.String()
}

// address returns an SMS address for number: international (TON 1, ISDN)
// with a leading "+", otherwise unknown type (TON 0), as 23.040 9.1.2.5.
func address(number string) (tpdu.Address, error) {
	digits := strings.TrimPrefix(number, "+")
	if digits == "" || len(digits) > 20 || strings.Trim(digits, "0123456789*#") != "" {
		return tpdu.Address{}, fmt.Errorf("gsm: SMS to %q: use digits with an optional leading +", number)
	}
	a := tpdu.Address{TOA: 0x81, Addr: digits}
	if strings.HasPrefix(number, "+") {
		a.TOA = 0x91
	}
	return a, nil
}

// encodeSubmit encodes text to number as SMS-SUBMIT TPDUs: GSM-7 with its
// extension table when every character has a code there, otherwise UCS-2
// (23.038 6.2); more than one part carries a concatenation header with a
// reference from enc (23.040 9.2.3.24.1). Each PDU starts with a zero
// SMSC length, so the modem uses its stored SMSC (27.005 3.1 <pdu>).
func encodeSubmit(enc *sms.Encoder, number, text string, srr bool) ([][]byte, error) {
	if text == "" {
		return nil, fmt.Errorf("gsm: SMS to %q: empty text", number)
	}
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("gsm: SMS to %q: the text is not valid UTF-8", number)
	}
	da, err := address(number)
	if err != nil {
		return nil, err
	}
	opts := []sms.EncoderOption{sms.WithTemplateOption(tpdu.WithDA(da))}
	tpdus, err := enc.Encode([]byte(text), opts...)
	if err != nil {
		return nil, fmt.Errorf("gsm: SMS to %q: %v", number, err)
	}
	if len(tpdus) > 255 {
		return nil, fmt.Errorf("gsm: SMS to %q: text too long (%d parts, at most 255)", number, len(tpdus))
	}
	out := make([][]byte, len(tpdus))
	for i := range tpdus {
		if srr {
			tpdus[i].FirstOctet |= tpdu.FoSRR
		}
		b, err := tpdus[i].MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("gsm: SMS to %q: part %d: %v", number, i+1, err)
		}
		out[i] = append([]byte{0}, b...)
	}
	return out, nil
}

// statusReport converts an SMS-STATUS-REPORT.
func statusReport(t *tpdu.TPDU) DeliveryReport {
	return DeliveryReport{
		MR:        int(t.MR),
		To:        t.RA.Number(),
		Status:    int(t.ST),
		Delivered: t.ST < 0x20,
		Time:      t.DT.Time,
	}
}
