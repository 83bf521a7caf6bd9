package gsm

import "fmt"

// EventKind says what an Event reports.
type EventKind int

// Event kinds.
const (
	// EventIncoming: a call comes in (RING, +CLIP). Number is the caller ID,
	// "" if withheld or not sent.
	EventIncoming EventKind = iota + 1
	// EventRing: another RING of the incoming call.
	EventRing
	// EventCallState: a call changed state, seen by +CLCC polling. Call set.
	EventCallState
	// EventHangup: the call ended from the far side or the network (NO
	// CARRIER, BUSY, NO ANSWER, or gone from +CLCC). Err says which.
	EventHangup
	// EventCallFailed: the call was lost because the modem stopped
	// answering. Err says why.
	EventCallFailed
	// EventDTMF: the modem detected a DTMF digit in the call's audio. Digit.
	EventDTMF
	// EventRegistration: the network registration changed. Reg.
	EventRegistration
	// EventSIM: the SIM state changed (+CPIN). Text, e.g. "READY".
	EventSIM
	// EventDeliveryReport: a status report for a sent SMS arrived. Report.
	EventDeliveryReport
	// EventSMSSent: a queued SMS was sent. ID, MRs.
	EventSMSSent
	// EventSMSFailed: a queued SMS was refused by the modem or network. ID, Err.
	EventSMSFailed
	// EventModemDown: the modem stopped answering; recovery starts. Err.
	EventModemDown
	// EventModemUp: the modem answers again after recovery. Text names the
	// step that brought it back.
	EventModemUp
	// EventBoot: the modem reported that it (re)started (RDY, Call Ready).
	EventBoot
	// EventUSSD: a network-initiated USSD message nobody waited for. Text.
	EventUSSD
)

func (k EventKind) String() string {
	names := [...]string{"", "incoming", "ring", "call-state", "hangup", "call-failed", "dtmf",
		"registration", "sim", "delivery-report", "sms-sent", "sms-failed", "modem-down",
		"modem-up", "boot", "ussd"}
	if k > 0 && int(k) < len(names) {
		return names[k]
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is something the modem or the supervision reports.
type Event struct {
	Kind   EventKind
	Number string         // caller ID (EventIncoming, EventRing)
	Call   Call           // EventCallState
	Digit  byte           // EventDTMF: '0'-'9', '*', '#', 'A'-'D'
	Reg    Registration   // EventRegistration
	Text   string         // EventSIM, EventModemUp, EventBoot, EventUSSD
	ID     uint64         // EventSMSSent, EventSMSFailed: QueueSMS's id
	MRs    []int          // EventSMSSent: TP-MR of each part
	Report DeliveryReport // EventDeliveryReport
	Err    error          // EventHangup, EventCallFailed, EventSMSFailed, EventModemDown
}
