package sip

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// bridgeSwitch is the smallest switch: it rings the extension dialled and
// bridges the two legs with a media relay until one hangs up. It records
// the digits either leg reports, and acts on a blind transfer (REFER) from
// either leg: it rings the target, bridges the other party with it, and
// hangs up the transferor; a target that does not answer leaves the two
// talking. It reports each transfer's outcome to the transferor
// (call.ReportTransfer). Each call's outcome goes to done.
type bridgeSwitch struct {
	// c is set once the channel started; the race detector sees no order
	// between that and a call arriving over the socket, hence atomic.
	c    atomic.Pointer[Channel]
	ring time.Duration
	done chan bridged
}

// bridged is how one call through bridgeSwitch went.
type bridged struct {
	called         string
	answered       bool
	relayed        bool
	cause          call.Cause // why the call ended
	caller, callee call.MediaStats
	digits         map[string]string // EventDigit by the channel of the leg that reported them
	transfers      []string          // the target of each transfer carried out
	failed         []call.Cause      // the cause of each transfer that failed
	flashes        map[string]int    // EventFlash (hold, resume) by the channel of the leg
	parties        [2]string
	err            error
}

func newBridgeSwitch(ring time.Duration) *bridgeSwitch {
	return &bridgeSwitch{ring: ring, done: make(chan bridged, 16)}
}

// dial rings number for from and waits for the answer, at most the ring
// time or until ctx ends; it returns nil and the cause when the call did
// not go through.
func (s *bridgeSwitch) dial(ctx context.Context, number string, from call.Party) (call.Leg, call.Cause) {
	ctx, cancel := context.WithTimeout(ctx, s.ring)
	defer cancel()
	b, err := s.c.Load().Dialers()["sip"].Dial(ctx, number, from)
	if err != nil {
		var cause call.Cause
		if !errors.As(err, &cause) {
			cause = call.CauseUnavailable
		}
		return nil, cause
	}
	for ev := range b.Events() {
		switch ev.Kind {
		case call.EventAnswer:
			return b, 0
		case call.EventHangup:
			return nil, ev.Cause
		}
	}
	return nil, call.CauseUnavailable
}

func (s *bridgeSwitch) Incoming(a call.Leg, called string) {
	r := bridged{called: called, digits: map[string]string{}, flashes: map[string]int{}}
	defer func() { s.done <- r }()
	bg := context.Background()
	a.Progress(bg, false)
	type result struct {
		leg   call.Leg
		cause call.Cause
	}
	dialled := make(chan result, 1)
	ringing, giveUp := context.WithCancel(bg)
	defer giveUp()
	go func() {
		b, cause := s.dial(ringing, called, a.Remote())
		dialled <- result{b, cause}
	}()
	var b call.Leg
	select {
	case res := <-dialled:
		if res.leg == nil {
			a.Hangup(bg, res.cause)
			r.cause = res.cause
			drain(a)
			return
		}
		b = res.leg
	case ev := <-a.Events():
		// The caller gave up (CANCEL) before an answer: cancel the
		// callee.
		r.cause = ev.Cause
		giveUp()
		if res := <-dialled; res.leg != nil {
			res.leg.Hangup(bg, call.CauseNormal)
			drain(res.leg)
		}
		drain(a)
		return
	}
	r.answered = true
	if err := a.Answer(bg); err != nil {
		r.err = err
	}
	relay := func(x, y call.Leg) func() {
		stop, ok := x.Audio().(call.Relayer).Relay(y.Audio().(call.Relayer))
		r.relayed = ok
		if !ok {
			return func() {}
		}
		return stop
	}
	stop := relay(a, b)
	for done := false; !done; {
		var ev call.Event
		var open bool
		var from, other call.Leg
		select {
		case ev, open = <-a.Events():
			from, other = a, b
		case ev, open = <-b.Events():
			from, other = b, a
		}
		switch {
		case !open || ev.Kind == call.EventHangup:
			r.cause = ev.Cause
			done = true
		case ev.Kind == call.EventDigit:
			r.digits[from.Channel()] += string(ev.Digit)
		case ev.Kind == call.EventFlash:
			r.flashes[from.Channel()]++
		case ev.Kind == call.EventTransfer:
			// Blind transfer: ring the target for the other party, then
			// bridge the two and let the transferor go.
			c, cause := s.dial(bg, ev.Target, other.Remote())
			if c == nil {
				call.ReportTransfer(from, cause)
				r.failed = append(r.failed, cause)
				continue
			}
			call.ReportTransfer(from, 0)
			stop()
			from.Hangup(bg, call.CauseNormal)
			drain(from)
			r.transfers = append(r.transfers, ev.Target)
			if from == a {
				a = c
			} else {
				b = c
			}
			stop = relay(a, b)
		}
	}
	stop()
	r.parties = [2]string{a.Channel(), b.Channel()}
	r.caller = a.(call.StatsReporter).MediaStats()
	r.callee = b.(call.StatsReporter).MediaStats()
	a.Hangup(bg, call.CauseNormal)
	b.Hangup(bg, call.CauseNormal)
	drain(a)
	drain(b)
}

