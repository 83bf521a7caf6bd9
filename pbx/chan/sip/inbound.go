package sip

import (
	"context"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/call"
)

// onInvite takes a new INVITE (RFC 3261 section 13.3.1): it finds who
// calls (a trunk's provider, or a phone that proves itself with digest
// credentials), negotiates the media offer, and hands the leg to the
// switch.
func (c *Channel) onInvite(req *sip.Request, tx *sip.ServerTx) {
	if c.calls.Load() >= int64(c.o.MaxCalls) {
		c.disp.reject(job{req: req, tx: tx})
		return
	}
	var offer []byte
	if hasSDP(req) {
		offer = req.Body()
		if err := checkSDP(offer); err != nil {
			c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusBadRequest, "Bad SDP", nil))
			return
		}
	}
	var (
		channel, called string
		caller          call.Party
		tr              *trunk
	)
	if tr = c.trunkOf(req.Source()); tr != nil {
		if !tr.acquire() {
			c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusServiceUnavailable, "All Trunk Channels Busy", nil))
			return
		}
		channel, called, caller = "trunk/"+tr.cfg.Name, didOf(req, tr), partyOf(req)
	} else {
		dev, res := c.reg.Authenticate(req)
		if res != nil {
			c.respond(tx, res)
			return
		}
		channel, called = "sip/"+dev.Extension, req.Recipient.User
		caller = call.Party{Number: dev.Extension, Name: dev.Name}
	}
	release := func() {
		if tr != nil {
			tr.release()
		}
	}

	m, err := c.o.Media()
	if err != nil {
		release()
		c.log.Warn("sip: no media session for an inbound call", "err", err)
		c.disp.reject(job{req: req, tx: tx})
		return
	}
	var sdp []byte
	if offer != nil {
		if sdp, err = m.Answer(offer); err != nil {
			m.Close()
			release()
			c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusNotAcceptableHere, "Not Acceptable Here", nil))
			return
		}
	} else {
		sdp = m.Offer()
	}

	l := newLeg(c, channel, caller, true, m)
	l.trunk, l.invite, l.tx, l.sdp, l.delayed = tr, req, tx, sdp, offer == nil
	l.state = stateOffered
	l.dlg = uasDialog(req, sip.GenerateTagN(16))
	l.dlg.localName = ""
	l.cseq = req.CSeq().SeqNo
	c.calls.Add(1)
	c.dialogs.Set(l.dlg.key(), l)
	c.offers.Set(dialogKey(l.dlg.callID, l.dlg.remoteTag), l)
	l.watchMedia()

	// A CANCEL ends the leg; sipgo has answered it with 200 and the INVITE
	// with 487 (section 9.2). The hooks find the leg by its dialog key
	// rather than hold it: sipgo keeps an answered INVITE's transaction
	// for Timer L (64*T1, RFC 6026 section 7.1), and a leg held that long
	// keeps its media session too.
	key := l.dlg.key()
	tx.OnCancel(func(*sip.Request) {
		if l, ok := c.dialogs.Get(key); ok {
			go l.cancelled()
		}
	})
	tx.OnTerminate(func(string, error) {
		if l, ok := c.dialogs.Get(key); ok {
			go l.inviteGone()
		}
	})
	l.mu.Lock()
	trying := l.responseLocked(sip.StatusTrying, "Trying", nil)
	l.mu.Unlock()
	c.respond(tx, trying)
	go c.sw.Incoming(l, called)
}

// trunkOf returns the trunk a request from source comes from, if any: a
// provider's exact address, unless a registered phone uses it, then a
// provider's host.
func (c *Channel) trunkOf(source string) *trunk {
	ts := c.trunks.list()
	for _, t := range ts {
		if t.cfg.Enabled && source == hostPort(t.cfg.Host, t.cfg.Port) {
			return t
		}
	}
	t := c.trunks.from(source)
	if t != nil && c.reg.HasSource(source) {
		return nil // a phone on the provider's host (loopback tests, a provider's own phones)
	}
	return t
}

