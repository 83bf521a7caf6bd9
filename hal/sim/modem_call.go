package sim

import (
	"fmt"
	"strings"
	"time"
)

// ringEvery is the interval of RING for an incoming call.
const ringEvery = 5 * time.Second

// modemCall is a call as +CLCC lists it (27.007 7.18).
type modemCall struct {
	id       int
	incoming bool
	stat     int // 0 active, 2 dialing, 3 alerting, 4 incoming
	number   string
	stop     chan struct{} // ends the RING repetition of an incoming call
	began    time.Time     // when it became active
}

// ModemCall is a call the emulated modem has, for tests.
type ModemCall struct {
	ID       int
	Incoming bool
	Stat     int // +CLCC <stat>: 0 active, 2 dialing, 3 alerting, 4 incoming
	Number   string
}

// Calls returns the modem's calls.
func (m *Modem) Calls() []ModemCall {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []ModemCall
	for _, c := range m.calls {
		out = append(out, ModemCall{ID: c.id, Incoming: c.incoming, Stat: c.stat, Number: c.number})
	}
	return out
}

// DTMFSent returns the digits the driver sent with AT+VTS.
func (m *Modem) DTMFSent() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return string(m.dtmfSent)
}

// dial handles D<number>; (V.250 6.3.1; the ";" makes a voice call).
func (m *Modem) dial(arg string) (string, func()) {
	number, voice := strings.CutSuffix(arg, ";")
	if !voice {
		return "\r\nNO CARRIER\r\n", nil // data calls are not modelled
	}
	if !m.pinOK {
		return m.cme(11), nil
	}
	if st := m.stat(); st != 1 && st != 5 {
		return "\r\nNO CARRIER\r\n", nil
	}
	if len(m.calls) > 0 {
		return m.cme(3), nil
	}
	m.nextCall++
	m.calls = append(m.calls, &modemCall{id: m.nextCall, stat: 3, number: number})
	return ok(), nil
}

// answer handles A (V.250 6.3.5). The SIM7600 reports the voice channel
// with VOICE CALL: BEGIN before the OK.
func (m *Modem) answer() string {
	for _, c := range m.calls {
		if c.stat == 4 {
			c.stat, c.began = 0, time.Now()
			close(c.stop)
			if m.o.Dialect == ModemSIM7600 {
				return "\r\nVOICE CALL: BEGIN\r\n" + ok()
			}
			return ok()
		}
	}
	return "\r\nNO CARRIER\r\n"
}

// hangup handles H and +CHUP: every call ends. The SIM7600 reports the end
// of an active call with VOICE CALL: END: <duration> before the OK.
func (m *Modem) hangup() string {
	end := m.voiceCallEnd()
	m.dropCallsLocked()
	if end != "" {
		return "\r\n" + end + "\r\n" + ok()
	}
	return ok()
}

// voiceCallEnd is the SIM7600's "VOICE CALL: END: HHMMSS" for the active
// call, its duration; "" for other families or without an active call.
// The format is the one public SIM7600 traces show; the AT manual was not
// at hand. m.mu is held.
func (m *Modem) voiceCallEnd() string {
	if m.o.Dialect != ModemSIM7600 {
		return ""
	}
	for _, c := range m.calls {
		if c.stat == 0 {
			d := int(time.Since(c.began).Seconds())
			return fmt.Sprintf("VOICE CALL: END: %02d%02d%02d", d/3600, d/60%60, d%60)
		}
	}
	return ""
}

func (m *Modem) dropCallsLocked() {
	for _, c := range m.calls {
		if c.stat == 4 {
			close(c.stop)
		}
	}
	m.calls = nil
}

// clcc handles +CLCC (27.007 7.18).
func (m *Modem) clcc() string {
	var lines []string
	for _, c := range m.calls {
		typ := 129
		if strings.HasPrefix(c.number, "+") {
			typ = 145
		}
		lines = append(lines, fmt.Sprintf(`+CLCC: %d,%d,%d,0,0,"%s",%d`, c.id, b2i(c.incoming), c.stat, c.number, typ))
	}
	return ok(lines...)
}

