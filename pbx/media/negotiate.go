package media

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// ptimeMS is the packet time we send and ask for, in ms.
const ptimeMS = 20

// negotiation is the outcome of an offer/answer exchange (RFC 3264) for the
// audio stream.
type negotiation struct {
	codec      *codec
	sendPT     uint8 // payload type of codec in packets we send (the remote's SDP numbers)
	recvPT     uint8 // payload type of codec in packets we receive (our SDP numbers)
	sendTE     int16 // telephone-event payload type we send; -1: not negotiated
	recvTE     int16 // telephone-event payload type we receive; -1: not negotiated
	remote     netip.AddrPort
	remoteRTCP netip.AddrPort
	localDir   Direction // the direction in the SDP we sent
	remoteDir  Direction // the direction in the SDP we received
	origin     [2]string // the remote's o= sess-id and sess-version
}

// canSend reports whether the negotiated stream lets us send RTP: both
// directions allow it and the remote gave an address that is not the
// RFC 2543 hold address 0.0.0.0.
func (n *negotiation) canSend() bool {
	return n.codec != nil && n.localDir.sends() && n.remoteDir.receives() && addrUsable(n.remote)
}

// expectRecv reports whether the remote is expected to send us RTP, which
// arms the media timeout.
func (n *negotiation) expectRecv() bool {
	return n.codec != nil && n.localDir.receives() && n.remoteDir.sends() && addrUsable(n.remote)
}

// addrUsable reports whether a is an address to send to.
func addrUsable(a netip.AddrPort) bool {
	return a.IsValid() && !a.Addr().IsUnspecified() && a.Port() != 0
}

// buildOffer returns our audio offer from local: the codecs in our order
// of preference (G722, PCMU, PCMA; prefer first when not nil) and
// telephone-event, ptime 20, direction dir.
func buildOffer(local netip.AddrPort, dir Direction, prefer *codec) *sdpDesc {
	m := sdpMedia{kind: "audio", port: int(local.Port()), proto: "RTP/AVP", ptime: ptimeMS, dir: dir.or(SendRecv)}
	add := func(c *codec) {
		m.fmts = append(m.fmts, fmt.Sprint(c.pt))
		m.maps = append(m.maps, sdpMap{pt: c.pt, name: c.name, clock: c.clock})
	}
	if prefer != nil {
		add(prefer)
	}
	for i := range codecs {
		if &codecs[i] != prefer {
			add(&codecs[i])
		}
	}
	m.fmts = append(m.fmts, fmt.Sprint(teDefaultPT))
	m.maps = append(m.maps, sdpMap{pt: teDefaultPT, name: teName, clock: 8000, fmtp: "0-16"})
	return &sdpDesc{conn: local.Addr(), media: []sdpMedia{m}}
}

// remoteAddrs returns where media i of d wants RTP and RTCP (RTCP on the
// a=rtcp port, else RTP+1, RFC 3605).
func remoteAddrs(d *sdpDesc, i int) (rtp, rtcp netip.AddrPort) {
	m := &d.media[i]
	a := d.connAddr(i).Unmap()
	rtp = netip.AddrPortFrom(a, uint16(m.port))
	rtcpPort, rtcpAddr := m.port+1, a
	if m.rtcpPort != 0 {
		rtcpPort = m.rtcpPort
	}
	if m.rtcpAddr.IsValid() {
		rtcpAddr = m.rtcpAddr.Unmap()
	}
	if m.port == 0 || rtcpPort > 65535 {
		rtcpPort = 0
	}
	return rtp, netip.AddrPortFrom(rtcpAddr, uint16(rtcpPort))
}

// pickTE returns the telephone-event/8000 payload type of m, or -1.
func pickTE(m *sdpMedia) int16 {
	for _, mp := range m.maps {
		if strings.EqualFold(mp.name, teName) && mp.clock == 8000 {
			return int16(mp.pt)
		}
	}
	return -1
}

