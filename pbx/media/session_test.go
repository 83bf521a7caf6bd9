package media

import (
	"context"
	"errors"
	"io"
	"math"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// tone fills f with a 1 kHz sine at about -10 dBm0, continuing phase from
// sample n.
func tone(f *call.Frame, n int) {
	for i := range f {
		f[i] = int16(7000 * math.Sin(2*math.Pi*1000*float64(n+i)/8000))
	}
}

// TestTwoSessionsTalk: two sessions negotiate and each hears the other's
// tone through RTP on loopback sockets at its level, in PCMU, PCMA and
// G.722 (resampled to 16 kHz and back on each side).
func TestTwoSessionsTalk(t *testing.T) {
	t.Parallel()
	for _, codec := range []string{"PCMU", "PCMA", "G722"} {
		t.Run(codec, func(t *testing.T) {
			e := newTestEngine(t, nil)
			a, b := newTestSession(t, e), newTestSession(t, e)
			offer := a.Offer()
			// The remote prefers the codec (and has G.722 only when it
			// is the one: offered, it would be taken).
			switch codec {
			case "PCMU":
				offer = []byte(strings.Replace(string(offer), "RTP/AVP 9 0 8 101", "RTP/AVP 0 8 101", 1))
			case "PCMA":
				offer = []byte(strings.Replace(string(offer), "RTP/AVP 9 0 8 101", "RTP/AVP 8 0 101", 1))
			}
			ans, err := b.Answer(offer)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.SetRemote(ans); err != nil {
				t.Fatal(err)
			}
			if a.Codec() != codec || b.Codec() != codec {
				t.Fatalf("codecs %s/%s; want %s", a.Codec(), b.Codec(), codec)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var wg sync.WaitGroup
			for _, s := range []*Session{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var f call.Frame
					tick := time.NewTicker(frameDur) // a real-time source
					defer tick.Stop()
					for n := 0; ; n += call.FrameSamples {
						tone(&f, n)
						if s.WriteFrame(&f) != nil {
							return
						}
						select {
						case <-tick.C:
						case <-ctx.Done():
							return
						}
					}
				}()
			}
			for _, s := range []*Session{a, b} {
				deadline := time.Now().Add(3 * time.Second)
				var f call.Frame
				for {
					if err := s.ReadFrame(&f); err != nil {
						t.Fatal(err)
					}
					if lvl := dsp.PowerDBm0(f[:]); lvl > -13 && lvl < -7 {
						break // the tone, at its level
					}
					if time.Now().After(deadline) {
						t.Fatalf("%v heard no tone", s.LocalAddr())
					}
				}
			}
			cancel()
			wg.Wait()
			st := b.MediaStats()
			if st.Codec != codec || st.PacketsSent == 0 || st.PacketsRecv == 0 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// TestLatching walks symmetric RTP (RFC 4961) on real sockets: the session
// latches to the first source, sends there, ignores a third socket with
// another SSRC, and moves to a new source after the first is quiet.
func TestLatching(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, func(c *Config) { c.RelatchAfter = 150 * time.Millisecond })
	s := newTestSession(t, e)
	phone, intruder := newPeer(t), newPeer(t)
	if _, err := s.Answer(peerSDP(phone.addr, "")); err != nil {
		t.Fatal(err)
	}
	payload := make([]byte, 160)
	phone.send(s.LocalAddr(), 0, true, 1, 160, 0xAAAA, payload)
	phoneLast := time.Now() // the phone's last packet: the quiet gap counts from here
	waitFor(t, time.Second, "latch on the phone", func() bool { return s.Stats().PacketsRecv == 1 })

	// The intruder, another port and SSRC, is ignored while the phone talks.
	for i := range 5 {
		intruder.send(s.LocalAddr(), 0, false, uint16(100+i), uint32(16000+160*i), 0xBBBB, payload)
	}
	waitFor(t, time.Second, "intruder packets dropped", func() bool { return s.Stats().Foreign == 5 })
	if got := s.Stats().Remote; got != phone.addr {
		t.Fatalf("sending to %v; want the phone %v", got, phone.addr)
	}
	var f call.Frame
	s.WriteFrame(&f)
	if _, from := phone.recv(time.Second); from != s.LocalAddr() {
		t.Errorf("phone got RTP from %v; want %v (symmetric)", from, s.LocalAddr())
	}
	// A wrong payload type does not latch or count.
	intruder.send(s.LocalAddr(), 18, false, 1, 1, 0xCCCC, payload)
	waitFor(t, time.Second, "wrong payload type dropped", func() bool { return s.Stats().WrongPT == 1 })

	// The phone goes quiet; after RelatchAfter the new source takes over.
	quietFrom := time.Now()
	for i := 0; ; i++ {
		intruder.send(s.LocalAddr(), 0, false, uint16(200+i), uint32(32000+160*i), 0xBBBB, payload)
		if s.Stats().Remote == intruder.addr {
			break
		}
		if time.Since(quietFrom) > 2*time.Second {
			t.Fatal("no relatch after the latched source went quiet")
		}
		intruder.tryRecv(20 * time.Millisecond) // paces the loop on the socket
	}
	if d := time.Since(phoneLast); d < 150*time.Millisecond {
		t.Errorf("relatched after %v; want at least RelatchAfter", d)
	}
}

// TestNATSender: the SDP gives one port, the phone's packets come from
// another (its NAT mapping); the session answers to where they came from.
func TestNATSender(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, nil)
	s := newTestSession(t, e)
	natted := newPeer(t)
	sdpAddr := netip.AddrPortFrom(natted.addr.Addr(), 9) // a port nobody listens on
	if _, err := s.Answer(peerSDP(sdpAddr, "")); err != nil {
		t.Fatal(err)
	}
	if got := s.Stats().Remote; got != sdpAddr {
		t.Fatalf("before any packet sending to %v; want the SDP address %v", got, sdpAddr)
	}
	natted.send(s.LocalAddr(), 0, true, 7, 1000, 0x1234, make([]byte, 160))
	waitFor(t, time.Second, "latch to the NAT address", func() bool { return s.Stats().Remote == natted.addr })
	var f call.Frame
	tone(&f, 0)
	if err := s.WriteFrame(&f); err != nil {
		t.Fatal(err)
	}
	b, from := natted.recv(time.Second)
	h := parseHdr(t, b)
	if from != s.LocalAddr() || h.pt != 0 || !h.marker || len(b) != 12+160 {
		t.Errorf("NAT peer got %d bytes %+v from %v", len(b), h, from)
	}
}

// TestSenderStream: on the wire, sequence numbers go up by one,
// timestamps by 160 per frame, the SSRC stays and the marker starts the
// talkspurt (RFC 3550 5.1, RFC 3551 4.1).
func TestSenderStream(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, nil)
	s := newTestSession(t, e)
	p := newPeer(t)
	if _, err := s.Answer(peerSDP(p.addr, "")); err != nil {
		t.Fatal(err)
	}
	var f call.Frame
	var hs []hdr
	for range 3 {
		s.WriteFrame(&f)
		b, _ := p.recv(time.Second)
		hs = append(hs, parseHdr(t, b))
	}
	if !hs[0].marker || hs[1].marker || hs[2].marker {
		t.Errorf("markers %v %v %v; want true false false", hs[0].marker, hs[1].marker, hs[2].marker)
	}
	for i := 1; i < 3; i++ {
		if hs[i].seq != hs[i-1].seq+1 || hs[i].ts != hs[i-1].ts+160 || hs[i].ssrc != hs[0].ssrc {
			t.Errorf("packet %d %+v after %+v; want seq+1, ts+160, same SSRC", i, hs[i], hs[i-1])
		}
	}
}

// TestNextTS: the timestamp follows the sampling clock across gaps, in
// whole frames, and a gap starts a talkspurt.
func TestNextTS(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		gap    time.Duration
		step   uint32
		marker bool
	}{
		{20 * time.Millisecond, 160, false},
		{5 * time.Millisecond, 160, false}, // a burst: still one frame per packet
		{39 * time.Millisecond, 160, false},
		{100 * time.Millisecond, 160, false}, // a late writer catching up
		{120 * time.Millisecond, 160, false},
		{121 * time.Millisecond, 960, true},
		{2*time.Second + 9*time.Millisecond, 16000, true},
	}
	for _, tc := range tests {
		s := sender{ts: 1000, at: t0, sent: true}
		ts, marker := s.nextTS(t0.Add(tc.gap))
		if ts-1000 != tc.step || marker != tc.marker {
			t.Errorf("after %v: step %d marker %v; want %d %v", tc.gap, ts-1000, marker, tc.step, tc.marker)
		}
	}
}

// TestSenderClock: frames that a pump sends late in a burst after a stall
// keep contiguous timestamps, as their audio is contiguous (a jump would
// be a hole the far end conceals); a real pause, or one after a writer that
// ran ahead of time, advances the timestamp by the time that passed and
// sets the marker.
func TestSenderClock(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := sender{ts: 1000}
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	tests := []struct {
		at     time.Time
		step   uint32 // from the packet before
		marker bool
	}{
		{ms(0), 0, true},
		{ms(20), 160, false},
		{ms(40), 160, false},
		{ms(95), 160, false}, // due at 60: a 35 ms stall
		{ms(95), 160, false}, // due at 80
		{ms(100), 160, false},
		{ms(120), 160, false},
		{ms(500), 19 * 160, true}, // a pause
		{ms(500), 160, false},     // a writer ahead of time...
		{ms(500), 160, false},
		{ms(630), 7 * 160, true}, // ...then 130 ms of nothing
	}
	last := s.ts
	for i, tc := range tests {
		ts, marker := s.nextTS(tc.at)
		if ts-last != tc.step || marker != tc.marker {
			t.Errorf("frame %d at %v: step %d marker %v; want %d %v", i, tc.at.Sub(t0), ts-last, marker, tc.step, tc.marker)
		}
		s.sentPacket(s.seq+1, ts, frameTS, s.frameClock(tc.at, marker))
		last = ts
	}
}

// TestResumeTS: a relay that takes the stream over continues it by the
// time passed since our last packet, in whole frames, even within the
// catch-up allowance of nextTS.
func TestResumeTS(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		gap  time.Duration
		step uint32
	}{
		{5 * time.Millisecond, 160},
		{20 * time.Millisecond, 160},
		{100 * time.Millisecond, 800},
		{2*time.Second + 9*time.Millisecond, 16000},
	}
	for _, tc := range tests {
		s := sender{ts: 1000, at: t0, sent: true}
		if ts := s.resumeTS(t0.Add(tc.gap)); ts-1000 != tc.step {
			t.Errorf("after %v: step %d; want %d", tc.gap, ts-1000, tc.step)
		}
	}
}

