package gsm

import (
	"context"
	"fmt"
	"strings"
)

// Info is what the modem said about itself, its SIM and the network.
type Info struct {
	Dialect   Dialect
	Model     string // from AT+CGMM
	IMEI      string // AT+CGSN (27.007 5.4)
	IMSI      string // AT+CIMI (27.007 5.6)
	ICCID     string // dialect command, see Dialect
	Operator  string // AT+COPS? long alphanumeric name (27.007 7.3)
	Reg       Registration
	SignalDBm int  // from AT+CSQ, see RSSIdBm
	SignalOK  bool // SignalDBm is known
}

// RegStat is the <stat> of +CREG/+CEREG (27.007 7.2).
type RegStat int

// Registration states.
const (
	RegNotSearching RegStat = 0
	RegHome         RegStat = 1
	RegSearching    RegStat = 2
	RegDenied       RegStat = 3
	RegUnknown      RegStat = 4
	RegRoaming      RegStat = 5
)

// Registered reports whether the modem is registered, at home or roaming.
func (s RegStat) Registered() bool { return s == RegHome || s == RegRoaming }

func (s RegStat) String() string {
	switch s {
	case RegNotSearching:
		return "not registered"
	case RegHome:
		return "registered, home"
	case RegSearching:
		return "searching"
	case RegDenied:
		return "registration denied"
	case RegRoaming:
		return "registered, roaming"
	}
	return "unknown"
}

// Registration is a +CREG or +CEREG state.
type Registration struct {
	LTE  bool // from +CEREG
	Stat RegStat
	LAC  string // location (tracking) area code, hex
	Cell string // cell id, hex
}

// parseReg parses "+CREG: <stat>[,<lac>,<ci>[,<AcT>]]" (unsolicited, read
// true: "+CREG: <n>,<stat>[,...]" read response).
func parseReg(line string, read bool) (Registration, error) {
	p := params(line)
	if read {
		if len(p) < 2 {
			return Registration{}, fmt.Errorf("gsm: %q: %w", line, ErrMalformed)
		}
		p = p[1:]
	}
	st, ok := atoi(param(p, 0))
	if !ok || st < 0 || st > 10 {
		return Registration{}, fmt.Errorf("gsm: %q: %w", line, ErrMalformed)
	}
	return Registration{
		LTE:  strings.HasPrefix(line, "+CEREG"),
		Stat: RegStat(st),
		LAC:  param(p, 1),
		Cell: param(p, 2),
	}, nil
}

// RSSIdBm converts the <rssi> of +CSQ to dBm (3GPP TS 27.007 8.5): 0 is
// -113 dBm or less, 1 is -111 dBm, 2 to 30 are -109 to -53 dBm in 2 dB
// steps, 31 is -51 dBm or more; 99 (and anything else) is unknown.
func RSSIdBm(rssi int) (dBm int, ok bool) {
	if rssi < 0 || rssi > 31 {
		return 0, false
	}
	return -113 + 2*rssi, true
}

// Signal queries AT+CSQ and returns the received signal strength in dBm.
func (d *Dev) Signal(ctx context.Context) (dBm int, ok bool, err error) {
	l, err := d.at1(ctx, "AT+CSQ")
	if err != nil {
		return 0, false, err
	}
	p := params(l)
	rssi, okn := atoi(param(p, 0))
	if !okn || !strings.HasPrefix(l, "+CSQ:") {
		return 0, false, fmt.Errorf("gsm: AT+CSQ: %q: %w", l, ErrMalformed)
	}
	dBm, ok = RSSIdBm(rssi)
	d.mu.Lock()
	d.info.SignalDBm, d.info.SignalOK = dBm, ok
	d.mu.Unlock()
	return dBm, ok, nil
}

// Registration queries AT+CREG? (and AT+CEREG? on LTE modems, which wins
// when it is registered).
func (d *Dev) Registration(ctx context.Context) (Registration, error) {
	l, err := d.at1(ctx, "AT+CREG?")
	if err != nil {
		return Registration{}, err
	}
	reg, err := parseReg(l, true)
	if err != nil {
		return Registration{}, err
	}
	if d.Info().Dialect.lte() {
		if l, err := d.at1(ctx, "AT+CEREG?"); err == nil {
			if r, err := parseReg(l, true); err == nil && (r.Stat.Registered() || !reg.Stat.Registered()) {
				reg = r
			}
		}
	}
	d.mu.Lock()
	d.info.Reg = reg
	d.mu.Unlock()
	return reg, nil
}

// Operator queries the registered network's long name with AT+COPS=3,0
// and AT+COPS? (27.007 7.3); "" if not registered.
func (d *Dev) Operator(ctx context.Context) (string, error) {
	if _, err := d.at(ctx, "AT+COPS=3,0"); err != nil {
		return "", err
	}
	l, err := d.at1(ctx, "AT+COPS?")
	if err != nil {
		return "", err
	}
	op := param(params(l), 2)
	d.mu.Lock()
	d.info.Operator = op
	d.mu.Unlock()
	return op, nil
}

// digitsLine returns the first line of lines that, after an optional
// "+NAME:" prefix and quotes, is a run of digits (and, for an ICCID, the
// hex filler F).
func digitsLine(lines []string) (string, bool) {
	for _, l := range lines {
		if i := strings.IndexByte(l, ':'); i >= 0 {
			l = l[i+1:]
		}
		l = strings.Trim(strings.TrimSpace(l), `"`)
		if l == "" {
			continue
		}
		ok := true
		for _, c := range l {
			if (c < '0' || c > '9') && c != 'F' && c != 'f' {
				ok = false
				break
			}
		}
		if ok {
			return l, true
		}
	}
	return "", false
}
