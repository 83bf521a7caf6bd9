package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// cmeText are the texts of 3GPP TS 27.007 9.2 for the codes the emulator
// uses; cmsText those of 27.005 3.2.5.
var cmeText = map[int]string{
	3: "operation not allowed", 4: "operation not supported", 10: "SIM not inserted",
	11: "SIM PIN required", 12: "SIM PUK required", 16: "incorrect password",
	21: "invalid index", 30: "no network service", 100: "unknown",
}

var cmsText = map[int]string{
	302: "operation not allowed", 303: "operation not supported",
	304: "invalid PDU mode parameter", 311: "SIM PIN required",
	321: "invalid memory index", 322: "memory full", 331: "no network service", 500: "unknown error",
}

// ok formats information lines followed by OK (V.250 5.7.1 with V1).
func ok(lines ...string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("\r\n" + l + "\r\n")
	}
	b.WriteString("\r\nOK\r\n")
	return b.String()
}

// cme formats a +CME ERROR as AT+CMEE selects: 0 plain ERROR, 1 the
// number, 2 the text (27.007 9.1).
func (m *Modem) cme(code int) string {
	switch m.st.cmee {
	case 1:
		return fmt.Sprintf("\r\n+CME ERROR: %d\r\n", code)
	case 2:
		return "\r\n+CME ERROR: " + cmeText[code] + "\r\n"
	}
	return "\r\nERROR\r\n"
}

// cms formats a +CMS ERROR (27.005 3.2.5); SMS commands give it even with
// +CMEE=0 on both families, as a number unless +CMEE=2.
func (m *Modem) cms(code int) string {
	if m.st.cmee == 2 {
		return "\r\n+CMS ERROR: " + cmsText[code] + "\r\n"
	}
	return fmt.Sprintf("\r\n+CMS ERROR: %d\r\n", code)
}

const errorReply = "\r\nERROR\r\n"

// execute runs one command line and returns the reply and, if something is
// to happen after the reply was sent, a function for it. m.mu is held.
func (m *Modem) execute(line string) (string, func()) {
	if len(line) < 2 || !strings.EqualFold(line[:2], "AT") {
		return errorReply, nil
	}
	body := line[2:]
	if body == "" {
		return ok(), nil
	}
	if body[0] != '+' && body[0] != '&' {
		return m.basic(body)
	}
	name, op, args := splitCommand(body)
	switch name {
	case "+CMEE":
		if op == "=" {
			n, err := strconv.Atoi(args)
			if err != nil || n < 0 || n > 2 {
				return m.cme(4), nil
			}
			m.st.cmee = n
			return ok(), nil
		}
		return ok(fmt.Sprintf("+CMEE: %d", m.st.cmee)), nil
	case "+CGMM", "+CGMI", "+CGMR":
		return ok(m.identification(name)), nil
	case "+CGSN", "+GSN":
		return ok(m.o.IMEI), nil
	case "+CPIN":
		return m.cpin(op, args)
	case "+CIMI":
		if !m.pinOK {
			return m.cme(11), nil
		}
		return ok(m.o.IMSI), nil
	case "+CCID":
		if m.o.Dialect != ModemSIM800 {
			return errorReply, nil
		}
		if !m.pinOK {
			return m.cme(11), nil
		}
		return ok(m.o.ICCID), nil
	case "+QCCID":
		if m.o.Dialect != ModemEC25 {
			return errorReply, nil
		}
		if !m.pinOK {
			return m.cme(11), nil
		}
		return ok("+QCCID: " + m.o.ICCID), nil
	case "+CICCID": // SIM7600 AT manual, AT+CICCID: +ICCID: <ICCID>
		if m.o.Dialect != ModemSIM7600 {
			return errorReply, nil
		}
		if !m.pinOK {
			return m.cme(11), nil
		}
		return ok("+ICCID: " + m.o.ICCID), nil
	case "+QPCMV":
		return m.qpcmv(op, args)
	case "+CPCMREG":
		return m.cpcmreg(op, args)
	case "+CLIP":
		if op == "=" {
			m.st.clip = args == "1"
			return ok(), nil
		}
		return ok(fmt.Sprintf("+CLIP: %d,1", b2i(m.st.clip))), nil
	case "+CSCS", "+CSMS", "+COLP", "+CSCA":
		return ok(), nil
	case "+CREG", "+CEREG":
		return m.creg(name, op, args)
	case "+COPS":
		return m.cops(op)
	case "+CSQ":
		ber := 0
		if m.o.Dialect.lte() {
			ber = 99
		}
		return ok(fmt.Sprintf("+CSQ: %d,%d", m.o.RSSI, ber)), nil
	case "+CFUN":
		return m.cfun(op, args)
	case "+CLCC":
		return m.clcc(), nil
	case "+CHUP":
		return m.hangup(), nil
	case "+VTS":
		return m.vts(args), nil
	case "+DDET":
		if m.o.Dialect != ModemSIM800 {
			return errorReply, nil
		}
		m.st.dtmfDet = strings.HasPrefix(args, "1")
		return ok(), nil
	case "+QTONEDET":
		if m.o.Dialect != ModemEC25 {
			return errorReply, nil
		}
		m.st.dtmfDet = args == "1"
		return ok(), nil
	case "+CMGF":
		if op == "=" {
			n, err := strconv.Atoi(args)
			if err != nil || n < 0 || n > 1 {
				return m.cms(302), nil
			}
			m.st.cmgf = n
			return ok(), nil
		}
		return ok(fmt.Sprintf("+CMGF: %d", m.st.cmgf)), nil
	case "+CNMI":
		return m.cnmi(op, args)
	case "+CPMS":
		return m.cpms()
	case "+CMGS":
		return m.cmgs(args)
	case "+CMGR":
		return m.cmgr(args)
	case "+CMGL":
		return m.cmgl(args)
	case "+CMGD":
		return m.cmgd(args)
	case "+CUSD":
		return m.cusd(op, args)
	}
	return errorReply, nil
}