// didOf returns the number a provider's INVITE is for: the Request-URI's
// user, unless that is the trunk's own account (providers that send calls
// to the registered contact), then the To user.
func didOf(req *sip.Request, t *trunk) string {
	if u := req.Recipient.User; u != "" && u != t.cfg.Username {
		return u
	}
	return req.To().Address.User
}

// partyOf reads the caller from an INVITE: P-Asserted-Identity (RFC
// 3325) when present, else From; Privacy: id (RFC 3323) restricts it.
func partyOf(req *sip.Request) call.Party {
	p := call.Party{Number: req.From().Address.User, Name: req.From().DisplayName}
	if h := req.GetHeader("P-Asserted-Identity"); h != nil {
		var u sip.Uri
		var params sip.HeaderParams
		if name, err := sip.ParseAddressValue(h.Value(), &u, &params); err == nil {
			p.Number = u.User
			if name != "" {
				p.Name = name
			}
		}
	}
	if h := req.GetHeader("Privacy"); h != nil && strings.Contains(strings.ToLower(h.Value()), "id") {
		p.Restricted = true
	}
	if strings.EqualFold(p.Number, "anonymous") {
		p.Number, p.Restricted = "", true
	}
	return p
}

// responseLocked builds a response to the leg's INVITE with its To tag,
// Contact and, for 183 and 2xx, its SDP. l.mu is held.
func (l *leg) responseLocked(code int, reason string, body []byte) *sip.Response {
	res := sip.NewResponseFromRequest(l.invite, code, reason, nil)
	if code != sip.StatusTrying {
		res.To().Params.Add("tag", l.dlg.localTag)
	}
	if code > 100 && code < 300 {
		res.AppendHeader(l.c.contactHeader("", l.invite.Transport()))
		res.AppendHeader(sip.NewHeader("Allow", allowed))
	}
	if body != nil {
		res.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
		res.SetBody(body)
	}
	return res
}

// Progress implements call.Leg: 180 Ringing, or 183 Session Progress with
// the SDP answer, for early media or the box's in-band ringback (RFC 3261
// section 13.3.1.1, RFC 3960; ringback.go says which a caller gets).
func (l *leg) Progress(ctx context.Context, early bool) error {
	l.mu.Lock()
	if l.state == stateEnded {
		l.mu.Unlock()
		return call.ErrLegEnded
	}
	if l.state != stateOffered {
		l.mu.Unlock()
		return nil
	}
	if early {
		wait := l.stopRingbackLocked()
		defer wait()
	}
	var res *sip.Response
	switch {
	case (early || l.inbandRingback()) && !l.delayed:
		if !l.sent183 {
			res = l.responseLocked(sip.StatusSessionInProgress, "Session Progress", l.sdp)
			l.sent183 = true
		}
		if !early {
			l.startRingbackLocked(l.c.conf.Load().ringback)
		}
	default:
		res = l.responseLocked(sip.StatusRinging, "Ringing", nil)
	}
	tx := l.tx
	l.mu.Unlock()
	if res == nil {
		return nil
	}
	return tx.Respond(res)
}

// Answer implements call.Leg: 200 OK with the SDP (section 13.3.1.4),
// retransmitted until the ACK.
func (l *leg) Answer(ctx context.Context) error {
	l.mu.Lock()
	switch l.state {
	case stateEnded:
		l.mu.Unlock()
		return call.ErrLegEnded
	case stateOffered:
	default:
		l.mu.Unlock()
		return nil
	}
	if l.ring != nil { // the switch's audio follows the answer: the ringback stops first
		wait := l.stopRingbackLocked()
		l.mu.Unlock()
		wait()
		return l.Answer(ctx)
	}
	defer l.mu.Unlock()
	res := l.responseLocked(sip.StatusOK, "OK", l.sdp)
	res.AppendHeader(sip.NewHeader("Server", l.c.o.UserAgent))
	if err := l.tx.Respond(res); err != nil {
		return err
	}
	l.state = stateAnswered
	l.media.Start()
	l.retransmitLocked(l.tx, res)
	return nil
}

