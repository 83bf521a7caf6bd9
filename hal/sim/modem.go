package sim

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// ModemDialect is the AT dialect an emulated Modem speaks.
type ModemDialect int

// Emulated modem families.
const (
	ModemSIM800  ModemDialect = iota // SIMCom SIM800 (2G)
	ModemEC25                        // Quectel EC25 (LTE)
	ModemSIM7600                     // SIMCom SIM7600 (LTE)
)

func (d ModemDialect) String() string {
	switch d {
	case ModemEC25:
		return "EC25"
	case ModemSIM7600:
		return "SIM7600"
	}
	return "SIM800"
}

// lte reports whether the family registers on LTE: +CEREG, <AcT> 7 in
// +COPS and +CREG, <ber> 99 in +CSQ.
func (d ModemDialect) lte() bool { return d == ModemEC25 || d == ModemSIM7600 }

// ModemOpts configures an emulated modem, its SIM and its network. Zero
// fields take DefaultModemOpts' values.
type ModemOpts struct {
	Dialect  ModemDialect
	IMEI     string // 15 digits
	IMSI     string
	ICCID    string
	PIN      string // "" if the SIM has no PIN lock
	Operator string // network's long name
	SMSC     string // service centre address of the SIM
	// RSSI is the +CSQ <rssi> (0-31, 99 unknown).
	RSSI int
	// SMSCapacity is how many messages the SIM storage holds.
	SMSCapacity int
	// BootTime is how long a (re)start takes before the modem answers.
	BootTime time.Duration
	// USSDPackedHex makes +CUSD carry GSM-7 text as hex of packed septets.
	USSDPackedHex bool
	// USBAudio gives the modem a second serial stream (AudioPort) that
	// carries the call audio as raw PCM once the driver turned voice over
	// USB on (EC25 AT+QPCMV=1,0; SIM7600 AT+CPCMREG=1), as a module a board
	// profile marks pcm=usb.
	USBAudio bool
}

// DefaultModemOpts are the values for zero ModemOpts fields.
var DefaultModemOpts = ModemOpts{
	IMEI:        "861234567890123",
	IMSI:        "250021234567890",
	ICCID:       "8970102123456789012",
	Operator:    "MegaFon",
	SMSC:        "+79262909090",
	RSSI:        20,
	SMSCapacity: 20,
	BootTime:    3 * time.Second,
}

// Cure says what brings a hung modem back (see Modem.Hang).
type Cure int

// Cures, from the mildest.
const (
	CureCFUN  Cure = iota + 1 // AT+CFUN=1,1 still gets through
	CureReset                 // only a RESET_N pulse or a power cycle
	CurePower                 // only a power cycle with PWRKEY
)

// Modem emulates a SIM800, EC25 or SIM7600 module at AT-command level behind a
// serial stream, with its SIM, a network (registration, signal, calls,
// SMS, USSD) and faults on demand. The driver talks to Port and drives
// Lines; tests and the lab act as the network through the other methods.
// It is safe for concurrent use.
type Modem struct {
	o    ModemOpts
	port *modemPort
	done chan struct{}
	wg   sync.WaitGroup

	mu       sync.Mutex
	on       bool // powered
	booting  bool
	bootT    *time.Timer
	hung     Cure // 0: answers
	garble   int  // replies still to garble
	st       modemSettings
	pinOK    bool
	regStat  int // network registration when the SIM is ready
	calls    []*modemCall
	nextCall int
	smsStore map[int]*storedSMS
	netQueue [][]byte // TPDUs the network holds while the storage is full
	sent     []SentSMS
	mr       int
	ussd     func(code string) (string, bool)
	netDelay time.Duration // the network's round trip for SMS and USSD
	dtmfSent []byte
	pdu      *pduInput // waiting for a PDU after "> "
	inbuf    []byte
	log      []string   // commands received, for tests
	audio    *modemPort // the USB audio interface; nil without USBAudio
}

// modemSettings are the volatile settings a restart resets.
type modemSettings struct {
	echo    bool
	cmee    int
	clip    bool
	cmgf    int
	creg    int
	cereg   int
	cnmiMT  int
	cnmiDS  int
	dtmfDet bool
	// pcmSerial is voice over USB on the serial audio interface (EC25
	// AT+QPCMV=1,0, SIM7600 AT+CPCMREG=1); qpcmv holds the EC25 setting.
	pcmSerial bool
	qpcmv     [2]int
}