// TestDigitsOverUDP: RFC 4733 events sent by one session arrive once each
// on the other's Digits channel; in-band DTMF is sent when telephone-event
// is not negotiated.
func TestDigitsOverUDP(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, nil)
	a, b := newTestSession(t, e), newTestSession(t, e)
	negotiate(t, a, b)
	if err := a.SendDigits(context.Background(), "1#9"); err != nil {
		t.Fatal(err)
	}
	var got []byte
	timeout := time.After(2 * time.Second)
	for len(got) < 3 {
		select {
		case d := <-b.Digits():
			got = append(got, d)
		case <-timeout:
			t.Fatalf("digits %q; want 1#9", got)
		}
	}
	if string(got) != "1#9" {
		t.Errorf("digits %q; want 1#9", got)
	}
	select {
	case d := <-b.Digits():
		t.Errorf("extra digit %q", d)
	case <-time.After(50 * time.Millisecond): // the end packets' repeats must not add digits
	}
	if err := a.SendDigits(context.Background(), "1x"); err == nil {
		t.Error("SendDigits accepted x")
	}

	// With OnDigit, the digits go to the function, not the channel.
	heard := make(chan byte, 4)
	b.OnDigit(func(d byte) { heard <- d })
	if err := a.SendDigits(context.Background(), "7*"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []byte("7*") {
		select {
		case d := <-heard:
			if d != want {
				t.Errorf("OnDigit got %q; want %q", d, want)
			}
		case d := <-b.Digits():
			t.Errorf("digit %q went to the channel despite OnDigit", d)
		case <-time.After(2 * time.Second):
			t.Fatalf("OnDigit got no %q", want)
		}
	}
}

