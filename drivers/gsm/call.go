package gsm

import (
	"context"
	"fmt"
	"strings"
)

// CallState is the <stat> of +CLCC (27.007 7.18).
type CallState int

// Call states.
const (
	CallActive   CallState = 0
	CallHeld     CallState = 1
	CallDialing  CallState = 2 // outgoing, not yet alerting
	CallAlerting CallState = 3 // outgoing, the far end rings
	CallIncoming CallState = 4
	CallWaiting  CallState = 5
)

func (s CallState) String() string {
	names := [...]string{"active", "held", "dialing", "alerting", "incoming", "waiting"}
	if s >= 0 && int(s) < len(names) {
		return names[s]
	}
	return fmt.Sprintf("CallState(%d)", int(s))
}

// Call is one line of +CLCC.
type Call struct {
	ID       int // <idx>
	Incoming bool
	State    CallState
	Number   string
}

// callTrack is what the Dev knows about calls between +CLCC polls. Guarded
// by Dev.mu.
type callTrack struct {
	inCall    bool   // a call is being set up, rings or is up
	up        bool   // a call is active (answered)
	rings     int    // RINGs of the incoming call
	announced bool   // EventIncoming sent for it
	number    string // caller ID of the incoming call
	last      []Call // last +CLCC
}

// Dial places a voice call (ATD<number>; V.250 6.3.1, the ";" makes it a
// voice call, 27.007 6.2). It returns once the modem accepted it; progress
// comes as EventCallState and EventHangup.
func (d *Dev) Dial(ctx context.Context, number string) error {
	if number == "" || len(number) > 40 || strings.Trim(number, "+0123456789*#") != "" {
		return fmt.Errorf("gsm: dial %q: use digits, *, # and a leading +", number)
	}
	if !d.isUp() {
		return ErrModemDown
	}
	d.mu.Lock()
	d.call = callTrack{inCall: true}
	d.mu.Unlock()
	d.voiceBeforeCall(ctx)
	_, err := d.eng.exec(ctx, command{line: "ATD" + number + ";", dial: true}, nil, 2*d.o.CommandTimeout)
	if err != nil {
		d.mu.Lock()
		d.call = callTrack{}
		d.mu.Unlock()
		d.kickVoice()
		return err
	}
	d.kickCall()
	return nil
}

// Answer takes the incoming call (ATA, V.250 6.3.5).
func (d *Dev) Answer(ctx context.Context) error {
	d.voiceBeforeCall(ctx)
	_, err := d.eng.exec(ctx, command{line: "ATA", dial: true}, nil, 2*d.o.CommandTimeout)
	if err == nil {
		d.mu.Lock()
		d.call.inCall, d.call.up = true, true
		d.call.rings = 0
		d.mu.Unlock()
		d.kickCall()
	}
	d.kickVoice()
	return err
}

// Hangup ends every call (ATH or AT+CHUP, see Dialect).
//
// The call is forgotten before the command goes out, so the end a SIM7600
// reports before its OK (VOICE CALL: END) is not taken for the far end
// hanging up; if the command fails, the call is tracked again.
func (d *Dev) Hangup(ctx context.Context) error {
	d.mu.Lock()
	was := d.call
	d.call = callTrack{}
	d.mu.Unlock()
	_, err := d.at(ctx, d.Info().Dialect.hangupCommand())
	if err != nil {
		d.mu.Lock()
		if !d.call.inCall {
			d.call = was
		}
		d.mu.Unlock()
	}
	d.kickVoice()
	return err
}

// SendDTMF plays digits into the call, one AT+VTS per digit (27.007 C.11).
func (d *Dev) SendDTMF(ctx context.Context, digits string) error {
	for _, c := range digits {
		if !strings.ContainsRune("0123456789*#ABCD", c) {
			return fmt.Errorf("gsm: DTMF %q: use 0-9, *, #, A-D", c)
		}
		if _, err := d.at(ctx, "AT+VTS="+string(c)); err != nil {
			return err
		}
	}
	return nil
}