func defaultSettings() modemSettings { return modemSettings{echo: true} }

// NewModem returns a powered, booted modem. Close it when done.
func NewModem(o ModemOpts) *Modem {
	def := DefaultModemOpts
	if o.IMEI == "" {
		o.IMEI = def.IMEI
	}
	if o.IMSI == "" {
		o.IMSI = def.IMSI
	}
	if o.ICCID == "" {
		o.ICCID = def.ICCID
	}
	if o.Operator == "" {
		o.Operator = def.Operator
	}
	if o.SMSC == "" {
		o.SMSC = def.SMSC
	}
	if o.RSSI == 0 {
		o.RSSI = def.RSSI
	}
	if o.SMSCapacity <= 0 {
		o.SMSCapacity = def.SMSCapacity
	}
	if o.BootTime <= 0 {
		o.BootTime = def.BootTime
	}
	m := &Modem{
		o:        o,
		port:     newModemPort(),
		done:     make(chan struct{}),
		on:       true,
		st:       defaultSettings(),
		pinOK:    o.PIN == "",
		regStat:  1,
		smsStore: map[int]*storedSMS{},
	}
	if o.USBAudio {
		m.audio = newModemPort()
	}
	m.wg.Add(1)
	p := m.port // read before the goroutine: Reopen replaces m.port under m.mu
	go func() { defer m.wg.Done(); m.inputLoop(p) }()
	return m
}

// Port returns the driver's end of the serial stream. Once closed (by the
// driver, or DropOffBus) it stays closed; Reopen gives a new one.
func (m *Modem) Port() io.ReadWriteCloser {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.port
}

// Reopen closes the current stream and returns a new one, as opening the
// serial device again after a driver restart or a USB re-enumeration.
func (m *Modem) Reopen() io.ReadWriteCloser {
	p := newModemPort()
	m.mu.Lock()
	old := m.port
	m.port = p
	m.inbuf = m.inbuf[:0]
	m.pdu = nil
	m.mu.Unlock()
	old.Close()
	m.wg.Add(1)
	go func() { defer m.wg.Done(); m.inputLoop(p) }()
	return p
}

// out sends bytes to the driver on the current stream.
func (m *Modem) out(b []byte) {
	m.mu.Lock()
	p := m.port
	m.mu.Unlock()
	p.send(b)
}

// Close stops the modem and its goroutines.
func (m *Modem) Close() error {
	select {
	case <-m.done:
		return nil
	default:
	}
	m.mu.Lock()
	close(m.done)
	if m.bootT != nil {
		m.bootT.Stop()
	}
	p := m.port
	m.mu.Unlock()
	p.Close()
	if m.audio != nil {
		m.audio.Close()
	}
	m.wg.Wait()
	return nil
}

// Commands returns the command lines the modem received, in order.
func (m *Modem) Commands() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.log...)
}

// inputLoop reads what the driver writes on p and runs it.
func (m *Modem) inputLoop(p *modemPort) {
	for {
		select {
		case <-m.done:
			return
		case <-p.closed:
			return
		case b := <-p.tx:
			m.input(b)
		}
	}
}