func TestInbandDTMF(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, nil)
	s := newTestSession(t, e)
	p := newPeer(t)
	offer := strings.Replace(string(peerSDP(p.addr, "")), "RTP/AVP 0 8 101", "RTP/AVP 0", 1)
	if _, err := s.Answer([]byte(offer)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.SendDigits(context.Background(), "5") }()
	det, err := dsp.NewDTMFDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	var pcm [160]int16
	var events []dsp.DTMFEvent
	var got []byte
	for len(got) == 0 {
		b, _ := p.recv(time.Second)
		dsp.DecodeULaw(pcm[:], b[12:])
		events = det.Process(pcm[:], events[:0])
		for _, ev := range events {
			if !ev.End {
				got = append(got, ev.Digit)
			}
		}
	}
	if string(got) != "5" {
		t.Errorf("in-band digits %q; want 5", got)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestClose: ReadFrame returns io.EOF, Digits is closed, the ports return
// to the engine, and methods report ErrClosed.
func TestClose(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, func(c *Config) { c.PortMax = c.PortMin + 1 }) // one pair
	s, err := e.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.NewSession(); !errors.Is(err, ErrNoPorts) {
		t.Fatalf("second session on a one-pair range: %v; want ErrNoPorts", err)
	}
	negotiate(t, s, newTestSession(t, newTestEngine(t, nil)))
	readErr := make(chan error, 1)
	go func() {
		var f call.Frame
		for {
			if err := s.ReadFrame(&f); err != nil {
				readErr <- err
				return
			}
		}
	}()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-readErr:
		if err != io.EOF {
			t.Errorf("ReadFrame after Close: %v; want io.EOF", err)
		}
	case <-time.After(time.Second):
		t.Fatal("ReadFrame did not return after Close")
	}
	if _, ok := <-s.Digits(); ok {
		t.Error("Digits not closed")
	}
	var f call.Frame
	if err := s.WriteFrame(&f); !errors.Is(err, ErrClosed) {
		t.Errorf("WriteFrame after Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	s2, err := e.NewSession()
	if err != nil {
		t.Fatalf("the port pair did not come back: %v", err)
	}
	s2.Close()
}

func TestNewEngineErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no IP", Config{PortMin: 10000, PortMax: 20000}, "give the address"},
		{"unspecified", Config{IP: netip.IPv4Unspecified(), PortMin: 10000, PortMax: 20000}, "not 0.0.0.0"},
		{"low ports", Config{IP: netip.MustParseAddr("127.0.0.1"), PortMin: 100, PortMax: 20000}, "RTP port range"},
		{"empty range", Config{IP: netip.MustParseAddr("127.0.0.1"), PortMin: 10000, PortMax: 10000}, "RTP port range"},
	}
	for _, tc := range tests {
		if _, err := NewEngine(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: NewEngine error %v; want %q", tc.name, err, tc.want)
		}
	}
}
