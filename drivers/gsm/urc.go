package gsm

import (
	"strconv"
	"strings"
)

// onURC handles one unsolicited result code; it runs on the engine's URC
// goroutine, one at a time, in the order the modem sent them.
func (d *Dev) onURC(u unsolicited) {
	switch u.Name {
	case "RING":
		d.onRing()
	case "+CRING": // 27.007 6.11: +CRING: VOICE
		d.onRing()
	case "+CLIP":
		d.onCLIP(u.Line)
	case "NO CARRIER":
		d.onCallEnd(ErrNoCarrier)
	case "VOICE CALL": // SIM7600: VOICE CALL: BEGIN, VOICE CALL: END: <HHMMSS>
		d.onVoiceCall(u.Line)
	case "MISSED_CALL": // SIM7600: the caller gave up before the answer
		d.onCallEnd(ErrNoCarrier)
	case "BUSY":
		d.onCallEnd(ErrBusy)
	case "NO ANSWER":
		d.onCallEnd(ErrNoAnswer)
	case "+CMTI": // 27.005 3.4.1: +CMTI: <mem>,<index>
		d.kickRecv()
	case "+CMT": // 27.005 3.4.1: routed directly, not stored
		d.onDirectSMS(u.Body)
	case "+CDS": // 27.005 3.4.1: +CDS: <length><CR><LF><pdu>
		d.onStatusReport(u.Body)
	case "+CDSI":
		d.kickRecv()
	case "+CUSD":
		d.onCUSD(u)
	case "+CREG", "+CEREG", "+CGREG":
		if r, err := parseReg(u.Line, false); err == nil {
			if u.Name == "+CREG" || r.Stat.Registered() {
				d.mu.Lock()
				d.info.Reg = r
				d.mu.Unlock()
			}
			d.emit(Event{Kind: EventRegistration, Reg: r})
		}
	case "+CPIN":
		d.emit(Event{Kind: EventSIM, Text: strings.TrimSpace(strings.TrimPrefix(u.Line, "+CPIN:"))})
	case "+DTMF", "+RXDTMF": // SIM800 AT+DDET: +DTMF: <key>
		k := strings.TrimSpace(u.Line[strings.IndexByte(u.Line, ':')+1:])
		if len(k) == 1 {
			d.emit(Event{Kind: EventDTMF, Digit: k[0]})
		}
	case "+QTONEDET": // Quectel: +QTONEDET: <ASCII code of the key>
		if n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(u.Line, "+QTONEDET:"))); err == nil && n > 0 && n < 128 {
			d.emit(Event{Kind: EventDTMF, Digit: byte(n)})
		}
	case "RDY", "Call Ready", "SMS Ready", "PB DONE", "SMS DONE":
		d.emit(Event{Kind: EventBoot, Text: u.Line})
		d.mu.Lock()
		ours := d.expectBoot && u.Name == "RDY"
		if ours {
			d.expectBoot = false
		}
		d.mu.Unlock()
		if u.Name == "RDY" && !ours {
			poke(d.bootKick)
		}
		if u.Name == "SMS Ready" || u.Name == "SMS DONE" {
			d.kickRecv()
		}
	case "+QIND":
		if strings.Contains(u.Line, "SMS DONE") {
			d.kickRecv()
		}
		if strings.Contains(strings.ToLower(u.Line), "smsfull") {
			d.kickRecv()
		}
	case "+CIEV":
		if strings.Contains(strings.ToUpper(u.Line), "SMSFULL") {
			d.kickRecv()
		}
	default:
		d.log.Debug("gsm: unsolicited", "line", u.Line)
	}
}
