package sip

import (
	"context"
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/call"
)

// fork is one INVITE of an outbound leg: the leg rings every contact of an
// extension at once (RFC 3261 section 13.2.2.4's forking, done by the
// B2BUA itself), and the first 2xx wins.
type fork struct {
	l      *leg
	callID string
	tag    string
	invite *sip.Request
	tx     *sip.ClientTx
	dlg    *dialog

	// auth answers a 401 or 407 to the INVITE once (a trunk's provider
	// challenging the box, RFC 3261 section 22.2); nil for phones.
	auth func(res *sip.Response, req *sip.Request) (sip.Header, error)

	mu         sync.Mutex
	authed     bool
	provisonal bool // a 1xx arrived, so CANCEL may be sent (9.1)
	cancelWant bool // cancel once a 1xx arrives
	final      bool
	acked      *sip.Request // the ACK of its 2xx, sent again on retransmissions
}

// dialOut builds the leg and starts one fork per target. A fork whose
// INVITE cannot be sent ends at once; when none can, the leg ends
// Unavailable. It owns tr's channel slot, which the caller acquired.
func (c *Channel) dialOut(ctx context.Context, channel string, remote call.Party, from call.Party, fromHost string, to sip.Uri, targets []target, tr *trunk, edit func(*sip.Request)) (call.Leg, error) {
	release := func() {
		if tr != nil {
			tr.release()
		}
	}
	if c.calls.Load() >= int64(c.o.MaxCalls) {
		release()
		return nil, call.CauseCongestion
	}
	m, err := c.o.Media()
	if err != nil {
		release()
		c.log.Warn("sip: no media session for an outbound call", "err", err)
		return nil, call.CauseCongestion
	}
	l := newLeg(c, channel, remote, false, m)
	l.trunk = tr
	l.state = stateCalling
	l.answered = make(chan struct{})
	c.calls.Add(1)
	l.watchMedia()
	m.Prefer(call.CallerCodec(ctx))
	offer := m.Offer()

	fromURI := sip.Uri{Scheme: "sip", User: from.Number, Host: fromHost}
	name := from.Name
	if from.Restricted || from.Number == "" {
		fromURI = sip.Uri{Scheme: "sip", User: "anonymous", Host: "anonymous.invalid"}
		name = "Anonymous"
	}
	tag := sip.GenerateTagN(16)
	l.mu.Lock()
	for _, t := range targets {
		f := &fork{l: l, callID: sip.GenerateTagN(24) + "@" + c.host(), tag: tag}
		f.dlg = &dialog{
			callID: f.callID, localTag: tag, local: fromURI, remote: to, localName: name,
			target: t.uri, transport: t.transport, addr: t.addr, cseq: 1,
		}
		req := c.newRequest(sip.INVITE, t, fromURI, to, name, tag, f.callID, 1)
		req.AppendHeader(c.contactHeader(from.Number, t.transport))
		req.AppendHeader(sip.NewHeader("Allow", allowed))
		req.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
		req.SetBody(offer)
		if edit != nil {
			edit(req)
		}
		f.invite = req
		if tr != nil {
			f.auth = tr.answer
		}
		l.forks = append(l.forks, f)
		c.dialogs.Set(dialogKey(f.callID, tag), l)
	}
	forks := l.forks
	l.mu.Unlock()

	started := 0
	for _, f := range forks {
		tx, err := c.transaction(context.Background(), f.invite)
		if err != nil {
			c.log.Info("sip: INVITE not sent", "leg", l.id, "to", f.invite.Recipient.String(), "err", err)
			f.mu.Lock()
			f.final = true
			f.mu.Unlock()
			continue
		}
		f.tx = tx
		started++
		go f.run()
	}
	if started == 0 {
		l.mu.Lock()
		l.endLocked(call.CauseUnavailable)
		l.mu.Unlock()
		return nil, call.CauseUnavailable
	}
	go l.watchDial(ctx)
	return l, nil
}

// watchDial cancels the leg when the dialler's context ends before an
// answer, or when it rang RingTimeout without one. It returns at the
// answer, so that no goroutine waits out the call.
func (l *leg) watchDial(ctx context.Context) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, l.c.o.RingTimeout)
		defer cancel()
	}
	select {
	case <-l.done:
		return
	case <-l.answered:
		return
	case <-ctx.Done():
	}
	l.mu.Lock()
	ringing := l.state == stateCalling || l.state == stateRinging
	l.mu.Unlock()
	if ringing {
		cause := call.CauseNormal
		if ctx.Err() == context.DeadlineExceeded {
			cause = call.CauseNoAnswer
		}
		hctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		l.Hangup(hctx, cause)
	}
}

