package gsm

import "strings"

// Dialect is a modem family whose AT commands differ from the others'.
type Dialect int

// Dialects.
const (
	DialectGeneric Dialect = iota // 27.007/27.005 only
	SIM800                        // SIMCom SIM800/SIM800L/SIM800C (2G)
	SIM7600                       // SIMCom SIM7600 (LTE)
	EC25                          // Quectel EC25 and EG25 (LTE)
)

func (d Dialect) String() string {
	switch d {
	case SIM800:
		return "SIM800"
	case SIM7600:
		return "SIM7600"
	case EC25:
		return "EC25"
	}
	return "generic"
}

// detectDialect recognises the family from the text of ATI and AT+CGMM.
func detectDialect(text string) Dialect {
	t := strings.ToUpper(text)
	switch {
	case strings.Contains(t, "SIM800"):
		return SIM800
	case strings.Contains(t, "SIM7600"), strings.Contains(t, "SIM7500"):
		return SIM7600
	case strings.Contains(t, "EC25"), strings.Contains(t, "EG25"), strings.Contains(t, "EC21"):
		return EC25
	}
	return DialectGeneric
}

// iccidCommand is the command that reads the SIM's ICCID: SIM800 AT+CCID
// (bare digits), SIM7600 AT+CICCID (+ICCID:), Quectel AT+QCCID (+QCCID:).
func (d Dialect) iccidCommand() string {
	switch d {
	case SIM7600:
		return "AT+CICCID"
	case EC25:
		return "AT+QCCID"
	}
	return "AT+CCID"
}

// lte reports whether the family registers on LTE, so +CEREG (27.007
// 10.1.22) is reported besides +CREG.
func (d Dialect) lte() bool { return d == SIM7600 || d == EC25 }

// dtmfDetect is the command that turns on DTMF detection reports in the
// downlink audio: SIM800 AT+DDET=1 (+DTMF: <key>), Quectel AT+QTONEDET=1
// (+QTONEDET: <ASCII code>); "" where the family has none we use.
func (d Dialect) dtmfDetect() string {
	switch d {
	case SIM800:
		return "AT+DDET=1"
	case EC25:
		return "AT+QTONEDET=1"
	}
	return ""
}

// hangupCommand ends calls: ATH (V.250 6.3.6) on SIM800, AT+CHUP (27.007
// 6.5) on the LTE families, where ATH may leave a held call.
func (d Dialect) hangupCommand() string {
	if d.lte() {
		return "AT+CHUP"
	}
	return "ATH"
}
