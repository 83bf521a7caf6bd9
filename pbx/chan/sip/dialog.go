package sip

import (
	"slices"

	"github.com/emiago/sipgo/sip"
)

// dialog is the state of one SIP dialog (RFC 3261 section 12): what a leg
// needs to send requests inside it and to recognise requests that belong
// to it.
type dialog struct {
	callID              string
	localTag, remoteTag string
	local, remote       sip.Uri // From and To of the requests we send
	localName           string  // our display name in From
	target              sip.Uri // the remote target: the peer's Contact (12.1.1, 12.1.2)
	routes              []sip.Uri
	transport           string
	addr                string // where requests go when there is no route set
	cseq                uint32 // our last CSeq number (12.2.1.1)
	remoteCSeq          uint32 // the peer's last CSeq number (12.2.2)
}

// dialogKey identifies a dialog among the channel's: the Call-ID with our
// tag, which the channel makes unique.
func dialogKey(callID, localTag string) string { return callID + "\x00" + localTag }

// key returns d's key in the channel's dialog map.
func (d *dialog) key() string { return dialogKey(d.callID, d.localTag) }

// uasDialog builds the dialog of an inbound INVITE as RFC 3261 section
// 12.1.1 says: the route set is the Record-Route as received, the remote
// target the Contact.
func uasDialog(req *sip.Request, localTag string) *dialog {
	d := &dialog{
		callID: req.CallID().Value(), localTag: localTag,
		local: req.To().Address, remote: req.From().Address,
		transport: req.Transport(), addr: req.Source(), remoteCSeq: req.CSeq().SeqNo,
	}
	d.remoteTag, _ = req.From().Params.Get("tag")
	if c := req.Contact(); c != nil {
		d.target = c.Address
	}
	for _, h := range req.GetHeaders("Record-Route") {
		if rr, ok := h.(*sip.RecordRouteHeader); ok {
			d.routes = append(d.routes, rr.Address)
		}
	}
	return d
}

// confirm completes the dialog of an outbound INVITE from its 2xx (RFC
// 3261 section 12.1.2): the remote tag, the target, and the route set,
// which is the Record-Route in reverse.
func (d *dialog) confirm(res *sip.Response) {
	d.remoteTag, _ = res.To().Params.Get("tag")
	if c := res.Contact(); c != nil {
		d.target = c.Address
	}
	d.routes = d.routes[:0]
	for _, h := range res.GetHeaders("Record-Route") {
		if rr, ok := h.(*sip.RecordRouteHeader); ok {
			d.routes = append(d.routes, rr.Address)
		}
	}
	slices.Reverse(d.routes)
}

// request builds a request inside d (RFC 3261 section 12.2.1.1) with the
// next CSeq number, or with cseq when it is not 0 (an ACK). The caller
// serialises calls for one dialog.
func (c *Channel) request(d *dialog, method sip.RequestMethod, cseq uint32) *sip.Request {
	if cseq == 0 {
		d.cseq++
		cseq = d.cseq
	}
	t := target{uri: d.target, transport: d.transport, addr: d.addr}
	if len(d.routes) > 0 {
		// Loose routing: send to the first route (section 12.2.1.1).
		r := d.routes[0]
		t.addr = hostPort(r.Host, r.Port)
	}
	req := c.newRequest(method, t, d.local, d.remote, d.localName, d.localTag, d.callID, cseq)
	req.To().Params.Add("tag", d.remoteTag)
	for _, r := range d.routes {
		req.AppendHeader(&sip.RouteHeader{Address: r})
	}
	return req
}

// dialogOf returns the leg whose dialog req belongs to: the To tag is ours.
func (c *Channel) dialogOf(req *sip.Request) *leg {
	tag, _ := req.To().Params.Get("tag")
	l, _ := c.dialogs.Get(dialogKey(req.CallID().Value(), tag))
	return l
}

// dialogOfResponse returns the leg whose dialog res answers: the From tag
// is ours.
func (c *Channel) dialogOfResponse(res *sip.Response) *leg {
	if res.CallID() == nil || res.From() == nil {
		return nil
	}
	tag, _ := res.From().Params.Get("tag")
	l, _ := c.dialogs.Get(dialogKey(res.CallID().Value(), tag))
	return l
}