// run reads the fork's responses until the final one (RFC 3261 section
// 17.1.1.2). It does not wait for the transaction to end: sipgo keeps an
// INVITE client transaction for Timer D or M (32 s) after the final
// response, and a goroutine per call waiting that long, holding the leg and
// its media session, was most of the channel's memory under load.
// Retransmissions of a 2xx reach the leg through onStrayResponse.
func (f *fork) run() {
	for {
		f.mu.Lock()
		tx := f.tx
		final := f.final
		f.mu.Unlock()
		if final {
			return
		}
		select {
		case res := <-tx.Responses():
			f.onResponse(res)
		case <-tx.Done():
			f.mu.Lock()
			if f.tx != tx {
				f.mu.Unlock()
				continue // replaced by the INVITE with credentials
			}
			final := f.final
			f.final = true
			f.mu.Unlock()
			if !final {
				// Timer B or a transport error: nobody there (17.1.1.2).
				f.l.forkFailed(f, call.CauseUnavailable)
			}
			return
		}
	}
}

// onResponse is the UAC side of RFC 3261 section 13.2.2 for one fork.
func (f *fork) onResponse(res *sip.Response) {
	l := f.l
	if res.IsProvisional() {
		// Any provisional response, 100 Trying too, lets a CANCEL go out
		// (section 9.1); one that waited for it goes now.
		f.mu.Lock()
		first := !f.provisonal
		f.provisonal = true
		cancel := f.cancelWant
		f.mu.Unlock()
		if cancel && first {
			f.sendCancel()
			return
		}
	}
	switch {
	case res.StatusCode == sip.StatusTrying:
	case res.IsProvisional():
		l.mu.Lock()
		if l.state == stateCalling || l.state == stateRinging {
			early := hasSDP(res)
			if early {
				if err := l.media.SetRemote(res.Body()); err != nil {
					early = false
				}
			}
			if l.state == stateCalling || early {
				l.emit(call.Event{Kind: call.EventProgress, Early: early})
			}
			l.state = stateRinging
		}
		l.mu.Unlock()
	case res.IsSuccess():
		f.mu.Lock()
		f.final = true
		f.mu.Unlock()
		f.onSuccess(res)
	default:
		if (res.StatusCode == sip.StatusUnauthorized || res.StatusCode == sip.StatusProxyAuthRequired) && f.retryWithAuth(res) {
			return
		}
		f.mu.Lock()
		f.final = true
		f.mu.Unlock()
		l.forkFailed(f, causeOf(res))
	}
}

// retryWithAuth sends the INVITE again with credentials for the challenge
// in res, with a new branch and the next CSeq (section 22.2), once.
func (f *fork) retryWithAuth(res *sip.Response) bool {
	f.mu.Lock()
	if f.auth == nil || f.authed || f.cancelWant {
		f.mu.Unlock()
		return false
	}
	f.authed = true
	old := f.invite
	f.mu.Unlock()
	h, err := f.auth(res, old)
	if err != nil {
		f.l.c.log.Info("sip: cannot answer the provider's challenge", "leg", f.l.id, "err", err)
		return false
	}
	req := old.Clone()
	req.RemoveHeader("Via")
	req.PrependHeader(f.l.c.via(old.Transport()))
	req.CSeq().SeqNo++
	req.RemoveHeader(h.Name())
	req.AppendHeader(h)
	req.Laddr = old.Laddr
	req.SetDestination(old.Destination())
	tx, err := f.l.c.transaction(context.Background(), req)
	if err != nil {
		return false
	}
	f.l.mu.Lock()
	f.dlg.cseq = req.CSeq().SeqNo
	f.l.mu.Unlock()
	f.mu.Lock()
	f.invite, f.tx = req, tx
	f.mu.Unlock()
	return true
}

