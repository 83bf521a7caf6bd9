package media

import (
	"encoding/binary"
	"errors"
)

// RTCP packet types (RFC 3550 section 12.1).
const (
	rtcpSR   = 200
	rtcpRR   = 201
	rtcpSDES = 202
	rtcpBYE  = 203
)

// reportBlock is an RTCP reception report block (RFC 3550 section 6.4.1).
type reportBlock struct {
	ssrc         uint32 // the source reported on
	fractionLost uint8  // since the last report, in 1/256
	totalLost    int32  // cumulative, 24 bits signed on the wire
	extMax       uint32 // extended highest sequence number received
	jitter       uint32 // interarrival jitter, in timestamp units
	lsr          uint32 // middle 32 bits of the last SR's NTP time
	dlsr         uint32 // delay since that SR, in 1/65536 s
}

// senderInfo is the sender part of an SR (RFC 3550 section 6.4.1).
type senderInfo struct {
	ntp     uint64
	rtpTS   uint32
	packets uint32
	octets  uint32
}

// errRTCP is returned for a malformed RTCP compound packet.
var errRTCP = errors.New("media: rtcp: malformed packet")

// appendRTCP appends our compound packet (RFC 3550 section 6.1) to b: an SR
// when si is not nil, else an RR, with at most one report block rb, then
// SDES with the CNAME, then BYE when bye.
func appendRTCP(b []byte, ssrc uint32, si *senderInfo, rb *reportBlock, cname string, bye bool) []byte {
	rc := 0
	if rb != nil {
		rc = 1
	}
	pt, words := byte(rtcpRR), 1+6*rc // length in 32-bit words minus one
	if si != nil {
		pt, words = rtcpSR, 6+6*rc
	}
	b = append(b, 0x80|byte(rc), pt)
	b = binary.BigEndian.AppendUint16(b, uint16(words))
	b = binary.BigEndian.AppendUint32(b, ssrc)
	if si != nil {
		b = binary.BigEndian.AppendUint64(b, si.ntp)
		b = binary.BigEndian.AppendUint32(b, si.rtpTS)
		b = binary.BigEndian.AppendUint32(b, si.packets)
		b = binary.BigEndian.AppendUint32(b, si.octets)
	}
	if rb != nil {
		b = binary.BigEndian.AppendUint32(b, rb.ssrc)
		b = binary.BigEndian.AppendUint32(b, uint32(rb.fractionLost)<<24|uint32(rb.totalLost)&0xFFFFFF)
		b = binary.BigEndian.AppendUint32(b, rb.extMax)
		b = binary.BigEndian.AppendUint32(b, rb.jitter)
		b = binary.BigEndian.AppendUint32(b, rb.lsr)
		b = binary.BigEndian.AppendUint32(b, rb.dlsr)
	}
	// SDES: one chunk, CNAME item, end item, padded to 32 bits (6.5).
	if len(cname) > 255 {
		cname = cname[:255]
	}
	chunk := 4 + 2 + len(cname) + 1
	chunk += (4 - chunk%4) % 4
	b = append(b, 0x81, rtcpSDES)
	b = binary.BigEndian.AppendUint16(b, uint16(chunk/4))
	b = binary.BigEndian.AppendUint32(b, ssrc)
	b = append(b, 1, byte(len(cname)))
	b = append(b, cname...)
	for n := 4 + 2 + len(cname); n < chunk; n++ {
		b = append(b, 0)
	}
	if bye {
		b = append(b, 0x81, rtcpBYE, 0, 1)
		b = binary.BigEndian.AppendUint32(b, ssrc)
	}
	return b
}

// parseRTCP walks an RTCP compound packet and calls sr for each SR's
// sender info and block for each report block of an SR or RR; other packet
// types are skipped. It checks the version and that every length fits,
// and allocates nothing.
func parseRTCP(b []byte, sr func(ssrc uint32, si senderInfo), block func(rb reportBlock)) error {
	if len(b) < 4 {
		return errRTCP
	}
	for len(b) > 0 {
		if len(b) < 4 || b[0]>>6 != 2 {
			return errRTCP
		}
		n := 4 * (int(binary.BigEndian.Uint16(b[2:])) + 1)
		if n > len(b) {
			return errRTCP
		}
		p := b[:n]
		b = b[n:]
		rc := int(p[0] & 0x1f)
		var blocks []byte
		switch p[1] {
		case rtcpSR:
			if len(p) < 28+24*rc {
				return errRTCP
			}
			sr(binary.BigEndian.Uint32(p[4:]), senderInfo{
				ntp: binary.BigEndian.Uint64(p[8:]), rtpTS: binary.BigEndian.Uint32(p[16:]),
				packets: binary.BigEndian.Uint32(p[20:]), octets: binary.BigEndian.Uint32(p[24:]),
			})
			blocks = p[28:]
		case rtcpRR:
			if len(p) < 8+24*rc {
				return errRTCP
			}
			blocks = p[8:]
		default:
			continue
		}
		for i := range rc {
			q := blocks[24*i:]
			lost := int32(binary.BigEndian.Uint32(q[4:])<<8) >> 8 // 24-bit signed
			block(reportBlock{
				ssrc: binary.BigEndian.Uint32(q), fractionLost: q[4], totalLost: lost,
				extMax: binary.BigEndian.Uint32(q[8:]), jitter: binary.BigEndian.Uint32(q[12:]),
				lsr: binary.BigEndian.Uint32(q[16:]), dlsr: binary.BigEndian.Uint32(q[20:]),
			})
		}
	}
	return nil
}
