package media

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// maxSDPSize is the largest SDP body parseSDP accepts, in bytes. A SIP
// phone's audio offer is well under 2 KB.
const maxSDPSize = 16 << 10

// sdpDesc is the part of an SDP session description (RFC 4566) that audio
// offer/answer needs. Unknown lines and attributes are skipped when parsing
// and not written back.
type sdpDesc struct {
	origin [6]string  // o=: username, sess-id, sess-version, nettype, addrtype, address
	name   string     // s=
	conn   netip.Addr // session-level c=; invalid when absent
	dir    Direction  // session-level direction attribute; 0 when absent
	media  []sdpMedia
}

// sdpMedia is one m= section.
type sdpMedia struct {
	kind     string     // "audio", "video", ...
	port     int        // 0: the stream is disabled or rejected
	proto    string     // "RTP/AVP", ...
	fmts     []string   // formats as listed on the m= line
	maps     []sdpMap   // for RTP profiles: one per format, in m= order
	conn     netip.Addr // media-level c=; invalid when absent
	dir      Direction  // 0 when absent
	ptime    int        // a=ptime in ms; 0 when absent
	rtcpPort int        // a=rtcp port (RFC 3605); 0 when absent
	rtcpAddr netip.Addr // a=rtcp address; invalid when absent
}

// sdpMap is what SDP says about one RTP payload type.
type sdpMap struct {
	pt       uint8
	name     string // encoding name; "" for an unknown dynamic type without rtpmap
	clock    int    // Hz
	channels int    // 0 when not stated (one channel)
	fmtp     string // a=fmtp parameters
}

// staticMaps are the RTP/AVP static payload types (RFC 3551 table 4) a
// phone may list without an rtpmap.
var staticMaps = map[uint8]sdpMap{
	0: {name: "PCMU", clock: 8000}, 3: {name: "GSM", clock: 8000},
	4: {name: "G723", clock: 8000}, 8: {name: "PCMA", clock: 8000},
	9: {name: "G722", clock: 8000}, 13: {name: "CN", clock: 8000},
	18: {name: "G729", clock: 8000},
}

// isRTP reports whether proto is an RTP profile, whose formats are payload
// types.
func isRTP(proto string) bool { return strings.HasPrefix(proto, "RTP/") }

// sdpError is a parse error at a line of the SDP body.
func sdpError(line int, format string, a ...any) error {
	return fmt.Errorf("media: sdp line %d: %s", line, fmt.Sprintf(format, a...))
}

// errEmptySDP is returned for an empty body.
var errEmptySDP = errors.New("media: sdp: empty body; a SIP message with Content-Type application/sdp needs a session description")

// parseSDP parses an SDP body (RFC 4566). It accepts LF or CRLF line ends
// and lines in any order after v=, and refuses what audio negotiation
// cannot use: a missing v=0 or o=, malformed c=, m=, rtpmap, ptime or rtcp
// lines, a host name instead of an address, an active stream without a
// connection address. The error says which line is wrong and why.
func parseSDP(b []byte) (*sdpDesc, error) {
	if len(b) > maxSDPSize {
		return nil, fmt.Errorf("media: sdp: %d bytes; at most %d are accepted", len(b), maxSDPSize)
	}
	text := string(b)
	if strings.TrimSpace(text) == "" {
		return nil, errEmptySDP
	}
	d := &sdpDesc{}
	var m *sdpMedia
	var haveV, haveO bool
	lineNo := 0
	for len(text) > 0 {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		lineNo++
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		if len(line) < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z' {
			return nil, sdpError(lineNo, "%q is not a <type>=<value> line", clip(line))
		}
		typ, val := line[0], line[2:]
		if !haveV || typ == 'v' {
			if typ != 'v' || val != "0" || haveV {
				return nil, sdpError(lineNo, "an SDP body starts with v=0 and has it once, got %q", clip(line))
			}
			haveV = true
			continue
		}
		switch typ {
		case 'o':
			f := strings.Fields(val)
			if len(f) != 6 {
				return nil, sdpError(lineNo, "origin %q: want <username> <sess-id> <sess-version> IN IP4|IP6 <address>", clip(val))
			}
			copy(d.origin[:], f)
			haveO = true
		case 's':
			d.name = val
		case 'c':
			a, err := parseConn(val)
			if err != nil {
				return nil, sdpError(lineNo, "%v", err)
			}
			if m != nil {
				m.conn = a
			} else {
				d.conn = a
			}
		case 'm':
			md, err := parseMediaLine(val)
			if err != nil {
				return nil, sdpError(lineNo, "%v", err)
			}
			d.media = append(d.media, md)
			m = &d.media[len(d.media)-1]
		case 'a':
			attr, value, _ := strings.Cut(val, ":")
			if dir := parseDirection(attr); dir != 0 {
				if m != nil {
					m.dir = dir
				} else {
					d.dir = dir
				}
				continue
			}
			if m == nil {
				continue
			}
			switch attr {
			case "rtpmap", "fmtp":
				if err := applyMapAttr(m, attr, value); err != nil {
					return nil, sdpError(lineNo, "%v", err)
				}
			case "ptime":
				ms, err := parsePtime(value)
				if err != nil {
					return nil, sdpError(lineNo, "%v", err)
				}
				m.ptime = ms
			case "rtcp":
				if err := parseRTCPAttr(m, value); err != nil {
					return nil, sdpError(lineNo, "%v", err)
				}
			}
		}
	}
	if !haveO {
		return nil, errors.New("media: sdp: no origin line (o=); RFC 4566 requires one")
	}
	for i := range d.media {
		md := &d.media[i]
		if md.port != 0 && isRTP(md.proto) && !md.conn.IsValid() && !d.conn.IsValid() {
			return nil, fmt.Errorf("media: sdp: %s stream %d has no connection address (c=) at session or media level", md.kind, i+1)
		}
	}
	return d, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// parseConn parses a c= value: IN IP4 <address>[/ttl[/n]] or IN IP6