// retransmitLocked sends res, the 2xx to the INVITE of tx, again, T1
// doubling to T2, until the ACK arrives or 64*T1 passed (section
// 13.3.1.4); over TCP the transport is reliable and the timer only waits
// for the ACK. l.mu is held.
func (l *leg) retransmitLocked(tx *sip.ServerTx, res *sip.Response) {
	l.ok, l.okTx, l.okSince, l.okEvery = res, tx, time.Now(), sip.T1
	reliable := sip.IsReliable(res.Transport())
	var tick func()
	tick = func() {
		l.mu.Lock()
		if l.ok != res || l.state == stateEnded {
			l.mu.Unlock()
			return
		}
		if time.Since(l.okSince) >= 64*sip.T1 {
			l.mu.Unlock()
			l.c.log.Info("sip: no ACK for 200 OK; hanging up", "leg", l.id)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			l.Hangup(ctx, call.CauseNormal)
			return
		}
		if !reliable {
			if err := l.c.tpl.WriteMsg(res); err != nil {
				l.c.log.Debug("sip: 2xx retransmission", "leg", l.id, "err", err)
			}
			l.okEvery = min(2*l.okEvery, sip.T2)
		} else {
			l.okEvery = 64 * sip.T1
		}
		l.okTimer.Reset(l.okEvery)
		l.mu.Unlock()
	}
	if l.okTimer == nil {
		l.okTimer = time.AfterFunc(l.okEvery, tick)
	} else {
		l.okTimer.Stop()
		l.okTimer = time.AfterFunc(l.okEvery, tick)
	}
}

// onAck confirms the dialog (section 13.3.1.4) and takes the answer an
// INVITE without an offer gets in the ACK.
//
// It also ends the INVITE's server transaction, which sipgo would keep
// for Timer L (64*T1, RFC 6026 section 7.1) with the INVITE and the 2xx:
// the UAS core, not the transaction, retransmits the 2xx, and the ACK
// proves the caller has it, so what is left for the transaction is to
// absorb INVITE retransmissions still in flight, which retransmittedInvite
// does from the leg's own state.
func (l *leg) onAck(req *sip.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ok == nil || req.CSeq().SeqNo != l.ok.CSeq().SeqNo {
		return
	}
	if tx := l.okTx; tx != nil {
		defer tx.Terminate() // after l.mu: its hooks look the leg up
	}
	l.ok, l.okTx = nil, nil
	if l.state == stateAnswered {
		l.invite, l.tx = nil, nil // answered: no more responses to the INVITE
	}
	l.okTimer.Stop()
	delayed := l.delayed || l.reinvite && l.sdp == nil
	if delayed && hasSDP(req) {
		if err := l.media.SetRemote(req.Body()); err != nil {
			l.c.log.Info("sip: bad SDP answer in ACK", "leg", l.id, "err", err)
		}
	}
	l.delayed, l.reinvite = false, false
	if l.state == stateAnswered {
		l.state = stateConfirmed
	}
}

// cancelled ends an unanswered inbound leg whose caller sent CANCEL.
func (l *leg) cancelled() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state == stateOffered {
		l.endLocked(call.CauseNormal)
	}
}

// inviteGone ends an unanswered inbound leg whose INVITE transaction ended
// without a final response (transport error, shutdown).
func (l *leg) inviteGone() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state == stateOffered {
		l.endLocked(call.CauseNormal)
	}
}

// retransmittedInvite reports whether req, an INVITE outside a dialog,
// repeats the INVITE of a leg in progress (its Call-ID and From tag, a
// CSeq number not above it): a retransmission that arrives after the ACK
// ended the INVITE's transaction (see onAck), or the challenged INVITE
// before it. It is dropped: the caller has its answer.
func (c *Channel) retransmittedInvite(req *sip.Request) bool {
	tag, _ := req.From().Params.Get("tag")
	l, ok := c.offers.Get(dialogKey(req.CallID().Value(), tag))
	return ok && req.CSeq().SeqNo <= l.cseq
}
