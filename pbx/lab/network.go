package lab

import (
	"fmt"
	"slices"
	"sync"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
)

// DefaultUSSDReply is the network's answer to any USSD request until the
// lab is told another.
const DefaultUSSDReply = "Balance: 100.00 RUB"

// maxUSSDLog is how many USSD exchanges a network keeps.
const maxUSSDLog = 20

// GSMCall is a call the modem has, as the network sees it.
type GSMCall struct {
	ID int `json:"id"`
	// Direction is "in" (the network called the SIM) or "out".
	Direction string `json:"direction"`
	// State is "active", "dialing", "alerting" or "incoming" (+CLCC).
	State  string `json:"state"`
	Number string `json:"number"`
}

// SMSSent is a message the box sent through the modem.
type SMSSent struct {
	To   string `json:"to"`
	Text string `json:"text"`
}

// USSDExchange is a USSD request the box made and the network's reply.
type USSDExchange struct {
	Code  string `json:"code"`
	Reply string `json:"reply"`
}

// GSMState is what the lab knows of one GSM module and its network.
type GSMState struct {
	Slot string `json:"slot"`
	IMEI string `json:"imei"`
	// Signal is the +CSQ rssi (0-31, 99 unknown).
	Signal int `json:"signal"`
	// Registration is the 27.007 <stat> the network gives; Registered is
	// true for 1 (home) and 5 (roaming).
	Registration int       `json:"registration"`
	Registered   bool      `json:"registered"`
	Powered      bool      `json:"powered"`
	Hung         bool      `json:"hung"`
	Calls        []GSMCall `json:"calls"`
	// Dialled are the numbers the box called, oldest first.
	Dialled []string `json:"dialled"`
	// DTMFSent are the digits the box sent with AT+VTS.
	DTMFSent string         `json:"dtmf_sent"`
	SMSSent  []SMSSent      `json:"sms_sent"`
	USSD     []USSDExchange `json:"ussd"`
	// Hearing is what the far end of a call hears from the box.
	Hearing
}

// Network is the GSM network behind one modem: it calls the SIM, plays the
// far end of calls, delivers SMS, answers USSD and breaks the modem on
// demand. Safe for concurrent use.
type Network struct {
	slot  string
	modem *sim.Modem

	mu        sync.Mutex
	ear       *ear
	voice     *voice
	seen      map[int]bool // outgoing call IDs recorded
	dialled   []string
	ussdReply string
	ussdMore  bool
	ussd      []USSDExchange
	ref       int
	// first is the signal and registration the modem started with, which
	// Reset brings back.
	first struct{ rssi, registration int }
}

func newNetwork(slot string, m *sim.Modem, country string) (*Network, error) {
	e, v, err := newParty(country)
	if err != nil {
		return nil, err
	}
	n := &Network{slot: slot, modem: m, ear: e, voice: v, seen: map[int]bool{}, ussdReply: DefaultUSSDReply}
	n.first.rssi, n.first.registration = m.RSSI(), m.Registration()
	m.SetUSSD(n.answerUSSD)
	return n, nil
}

// answerUSSD is the network's USSD service.
func (n *Network) answerUSSD(code string) (string, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.ussd = append(n.ussd, USSDExchange{Code: code, Reply: n.ussdReply})
	if len(n.ussd) > maxUSSDLog {
		n.ussd = n.ussd[1:]
	}
	return n.ussdReply, n.ussdMore
}

// frame is one 20 ms step: in is what the box sends to the far end, out
// what the far end says.
func (n *Network) frame(in, out *hal.Frame) {
	calls := n.modem.Calls()
	n.mu.Lock()
	defer n.mu.Unlock()
	n.record(calls)
	n.ear.hear(in)
	if len(calls) == 0 {
		n.voice.stop()
		return
	}
	n.voice.next(out)
}