// <address>[/n]. Host names are refused: the box does not resolve them.
func parseConn(val string) (netip.Addr, error) {
	f := strings.Fields(val)
	if len(f) != 3 || f[0] != "IN" || (f[1] != "IP4" && f[1] != "IP6") {
		return netip.Addr{}, fmt.Errorf("connection %q: want IN IP4 <address> or IN IP6 <address>", clip(val))
	}
	host, _, _ := strings.Cut(f[2], "/")
	a, err := netip.ParseAddr(host)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("connection address %q is not an IP address (host names are not supported)", clip(host))
	}
	if (f[1] == "IP4") != a.Is4() {
		return netip.Addr{}, fmt.Errorf("connection address %s does not match address type %s", a, f[1])
	}
	return a, nil
}

// parseMediaLine parses an m= value: <media> <port>[/<count>] <proto>
// <fmt> ...
func parseMediaLine(val string) (sdpMedia, error) {
	f := strings.Fields(val)
	if len(f) < 4 {
		return sdpMedia{}, fmt.Errorf("media %q: want <media> <port> <proto> <format> ...", clip(val))
	}
	portStr, _, _ := strings.Cut(f[1], "/")
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return sdpMedia{}, fmt.Errorf("media port %q: want a number from 0 to 65535", clip(f[1]))
	}
	md := sdpMedia{kind: f[0], port: port, proto: f[2], fmts: f[3:]}
	if isRTP(md.proto) {
		md.maps = make([]sdpMap, len(md.fmts))
		for i, s := range md.fmts {
			pt, err := strconv.ParseUint(s, 10, 8)
			if err != nil || pt > 127 {
				return sdpMedia{}, fmt.Errorf("media format %q: an RTP payload type is a number from 0 to 127", clip(s))
			}
			md.maps[i] = staticMaps[uint8(pt)]
			md.maps[i].pt = uint8(pt)
		}
	}
	return md, nil
}

// applyMapAttr applies an a=rtpmap or a=fmtp value to the payload type it
// names in m; attributes for payload types not on the m= line are ignored.
func applyMapAttr(m *sdpMedia, attr, value string) error {
	if !isRTP(m.proto) {
		return nil
	}
	ptStr, rest, _ := strings.Cut(value, " ")
	pt, err := strconv.ParseUint(ptStr, 10, 8)
	if err != nil || pt > 127 {
		return fmt.Errorf("%s %q: want a payload type from 0 to 127 first", attr, clip(value))
	}
	var mp *sdpMap
	for i := range m.maps {
		if m.maps[i].pt == uint8(pt) {
			mp = &m.maps[i]
			break
		}
	}
	if attr == "fmtp" {
		if mp != nil {
			mp.fmtp = strings.TrimSpace(rest)
		}
		return nil
	}
	// rtpmap: <encoding name>/<clock rate>[/<channels>]
	parts := strings.Split(strings.TrimSpace(rest), "/")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || strings.ContainsAny(parts[0], " \t") {
		return fmt.Errorf("rtpmap %q: want <payload type> <encoding>/<clock rate>[/<channels>]", clip(value))
	}
	clock, err := strconv.Atoi(parts[1])
	if err != nil || clock <= 0 || clock > 1000000 {
		return fmt.Errorf("rtpmap %q: clock rate %q is not a rate in Hz", clip(value), clip(parts[1]))
	}
	channels := 0
	if len(parts) == 3 {
		channels, err = strconv.Atoi(parts[2])
		if err != nil || channels < 1 || channels > 255 {
			return fmt.Errorf("rtpmap %q: channels %q is not a count", clip(value), clip(parts[2]))
		}
	}
	if mp != nil {
		mp.name, mp.clock, mp.channels = parts[0], clock, channels
	}
	return nil
}

