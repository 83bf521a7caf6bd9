package sim

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/warthog618/sms"
	"github.com/warthog618/sms/encoding/pdumode"
	"github.com/warthog618/sms/encoding/tpdu"
)

// storedSMS is a message in the SIM storage: <stat> 0 REC UNREAD, 1 REC
// READ (27.005 3.1) and the PDU with the SMSC address in front.
type storedSMS struct {
	stat int
	pdu  []byte
}

// pduInput is an AT+CMGS waiting for its PDU.
type pduInput struct {
	length int // TPDU octets announced
	hex    []byte
}

// SentSMS is one SMS-SUBMIT the driver sent through the modem.
type SentSMS struct {
	MR   int
	To   string
	TPDU *tpdu.TPDU
}

// Sent returns the SMS-SUBMIT TPDUs the modem sent to the network, in order.
func (m *Modem) Sent() []SentSMS {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]SentSMS(nil), m.sent...)
}

// SentText joins the sent parts to number into messages and returns their
// texts, in the order their first parts were sent.
func (m *Modem) SentText(number string) []string {
	var groups [][]*tpdu.TPDU
	byRef := map[int]int{}
	for _, s := range m.Sent() {
		if s.To != number {
			continue
		}
		total, seq, ref, ok := s.TPDU.UDH.ConcatInfo()
		if !ok || total < 2 {
			groups = append(groups, []*tpdu.TPDU{s.TPDU})
			continue
		}
		gi, seen := byRef[ref]
		if !seen {
			gi = len(groups)
			byRef[ref] = gi
			groups = append(groups, make([]*tpdu.TPDU, total))
		}
		if seq >= 1 && seq <= len(groups[gi]) {
			groups[gi][seq-1] = s.TPDU
		}
	}
	var out []string
	for _, g := range groups {
		complete := true
		for _, t := range g {
			complete = complete && t != nil
		}
		if !complete {
			out = append(out, "(incomplete)")
			continue
		}
		b, err := sms.Decode(g)
		if err != nil {
			out = append(out, "(undecodable: "+err.Error()+")")
			continue
		}
		out = append(out, string(b))
	}
	return out
}

// Stored returns how many messages the SIM storage holds.
func (m *Modem) Stored() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.smsStore)
}

// NetworkHeld returns how many messages the network holds back because the
// storage was full.
func (m *Modem) NetworkHeld() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.netQueue)
}

// EncodeDeliver encodes text from number as the SMS-DELIVER TPDUs the
// network would send: GSM-7 or UCS-2, in parts with a concatenation header
// when long (3GPP TS 23.040, 23.038).
func EncodeDeliver(from, text string, ref int) ([][]byte, error) {
	oa := tpdu.Address{TOA: 0x81, Addr: strings.TrimPrefix(from, "+")}
	if strings.HasPrefix(from, "+") {
		oa.TOA = 0x91
	}
	c := &fixedCounter{n: ref}
	e := sms.NewEncoder(sms.AsDeliver, sms.WithTemplateOption(tpdu.WithOA(oa)))
	e.ConcatRef = c
	tpdus, err := e.Encode([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("sim: encode SMS: %w", err)
	}
	out := make([][]byte, len(tpdus))
	now := time.Now()
	for i := range tpdus {
		tpdus[i].SCTS = tpdu.Timestamp{Time: now}
		b, err := tpdus[i].MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("sim: encode SMS part %d: %w", i+1, err)
		}
		out[i] = b
	}
	return out, nil
}

type fixedCounter struct{ n int }

func (c *fixedCounter) Count() int { return c.n }

// DeliverSMS makes the network send text from number to the modem, in
// parts in order.
func (m *Modem) DeliverSMS(from, text string) error {
	m.mu.Lock()
	m.mr++
	ref := m.mr & 0xff
	m.mu.Unlock()
	parts, err := EncodeDeliver(from, text, ref)
	if err != nil {
		return err
	}
	m.DeliverTPDUs(parts...)
	return nil
}