// record notes the numbers of new outgoing calls. n.mu is held.
func (n *Network) record(calls []sim.ModemCall) {
	for _, c := range calls {
		if !c.Incoming && !n.seen[c.ID] {
			n.seen[c.ID] = true
			n.dialled = append(n.dialled, c.Number)
			n.ear.clearDigits()
		}
	}
}

var callStates = map[int]string{0: "active", 1: "held", 2: "dialing", 3: "alerting", 4: "incoming", 5: "waiting"}

// State returns the module's and the network's state.
func (n *Network) State() GSMState {
	m := n.modem
	st := GSMState{
		Slot: n.slot, IMEI: m.IMEI(), Signal: m.RSSI(), Registration: m.Registration(),
		Powered: m.Powered(), Hung: m.Hung(), DTMFSent: m.DTMFSent(), Calls: []GSMCall{}, SMSSent: []SMSSent{},
	}
	st.Registered = st.Registration == 1 || st.Registration == 5
	calls := m.Calls()
	for _, c := range calls {
		dir := "out"
		if c.Incoming {
			dir = "in"
		}
		st.Calls = append(st.Calls, GSMCall{ID: c.ID, Direction: dir, State: callStates[c.Stat], Number: c.Number})
	}
	var to []string
	for _, s := range m.Sent() {
		if !slices.Contains(to, s.To) {
			to = append(to, s.To)
		}
	}
	for _, num := range to {
		for _, text := range m.SentText(num) {
			st.SMSSent = append(st.SMSSent, SMSSent{To: num, Text: text})
		}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.record(calls)
	st.Dialled = append([]string{}, n.dialled...)
	st.USSD = append([]USSDExchange{}, n.ussd...)
	st.Hearing = n.ear.hearing()
	return st
}

// Call makes the network call the SIM from number ("" withheld).
func (n *Network) Call(from string) error {
	if from != "" && !validNumber(from) {
		return invalid("from", "calling number %q: want a number such as +79161234567", from)
	}
	n.modem.IncomingCall(from)
	return nil
}

// hasCall reports whether the modem has a call, or an outgoing one when
// outgoing is set.
func (n *Network) hasCall(outgoing bool) bool {
	for _, c := range n.modem.Calls() {
		if !outgoing || !c.Incoming {
			return true
		}
	}
	return false
}

// Answer makes the called party answer the box's outgoing call.
func (n *Network) Answer() error {
	if !n.hasCall(true) {
		return invalid("", "%s has no outgoing call to answer", n.slot)
	}
	n.modem.RemoteAnswer()
	return nil
}

// Busy makes the called party busy: the box's call ends with BUSY.
func (n *Network) Busy() error {
	if !n.hasCall(false) {
		return invalid("", "%s has no call", n.slot)
	}
	n.modem.RemoteBusy()
	return nil
}

// Hangup makes the far end hang up every call.
func (n *Network) Hangup() error {
	if !n.hasCall(false) {
		return invalid("", "%s has no call to hang up", n.slot)
	}
	n.modem.RemoteHangup()
	return nil
}

// DTMF makes the far end press keys: the modem reports each one as its
// DTMF detection does (SIM800 +DTMF, EC25 +QTONEDET).
func (n *Network) DTMF(digits string) error {
	if digits == "" {
		return invalid("digits", "no digits to send")
	}
	for _, d := range []byte(digits) {
		if !isDTMF(d) {
			return invalid("digits", "%q is not a DTMF key (0-9, *, #, A-D)", d)
		}
	}
	if !n.hasCall(false) {
		return invalid("", "%s has no call to send DTMF in", n.slot)
	}
	for _, d := range []byte(digits) {
		n.modem.RemoteDTMF(d)
	}
	return nil
}

func isDTMF(d byte) bool {
	return d >= '0' && d <= '9' || d == '*' || d == '#' || d >= 'A' && d <= 'D'
}

// Tone makes the far end send a test tone in the call.
func (n *Network) Tone(t ToneRequest) error {
	if !n.hasCall(false) {
		return invalid("", "%s has no call to send a tone in", n.slot)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.voice.play(t)
}

// SMSRequest is a message the network delivers to the SIM.
type SMSRequest struct {
	From string `json:"from"`
	Text string `json:"text"`
	// PartsOrder, when set, delivers the parts of a long message in this
	// order (indexes from 0; repeats deliver a part again).
	PartsOrder []int `json:"parts_order"`
}

// SMS delivers a message to the SIM.
func (n *Network) SMS(r SMSRequest) error {
	if !validNumber(r.From) {
		return invalid("from", "sender %q: want a number such as +79161234567", r.From)
	}
	if r.Text == "" {
		return invalid("text", "empty message")
	}
	if len(r.PartsOrder) == 0 {
		if err := n.modem.DeliverSMS(r.From, r.Text); err != nil {
			return invalid("text", "%v", err)
		}
		return nil
	}
	n.mu.Lock()
	n.ref = (n.ref + 1) % 256
	ref := n.ref
	n.mu.Unlock()
	parts, err := sim.EncodeDeliver(r.From, r.Text, ref)
	if err != nil {
		return invalid("text", "%v", err)
	}
	var order [][]byte
	for _, i := range r.PartsOrder {
		if i < 0 || i >= len(parts) {
			return invalid("parts_order", "part %d of a message in %d parts (indexes 0..%d)", i, len(parts), len(parts)-1)
		}
		order = append(order, parts[i])
	}
	n.modem.DeliverTPDUs(order...)
	return nil
}

// SetUSSDReply sets the network's answer to USSD requests; more keeps the
// session open (27.007 +CUSD <m>=1).
func (n *Network) SetUSSDReply(reply string, more bool) error {
	if reply == "" {
		return invalid("reply", "empty USSD reply")
	}
	if len(reply) > 182 {
		return invalid("reply", "USSD reply of %d bytes: want at most 182", len(reply))
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.ussdReply, n.ussdMore = reply, more
	return nil
}

// SetSignal sets the signal the modem reports (+CSQ rssi 0-31, or 99
// unknown).
func (n *Network) SetSignal(rssi int) error {
	if (rssi < 0 || rssi > 31) && rssi != 99 {
		return invalid("rssi", "rssi %d: want 0..31, or 99 for unknown", rssi)
	}
	n.modem.SetRSSI(rssi)
	return nil
}

// SetRegistration sets the network registration (27.007 7.2 <stat>: 0 not
// registered, 1 home, 2 searching, 3 denied, 5 roaming).
func (n *Network) SetRegistration(stat int) error {
	switch stat {
	case 0, 1, 2, 3, 5:
	default:
		return invalid("stat", "registration %d: want 0 (none), 1 (home), 2 (searching), 3 (denied) or 5 (roaming)", stat)
	}
	n.modem.SetRegistration(stat)
	return nil
}

// Ways to break a modem.
const (
	BreakHang    = "hang"    // stops answering until AT+CFUN=1,1 (or what Cure says)
	BreakOffBus  = "off_bus" // the serial port goes away (USB re-enumeration)
	BreakRecover = "recover" // a hung modem answers again by itself
)

// Cures of a hang.
var cures = map[string]sim.Cure{"": sim.CureCFUN, "cfun": sim.CureCFUN, "reset": sim.CureReset, "power": sim.CurePower}

// Break breaks the modem: how is BreakHang (cure "cfun", "reset" or
// "power" says what brings it back), BreakOffBus or BreakRecover.
func (n *Network) Break(how, cure string) error {
	switch how {
	case BreakHang:
		c, ok := cures[cure]
		if !ok {
			return invalid("cure", "cure %q: want cfun, reset or power", cure)
		}
		n.modem.Hang(c)
	case BreakOffBus:
		n.modem.DropOffBus()
	case BreakRecover:
		n.modem.Hang(0)
	default:
		return invalid("how", "break %q: want %q, %q or %q", how, BreakHang, BreakOffBus, BreakRecover)
	}
	return nil
}

func (n *Network) String() string { return fmt.Sprintf("lab network %s", n.slot) }
