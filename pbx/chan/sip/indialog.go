package sip

import (
	"bytes"
	"strings"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/call"
)

// onRequest handles a request inside the leg's dialog (RFC 3261 section
// 12.2.2): BYE, re-INVITE, INFO, REFER, OPTIONS and NOTIFY.
func (l *leg) onRequest(req *sip.Request, tx *sip.ServerTx) {
	c := l.c
	l.mu.Lock()
	if l.dlg == nil || l.state == stateEnded {
		l.mu.Unlock()
		c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist", nil))
		return
	}
	// 12.2.2: a request with a lower CSeq than the last is out of order.
	if n := req.CSeq().SeqNo; n < l.dlg.remoteCSeq && !req.IsAck() {
		l.mu.Unlock()
		c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusInternalServerError, "CSeq Out Of Order", nil))
		return
	} else {
		l.dlg.remoteCSeq = n
	}
	if req.Source() != "" && req.Transport() == "UDP" && len(l.dlg.routes) == 0 {
		l.dlg.addr = req.Source() // follow a phone whose NAT binding moved
	}
	l.mu.Unlock()

	switch req.Method {
	case sip.BYE:
		l.onBye(req, tx)
	case sip.INVITE:
		l.onReinvite(req, tx)
	case sip.INFO:
		l.onInfo(req, tx)
	case sip.REFER:
		l.onRefer(req, tx)
	case sip.OPTIONS, sip.NOTIFY:
		c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusOK, "OK", nil))
	default:
		res := sip.NewResponseFromRequest(req, sip.StatusMethodNotAllowed, "Method Not Allowed", nil)
		res.AppendHeader(sip.NewHeader("Allow", allowed))
		c.respond(tx, res)
	}
}

// onBye ends the leg at the peer's request (section 15.1.2). A BYE that
// overtakes the ACK (they are handled in parallel) also proves the peer
// has our 2xx, so it ends the INVITE's transaction as the ACK would.
func (l *leg) onBye(req *sip.Request, tx *sip.ServerTx) {
	l.mu.Lock()
	if l.state == stateAnswered || l.state == stateConfirmed {
		l.endLocked(call.CauseNormal)
	}
	okTx := l.okTx
	l.okTx = nil
	l.mu.Unlock()
	if okTx != nil {
		okTx.Terminate()
	}
	l.c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusOK, "OK", nil))
}

// onReinvite handles a re-INVITE (section 14.2): hold with a=sendonly,
// a=inactive or c=0.0.0.0, and resume, go to the media session, which
// answers; a re-INVITE without an offer gets ours, answered in the ACK.
// A phone that puts the call on hold or takes it back is reported to the
// switch as EventFlash, as an analog phone's hook flash is: the dial plan
// then plays music on hold to the other party until the next one (RFC
// 3264 section 8.4, RFC 6337 section 5).
func (l *leg) onReinvite(req *sip.Request, tx *sip.ServerTx) {
	l.mu.Lock()
	if l.state != stateConfirmed || l.ok != nil {
		// 14.2: a re-INVITE while one is pending gets 500 with Retry-After.
		l.mu.Unlock()
		res := sip.NewResponseFromRequest(req, sip.StatusInternalServerError, "Pending Re-INVITE", nil)
		res.AppendHeader(sip.NewHeader("Retry-After", "1"))
		l.c.respond(tx, res)
		return
	}
	var sdp []byte
	var err error
	held := l.media.RemoteHolds()
	if hasSDP(req) {
		if err = checkSDP(req.Body()); err == nil {
			sdp, err = l.media.Answer(req.Body())
		}
	} else {
		sdp = l.media.Offer()
	}
	if err != nil {
		l.mu.Unlock()
		l.c.log.Info("sip: re-INVITE refused", "leg", l.id, "err", err)
		l.c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusNotAcceptableHere, "Not Acceptable Here", nil))
		return
	}
	if c := req.Contact(); c != nil {
		l.dlg.target = c.Address // 12.2.2: a target refresh
	}
	if l.media.RemoteHolds() != held {
		l.emit(call.Event{Kind: call.EventFlash})
	}
	res := sip.NewResponseFromRequest(req, sip.StatusOK, "OK", sdp)
	res.AppendHeader(l.c.contactHeader("", req.Transport()))
	res.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
	res.AppendHeader(sip.NewHeader("Server", l.c.o.UserAgent))
	l.reinvite = true
	l.delayed = !hasSDP(req)
	if err := tx.Respond(res); err != nil {
		l.c.log.Debug("sip: re-INVITE 200", "leg", l.id, "err", err)
	}
	l.retransmitLocked(tx, res)
	l.mu.Unlock()
	tx.TerminateGracefully()
}

// onInfo takes DTMF sent as SIP INFO: application/dtmf-relay ("Signal=5")
// and application/dtmf ("5"), the two forms phones use.
func (l *leg) onInfo(req *sip.Request, tx *sip.ServerTx) {
	ct := ""
	if h := req.ContentType(); h != nil {
		ct = strings.ToLower(h.Value())
	}
	body := req.Body()
	var d byte
	switch {
	case strings.HasPrefix(ct, "application/dtmf-relay"):
		for _, line := range bytes.Split(body, []byte("\n")) {
			k, v, ok := bytes.Cut(line, []byte("="))
			if ok && strings.EqualFold(strings.TrimSpace(string(k)), "signal") {
				d = dtmfDigit(strings.TrimSpace(string(v)))
			}
		}
	case strings.HasPrefix(ct, "application/dtmf"):
		d = dtmfDigit(strings.TrimSpace(string(body)))
	}
	if d != 0 {
		l.digit(d)
	}
	l.c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusOK, "OK", nil))
}

// dtmfDigit returns the digit s names ("0"-"9", "*", "#", "A"-"D", or the
// RFC 4733 event numbers 10 and 11 for * and #), or 0.
func dtmfDigit(s string) byte {
	switch s {
	case "10":
		return '*'
	case "11":
		return '#'
	}
	if len(s) != 1 {
		return 0
	}
	d := s[0]
	switch {
	case d >= '0' && d <= '9', d == '*', d == '#':
		return d
	case d >= 'A' && d <= 'D':
		return d
	case d >= 'a' && d <= 'd':
		return d - 'a' + 'A'
	}
	return 0
}

// transferReplaced reports on the leg an attended transfer that replaces
// its dialog, if the dialog is confirmed.
func (l *leg) transferReplaced(ev call.Event) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state != stateConfirmed {
		return false
	}
	ev.Replaces = l.id
	l.emit(ev)
	return true
}

// onStray2xx answers a 2xx retransmission that arrives after the INVITE
// client transaction ended (section 13.2.2.4): the ACK is sent again; a
// fork that lost the race is ended with BYE.
func (l *leg) onStray2xx(res *sip.Response) {
	l.mu.Lock()
	var f *fork
	for _, x := range l.forks {
		if x.callID == res.CallID().Value() {
			f = x
		}
	}
	l.mu.Unlock()
	if f != nil {
		f.onResponse(res)
	}
}