// input handles bytes from the driver: command lines end with CR (V.250
// 5.2.1, S3); after "> " a PDU ends with Ctrl-Z or is cancelled with ESC
// (27.005 4.3).
func (m *Modem) input(b []byte) {
	m.mu.Lock()
	var out strings.Builder
	var after []func()
	for _, c := range b {
		if !m.on || m.booting {
			continue // a modem without power or still booting hears nothing
		}
		if m.pdu != nil {
			switch c {
			case 0x1a:
				p := m.pdu
				m.pdu = nil
				if m.hung == 0 {
					after = append(after, m.submit(&out, p))
				}
			case 0x1b:
				m.pdu = nil
				if m.hung == 0 {
					out.WriteString("\r\nOK\r\n")
				}
			default:
				m.pdu.hex = append(m.pdu.hex, c)
			}
			continue
		}
		if c == '\n' {
			continue
		}
		if c != '\r' {
			m.inbuf = append(m.inbuf, c)
			continue
		}
		line := strings.TrimSpace(string(m.inbuf))
		m.inbuf = m.inbuf[:0]
		if line == "" {
			continue
		}
		m.log = append(m.log, line)
		if m.hung != 0 {
			if m.hung == CureCFUN && strings.EqualFold(line, "AT+CFUN=1,1") {
				m.hung = 0
				m.restartLocked()
			}
			continue
		}
		if m.st.echo {
			out.WriteString(line + "\r")
		}
		r, f := m.execute(line)
		out.WriteString(r)
		if f != nil {
			after = append(after, f)
		}
	}
	reply := out.String()
	if reply != "" && m.garble > 0 {
		m.garble--
		reply = garbled(reply)
	}
	m.mu.Unlock()
	if reply != "" {
		m.out([]byte(reply))
	}
	for _, f := range after {
		if f != nil {
			f()
		}
	}
}

// garbled corrupts a reply as line noise would: letters and digits become
// other bytes; line ends survive so the lines still split.
func garbled(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\r' && c != '\n' && i%2 == 0 {
			b[i] = c ^ 0x5a
		}
	}
	return string(b)
}

// urc sends unsolicited result codes unless the modem is off or hung.
func (m *Modem) urc(lines ...string) {
	m.mu.Lock()
	ok := m.on && !m.booting && m.hung == 0
	m.mu.Unlock()
	if ok {
		m.sendLines(lines...)
	}
}

func (m *Modem) sendLines(lines ...string) {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("\r\n" + l + "\r\n")
	}
	m.out([]byte(b.String()))
}

// restartLocked starts a reboot: the modem goes deaf for BootTime, loses
// its settings, calls and PIN state, keeps the SIM's messages, and reports
// its start-up URCs. m.mu must be held.
func (m *Modem) restartLocked() {
	m.booting = true
	m.dropCallsLocked()
	m.pdu = nil
	m.inbuf = m.inbuf[:0]
	m.st = defaultSettings()
	m.pinOK = m.o.PIN == ""
	if m.bootT != nil {
		m.bootT.Stop()
	}
	m.bootT = time.AfterFunc(m.o.BootTime, m.booted)
}

// booted ends a reboot: the modem answers again and reports it (SIM800:
// RDY, +CFUN, +CPIN, Call Ready, SMS Ready; EC25: RDY, +CFUN, +CPIN,
// +QUSIM, +QIND: SMS DONE; SIM7600: RDY, +CFUN, +CPIN, SMS DONE, PB DONE).
func (m *Modem) booted() {
	m.mu.Lock()
	select {
	case <-m.done:
		m.mu.Unlock()
		return
	default:
	}
	if !m.on {
		m.mu.Unlock()
		return
	}
	m.booting = false
	pin := "READY"
	if !m.pinOK {
		pin = "SIM PIN"
	}
	lines := []string{"RDY", "+CFUN: 1", "+CPIN: " + pin}
	switch m.o.Dialect {
	case ModemEC25:
		lines = append(lines, "+QUSIM: 1", "+QIND: SMS DONE")
	case ModemSIM7600:
		lines = append(lines, "SMS DONE", "PB DONE")
	default:
		lines = append(lines, "Call Ready", "SMS Ready")
	}
	hung := m.hung != 0
	m.mu.Unlock()
	if !hung {
		m.sendLines(lines...)
	}
	m.flushNetQueue()
}

// Hang makes the modem stop answering anything (commands and URCs) until
// cure: AT+CFUN=1,1 reaching its command parser, a reset pulse, or only a
// power cycle.
func (m *Modem) Hang(cure Cure) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.hung = cure
}

// Hung reports whether the modem is hung.
func (m *Modem) Hung() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hung != 0
}

// Garble corrupts the next n replies.
func (m *Modem) Garble(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.garble = n
}

// DropOffBus ends the serial stream as a USB modem that re-enumerates does.
func (m *Modem) DropOffBus() { m.Port().Close() }

// Powered reports whether the modem has power and finished booting.
func (m *Modem) Powered() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.on && !m.booting
}

func (m *Modem) String() string { return fmt.Sprintf("sim modem %v", m.o.Dialect) }