// basic runs the V.250 basic commands: E, I, D, A, H, V, Z.
func (m *Modem) basic(body string) (string, func()) {
	switch c := strings.ToUpper(body[:1]); c {
	case "E":
		m.st.echo = body[1:] != "0"
		return ok(), nil
	case "V", "Q", "Z", "&":
		return ok(), nil
	case "I":
		switch m.o.Dialect {
		case ModemEC25:
			return ok("Quectel", "EC25", "Revision: EC25EFAR06A06M4G"), nil
		case ModemSIM7600:
			return ok("Manufacturer: SIMCOM INCORPORATED", "Model: SIMCOM_SIM7600G-H",
				"Revision: LE20B04SIM7600G22", "IMEI: "+m.o.IMEI, "+GCAP: +CGSM"), nil
		}
		return ok("SIM800 R14.18"), nil
	case "D":
		return m.dial(body[1:])
	case "A":
		return m.answer(), nil
	case "H":
		return m.hangup(), nil
	}
	return errorReply, nil
}

// splitCommand splits "+CMGS=23" into "+CMGS", "=", "23"; "+CREG?" into
// "+CREG", "?", ""; "+CREG=?" into "+CREG", "=?", "".
func splitCommand(body string) (name, op, args string) {
	i := strings.IndexAny(body, "=?")
	if i < 0 {
		return strings.ToUpper(body), "", ""
	}
	name = strings.ToUpper(body[:i])
	rest := body[i:]
	switch {
	case strings.HasPrefix(rest, "=?"):
		return name, "=?", ""
	case rest == "?":
		return name, "?", ""
	}
	return name, "=", rest[1:]
}

// cpin handles +CPIN (27.007 8.3).
func (m *Modem) cpin(op, args string) (string, func()) {
	switch op {
	case "?":
		if m.pinOK {
			return ok("+CPIN: READY"), nil
		}
		return ok("+CPIN: SIM PIN"), nil
	case "=":
		if m.pinOK {
			return m.cme(3), nil
		}
		if strings.Trim(strings.SplitN(args, ",", 2)[0], `"`) != m.o.PIN {
			return m.cme(16), nil
		}
		m.pinOK = true
		return ok(), func() {
			m.urc("+CPIN: READY")
			m.regChanged()
		}
	}
	return ok(), nil
}

// creg handles +CREG (27.007 7.2) and, on EC25, +CEREG (10.1.22).
func (m *Modem) creg(name, op, args string) (string, func()) {
	if name == "+CEREG" && !m.o.Dialect.lte() {
		return errorReply, nil
	}
	n := &m.st.creg
	if name == "+CEREG" {
		n = &m.st.cereg
	}
	switch op {
	case "=":
		v, err := strconv.Atoi(args)
		if err != nil || v < 0 || v > 2 {
			return m.cme(4), nil
		}
		*n = v
		return ok(), nil
	case "?":
		l := fmt.Sprintf("%s: %d,%d", name, *n, m.stat())
		if *n == 2 && (m.stat() == 1 || m.stat() == 5) {
			l += `,"1A2B","0C3D4E5"`
			if m.o.Dialect.lte() {
				l += ",7"
			}
		}
		return ok(l), nil
	}
	return ok(name + ": (0-2)"), nil
}

