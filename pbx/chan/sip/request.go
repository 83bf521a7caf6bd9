package sip

import (
	"context"
	"net"
	"strconv"
	"strings"

	"github.com/emiago/sipgo/sip"
)

// target says where a request goes: the URI it names and the transport
// address it is sent to. The address differs from the URI's host for
// phones behind NAT, where the channel sends to the source address their
// REGISTER came from (RFC 3581 section 4's symmetric response routing,
// applied to requests as well).
type target struct {
	uri       sip.Uri
	transport string // "UDP" or "TCP"
	addr      string // host:port to send to; empty means the URI's host and port
}

// newRequest builds a request outside any dialog, with the header fields
// RFC 3261 section 8.1.1 requires. The caller adds a body and further
// fields.
func (c *Channel) newRequest(method sip.RequestMethod, t target, from, to sip.Uri, fromName, fromTag, callID string, cseq uint32) *sip.Request {
	req := sip.NewRequest(method, t.uri)
	fh := &sip.FromHeader{DisplayName: fromName, Address: from, Params: sip.NewParams()}
	fh.Params.Add("tag", fromTag)
	req.AppendHeader(c.via(t.transport))
	req.AppendHeader(fh)
	req.AppendHeader(&sip.ToHeader{Address: to, Params: sip.NewParams()})
	cid := sip.CallIDHeader(callID)
	req.AppendHeader(&cid)
	req.AppendHeader(&sip.CSeqHeader{SeqNo: cseq, MethodName: method})
	mf := sip.MaxForwardsHeader(70)
	req.AppendHeader(&mf)
	req.AppendHeader(sip.NewHeader("User-Agent", c.o.UserAgent))
	c.route(req, t)
	return req
}

// via returns a fresh top Via of the channel with a new branch (RFC 3261
// section 8.1.1.7) and rport (RFC 3581 section 3).
func (c *Channel) via(transport string) *sip.ViaHeader {
	v := &sip.ViaHeader{ProtocolName: "SIP", ProtocolVersion: "2.0", Transport: transport, Host: c.host(), Port: c.port, Params: sip.NewParams()}
	v.Params.Add("branch", sip.GenerateBranchN(16))
	v.Params.Add("rport", "")
	return v
}

// route sets where req is sent and, for UDP, that it leaves from the
// listening socket, so that NAT bindings and the far end's view of the box
// stay those of its SIP port.
func (c *Channel) route(req *sip.Request, t target) {
	req.SetTransport(t.transport)
	if t.addr != "" {
		req.SetDestination(t.addr)
	}
	if t.transport == "UDP" {
		la := c.udp.LocalAddr().(*net.UDPAddr)
		req.Laddr = sip.Addr{IP: la.IP, Port: la.Port}
	}
}

// contact returns the channel's Contact URI for user over transport.
func (c *Channel) contact(user, transport string) sip.Uri {
	u := sip.Uri{Scheme: "sip", User: user, Host: c.host(), Port: c.port, UriParams: sip.NewParams()}
	if transport != "UDP" {
		u.UriParams.Add("transport", strings.ToLower(transport))
	}
	return u
}

// contactHeader returns a Contact header field for user.
func (c *Channel) contactHeader(user, transport string) *sip.ContactHeader {
	return &sip.ContactHeader{Address: c.contact(user, transport)}
}

// transaction sends req as a client transaction (RFC 3261 section 17.1).
func (c *Channel) transaction(ctx context.Context, req *sip.Request) (*sip.ClientTx, error) {
	if req.ContentLength() == nil {
		req.SetBody(req.Body())
	}
	return c.txl.Request(ctx, req)
}

// do sends a non-INVITE request and waits for its final response.
func (c *Channel) do(ctx context.Context, req *sip.Request) (*sip.Response, error) {
	tx, err := c.transaction(ctx, req)
	if err != nil {
		return nil, err
	}
	defer tx.Terminate()
	for {
		select {
		case res := <-tx.Responses():
			if res.IsProvisional() {
				continue
			}
			return res, nil
		case <-tx.Done():
			if err := tx.Err(); err != nil {
				return nil, err
			}
			return nil, context.DeadlineExceeded
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// transportOf normalizes a transport name to sipgo's upper case; unknown
// ones are UDP.
func transportOf(s string) string {
	switch strings.ToUpper(s) {
	case "TCP":
		return "TCP"
	default:
		return "UDP"
	}
}

// hostPort joins a host and port for SIP (IPv6 in brackets).
func hostPort(host string, port int) string {
	if port == 0 {
		port = 5060
	}
	return net.JoinHostPort(host, strconv.Itoa(port))
}