// parsePtime parses an a=ptime value in ms ("20", some phones write "20.0").
func parsePtime(value string) (int, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if err != nil || v < 1 || v > 1000 {
		return 0, fmt.Errorf("ptime %q: want a packet time from 1 to 1000 ms", clip(value))
	}
	return int(v), nil
}

// parseRTCPAttr parses an RFC 3605 a=rtcp value: <port> [IN IP4|IP6
// <address>].
func parseRTCPAttr(m *sdpMedia, value string) error {
	portStr, rest, _ := strings.Cut(strings.TrimSpace(value), " ")
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 1 || port > 65535 {
		return fmt.Errorf("rtcp %q: want a port from 1 to 65535", clip(value))
	}
	m.rtcpPort = port
	if rest = strings.TrimSpace(rest); rest != "" {
		a, err := parseConn(rest)
		if err != nil {
			return fmt.Errorf("rtcp: %v", err)
		}
		m.rtcpAddr = a
	}
	return nil
}

// marshal writes d as an SDP body with CRLF line ends.
func (d *sdpDesc) marshal() []byte {
	var b strings.Builder
	b.Grow(256)
	b.WriteString("v=0\r\n")
	b.WriteString("o=" + strings.Join(d.origin[:], " ") + "\r\n")
	name := d.name
	if name == "" {
		name = "-"
	}
	b.WriteString("s=" + name + "\r\n")
	if d.conn.IsValid() {
		b.WriteString("c=" + connValue(d.conn) + "\r\n")
	}
	b.WriteString("t=0 0\r\n")
	if d.dir != 0 {
		b.WriteString("a=" + d.dir.String() + "\r\n")
	}
	for i := range d.media {
		m := &d.media[i]
		fmt.Fprintf(&b, "m=%s %d %s %s\r\n", m.kind, m.port, m.proto, strings.Join(m.fmts, " "))
		if m.conn.IsValid() {
			b.WriteString("c=" + connValue(m.conn) + "\r\n")
		}
		if m.port == 0 {
			continue
		}
		for _, mp := range m.maps {
			if mp.name == "" {
				continue
			}
			fmt.Fprintf(&b, "a=rtpmap:%d %s/%d", mp.pt, mp.name, mp.clock)
			if mp.channels > 0 {
				fmt.Fprintf(&b, "/%d", mp.channels)
			}
			b.WriteString("\r\n")
			if mp.fmtp != "" {
				fmt.Fprintf(&b, "a=fmtp:%d %s\r\n", mp.pt, mp.fmtp)
			}
		}
		if m.ptime > 0 {
			fmt.Fprintf(&b, "a=ptime:%d\r\n", m.ptime)
		}
		if m.rtcpPort > 0 {
			fmt.Fprintf(&b, "a=rtcp:%d", m.rtcpPort)
			if m.rtcpAddr.IsValid() {
				b.WriteString(" " + connValue(m.rtcpAddr))
			}
			b.WriteString("\r\n")
		}
		if m.dir != 0 {
			b.WriteString("a=" + m.dir.String() + "\r\n")
		}
	}
	return []byte(b.String())
}

// connValue returns the c= value for address a.
func connValue(a netip.Addr) string {
	if a.Is4() || a.Is4In6() {
		return "IN IP4 " + a.Unmap().String()
	}
	return "IN IP6 " + a.String()
}

// connAddr returns the connection address of media i: its own c= or the
// session's.
func (d *sdpDesc) connAddr(i int) netip.Addr {
	if d.media[i].conn.IsValid() {
		return d.media[i].conn
	}
	return d.conn
}

// direction returns the direction of media i: its own attribute, the
// session's, or SendRecv.
func (d *sdpDesc) direction(i int) Direction {
	return d.media[i].dir.or(d.dir.or(SendRecv))
}
