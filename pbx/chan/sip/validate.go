package sip

import (
	"bytes"
	"errors"

	"github.com/emiago/sipgo/sip"
)

// errMalformed says why a request is refused with 400 Bad Request.
var (
	errNoCallID   = errors.New("sip: missing Call-ID")
	errNoFrom     = errors.New("sip: missing From or its tag")
	errNoTo       = errors.New("sip: missing To")
	errBadCSeq    = errors.New("sip: missing CSeq or its method differs from the request's")
	errBadContact = errors.New("sip: missing or malformed Contact")
	errBadSDP     = errors.New("sip: malformed SDP body")
)

// validate checks the header fields that RFC 3261 section 8.1.1 requires
// of every request and that the channel relies on (section 8.2 and 16.3
// answer a request lacking them with 400). sipgo has checked Via and CSeq
// before the request reaches the channel.
func validate(req *sip.Request) error {
	if req.CallID() == nil || req.CallID().Value() == "" {
		return errNoCallID
	}
	if f := req.From(); f == nil || !f.Params.Has("tag") {
		return errNoFrom
	}
	if req.To() == nil {
		return errNoTo
	}
	cs := req.CSeq()
	if cs == nil {
		return errBadCSeq
	}
	if cs.MethodName != req.Method && !(req.IsAck() && cs.MethodName == sip.ACK) {
		return errBadCSeq
	}
	if req.IsInvite() {
		if c := req.Contact(); c == nil || c.Address.Host == "" {
			return errBadContact
		}
	}
	return nil
}

// checkSDP is the channel's first look at an SDP body (RFC 4566 section 5):
// it must start with the version line and name a connection and a media
// line. The media engine parses it in full.
func checkSDP(body []byte) error {
	if !bytes.HasPrefix(body, []byte("v=0")) || !bytes.Contains(body, []byte("\nm=")) ||
		!bytes.Contains(body, []byte("\nc=")) || !bytes.Contains(body, []byte("\no=")) {
		return errBadSDP
	}
	return nil
}

// hasSDP reports whether req carries an SDP body.
func hasSDP(m sip.Message) bool {
	if len(m.Body()) == 0 {
		return false
	}
	var ct string
	switch m := m.(type) {
	case *sip.Request:
		if h := m.ContentType(); h != nil {
			ct = h.Value()
		}
	case *sip.Response:
		if h := m.ContentType(); h != nil {
			ct = h.Value()
		}
	}
	return ct == "" || bytes.HasPrefix(bytes.ToLower([]byte(ct)), []byte("application/sdp"))
}