// vts handles +VTS=<dtmf> (27.007 C.11) in an active call.
func (m *Modem) vts(args string) string {
	d := strings.Trim(args, `"`)
	if len(d) != 1 || !strings.Contains("0123456789*#ABCD", d) {
		return m.cme(4)
	}
	for _, c := range m.calls {
		if c.stat == 0 {
			m.dtmfSent = append(m.dtmfSent, d[0])
			return ok()
		}
	}
	return m.cme(3)
}

// IncomingCall makes the network call the modem from number ("" withheld):
// RING, then +CLIP when the driver turned it on, repeated every 5 s until
// answered or ended.
func (m *Modem) IncomingCall(number string) {
	m.mu.Lock()
	m.nextCall++
	c := &modemCall{id: m.nextCall, incoming: true, stat: 4, number: number, stop: make(chan struct{})}
	m.calls = append(m.calls, c)
	m.mu.Unlock()
	m.ring(c)
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		t := time.NewTicker(ringEvery)
		defer t.Stop()
		for {
			select {
			case <-m.done:
				return
			case <-c.stop:
				return
			case <-t.C:
				m.ring(c)
			}
		}
	}()
}

// ring sends RING and +CLIP (27.007 7.6: +CLIP: <number>,<type>[,...]).
func (m *Modem) ring(c *modemCall) {
	m.mu.Lock()
	clip, ec25 := m.st.clip, m.o.Dialect == ModemEC25
	m.mu.Unlock()
	lines := []string{"RING"}
	if clip {
		typ := 129
		if strings.HasPrefix(c.number, "+") {
			typ = 145
		}
		if ec25 {
			lines = append(lines, fmt.Sprintf(`+CLIP: "%s",%d,,,,0`, c.number, typ))
		} else {
			lines = append(lines, fmt.Sprintf(`+CLIP: "%s",%d,"",0,"",0`, c.number, typ))
		}
	}
	m.urc(lines...)
}

// RemoteAnswer makes the called party answer the outgoing call; the
// SIM7600 reports it with VOICE CALL: BEGIN.
func (m *Modem) RemoteAnswer() {
	m.mu.Lock()
	answered := false
	for _, c := range m.calls {
		if !c.incoming && c.stat != 0 {
			c.stat, c.began, answered = 0, time.Now(), true
		}
	}
	sim7600 := m.o.Dialect == ModemSIM7600
	m.mu.Unlock()
	if answered && sim7600 {
		m.urc("VOICE CALL: BEGIN")
	}
}

// RemoteHangup makes the far end hang up: the calls end with NO CARRIER.
func (m *Modem) RemoteHangup() { m.remoteEnd("NO CARRIER") }

// RemoteBusy makes the called party busy: the call ends with BUSY.
func (m *Modem) RemoteBusy() { m.remoteEnd("BUSY") }

// remoteEnd ends the calls from the network's side. The SIM7600 reports an
// active call's end as VOICE CALL: END: <duration> and an unanswered
// incoming call as MISSED_CALL: <time> <number> (as public SIM7600 traces
// show), the others with code.
func (m *Modem) remoteEnd(code string) {
	m.mu.Lock()
	had := len(m.calls) > 0
	if m.o.Dialect == ModemSIM7600 {
		if end := m.voiceCallEnd(); end != "" {
			code = end
		} else if len(m.calls) == 1 && m.calls[0].stat == 4 {
			code = "MISSED_CALL: " + time.Now().Format("03:04PM") + " " + m.calls[0].number
		}
	}
	m.dropCallsLocked()
	m.mu.Unlock()
	if had {
		m.urc(code)
	}
}

// RemoteDTMF makes the far end press a key; with detection on the modem
// reports it (SIM800 +DTMF: <key>, EC25 +QTONEDET: <ASCII code>).
func (m *Modem) RemoteDTMF(key byte) {
	m.mu.Lock()
	on, ec25 := m.st.dtmfDet, m.o.Dialect == ModemEC25
	m.mu.Unlock()
	if !on {
		return
	}
	if ec25 {
		m.urc(fmt.Sprintf("+QTONEDET: %d", key))
	} else {
		m.urc(fmt.Sprintf("+DTMF: %c", key))
	}
}