// DeliverTPDUs makes the network send these SMS-DELIVER TPDUs in this
// order (tests reorder or repeat parts with it). A TPDU that finds the
// storage full is held by the network and sent when space frees up (the
// memory-available procedure of 3GPP TS 24.011).
func (m *Modem) DeliverTPDUs(tpdus ...[]byte) {
	for _, t := range tpdus {
		m.mu.Lock()
		m.netQueue = append(m.netQueue, t)
		m.mu.Unlock()
	}
	m.flushNetQueue()
}

// flushNetQueue delivers held messages while there is space.
func (m *Modem) flushNetQueue() {
	for {
		m.mu.Lock()
		if len(m.netQueue) == 0 || !m.on || m.booting || len(m.smsStore) >= m.o.SMSCapacity && m.st.cnmiMT != 2 {
			m.mu.Unlock()
			return
		}
		t := m.netQueue[0]
		m.netQueue = m.netQueue[1:]
		pdu := m.withSMSC(t)
		var urc []string
		switch m.st.cnmiMT {
		case 2: // 27.005 3.4.1 <mt>=2: routed to the TE, not stored
			urc = []string{fmt.Sprintf("+CMT: ,%d", len(t)), strings.ToUpper(hex.EncodeToString(pdu))}
		default:
			idx := m.freeIndex()
			m.smsStore[idx] = &storedSMS{stat: 0, pdu: pdu}
			if m.st.cnmiMT == 1 {
				urc = []string{fmt.Sprintf(`+CMTI: "SM",%d`, idx)}
			}
		}
		m.mu.Unlock()
		if urc != nil {
			m.urc(urc...)
		}
	}
}

// withSMSC puts the SMSC address in front of a TPDU (27.005 3.1 <pdu>).
func (m *Modem) withSMSC(t []byte) []byte {
	a := pdumode.SMSCAddress{Address: tpdu.Address{TOA: 0x91, Addr: strings.TrimPrefix(m.o.SMSC, "+")}}
	p := pdumode.PDU{SMSC: a, TPDU: t}
	b, err := p.MarshalBinary()
	if err != nil {
		return append([]byte{0}, t...)
	}
	return b
}

// freeIndex returns the lowest free storage index (from 1). m.mu is held
// and there is space.
func (m *Modem) freeIndex() int {
	for i := 1; ; i++ {
		if m.smsStore[i] == nil {
			return i
		}
	}
}

// cpms handles +CPMS (27.005 3.2.2); only "SM" is modelled.
func (m *Modem) cpms() (string, func()) {
	n, c := len(m.smsStore), m.o.SMSCapacity
	return ok(fmt.Sprintf("+CPMS: %d,%d,%d,%d,%d,%d", n, c, n, c, n, c)), nil
}

// cmgs handles +CMGS=<length> in PDU mode (27.005 4.3): "> ", then the PDU.
func (m *Modem) cmgs(args string) (string, func()) {
	if m.st.cmgf != 0 {
		return m.cms(303), nil
	}
	if !m.pinOK {
		return m.cms(311), nil
	}
	n, err := strconv.Atoi(args)
	if err != nil || n < 7 || n > 164 {
		return m.cms(304), nil
	}
	m.pdu = &pduInput{length: n}
	return "\r\n> ", nil
}

