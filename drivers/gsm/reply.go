package gsm

import (
	"strconv"
	"strings"
)

// finalKind classifies a final result code (ITU-T V.250 5.7.1, 6.3.1;
// 3GPP TS 27.007 9.1; 27.005 3.2.5).
type finalKind int

const (
	notFinal finalKind = iota
	finalOK
	finalError
	finalCME
	finalCMS
	finalNoCarrier // V.250 6.3.1: also sent unsolicited when a call ends
	finalBusy
	finalNoAnswer
	finalNoDialtone
)

// classifyFinal reports which final result code line is, and for +CME/+CMS
// the text after the colon.
func classifyFinal(line string) (finalKind, string) {
	switch line {
	case "OK":
		return finalOK, ""
	case "ERROR":
		return finalError, ""
	case "NO CARRIER":
		return finalNoCarrier, ""
	case "BUSY":
		return finalBusy, ""
	case "NO ANSWER":
		return finalNoAnswer, ""
	case "NO DIALTONE", "NO DIAL TONE":
		return finalNoDialtone, ""
	}
	if arg, ok := strings.CutPrefix(line, "+CME ERROR:"); ok {
		return finalCME, strings.TrimSpace(arg)
	}
	if arg, ok := strings.CutPrefix(line, "+CMS ERROR:"); ok {
		return finalCMS, strings.TrimSpace(arg)
	}
	return notFinal, ""
}

// callFinal reports whether k is one of the call-progress results that end
// a dial command (V.250 6.3.1) but arrive unsolicited at other times.
func callFinal(k finalKind) bool {
	return k == finalNoCarrier || k == finalBusy || k == finalNoAnswer || k == finalNoDialtone
}

// urcWords are the unsolicited result codes that are a whole line.
var urcWords = map[string]bool{
	"RING":                     true, // 27.007 6.2 (V.250)
	"NO CARRIER":               true,
	"BUSY":                     true,
	"NO ANSWER":                true,
	"NO DIALTONE":              true,
	"RDY":                      true, // SIM800, EC25: boot finished
	"Call Ready":               true, // SIM800
	"SMS Ready":                true, // SIM800
	"PB DONE":                  true, // SIM7600
	"SMS DONE":                 true, // SIM7600
	"NORMAL POWER DOWN":        true, // SIM800
	"POWERED DOWN":             true, // EC25
	"UNDER-VOLTAGE POWER DOWN": true,
	"UNDER-VOLTAGE WARNNING":   true, // SIM800 spells it so
	"OVER-VOLTAGE POWER DOWN":  true,
	"OVER-VOLTAGE WARNNING":    true,
}

// urcPrefixes are the unsolicited result codes of the form "+NAME: ...".
var urcPrefixes = map[string]bool{
	"+CRING": true, "+CLIP": true, "+CCWA": true, // 27.007 6.11, 7.6, 7.12
	"+CMTI": true, "+CMT": true, "+CDS": true, "+CDSI": true, "+CBM": true, // 27.005 3.4.1
	"+CUSD": true,                                                  // 27.007 7.15
	"+CREG": true, "+CGREG": true, "+CEREG": true, "+C5GREG": true, // 27.007 7.2, 10.1.20, 10.1.22
	"+CPIN": true, "+CFUN": true, "+CIEV": true, "+CTZV": true, "+CTZE": true,
	"+DTMF": true, "+RXDTMF": true, // SIM800 AT+DDET, SIM7600
	"+QIND": true, "+QUSIM": true, "+QTONEDET": true, "+QSIMSTAT": true, // Quectel
	"*PSUTTZ": true, "DST": true, "+CPSI": true, "+SIMCARD": true, // SIMCom
	"VOICE CALL": true, "MISSED_CALL": true, // SIM7600
	"+CLCC": true, // with AT+CLCC=1 some modules report call changes unsolicited
}

// urcName returns the name of the unsolicited result code that line is
// ("RING", "+CMTI", ...) or "" if line is not one.
func urcName(line string) string {
	if urcWords[line] {
		return line
	}
	name, _, ok := strings.Cut(line, ":")
	if ok && urcPrefixes[name] {
		return name
	}
	return ""
}

// quotesOpen reports whether s has an odd number of double quotes, i.e. a
// quoted string that continues on the next line (a +CUSD text may hold line
// breaks).
func quotesOpen(s string) bool {
	return strings.Count(s, `"`)%2 == 1
}

// params splits the parameters after "+NAME:" at commas outside double
// quotes and removes the quotes: `+CLIP: "+7916",145,,` gives
// ["+7916" "145" "" ""]. A line without a colon is split whole.
func params(line string) []string {
	if i := strings.IndexByte(line, ':'); i >= 0 && (line[0] == '+' || line[0] == '*') {
		line = line[i+1:]
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	var out []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, strings.TrimSpace(cur.String()))
}

// atoi parses a decimal parameter.
func atoi(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}

// equalFold compares two result texts without regard to case.
func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

// paramInt returns params p[i] as an int, or def if absent or not a number.
func paramInt(p []string, i, def int) int {
	if i < len(p) {
		if n, ok := atoi(p[i]); ok {
			return n
		}
	}
	return def
}

// param returns p[i] or "".
func param(p []string, i int) string {
	if i < len(p) {
		return p[i]
	}
	return ""
}