func drain(l call.Leg) {
	for range l.Events() {
	}
}

// wait returns the next call's outcome.
func (s *bridgeSwitch) wait(t *testing.T) bridged {
	t.Helper()
	select {
	case r := <-s.done:
		return r
	case <-time.After(30 * time.Second):
		t.Fatal("no call reached the switch's end")
		return bridged{}
	}
}

// rtpPacket is one packet of a test pcap.
type rtpPacket struct {
	pt      uint8
	marker  bool
	ts      uint32
	payload []byte
}

// writePcap writes d of a 1 kHz PCMU tone as RTP packets in a pcap file
// (Ethernet, IPv4, UDP), for sipp's play_pcap_audio.
func writePcap(t *testing.T, d time.Duration) string {
	t.Helper()
	return writePackets(t, "tone.pcap", tonePackets(d, 0))
}

// tonePackets returns d of a 1 kHz PCMU tone, 20 ms a packet, from RTP
// timestamp ts.
func tonePackets(d time.Duration, ts uint32) []rtpPacket {
	var out []rtpPacket
	phase := 0.0
	for i := range int(d / (20 * time.Millisecond)) {
		p := rtpPacket{ts: ts + uint32(i*160), payload: make([]byte, 0, 160)}
		for range 160 {
			p.payload = append(p.payload, dsp.ULawEncode(int16(8000*math.Sin(phase))))
			phase += 2 * math.Pi * 1000 / 8000
		}
		out = append(out, p)
	}
	return out
}

// writeDigitPcap writes 200 ms of tone, the RFC 4733 event for digit
// (section 2.3: event 0-9, 10 for *, 11 for #) lasting 100 ms with its
// three end packets (section 2.5.1.4), on payload type 101, and 200 ms of
// tone again.
func writeDigitPcap(t *testing.T, event byte) string {
	t.Helper()
	pkts := tonePackets(200*time.Millisecond, 0)
	ts := uint32(len(pkts) * 160)
	for i := 1; i <= 8; i++ {
		dur := uint16(min(i, 5) * 160)
		flags := byte(10) // volume -10 dBm0
		if i > 5 {
			flags |= 0x80 // E
		}
		pkts = append(pkts, rtpPacket{pt: 101, marker: i == 1, ts: ts, payload: []byte{event, flags, byte(dur >> 8), byte(dur)}})
	}
	pkts = append(pkts, tonePackets(200*time.Millisecond, ts+8*160)...)
	return writePackets(t, "digit.pcap", pkts)
}

// writePackets writes pkts, 20 ms apart, as RTP in a pcap file.
func writePackets(t *testing.T, name string, pkts []rtpPacket) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	var b []byte
	le := binary.LittleEndian
	b = le.AppendUint32(b, 0xa1b2c3d4)
	b = le.AppendUint16(b, 2)
	b = le.AppendUint16(b, 4)
	b = le.AppendUint32(b, 0)
	b = le.AppendUint32(b, 0)
	b = le.AppendUint32(b, 65535)
	b = le.AppendUint32(b, 1) // Ethernet
	for i, pk := range pkts {
		rtp := make([]byte, 12, 12+len(pk.payload))
		rtp[0] = 0x80
		rtp[1] = pk.pt
		if pk.marker {
			rtp[1] |= 0x80
		}
		binary.BigEndian.PutUint16(rtp[2:], uint16(i))
		binary.BigEndian.PutUint32(rtp[4:], pk.ts)
		binary.BigEndian.PutUint32(rtp[8:], 0x1234abcd)
		rtp = append(rtp, pk.payload...)
		udp := make([]byte, 8)
		binary.BigEndian.PutUint16(udp[0:], 6000)
		binary.BigEndian.PutUint16(udp[2:], 6002)
		binary.BigEndian.PutUint16(udp[4:], uint16(8+len(rtp)))
		ip := []byte{0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1}
		binary.BigEndian.PutUint16(ip[2:], uint16(20+8+len(rtp)))
		eth := []byte{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00}
		frame := append(append(append(eth, ip...), udp...), rtp...)
		ts := time.Duration(i) * 20 * time.Millisecond
		b = le.AppendUint32(b, uint32(ts/time.Second))
		b = le.AppendUint32(b, uint32(ts%time.Second/time.Microsecond))
		b = le.AppendUint32(b, uint32(len(frame)))
		b = le.AppendUint32(b, uint32(len(frame)))
		b = append(b, frame...)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