// answerOffer negotiates against the remote offer and returns our answer
// (RFC 3264 section 6): the first audio stream over RTP/AVP gets the first
// codec of the offer's list we support, with the offer's payload type
// numbers (G.722 wherever the offer lists it, see pickCodec), and
// telephone-event if offered; every other stream is refused
// with port 0. want is the direction we would like; the answer's is
// derived from it and the offer's. The answer's origin is left to the
// caller.
func answerOffer(offer *sdpDesc, local netip.AddrPort, want Direction) (*sdpDesc, negotiation, error) {
	ans := &sdpDesc{conn: local.Addr()}
	var neg negotiation
	audio := -1
	var why error
	for i := range offer.media {
		om := &offer.media[i]
		am := sdpMedia{kind: om.kind, proto: om.proto, fmts: om.fmts[:1]}
		if audio < 0 && om.kind == "audio" && why == nil {
			switch c, pt := pickCodec(om); {
			case om.port == 0:
				why = errors.New("media: sdp: the offer disables its audio stream (port 0)")
			case om.proto != "RTP/AVP" && om.proto != "RTP/AVPF":
				why = fmt.Errorf("media: sdp: the audio stream uses %s; only RTP/AVP is supported (turn SRTP off on the phone or trunk)", om.proto)
			case c == nil:
				why = fmt.Errorf("media: sdp: no common codec: the offer has %s; this box takes PCMU, PCMA or G722", offeredNames(om))
			default:
				audio = i
				te := pickTE(om)
				am.port = int(local.Port())
				am.fmts = []string{fmt.Sprint(pt)}
				am.maps = []sdpMap{{pt: pt, name: c.name, clock: c.clock}}
				if te >= 0 {
					am.fmts = append(am.fmts, fmt.Sprint(te))
					am.maps = append(am.maps, sdpMap{pt: uint8(te), name: teName, clock: 8000, fmtp: "0-16"})
				}
				am.ptime = ptimeMS
				offered := offer.direction(i)
				am.dir = answerTo(offered, want)
				rtp, rtcp := remoteAddrs(offer, i)
				neg = negotiation{
					codec: c, sendPT: pt, recvPT: pt, sendTE: te, recvTE: te,
					remote: rtp, remoteRTCP: rtcp,
					localDir: am.dir, remoteDir: offered,
					origin: [2]string{offer.origin[1], offer.origin[2]},
				}
			}
		}
		ans.media = append(ans.media, am)
	}
	if audio < 0 {
		if why == nil {
			why = errors.New("media: sdp: the offer has no audio stream")
		}
		return nil, negotiation{}, why
	}
	return ans, neg, nil
}

// pickCodec returns the codec of m's list we take and its payload type,
// or nil: a wideband codec wherever the offer lists it (RFC 3264 section
// 6.1 leaves the choice among the offered formats to the answerer), else
// the first one we support in the offer's order.
func pickCodec(m *sdpMedia) (*codec, uint8) {
	var first *codec
	var firstPT uint8
	for _, mp := range m.maps {
		if mp.channels > 1 {
			continue
		}
		c := findCodec(mp.name, mp.clock)
		switch {
		case c == nil:
		case c.wideband:
			return c, mp.pt
		case first == nil:
			first, firstPT = c, mp.pt
		}
	}
	return first, firstPT
}

// offeredNames lists the encodings of m for an error message.
func offeredNames(m *sdpMedia) string {
	var names []string
	for _, mp := range m.maps {
		if mp.name == "" {
			names = append(names, fmt.Sprintf("payload type %d", mp.pt))
		} else {
			names = append(names, mp.name)
		}
	}
	if len(names) == 0 {
		return "nothing"
	}
	return strings.Join(names, ", ")
}

// applyAnswer negotiates our offer against the remote answer (RFC 3264
// section 7): the answer must keep the offer's streams, accept the audio
// stream and choose a codec we offered.
func applyAnswer(offer, ans *sdpDesc) (negotiation, error) {
	if len(ans.media) != len(offer.media) {
		return negotiation{}, fmt.Errorf("media: sdp: the answer has %d media streams; the offer had %d", len(ans.media), len(offer.media))
	}
	om, am := &offer.media[0], &ans.media[0]
	if am.kind != "audio" || am.port == 0 {
		return negotiation{}, errors.New("media: sdp: the answer refused the audio stream")
	}
	if !isRTP(am.proto) {
		return negotiation{}, fmt.Errorf("media: sdp: the answer's audio stream uses %s, not RTP/AVP", am.proto)
	}
	var c *codec
	var sendPT uint8
	for _, mp := range am.maps {
		if cc := findCodec(mp.name, mp.clock); cc != nil && mp.channels <= 1 && inOffer(om, cc) {
			c, sendPT = cc, mp.pt
			break
		}
	}
	if c == nil {
		return negotiation{}, fmt.Errorf("media: sdp: the answer chose %s, none of which was offered", offeredNames(am))
	}
	neg := negotiation{codec: c, sendPT: sendPT, recvPT: c.pt, sendTE: pickTE(am), recvTE: -1,
		localDir: om.dir.or(SendRecv), remoteDir: ans.direction(0),
		origin: [2]string{ans.origin[1], ans.origin[2]}}
	if neg.sendTE >= 0 {
		neg.recvTE = pickTE(om)
	}
	neg.remote, neg.remoteRTCP = remoteAddrs(ans, 0)
	return neg, nil
}

// inOffer reports whether codec c is among the formats of our offer m.
func inOffer(m *sdpMedia, c *codec) bool {
	for _, mp := range m.maps {
		if mp.name == c.name && mp.clock == c.clock {
			return true
		}
	}
	return false
}