// onSuccess takes a 2xx (13.2.2.4): the first one answers the leg and
// cancels the other forks; any later one, or one after the leg ended, is
// acknowledged and ended with BYE.
func (f *fork) onSuccess(res *sip.Response) {
	l := f.l
	l.mu.Lock()
	if f.acked != nil {
		ack := f.acked
		l.mu.Unlock()
		l.c.tpl.WriteMsg(ack) // a retransmitted 2xx: our ACK was lost
		return
	}
	f.dlg.confirm(res)
	if res.Transport() == "UDP" && res.Source() != "" && len(f.dlg.routes) == 0 && f.dlg.addr == "" {
		f.dlg.addr = res.Source()
	}
	f.acked = l.c.request(f.dlg, sip.ACK, f.invite.CSeq().SeqNo)
	ack := f.acked
	f.mu.Lock()
	f.invite = nil // answered: no CANCEL nor challenge can follow; it is kilobytes per call
	f.mu.Unlock()
	win := l.state == stateCalling || l.state == stateRinging
	var others []*fork
	if win {
		l.state = stateConfirmed
		l.dlg = f.dlg
		if hasSDP(res) {
			if err := l.media.SetRemote(res.Body()); err != nil {
				l.c.log.Info("sip: bad SDP in 200", "leg", l.id, "err", err)
			}
		}
		l.media.Start()
		l.emit(call.Event{Kind: call.EventAnswer})
		close(l.answered)
		for _, o := range l.forks {
			if o != f {
				others = append(others, o)
				l.c.dialogs.Delete(dialogKey(o.callID, o.tag))
			}
		}
	}
	l.mu.Unlock()
	if err := l.c.tpl.WriteMsg(ack); err != nil {
		l.c.log.Debug("sip: ACK", "leg", l.id, "err", err)
	}
	if win {
		// The winner's transaction is done with (RFC 6026 section 7.2 keeps
		// it for Timer M only to pass 2xx retransmissions up): those now
		// match no transaction and reach the dialog through
		// onStrayResponse, which sends the ACK again while the leg lives.
		f.tx.Terminate()
		f.mu.Lock()
		f.tx = nil // and with it the INVITE it holds, a kilobyte and more per held call
		f.mu.Unlock()
		for _, o := range others {
			o.cancel()
		}
		return
	}
	// A fork that lost the race, or answered a leg that ended: its dialog
	// is gone from the map, so the transaction passes retransmitted 2xx up
	// for another ACK until Timer M.
	f.tx.OnRetransmission(func(r *sip.Response) { go f.onResponse(r) })
	bye := l.c.request(f.dlg, sip.BYE, 0)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 32*time.Second)
		defer cancel()
		l.c.do(ctx, bye)
	}()
}

// forkFailed records a fork's failure; when every fork failed before an
// answer the leg ends with the worst of their causes.
func (l *leg) forkFailed(f *fork, cause call.Cause) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.c.dialogs.Delete(dialogKey(f.callID, f.tag))
	if l.state != stateCalling && l.state != stateRinging {
		return
	}
	if l.cause == 0 {
		l.cause = cause
	} else {
		l.cause = worse(l.cause, cause)
	}
	for _, o := range l.forks {
		o.mu.Lock()
		final := o.final
		o.mu.Unlock()
		if !final {
			return
		}
	}
	l.endLocked(l.cause)
}

// cancel stops a ringing fork with CANCEL (RFC 3261 section 9.1), once it
// has had a provisional response; before that the CANCEL waits for one.
func (f *fork) cancel() {
	f.mu.Lock()
	if f.final || f.tx == nil {
		f.mu.Unlock()
		return
	}
	if !f.provisonal {
		f.cancelWant = true
		f.mu.Unlock()
		return
	}
	f.mu.Unlock()
	f.sendCancel()
}

// sendCancel sends the CANCEL of the fork's INVITE: same Request-URI,
// Call-ID, From, To, CSeq number and top Via (9.1).
func (f *fork) sendCancel() {
	f.mu.Lock()
	inv := f.invite
	f.mu.Unlock()
	if inv == nil {
		return // answered meanwhile
	}
	req := sip.NewRequest(sip.CANCEL, *inv.Recipient.Clone())
	req.AppendHeader(sip.HeaderClone(inv.Via()))
	for _, name := range []string{"From", "To", "Call-ID", "Max-Forwards"} {
		if h := inv.GetHeader(name); h != nil {
			req.AppendHeader(sip.HeaderClone(h))
		}
	}
	req.AppendHeader(&sip.CSeqHeader{SeqNo: inv.CSeq().SeqNo, MethodName: sip.CANCEL})
	for _, h := range inv.GetHeaders("Route") {
		req.AppendHeader(sip.HeaderClone(h))
	}
	req.SetTransport(inv.Transport())
	req.SetDestination(inv.Destination())
	req.Laddr = inv.Laddr
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 32*time.Second)
		defer cancel()
		if _, err := f.l.c.do(ctx, req); err != nil {
			f.l.c.log.Debug("sip: CANCEL", "leg", f.l.id, "err", err)
		}
	}()
}