// Calls lists the calls (AT+CLCC, 27.007 7.18).
func (d *Dev) Calls(ctx context.Context) ([]Call, error) {
	lines, err := d.at(ctx, "AT+CLCC")
	if err != nil {
		return nil, err
	}
	var calls []Call
	for _, l := range lines {
		if c, ok := parseCLCC(l); ok {
			calls = append(calls, c)
		}
	}
	return calls, nil
}

// parseCLCC parses "+CLCC: <idx>,<dir>,<stat>,<mode>,<mpty>[,<number>,<type>[,<alpha>]]".
func parseCLCC(l string) (Call, bool) {
	if !strings.HasPrefix(l, "+CLCC:") {
		return Call{}, false
	}
	p := params(l)
	id, ok1 := atoi(param(p, 0))
	dir, ok2 := atoi(param(p, 1))
	st, ok3 := atoi(param(p, 2))
	if !ok1 || !ok2 || !ok3 {
		return Call{}, false
	}
	return Call{ID: id, Incoming: dir == 1, State: CallState(st), Number: param(p, 5)}, true
}

// pollCalls runs AT+CLCC while a call is up, reports state changes, and a
// hangup when the call is gone. It is the heartbeat during calls.
func (d *Dev) pollCalls(ctx context.Context) error {
	calls, err := d.Calls(ctx)
	if err != nil {
		return err
	}
	d.mu.Lock()
	prev := d.call.last
	d.call.last = calls
	gone := len(calls) == 0 && d.call.inCall
	if gone {
		d.call = callTrack{}
	}
	for _, c := range calls {
		if c.State == CallActive {
			d.call.up = true
		}
	}
	d.mu.Unlock()
	d.kickVoice()
	for _, c := range calls {
		changed := true
		for _, p := range prev {
			if p.ID == c.ID && p.State == c.State {
				changed = false
			}
		}
		if changed {
			d.emit(Event{Kind: EventCallState, Call: c, Number: c.Number})
		}
	}
	if gone {
		d.emit(Event{Kind: EventHangup, Err: ErrNoCarrier})
	}
	return nil
}

func (d *Dev) inCall() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.call.inCall
}

// onRing handles RING/+CRING (V.250; 27.007 6.11): the first RING without a
// +CLIP waits for it; a second RING without one announces the call with no
// number.
func (d *Dev) onRing() {
	d.mu.Lock()
	d.call.inCall = true
	d.call.rings++
	ev := Event{Kind: EventRing, Number: d.call.number}
	send := d.call.announced
	if !d.call.announced && d.call.rings >= 2 {
		d.call.announced = true
		ev.Kind, send = EventIncoming, true
	}
	d.mu.Unlock()
	if send {
		d.emit(ev)
	}
}

// onCLIP handles "+CLIP: <number>,<type>[,...]" (27.007 7.6).
func (d *Dev) onCLIP(line string) {
	number := param(params(line), 0)
	d.mu.Lock()
	d.call.inCall = true
	d.call.number = number
	first := !d.call.announced
	d.call.announced = true
	d.mu.Unlock()
	if first {
		d.emit(Event{Kind: EventIncoming, Number: number})
	}
}

// onCallEnd handles NO CARRIER, BUSY, NO ANSWER arriving unsolicited.
func (d *Dev) onCallEnd(cause error) {
	d.mu.Lock()
	was := d.call.inCall
	d.call = callTrack{}
	d.mu.Unlock()
	d.kickVoice()
	if was {
		d.emit(Event{Kind: EventHangup, Err: cause})
	}
}

// failCalls reports the calls in flight lost (the modem stopped answering).
func (d *Dev) failCalls(cause error) {
	d.mu.Lock()
	was := d.call.inCall
	d.call = callTrack{}
	d.mu.Unlock()
	d.kickVoice()
	if was {
		d.emit(Event{Kind: EventCallFailed, Err: fmt.Errorf("gsm: call lost: %w", cause)})
	}
}