// stat is the current registration <stat>: not registered without a SIM
// ready.
func (m *Modem) stat() int {
	if !m.pinOK {
		return 0
	}
	return m.regStat
}

// regChanged reports the registration as +CREG/+CEREG URCs when enabled.
func (m *Modem) regChanged() {
	m.mu.Lock()
	st, creg, cereg := m.stat(), m.st.creg, m.st.cereg
	lte := m.o.Dialect.lte()
	m.mu.Unlock()
	format := func(name string, n int) string {
		l := fmt.Sprintf("%s: %d", name, st)
		if n == 2 && (st == 1 || st == 5) {
			l += `,"1A2B","0C3D4E5"`
			if lte {
				l += ",7"
			}
		}
		return l
	}
	if creg > 0 {
		m.urc(format("+CREG", creg))
	}
	if lte && cereg > 0 {
		m.urc(format("+CEREG", cereg))
	}
}

// SetRegistration sets the network registration <stat> (1 home, 5
// roaming, 0 not registered, 2 searching, 3 denied) and reports it.
func (m *Modem) SetRegistration(stat int) {
	m.mu.Lock()
	m.regStat = stat
	m.mu.Unlock()
	m.regChanged()
}

// SetRSSI sets the signal the modem reports in +CSQ.
func (m *Modem) SetRSSI(rssi int) {
	m.mu.Lock()
	m.o.RSSI = rssi
	m.mu.Unlock()
}

// SetNetworkDelay sets the network's round trip for SMS and USSD: +CMGS
// gives its final result d after the PDU (27.005 4.3: the modem waits for
// the service centre's acknowledgement) and the +CUSD reply comes d after
// the OK, when the modem is still on and not hung by then. 0, the
// default, answers at once.
func (m *Modem) SetNetworkDelay(d time.Duration) {
	m.mu.Lock()
	m.netDelay = d
	m.mu.Unlock()
}

// later runs f after the network delay, unless the modem is off or hung
// by then. It is called with m.mu held.
func (m *Modem) later(f func()) func() {
	d := m.netDelay
	if d <= 0 {
		return f
	}
	return func() {
		time.AfterFunc(d, func() {
			m.mu.Lock()
			alive := m.on && !m.booting && m.hung == 0
			m.mu.Unlock()
			if alive {
				f()
			}
		})
	}
}

// cops handles +COPS (27.007 7.3): the long name when registered.
func (m *Modem) cops(op string) (string, func()) {
	if op != "?" {
		return ok(), nil
	}
	if st := m.stat(); st != 1 && st != 5 {
		return ok("+COPS: 0"), nil
	}
	if m.o.Dialect.lte() {
		return ok(fmt.Sprintf(`+COPS: 0,0,"%s",7`, m.o.Operator)), nil
	}
	return ok(fmt.Sprintf(`+COPS: 0,0,"%s"`, m.o.Operator)), nil
}

// cfun handles +CFUN (27.007 8.2); AT+CFUN=1,1 answers OK and restarts.
func (m *Modem) cfun(op, args string) (string, func()) {
	switch op {
	case "?":
		return ok("+CFUN: 1"), nil
	case "=":
		if args == "1,1" {
			m.restartLocked()
			return ok(), nil
		}
		return ok(), nil
	}
	return ok("+CFUN: (0,1,4),(0,1)"), nil
}

// cnmi handles +CNMI=<mode>,<mt>,<bm>,<ds>,<bfr> (27.005 3.4.1).
func (m *Modem) cnmi(op, args string) (string, func()) {
	if op != "=" {
		return ok(fmt.Sprintf("+CNMI: 2,%d,0,%d,0", m.st.cnmiMT, m.st.cnmiDS)), nil
	}
	p := strings.Split(args, ",")
	get := func(i int) int {
		if i < len(p) {
			n, _ := strconv.Atoi(p[i])
			return n
		}
		return 0
	}
	m.st.cnmiMT, m.st.cnmiDS = get(1), get(3)
	return ok(), nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// identification answers +CGMI, +CGMM and +CGMR as each family does.
func (m *Modem) identification(cmd string) string {
	ids := map[ModemDialect][3]string{
		ModemSIM800:  {"SIMCOM_Ltd", "SIMCOM_SIM800", "Revision:1418B04SIM800L24"},
		ModemEC25:    {"Quectel", "EC25", "Revision: EC25EFAR06A06M4G"},
		ModemSIM7600: {"SIMCOM INCORPORATED", "SIMCOM_SIM7600G-H", "+CGMR: LE20B04SIM7600G22"},
	}[m.o.Dialect]
	switch cmd {
	case "+CGMI":
		return ids[0]
	case "+CGMM":
		return ids[1]
	}
	return ids[2]
}
