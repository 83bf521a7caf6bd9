package sip

import (
	"context"
	"fmt"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/call"
)

const (
	// referExpires is the lifetime, in seconds, the first NOTIFY of a
	// REFER gives its subscription (RFC 3515 section 2.4.4, RFC 6665
	// section 4.2.2): longer than any transfer target rings.
	referExpires = 300
	// notifyTimeout bounds one NOTIFY's transaction: Timer F, 64*T1.
	notifyTimeout = 32 * time.Second
)

// referSub is the implicit subscription a REFER creates (RFC 3515 section
// 2.4.4): the transferor is told at once that the transfer is tried (a
// NOTIFY of "100 Trying", the subscription active), and then how it ended
// (the final status, with which the subscription terminates), once the
// switch reports it (call.TransferReporter).
type referSub struct {
	outcome  chan int      // the final status of the transfer; holds one
	reported bool          // an outcome went to outcome; guarded by the leg's mu
	done     chan struct{} // closed once the NOTIFYs are over
}

// onRefer takes a transfer request (RFC 3515): the Refer-To's user goes to
// the switch as EventTransfer, the REFER is accepted with 202, and the
// REFER's subscription reports the transfer's progress (referSub). A
// Refer-To with Replaces (RFC 3891) is an attended transfer: the phone
// joins this call's other party with the one it talks to in another
// dialog with the box, so both legs report the transfer, naming the other
// dialog's leg (RFC 5589 section 7); a dialog that does not exist gets
// 481. A REFER while the last one's outcome is pending gets 491.
func (l *leg) onRefer(req *sip.Request, tx *sip.ServerTx) {
	rt := req.ReferTo()
	if rt == nil || rt.Address.User == "" {
		l.c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusBadRequest, "Bad Refer-To", nil))
		return
	}
	ev := call.Event{Kind: call.EventTransfer, Target: rt.Address.User}
	switch r, has, err := parseReplaces(rt.Value()); {
	case err != nil:
		l.c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusBadRequest, "Bad Replaces in Refer-To", nil))
		return
	case has:
		other := l.c.replacedLeg(r)
		if other == nil || other == l || !other.transferReplaced(ev) {
			l.c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusCallTransactionDoesNotExists, "Replaced Dialog Does Not Exist", nil))
			return
		}
		ev.Replaces = other.id
	}
	l.mu.Lock()
	switch {
	case l.state != stateConfirmed:
		l.mu.Unlock()
		l.c.respond(tx, sip.NewResponseFromRequest(req, 603, "Decline", nil))
		return
	case l.refer != nil:
		l.mu.Unlock()
		l.c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusRequestPending, "Request Pending", nil))
		return
	}
	sub := &referSub{outcome: make(chan int, 1), done: make(chan struct{})}
	l.refer, l.notified = sub, sub.done
	trying := l.notifyLocked(100, "active;expires="+fmt.Sprint(referExpires))
	l.emit(ev)
	l.mu.Unlock()
	l.c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusAccepted, "Accepted", nil))
	go l.runRefer(sub, trying)
}

// TransferDone implements call.TransferReporter: the REFER's final NOTIFY
// carries 200 OK for a transfer done, else the status that refuses a call
// for cause (486 Busy Here, 480, 404 Not Found, 403 Forbidden, ...).
func (l *leg) TransferDone(cause call.Cause) {
	code := sip.StatusOK
	if cause != 0 {
		code, _, _ = response(cause)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reportLocked(code)
}

// reportLocked hands the pending REFER its final status, once. l.mu is
// held.
func (l *leg) reportLocked(code int) {
	if sub := l.refer; sub != nil && !sub.reported {
		sub.reported = true
		sub.outcome <- code
	}
}

// runRefer sends the REFER's NOTIFYs in order: trying, and then the final
// status once reported. A leg the phone hung up (BYE) ends the
// subscription with its dialog, without a final NOTIFY.
func (l *leg) runRefer(sub *referSub, trying *sip.Request) {
	defer func() {
		l.mu.Lock()
		if l.refer == sub {
			l.refer = nil
		}
		l.mu.Unlock()
		close(sub.done)
	}()
	l.sendNotify(trying)
	var code int
	select {
	case code = <-sub.outcome:
	case <-l.done:
		select {
		case code = <-sub.outcome: // reported as the leg was hung up
		default:
			return
		}
	}
	l.mu.Lock()
	final := l.notifyLocked(code, "terminated;reason=noresource")
	l.mu.Unlock()
	l.sendNotify(final)
}

// notifyLocked builds a NOTIFY of the REFER's subscription whose
// message/sipfrag body is the status line for code (RFC 3515 section
// 2.4.5). l.mu is held: the dialog's CSeq moves on.
func (l *leg) notifyLocked(code int, state string) *sip.Request {
	n := l.c.request(l.dlg, sip.NOTIFY, 0)
	n.AppendHeader(sip.NewHeader("Event", "refer"))
	n.AppendHeader(sip.NewHeader("Subscription-State", state))
	n.AppendHeader(sip.NewHeader("Content-Type", "message/sipfrag;version=2.0"))
	n.AppendHeader(l.c.contactHeader("", l.dlg.transport))
	n.SetBody(fmt.Appendf(nil, "SIP/2.0 %d %s\r\n", code, sipfragReason(code)))
	return n
}

// sendNotify sends n and waits for its final response.
func (l *leg) sendNotify(n *sip.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
	defer cancel()
	if _, err := l.c.do(ctx, n); err != nil {
		l.c.log.Debug("sip: refer NOTIFY", "leg", l.id, "err", err)
	}
}

// sipfragReason is the reason phrase of a NOTIFY's status line.
func sipfragReason(code int) string {
	switch code {
	case 100:
		return "Trying"
	case sip.StatusOK:
		return "OK"
	case sip.StatusBusyHere:
		return "Busy Here"
	case sip.StatusTemporarilyUnavailable:
		return "Temporarily Unavailable"
	case sip.StatusNotFound:
		return "Not Found"
	case sip.StatusForbidden:
		return "Forbidden"
	case sip.StatusServiceUnavailable:
		return "Service Unavailable"
	case sip.StatusRequestTerminated:
		return "Request Terminated"
	}
	return "Failed"
}