// submit sends a PDU entered after "> ": +CMGS: <mr>, and a status report
// (+CDS) when it asked for one and <ds>=1.
func (m *Modem) submit(out *strings.Builder, p *pduInput) func() {
	b, err := hex.DecodeString(string(p.hex))
	if err != nil || len(b) < 1 || len(b) != 1+int(b[0])+p.length {
		out.WriteString(m.cms(304))
		return nil
	}
	t, err := sms.Unmarshal(b[1+int(b[0]):], sms.AsMO)
	if err != nil || t.SmsType() != tpdu.SmsSubmit {
		out.WriteString(m.cms(304))
		return nil
	}
	if st := m.stat(); st != 1 && st != 5 {
		out.WriteString(m.cms(331))
		return nil
	}
	m.mr = (m.mr + 1) & 0xff
	mr := m.mr
	m.sent = append(m.sent, SentSMS{MR: mr, To: t.DA.Number(), TPDU: t})
	result := ok(fmt.Sprintf("+CMGS: %d", mr))
	var report func() // the status report, if one was asked for
	if t.FirstOctet.SRR() && m.st.cnmiDS == 1 {
		ra := t.DA
		report = func() {
			now := time.Now()
			sr := tpdu.TPDU{Direction: tpdu.MT, FirstOctet: 0x02, MR: byte(mr), RA: ra,
				SCTS: tpdu.Timestamp{Time: now}, DT: tpdu.Timestamp{Time: now}, ST: 0}
			rb, err := sr.MarshalBinary()
			if err != nil {
				return
			}
			m.urc(fmt.Sprintf("+CDS: %d", len(rb)), strings.ToUpper(hex.EncodeToString(m.withSMSC(rb))))
		}
	}
	if m.netDelay <= 0 {
		out.WriteString(result)
		return report
	}
	return m.later(func() {
		m.out([]byte(result))
		if report != nil {
			report()
		}
	})
}

// cmgr handles +CMGR=<index> (27.005 4.2): +CMGR: <stat>,[<alpha>],<length>
// and the PDU; an unread message becomes read.
func (m *Modem) cmgr(args string) (string, func()) {
	if !m.pinOK {
		return m.cms(311), nil
	}
	i, err := strconv.Atoi(args)
	if err != nil || i < 1 || i > m.o.SMSCapacity {
		return m.cms(321), nil
	}
	s := m.smsStore[i]
	if s == nil {
		if m.o.Dialect == ModemEC25 {
			return m.cms(321), nil
		}
		return ok(), nil // SIM800 answers an empty index with OK alone
	}
	st := s.stat
	s.stat = 1
	return ok(fmt.Sprintf("+CMGR: %d,,%d", st, tpduLen(s.pdu)), strings.ToUpper(hex.EncodeToString(s.pdu))), nil
}

// cmgl handles +CMGL=<stat> (27.005 4.1): 0 unread, 1 read, 4 all.
func (m *Modem) cmgl(args string) (string, func()) {
	if !m.pinOK {
		return m.cms(311), nil
	}
	want, err := strconv.Atoi(args)
	if err != nil || want < 0 || want > 4 {
		return m.cms(302), nil
	}
	idx := make([]int, 0, len(m.smsStore))
	for i := range m.smsStore {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	var lines []string
	for _, i := range idx {
		s := m.smsStore[i]
		if want != 4 && s.stat != want {
			continue
		}
		lines = append(lines, fmt.Sprintf("+CMGL: %d,%d,,%d", i, s.stat, tpduLen(s.pdu)), strings.ToUpper(hex.EncodeToString(s.pdu)))
		if s.stat == 0 {
			s.stat = 1
		}
	}
	return ok(lines...), nil
}

// cmgd handles +CMGD=<index>[,<delflag>] (27.005 3.5.4); freed space lets
// the network deliver what it held.
func (m *Modem) cmgd(args string) (string, func()) {
	if !m.pinOK {
		return m.cms(311), nil
	}
	p := strings.Split(args, ",")
	i, err := strconv.Atoi(p[0])
	if err != nil || i < 0 || i > m.o.SMSCapacity {
		return m.cms(321), nil
	}
	flag := 0
	if len(p) > 1 {
		flag, _ = strconv.Atoi(p[1])
	}
	if flag == 4 {
		m.smsStore = map[int]*storedSMS{}
	} else {
		delete(m.smsStore, i)
	}
	return ok(), m.flushNetQueue
}

// tpduLen is the <length> of +CMGR/+CMGL: TPDU octets without the SMSC.
func tpduLen(pdu []byte) int {
	if len(pdu) == 0 {
		return 0
	}
	return len(pdu) - 1 - int(pdu[0])
}
